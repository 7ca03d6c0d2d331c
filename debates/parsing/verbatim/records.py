"""What the verbatim-record parser returns: plain dataclasses, no database."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

__all__ = [
    "AgendaItem",
    "Invitation",
    "Member",
    "RecordSymbol",
    "Speech",
    "UnreadLine",
    "VerbatimError",
    "VerbatimRecord",
    "VoteResult",
    "parse_symbol",
]


class VerbatimError(ValueError):
    """The document is not a verbatim record this parser understands (one line, naming it)."""


ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50}

# Every form the symbol of a record takes: "S/PV.8699", "S/PV.8699 (Resumption 1)",
# "S/PV.4753 (Resumption)", "S/PV.3046 (Resumption I)", "S/PV.2977 (Part II)",
# "S/PV.5474 (Resumption2)"; in a scan the full stop may come out as a comma.
SYMBOL = re.compile(
    r"\bS\s?/\s?PV\s?[.,]\s?(?P<number>\d{1,5})"
    r"(?:\s*\(\s*(?P<kind>Resumption|Part)\s*(?P<ordinal>\d{1,2}|[IVXL]{1,5})?\s*\))?",
    re.IGNORECASE,
)
# The letters that recorded the videoconferences of 2020-2021: S/2020/594.
LETTER_SYMBOL = re.compile(r"\bS/(?P<year>(?:19|20)\d\d)/(?P<number>\d{1,4})\b")


@dataclass(frozen=True, slots=True)
class RecordSymbol:
    """A record's symbol, read: which meeting, and which of its records."""

    meeting: int
    kind: str  # "meeting" (the meeting's own record), "resumption" or "part"
    ordinal: int  # the resumption's or part's number; 0 for the meeting's own record

    @property
    def symbol(self) -> str:
        """The symbol as the UN cites it: ``S/PV.8699 (Resumption 1)``, ``S/PV.2977 (Part II)``."""
        if self.kind == "resumption":
            return f"S/PV.{self.meeting} (Resumption {self.ordinal})"
        if self.kind == "part":
            return f"S/PV.{self.meeting} (Part {_roman(self.ordinal)})"
        return f"S/PV.{self.meeting}"

    @property
    def sequence(self) -> int:
        """The record's place among the meeting's records: 0 for the first day (the
        meeting's own record, or its Part I), then 1, 2… for the records that follow."""
        if self.kind == "resumption":
            return self.ordinal
        if self.kind == "part":
            return max(self.ordinal - 1, 0)
        return 0


def parse_symbol(text: str) -> RecordSymbol | None:
    """The first record symbol in ``text``, in any of its printed forms, or None."""
    match = SYMBOL.search(text)
    if match is None:
        return None
    meeting = int(match["number"])
    kind = (match["kind"] or "").lower()
    if not kind:
        return RecordSymbol(meeting, "meeting", 0)
    ordinal = match["ordinal"]
    if ordinal is None:
        number = 1  # "(Resumption)": the meeting was resumed once
    elif ordinal.isdigit():
        number = int(ordinal)
    else:
        number = _from_roman(ordinal.upper())
    if kind == "part" and number == 1:
        return RecordSymbol(meeting, "part", 1)
    return RecordSymbol(meeting, kind, number)


def _from_roman(text: str) -> int:
    total = 0
    for index, char in enumerate(text):
        value = ROMAN[char]
        if index + 1 < len(text) and ROMAN[text[index + 1]] > value:
            total -= value
        else:
            total += value
    return total


def _roman(number: int) -> str:
    out = ""
    for value, letters in ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while number >= value:
            out += letters
            number -= value
    return out


@dataclass(slots=True)
class Member:
    """A Council member at this meeting and the person who sat for it ("" when the record names none)."""

    country: str
    person: str


