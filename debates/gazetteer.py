"""
The gazetteer: every name under which a speaker appears in Council records.

Built from the reference lists the project ships in ``debates/data/`` (the
UN M49 country names with ISO codes, the crosswalk of speaker labels seen in
Council records, its list of aliases) and a curated list of UN offices,
organizations and historical State names. Plain Python, no database: the
parsers use it to recognise names in text, and ``debates.speakers`` maps its
entries onto ``Speaker`` rows.
"""

from __future__ import annotations

import csv
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .names import normalise_name

DATA_DIR = Path(__file__).resolve().parent / "data"

# entities.csv types that the archive models; the long tail of NGOs and civil
# society briefers is left to the "other" kind.
KIND_BY_ENTITY_TYPE = {"state": "state", "igo": "organization", "un": "un"}


@dataclass(frozen=True)
class Entry:
    """A speaker the gazetteer knows: its canonical name, kind and codes.

    A predecessor State (the USSR) has the day it ceased to exist and its
    successors, each ``(name, kind)`` with kind continuation, dissolution,
    unification or renaming.
    """

    name: str
    kind: str  # state | organization | un | other
    iso3: str = ""
    acronym: str = ""
    iso3166_3: str = ""
    until: date | None = None
    successors: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Proposal:
    """A fuzzy match for a label nobody knows: for staff to accept or not, never applied by itself."""

    label: str
    name: str  # the known name it resembles
    entry: Entry
    score: float  # 0-100


@dataclass(frozen=True)
class Match:
    """A known name found in a text, with its offsets."""

    start: int
    end: int
    text: str
    entry: Entry


