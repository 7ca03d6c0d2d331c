"""A second reading of the shipped records: the Debates corpus segments S/PV.8698–8703 on its own.

The corpus (``corpus/unscd-2020``) was built by OCR of the same
PDFs and split at the printed forms of address, independently of this parser. For each record
the two speaker sequences are aligned, and every difference must have a known explanation:

* the corpus's OCR lost accents or misread letters in a name ("Mr. Jiirgenson" for "Mr.
  Jürgenson", "Ms. Seepanovie" for "Ms. Šćepanović"): the same speaker;
* the President's statement in a national capacity, and the return to the presidency, have
  no heading of their own: the parser cuts the President's speech there (``continued``), the
  corpus keeps it whole.

Nothing else may differ: no speech the corpus found is missing, none is added.
"""

from __future__ import annotations

import difflib
import functools
import json
from pathlib import Path

import pytest

from debates.parsing.verbatim import parse_record
from tests.verbatim_forms import fold, read_unscd

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus" / "verbatim"
GOLDEN = json.loads((Path(__file__).parent / "fixtures" / "verbatim" / "speakers.json").read_text())


UNSCD = ROOT / "corpus" / "unscd-2020"


@functools.cache
def corpus_records() -> dict:
    symbols = {golden["symbol"] for golden in GOLDEN.values()}
    return {record.symbol: record for record in read_unscd(UNSCD, symbols)}


def same_speaker(ours: str, theirs: str) -> bool:
    """The headings name the same speaker, but for the OCR's slips in the name."""
    return ours == theirs or difflib.SequenceMatcher(a=fold(ours), b=fold(theirs)).ratio() >= 0.85


def explain(name: str) -> tuple[list[str], list[str]]:
    """Align the parser's speeches with the corpus's; return the explained and unexplained differences."""
    golden = GOLDEN[name]
    parsed = parse_record((CORPUS / name).read_bytes(), name)
    theirs = [speech.heading for speech in corpus_records()[golden["symbol"]].speeches]
    ours = list(parsed.speeches)
    explained, unexplained = [], []
    i = j = 0
    while i < len(ours) or j < len(theirs):
        speech = ours[i] if i < len(ours) else None
        if speech is not None and speech.continued:
            explained.append(
                f"{speech.position}: the President goes on as {speech.capacity}, with no heading"
            )
            i += 1
            continue
        if speech is not None and j < len(theirs) and same_speaker(speech.heading, theirs[j]):
            if speech.heading != theirs[j]:
                explained.append(f"{speech.position}: OCR spelling {theirs[j]!r} for {speech.heading!r}")
            i, j = i + 1, j + 1
            continue
        if speech is not None:
            unexplained.append(f"{speech.position}: {speech.heading!r} is not in the corpus")
            i += 1
        else:
            unexplained.append(f"the corpus's {theirs[j]!r} is not in the record")
            j += 1
    return explained, unexplained


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_the_corpus_and_the_parser_agree_on_every_speaker(name):
    explained, unexplained = explain(name)

    assert unexplained == []


def test_the_differences_are_those_the_corpus_is_known_for():
    explained = {name: explain(name)[0] for name in GOLDEN}

    # In 8698, 8700, 8702 and 8703 the President's national statement opens a speech of its
    # own, and the return to the presidency comes within it; in 8699 the Deputy Prime
    # Minister, presiding, makes his national statement and returns within one speech.
    changes = [
        (name, note.split(":")[0])
        for name, notes in explained.items()
        for note in notes
        if "no heading" in note
    ]
    assert sorted(changes) == [
        ("S_PV.8698_E.pdf", "21"),
        ("S_PV.8699_E.pdf", "6"),
        ("S_PV.8699_E.pdf", "7"),
        ("S_PV.8700_E.pdf", "20"),
        ("S_PV.8702_E.pdf", "19"),
        ("S_PV.8703_E.pdf", "17"),
    ]
    spellings = [note for notes in explained.values() for note in notes if "OCR spelling" in note]
    assert "4: OCR spelling 'Ms. Seepanovie (Montenegro)' for 'Ms. Šćepanović (Montenegro)'" in spellings
    assert (
        "11: OCR spelling 'Mr. Jiirgenson (Estonia)' for 'Mr. Jürgenson (Estonia)'"
        in explained["S_PV.8700_E.pdf"]
    )
    # Every speech of the corpus is found: as many headed speeches as the corpus has speeches.
    for name, golden in GOLDEN.items():
        parsed = parse_record((CORPUS / name).read_bytes(), name)
        headed = [s for s in parsed.speeches if not s.continued]
        assert len(headed) == len(corpus_records()[golden["symbol"]].speeches), name