@dataclass(slots=True)
class AgendaItem:
    """An item on the meeting's agenda: its title, and the lines under it
    (sub-item, the letter or report it considers) with the documents they cite."""

    title: str
    details: list[str] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Invitation:
    """Someone the President invited to take part, with the office or
    organization they speak for, as the invitation words it."""

    person: str  # "Mr. Martin Griffiths"
    role: str  # "Special Envoy of the Secretary-General for Yemen"

    def matches(self, name: str) -> bool:
        """Whether a speech heading's name ("Mr. Griffiths") designates this person."""
        from .phrases import surname_key

        wanted = surname_key(name)
        return bool(wanted.strip()) and surname_key(self.person).endswith(wanted)


@dataclass(slots=True)
class Speech:
    """One speech, in order, with the pages it spans."""

    position: int  # 1-based, in the record's order
    heading: str  # as printed, without the colon: "Mr. Baati (Tunisia) (spoke in Arabic)"
    person: str  # "Mr. Baati", or the President's name
    country: str | None  # the State in the heading, or the President's State
    language: str  # language of delivery when not English ("Arabic"), else ""
    capacity: str  # "president", "national", "invited" (a State not on the Council) or "briefer"
    text: str  # paragraphs separated by blank lines
    page_start: int
    page_end: int
    date: dt.date | None = None  # the day it was made: a meeting resumed the next day moves on
    role: str = ""  # for a speaker with no country: the office or organization from the invitation
    secretary_general: bool = False
    continued: bool = False  # the President's speech goes on in another capacity, with no new heading
    section: str = ""  # the body's heading the speech comes under
    item: str = ""  # the agenda item it is about: the section, when it is one of the agenda's titles
    on_behalf_of: list[str] = field(default_factory=list)  # a group, an organization, or States

    @property
    def pages(self) -> str:
        """``2`` or ``2-3``, as a citation prints it."""
        if self.page_start == self.page_end:
            return str(self.page_start)
        return f"{self.page_start}-{self.page_end}"

    @property
    def label(self) -> str:
        """What the golden files list: the heading, and the capacity."""
        return f"{self.heading} | {self.capacity}"


@dataclass(slots=True)
class VoteResult:
    """A vote by show of hands and the President's announcement of its result."""

    subject: str  # "draft resolution" or "amendment"
    draft_symbol: str  # the draft voted on (S/2020/27), "" when the record does not say
    adopted: bool
    resolution_number: int | None  # 2505, when adopted as a resolution
    resolution_year: int | None
    unanimous: bool
    in_favour: list[str]
    against: list[str]
    abstaining: list[str]
    announced: tuple[int, int, int] | None  # the counts the President read out
    page: int

    @property
    def resolution_symbol(self) -> str:
        if self.resolution_number is None:
            return ""
        return f"S/RES/{self.resolution_number} ({self.resolution_year})"


@dataclass(frozen=True, slots=True)
class UnreadLine:
    """A line of the record that is neither part of a speech, nor a heading,
    nor a stage direction or page furniture the parser knows."""

    page: int
    line: int  # 1-based, counting the page's lines in reading order, margins included
    text: str

    def __str__(self) -> str:
        return f"p. {self.page}, line {self.line}: {self.text}"


@dataclass(slots=True)
class VerbatimRecord:
    symbol: str  # "S/PV.8699 (Resumption 1)", or a letter's "S/2020/594"
    meeting_number: int | None  # None for a videoconference recorded by letter
    resumption: int  # the record's place among the meeting's records: 0 for its first day
    kind: str  # "meeting", "resumption", "part" or "letter"
    form: str  # "born-digital", "text-only" (a typescript or a scan) or "letter" (see FORMS)
    date: dt.date
    time: str  # "10 a.m."
    place: str
    president_person: str
    president_country: str
    members: list[Member]
    agenda: list[AgendaItem]
    documents: list[str]
    invitations: list[Invitation]
    speeches: list[Speech]
    votes: list[VoteResult]
    presidential_statements: list[str]  # symbols the President said a statement is issued under
    page_count: int
    unread: list[UnreadLine] = field(default_factory=list)

    @property
    def ordinal(self) -> int:
        """The resumption's or part's number as printed (0 for the meeting's own record)."""
        symbol = parse_symbol(self.symbol)
        return symbol.ordinal if symbol else 0
