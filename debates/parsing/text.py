"""Text repairs shared by the parsers (no database)."""

from __future__ import annotations

import re

import ftfy

# UTF-8 read as Latin-1 or Windows-1252 ("Peopleâ€™s", "LeÃ±o") leaves one of
# these lead characters followed by a continuation character. Only lines
# holding such a pair are given to ftfy: the rest of a page is left exactly as
# it is, and a whole year's table is not scanned character by character.
MOJIBAKE_RE = re.compile(
    "[\u00c2-\u00c3\u00e2][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"
)


def repair_mojibake(text: str) -> tuple[str, list[tuple[str, str]]]:
    """``text`` with mojibake undone, and each repair as (before, after).

    ftfy decides whether a line really is mis-decoded UTF-8 and how to undo
    it; a line it leaves alone is not counted.
    """
    if not MOJIBAKE_RE.search(text):
        return text, []
    repairs: list[tuple[str, str]] = []
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if MOJIBAKE_RE.search(line):
            fixed = ftfy.fix_encoding(line)
            if fixed != line:
                repairs.append((line.strip(), fixed.strip()))
                lines[i] = fixed
    return "\n".join(lines), repairs


def has_mojibake(text: str) -> bool:
    """Whether ``text`` still holds a sequence that mis-decoded UTF-8 leaves."""
    return bool(MOJIBAKE_RE.search(text)) and ftfy.fix_encoding(text) != text
