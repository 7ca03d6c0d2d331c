"""
Shared constants and helpers of the data model.
"""

from __future__ import annotations

# How many words of a statement a list shows before "Read the whole statement".
PREVIEW_WORDS = 50


# How the President announces the result of a vote in a verbatim record.
VOTE_RESULT_PHRASES = ("has been adopted", "has not been adopted", "was not adopted", "votes in favour")


# The verbatim records note the language of a speech given in another language
# ("spoke in French"); a speech with no such note was given in English.
ENGLISH = "English"


def human_date(day) -> str:
    """The one date format of the pages: ``9 January 2020`` (data and exports use ISO dates)."""
    return f"{day.day} {day:%B %Y}"


def cite(record: str, pages: str) -> str:
    """``S/PV.5007 (Resumption 1), p. 10`` or ``…, pp. 5-6``: how a statement is cited."""
    if not pages:
        return record
    prefix = "pp." if "-" in pages or "," in pages else "p."
    return f"{record}, {prefix} {pages}"