@dataclass
class Gazetteer:
    """Names → entries. Lookups fold case, accents and quotes (``normalise_name``)."""

    entries: dict[str, Entry] = field(default_factory=dict)
    # Names that mean a predecessor only until its last day ("Yemen" before May 1990).
    dated: dict[str, Entry] = field(default_factory=dict)

    def add(self, name: str, entry: Entry, *, replace: bool = True) -> None:
        key = normalise_name(name)
        if key and (replace or key not in self.entries):
            self.entries[key] = entry
            self.__dict__.pop("_variants", None)

    def lookup(self, name: str, on: date | None = None) -> Entry | None:
        """The entry for this name, or a spelling variant of it (see ``variant_key``), else None.

        ``on``: the day the name was used, where known. A name that meant a
        predecessor State until its end ("Yugoslavia" before 27 April 1992)
        resolves to it on such a day.
        """
        key = normalise_name(name)
        predecessor = self.dated.get(key) or self.dated.get(variant_key(name))
        if predecessor is not None and on is not None and on <= predecessor.until:
            return predecessor
        return self.entries.get(key) or self._variants.get(variant_key(name))

    def propose(self, label: str, *, cutoff: float = 88) -> Proposal | None:
        """The known name a label most resembles (rapidfuzz), if it scores ``cutoff`` or more.

        Proposes only: the archive never resolves a label by resemblance
        ("Niger" is not "Nigeria"); staff accept a proposal in the admin.
        """
        from rapidfuzz import fuzz, process

        key = variant_key(label)
        if not key:
            return None
        choices = list(self._variants)
        match = process.extractOne(key, choices, scorer=fuzz.token_sort_ratio, score_cutoff=cutoff)
        if match is None:
            return None
        found, score, _ = match
        entry = self._variants[found]
        return Proposal(label=label, name=entry.name, entry=entry, score=round(score, 1))

    @functools.cached_property
    def _variants(self) -> dict[str, Entry]:
        variants: dict[str, Entry] = {}
        for key, entry in self.entries.items():
            variants.setdefault(variant_key(key), entry)
        return variants

    def names_with(self, word: str) -> list[str]:
        """Known names containing ``word`` ("and"): those a list of names must not be split inside."""
        pattern = re.compile(rf"\b{re.escape(word)}\b")
        return sorted({k for k in self.entries if pattern.search(k)}, key=len, reverse=True)

    def split_names(self, text: str) -> list[str]:
        """``Chile and Mexico`` → two names; ``Bosnia and Herzegovina`` stays whole.

        A list of names is split at commas and " and ", but never inside a name
        the gazetteer knows ("United Kingdom of Great Britain and Northern
        Ireland", "Saint Kitts and Nevis").
        """
        folded = _fold_for_search(text)
        protected = [(m.start(), m.end()) for m in self._and_pattern.finditer(folded)]
        parts, last = [], 0
        for m in re.finditer(r",\s+(?:and\s+)?|\s+and\s+", text):
            if any(start < m.start() < end for start, end in protected):
                continue
            parts.append(text[last : m.start()])
            last = m.end()
        parts.append(text[last:])
        return [" ".join(p.split()) for p in parts if p.strip()]

    @functools.cached_property
    def _and_pattern(self) -> re.Pattern[str]:
        names = self.names_with("and")
        if not names:
            return re.compile(r"(?!)")
        return re.compile(
            r"(?<![\w-])(?:" + "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in names) + r")(?![\w-])"
        )

    def names(self) -> Iterator[tuple[str, Entry]]:
        return iter(self.entries.items())

    def find(self, text: str) -> list[Match]:
        """Known names mentioned in ``text``, longest first at each position, without overlaps.

        A name is found in the routine variants ``lookup`` folds (see ``name_pattern``): "Saint
        Vincent and Grenadines", "St. Vincent & the Grenadines", "Guinea Bissau", "Democratic
        Republic of Congo", "Organisation of Islamic Cooperation". The entry is the one whose
        name the text spells exactly, else the one its variant key gives, which is the name
        matched: a variant is never taken for another State ("Guinea" in "Guinea Bissau",
        "Congo" in "Democratic Republic of Congo").
        """
        folded = _fold_for_search(text)
        found = []
        for m in self._pattern.finditer(folded):
            matched = m.group(0)
            entry = self.entries.get(" ".join(matched.split())) or self._variants.get(variant_key(matched))
            if entry is None:  # not a variant lookup() knows: never a guess
                continue
            found.append(Match(m.start(), m.end(), text[m.start() : m.end()], entry))
        return found

    @functools.cached_property
    def _pattern(self) -> re.Pattern[str]:
        # Longest names first so that "Democratic Republic of the Congo" wins
        # over "Congo"; word boundaries so that "Oman" is not found in "Romania".
        names = sorted(self.entries, key=len, reverse=True)
        return re.compile(r"(?<![\w-])(?:" + "|".join(map(name_pattern, names)) + r")(?![\w-])")

    @classmethod
    @functools.cache
    def default(cls) -> Gazetteer:
        """The gazetteer built from the shipped reference lists (cached)."""
        return cls.from_directory(DATA_DIR)

    @classmethod
    def from_directory(cls, directory: Path) -> Gazetteer:
        gazetteer = cls()
        by_iso3: dict[str, Entry] = {}

        # 1. Current UN names of States and areas, with their ISO codes.
        for row in _read_csv(directory / "m49_countries.csv"):
            iso3 = row["iso_alpha3_code"].strip()
            if iso3:
                entry = Entry(row["country_or_area"].strip(), "state", iso3)
                by_iso3[iso3] = entry
                gazetteer.add(entry.name, entry)

        # 2. The curated list: UN offices, organizations, historical names;
        # then the predecessor States, each with its own (former) code.
        curated: list[tuple[Entry, list[str]]] = []
        for row in _read_csv(directory / "predecessors.csv"):
            successors = tuple(tuple(part.rsplit(":", 1)) for part in row["successors"].split("|") if part)
            entry = Entry(
                row["name"],
                row["kind"],
                row["iso3"],
                row["acronym"],
                iso3166_3=row["iso3166_3"],
                until=date.fromisoformat(row["until"]),
                successors=successors,
            )
            if entry.iso3:
                by_iso3[entry.iso3] = entry
            aliases = [a for a in row["aliases"].split("|") if a] + [row["acronym"]] * bool(row["acronym"])
            curated.append((entry, aliases))
            for label in filter(None, row["dated_labels"].split("|")):
                gazetteer.dated[normalise_name(label)] = entry
        for row in _read_csv(directory / "speakers.csv"):
            entry = Entry(row["name"], row["kind"], row["iso3"], row["acronym"])
            if entry.iso3:
                # A curated State name replaces the M49 one as canonical name.
                by_iso3[entry.iso3] = entry
            aliases = [a for a in row["aliases"].split("|") if a] + [row["acronym"]] * bool(row["acronym"])
            curated.append((entry, aliases))
        for iso3, entry in by_iso3.items():
            for key, known in list(gazetteer.entries.items()):
                if known.iso3 == iso3:
                    gazetteer.entries[key] = entry

        # 3. Labels seen in Council records. States map to their (successor's)
        # ISO code; organizations and UN bodies keep the label as their name
        # unless the curated list names them.
        for row in _read_csv(directory / "entities.csv"):
            kind = KIND_BY_ENTITY_TYPE.get(row["entity_type"].strip())
            label = row["country_org"].strip()
            if not kind or not label:
                continue
            iso3 = row["iso3"].strip() if kind == "state" else ""
            if iso3 and iso3 in by_iso3:
                gazetteer.add(label, by_iso3[iso3], replace=False)
            elif iso3:
                # A State the M49 list does not name (Kosovo, XKX): the crosswalk's own row.
                by_iso3[iso3] = Entry(label, "state", iso3)
                gazetteer.add(label, by_iso3[iso3], replace=False)
            elif not iso3 and kind != "state":
                gazetteer.add(label, Entry(label, kind), replace=False)

        for entry, aliases in curated:
            for name in [entry.name, *aliases]:
                gazetteer.add(name, entry)

        # 4. Aliases of labels (renamings, spelling variants): resolve to the
        # canonical label's entry.
        for row in _read_csv(directory / "country_aliases.csv"):
            target = gazetteer.lookup(row["canonical"])
            if target and not gazetteer.lookup(row["alias"]):
                gazetteer.add(row["alias"], target)
        return gazetteer


