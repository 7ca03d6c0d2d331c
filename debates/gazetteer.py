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
from pathlib import Path

from .names import normalise_name

DATA_DIR = Path(__file__).resolve().parent / "data"

# entities.csv types that the archive models; the long tail of NGOs and civil
# society briefers is left to the "other" kind.
KIND_BY_ENTITY_TYPE = {"state": "state", "igo": "organization", "un": "un"}


@dataclass(frozen=True)
class Entry:
    """A speaker the gazetteer knows: its canonical name, kind and codes."""

    name: str
    kind: str  # state | organization | un | other
    iso3: str = ""
    acronym: str = ""


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

    def add(self, name: str, entry: Entry, *, replace: bool = True) -> None:
        key = normalise_name(name)
        if key and (replace or key not in self.entries):
            self.entries[key] = entry

    def lookup(self, name: str) -> Entry | None:
        """The entry for exactly this name (or a known variant of it), else None."""
        return self.entries.get(normalise_name(name))

    def names(self) -> Iterator[tuple[str, Entry]]:
        return iter(self.entries.items())

    def find(self, text: str) -> list[Match]:
        """Known names mentioned in ``text``, longest first at each position, without overlaps."""
        folded = _fold_for_search(text)
        return [
            Match(m.start(), m.end(), text[m.start() : m.end()], self.entries[" ".join(m.group(0).split())])
            for m in self._pattern.finditer(folded)
        ]

    @functools.cached_property
    def _pattern(self) -> re.Pattern[str]:
        # Longest names first so that "Democratic Republic of the Congo" wins
        # over "Congo"; word boundaries so that "Oman" is not found in "Romania";
        # any run of white space between words, since names break across lines.
        names = sorted(self.entries, key=len, reverse=True)
        return re.compile(
            r"(?<![\w-])(?:" + "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in names) + r")(?![\w-])"
        )

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

        # 2. The curated list: UN offices, organizations, historical names.
        curated: list[tuple[Entry, list[str]]] = []
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
