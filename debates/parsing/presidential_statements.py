"""
Parser for presidential statement documents (``S_PRST_2007_42.txt``).

The document opens "At the 5776th meeting of the Security Council, held on
6 November 2007, in connection with the Council's consideration of the item
entitled “…”, the President of the Security Council made the following
statement on behalf of the Council:". It is matched to its Decision by the
symbol where the text states it (``S/PRST/2007/42``), else by that meeting
and date, which the meeting tables give for every statement.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from .meeting_tables import MONTHS
from .resolutions import clean_text, decode
from .text import repair_mojibake

OPENING_RE = re.compile(
    r"At\s+(?:its|the)\s+(\d+)\s*(?:st|nd|rd|th|d)?\s+meeting\s+of\s+the\s+Security\s+Council,?\s+"
    r"held\s+on\s+(\d{1,2})\s+([A-Za-z]+)\s+(\d{4}),?(.{0,600}?)the\s+President\s+of\s+the\s+Security\s+"
    r"Council\s+made\s+the\s+following\s+statement",
    re.S | re.I,
)
SYMBOL_RE = re.compile(r"S/PRST/(\d{4})/(\d+)")
NAME_RE = re.compile(r"S_PRST_(\d{4})_(\d+)")
ITEM_RE = re.compile(r"item\s+entitled\s+[“\"](.+?)[”\"]", re.S)


class StatementError(ValueError):
    """The file is not a presidential statement this parser can read."""


@dataclass
class ParsedStatement:
    symbol: str | None  # as the text or the file name states it
    meeting: int
    date: date
    item: str
    text: str
    encoding: str


def looks_like_statement(data: bytes) -> bool:
    head = data[:3000].decode("utf-8", errors="replace")
    return bool(
        re.search(r"President\s+of\s+the\s+Security\s+Council\s+made\s+the\s+following\s+statement", head)
    )


def parse_statement(data: bytes, *, name: str = "") -> ParsedStatement:
    try:
        raw, encoding = decode(data, name=name)
    except ValueError as exc:
        raise StatementError(str(exc)) from exc
    raw = repair_mojibake(raw)[0]
    text = clean_text(raw)
    flat = " ".join(text.split())
    opening = OPENING_RE.search(flat)
    if not opening:
        raise StatementError(
            "not a presidential statement: no 'At the Nth meeting … made the following statement'"
        )
    month = MONTHS.get(opening.group(3).lower())
    if month is None:
        raise StatementError(f"unreadable date {opening.group(2)} {opening.group(3)} {opening.group(4)}")
    # The symbol heads the document when it is printed at all; symbols in the
    # body are earlier statements the Council recalls.
    symbol_match = SYMBOL_RE.search(flat[: opening.start()]) or NAME_RE.search(name)
    item = ITEM_RE.search(opening.group(5))
    return ParsedStatement(
        symbol=f"S/PRST/{symbol_match.group(1)}/{int(symbol_match.group(2))}" if symbol_match else None,
        meeting=int(opening.group(1)),
        date=date(int(opening.group(4)), month, int(opening.group(2))),
        item=" ".join(item.group(1).split()) if item else "",
        text=text,
        encoding=encoding,
    )