def _fold_for_search(text: str) -> str:
    """``normalise_name`` applied character by character, keeping offsets aligned."""
    import unicodedata

    out = []
    for ch in text:
        if ch in "\u2019\u2018":
            out.append("'")
            continue
        base = unicodedata.normalize("NFKD", ch)
        base = "".join(c for c in base if not unicodedata.combining(c)) or ch
        folded = base.casefold()
        out.append(folded if len(folded) == 1 else ch.lower())
    return "".join(out)


def _read_csv(path: Path) -> Iterator[dict[str, str]]:
    """Rows of a reference CSV, skipping its ``#`` comment lines."""
    with path.open(encoding="utf-8", newline="") as f:
        lines = (line for line in f if not line.lstrip().startswith("#"))
        yield from csv.DictReader(lines)


# British spellings and other variants that never tell two speakers apart.
_SPELLINGS = [
    (re.compile(r"(?<=[a-z])is(ation|e|ed|ing)\b"), r"iz\1"),  # Organisation, recognised
    (re.compile(r"\bcentre\b"), "center"),
    (re.compile(r"\bprogramme\b"), "program"),
    (re.compile(r"\bdefence\b"), "defense"),
    (re.compile(r"\blabour\b"), "labor"),
    (re.compile(r"\bco-?operation\b"), "cooperation"),
]
# Abbreviations the sources use for words of a name.
_WORDS = {
    "st": "saint",
    "un": "united nations",
    "dr": "democratic republic of",
    "pdr": "people's democratic republic",
    "rep": "republic",
    "fed": "federation",
    "&": "and",
}


