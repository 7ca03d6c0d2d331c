"""
The item classification: every topic string a source prints, mapped to an item of the Repertoire's
own classification (country and regional situations by region, then thematic items, then other
matters). Plain Python, no database: the meeting-table loader and the Debates corpus reader call
``classify`` and ``repair_topic``; ``debates.loaders.items`` maps the result onto ``Item`` rows.
"""

from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass

from .gazetteer import DATA_DIR, Gazetteer

# The classification's groups, in the Repertoire's order.
GROUPS = ["Africa", "Americas", "Asia", "Europe", "Middle East", "Thematic issues", "Other matters"]
OTHER = ("Other matters", "Other matters")

# The tables' misspellings, corrected word by word (a word, not a substring, so "Admission" stays).
TYPOS = {
    "Admision": "Admission",
    "siuation": "situation",
    "Scontributing": "contributing",
}
# A title that runs into the next ("The Iranian question The Spanish question"): two topics.
RUN_TOGETHER_RE = re.compile(r"(?<=question)\s+(?=The [A-Z])|(?<=\))\s+(?=Complaint )")
# A document symbol standing where the topic should be ("(S/2010/646)").
SYMBOL_ONLY_RE = re.compile(r"^\(?S/[\w./]+\)?$")
# "The Greek question": the adjectives of the early years' titles, by State.
ADJECTIVES = {
    "Greek": "Greece",
    "Spanish": "Spain",
    "Iranian": "Iran",
    "Indonesian": "Indonesia",
    "Czechoslovak": "Czechoslovakia",
    "Syrian": "Syrian Arab Republic",
    "Egyptian": "Egypt",
    "Hyderabad": "India",
    "Cuban": "Cuba",
    "Cypriot": "Cyprus",
    "Congolese": "Democratic Republic of the Congo",
    "Haitian": "Haiti",
    "Afghan": "Afghanistan",
}
# M49 regions as the Repertoire groups them: Western Asia is the Middle East, but for the States
# the Repertoire takes up under Europe; Oceania goes with Asia.
EUROPE_IN_WESTERN_ASIA = {"ARM", "AZE", "GEO", "CYP", "TUR"}


@dataclass(frozen=True)
class Classification:
    group: str
    item: str


@dataclass(frozen=True)
class Repair:
    title: str  # the repaired topic
    reasons: tuple[str, ...]  # what was repaired, for the discrepancy record


def repair_topic(raw: str) -> list[Repair]:
    """The topic(s) a printed topic string stands for, each with the repairs made to it.

    Misspelt words are corrected; a title run into the next is split in two.
    A topic needing no repair comes back as it was, with no reasons.
    """
    text = " ".join(raw.split())
    reasons: list[str] = []
    for wrong, right in TYPOS.items():
        if re.search(rf"\b{wrong}\b", text):
            text = re.sub(rf"\b{wrong}\b", right, text)
            reasons.append(f"misspelling {wrong!r} read as {right!r}")
    text = re.sub(r"\s+-\s+(?=contributing)", "-", text)  # "troop - and police - contributing"
    parts = RUN_TOGETHER_RE.split(text)
    if len(parts) > 1:
        return [Repair(p, (*reasons, f"titles run together: {len(parts)} topics")) for p in parts]
    if SYMBOL_ONLY_RE.match(text):
        reasons.append("a document symbol where the topic should be")
    return [Repair(text, tuple(reasons))]


@functools.cache
def _rules() -> tuple[list, list]:
    before, after = [], []
    with (DATA_DIR / "taxonomy.csv").open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(line for line in f if not line.lstrip().startswith("#")):
            rule = (re.compile(row["pattern"], re.I), Classification(row["group"], row["item"]))
            (before if row["when"] == "before" else after).append(rule)
    return before, after


@functools.cache
def _regions() -> dict[str, str]:
    regions: dict[str, str] = {}
    with (DATA_DIR / "m49_countries.csv").open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            iso3 = row["iso_alpha3_code"]
            if row["subregion_name"] == "Western Asia":
                regions[iso3] = "Europe" if iso3 in EUROPE_IN_WESTERN_ASIA else "Middle East"
            elif row["region_name"] == "Oceania":
                regions[iso3] = "Asia"
            elif row["region_name"]:
                regions[iso3] = row["region_name"]
    return regions


def region_of(name: str) -> str | None:
    """The classification group of a State (a predecessor's is its first successor's)."""
    gazetteer = Gazetteer.default()
    entry = gazetteer.lookup(name)
    while entry is not None and entry.iso3 not in _regions() and entry.successors:
        entry = gazetteer.lookup(entry.successors[0][0])
    if entry is None:
        return None
    return _regions().get(entry.iso3) or ("Europe" if entry.iso3 == "XKX" else None)


@functools.lru_cache(maxsize=4096)
def classify(topic: str) -> Classification:
    """The item of the classification a topic belongs to (see ``debates/data/taxonomy.csv``).

    Rules marked "before" first (thematic items, regional situations), then
    the first State the topic names (its situation, under its region), then
    the remaining rules; "Other matters" when nothing applies.
    """
    text = " ".join(topic.split())
    before, after = _rules()
    for pattern, classification in before:
        if pattern.search(text):
            return classification
    adjective = re.search(r"\b(?:The|the)\s+(\w+)\s+[Qq]uestion\b", text)
    names = [ADJECTIVES[adjective.group(1)]] if adjective and adjective.group(1) in ADJECTIVES else []
    gazetteer = Gazetteer.default()
    # Hyphenated pairs ("Ethiopia-Sudan") after the names found whole ("Guinea-Bissau").
    for variant in (text, text.replace("-", " - ")):
        names += [m.entry.name for m in gazetteer.find(variant) if m.entry.kind == "state"]
    for name in names:
        region = region_of(name)
        if region:
            return Classification(region, Gazetteer.default().lookup(name).name)
    for pattern, classification in after:
        if pattern.search(text):
            return classification
    return Classification(*OTHER)