@functools.lru_cache(maxsize=8192)
def variant_key(name: str) -> str:
    """The key under which spelling variants of a name meet.

    Beyond ``normalise_name`` (case, accents, quotes): British spellings
    ("Organisation"), hyphens and punctuation ("Viet-Nam", "Secretary
    General"), "the" anywhere, dotted abbreviations ("U.K.", "U.S.S.R.") and
    abbreviated words ("St.", "DR Congo", "Lao PDR", "UN Secretary-General").
    """
    key = normalise_name(name)
    # U.K. -> uk, U.S.S.R. -> ussr: dotted initials are one word.
    key = re.sub(r"\b(?:[a-z]\.){2,}", lambda m: m.group(0).replace(".", ""), key)
    for pattern, replacement in _SPELLINGS:
        key = pattern.sub(replacement, key)
    key = re.sub(r"[-\u2010-\u2015/.,;:()\[\]\"]+", " ", key).replace("'", "")
    key = key.replace("&", " & ")  # "Trinidad&Tobago": "&" is "and" however it is spaced
    words = []
    for word in key.split():
        word = _WORDS.get(word, word).replace("'", "")
        words.extend(w for w in word.split() if w != "the")
    return " ".join(words)


# The spelling variants ``_SPELLINGS`` folds, as patterns of a word in a name's own spelling.
_WORD_FORMS = [
    (re.compile(r"(?<=[a-z])i[sz](ation|e|ed|ing)$"), r"i[sz]\1"),
    (re.compile(r"^cent(?:er|re)$"), "cent(?:er|re)"),
    (re.compile(r"^program(?:me)?$"), "program(?:me)?"),
    (re.compile(r"^defen[cs]e$"), "defen[cs]e"),
    (re.compile(r"^labou?r$"), "labou?r"),
    (re.compile(r"^co-?operation$"), "co-?operation"),
]
# Between two words of a name: white space (names break across lines) or a hyphen ("Guinea
# Bissau", "Viet-Nam"), and "the" or not ("Democratic Republic of Congo", "Saint Vincent and
# Grenadines").
_BETWEEN = r"(?:\s*[-\u2010-\u2015]\s*|\s+)(?:the(?:\s*[-\u2010-\u2015]\s*|\s+))?"


def name_pattern(key: str) -> str:
    """A regular expression for a name (a key of the gazetteer) in running text, in the variants
    that ``variant_key`` folds and that never tell two names apart: white space or hyphens
    between words, "the" before a word or not, "&" for "and", "St." for "Saint", an apostrophe
    or none, British spellings. Each of these is folded by ``variant_key`` too, so that
    whatever it matches has the name's own variant key."""
    words = [w for w in re.split(r"\s+|(?<=\w)[-\u2010-\u2015](?=\w)", key) if w and w != "the"]
    if not words:
        return re.escape(key)
    pattern = ""
    for i, word in enumerate(words):
        if word in ("and", "&") and 0 < i < len(words) - 1:
            # "and" or "&", however "&" is spaced ("Trinidad&Tobago"); the next word follows.
            pattern += rf"(?:{_BETWEEN}and{_BETWEEN}|\s*&\s*(?:the\s+)?)"
            continue
        if i and words[i - 1] not in ("and", "&"):
            pattern += _BETWEEN
        if word in ("saint", "st", "st."):
            pattern += r"(?:saint|st\.?)"
            continue
        part = re.escape(word).replace("'", "'?")
        for form, replacement in _WORD_FORMS:
            if form.search(word):
                part = form.sub(replacement, word)
                break
        pattern += part
    return pattern


def lookup(label: str, on: date | None = None) -> Entry | None:
    """The gazetteer's entry for a speaker label as a source prints it, or None (see ``Gazetteer.lookup``)."""
    return Gazetteer.default().lookup(label, on)


def propose(label: str) -> Proposal | None:
    """A fuzzy proposal for a label the gazetteer does not know, for staff to review."""
    return Gazetteer.default().propose(label)


def split_names(text: str) -> list[str]:
    """A printed list of names, split where no known name is cut (see ``Gazetteer.split_names``)."""
    return Gazetteer.default().split_names(text)
