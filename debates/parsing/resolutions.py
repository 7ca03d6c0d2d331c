"""
Parser for resolution texts (``S-RES-N(YYYY).txt``): the text, its date and adopting meeting.

The files come from several pipelines and show it:

* encodings (measured on the 2,259 shipped files): 1,037 plain ASCII, 772
  UTF-8, 5 UTF-8 with a BOM, 59 Windows-1252 (curly quotes and dashes in
  the 0x80-0x9F range) and 386 whose only non-ASCII bytes are 0xA0-0xFF
  (accented letters), where Latin-1 and Windows-1252 agree. No file is
  double-encoded. The rule in :func:`decode` follows from this and is
  exact for these four encodings, which is why no guessing library
  (charset-normalizer) is used: a statistical guess on a short Latin-1
  text can come out as Cyrillic or Mac Roman, and the rule cannot.
* line ends: CRLF, LF, lone CR and even NEL.
* page furniture left in by the PDF extraction: document numbers
  (``07-65572 (E)``, ``2 07-65572``, ``1/3 05-55012``), barcodes (``*0765572*``),
  the running head repeating the symbol on every page, and for the older
  resolutions the header and "Cite as" block of the refworld.org page.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from .meeting_tables import MONTHS
from .text import repair_mojibake


class ResolutionError(ValueError):
    """The file is not a resolution text, or its encoding is not one the corpus uses."""


@dataclass
class ParsedResolution:
    symbol: str  # S/RES/1631 (2005)
    number: int
    year: int
    date: date | None
    meeting: int | None
    text: str
    encoding: str
    unanimous: bool = False
    votes_for: int | None = None
    votes_against: int | None = None
    abstentions: int | None = None
    notes: list[str] = field(default_factory=list)


NAME_RE = re.compile(r"S-RES-(\d+)\((\d{4})\)")
SYMBOL_RE = re.compile(r"S/RES/(\d+)\s*\((\d{4})\)")
HEADING_RE = re.compile(r"^\s*Resolution\s+(\d+)\s*\((\d{4})\)", re.M)
OLD_HEADING_RE = re.compile(r"^\s*(\d+)\s*(?:\(\d{4}\)\s*)?\.?\s*Resolution of\s+(\d{1,2} \w+ \d{4})", re.M)
DATE = r"(\d{1,2})\s+([A-Za-z]+)\s*,?\s+(\d{4})"
# "Adopted by the Security Council at its 5282nd meeting, on 17 October 2005",
# "Adopted unanimously at the 631st Meeting", "Adopted at the 1473rd meeting by
# 11 votes to none": the Council's own formula, never "adopted by the
# Commission at its 13th meeting" quoted in a preamble.
ADOPTED_RE = re.compile(
    r"(?:\bAdopted|\badopted(?=\s+by\s+the\s+Security\s+Council))(?:\s+unanimously)?"
    r"(?:\s+by\s+the\s+Security\s+Council)?,?\s+(?:at\s+(?:its|the)\s+)?(\d+)\s*(?:st|nd|rd|th|d)?\s*"
    r"(?:\(closed\)\s*)?[Mm]eeting"
    r"(?:[^.]{0,150}?(?:\bon\s+|,\s*)" + DATE + ")?",
)
RESOLUTION_OF_RE = re.compile(r"Resolution(?:\s+\d+\s*\(\d{4}\))?\s*of\s+" + DATE, re.I)
PUBLICATION_DATE_RE = re.compile(r"Publication Date\s+" + DATE)
VOTES_RE = re.compile(
    r"by\s+(?:a\s+vote\s+of\s+)?(\d+|\w+)(?:\s+votes?)?\s+to\s+(\d+|none|\w+)(?:[^.\d]{0,40}?with\s+(\d+|\w+)\s+abstentions?)?",
    re.I,
)
NUMBER_WORDS = {
    w: i
    for i, w in enumerate(
        [
            "none",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
        ]
    )
}

# Page furniture (see the module docstring), one line at a time.
DOCUMENT_NUMBER_LINE_RE = re.compile(
    r"^\s*(?:\*?\s*Reissued for technical reasons\.?\s*)?(?:\d+(?:/\d+)?\s+)?\d{2}-\d{5}\S*\s*"
    r"(?:\(E\)?\s*)?(?:\d{6}\s*)?(?:\d{6}\s*)?`*\s*(?:\*\d{7}\*)?\s*(?:\d+(?:/\d+)?)?\s*$"
)
GLUED_DOCUMENT_NUMBER_RE = re.compile(r"^\s*\d+\s+\d{2}-\d{5}(?=[A-Z])")
BARCODE_RE = re.compile(r"\*\s?\d{7}\s?\*")
# "S/RES/1000 (1995) Page 2", "S/RES/1319 (2000)*", "/..." (continued overleaf),
# and page numbers alone on their line ("2", "2/5").
RUNNING_HEAD_RE = re.compile(r"^S/RES/\d+\s*\(\d{4}\)\s*\*?\s*(?:Page\s+\d+)?$")
PAGE_LINE_RE = re.compile(r"^\s*(?:\d{1,3}(?:\s*/\s*\d{1,3})?|/\s*\.\.\.|Page\s+\d+)\s*$")
SENTENCE_ENDS = (".", ";", ":", "!", "?", '"', "\u201d", ")")
REFWORLD_END_RE = re.compile(r"available at:\s*\S*refworld\S*\s*\[accessed[^\]]*\]\s*", re.I)


def decode(data: bytes, *, name: str = "") -> tuple[str, str]:
    """The text of a resolution file and the encoding it was read in.

    UTF-8 (with or without BOM) when the bytes are valid UTF-8; otherwise
    Windows-1252 if any byte falls in 0x80-0x9F (its curly quotes and
    dashes; in Latin-1 these are control characters that no text uses),
    else Latin-1. Anything else — UTF-16, binary, bytes undefined in
    Windows-1252 — is refused rather than turned into mojibake.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data:
        raise ResolutionError(
            "unknown encoding: UTF-16 or binary data (NUL bytes), not a text the corpus uses"
        )
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            raise ResolutionError(
                f"unknown encoding: a UTF-8 BOM but invalid UTF-8 at byte {exc.start}"
            ) from exc
    try:
        return data.decode("utf-8"), "ascii" if data.isascii() else "utf-8"
    except UnicodeDecodeError:
        pass
    if any(0x80 <= byte <= 0x9F for byte in data):
        try:
            return data.decode("cp1252"), "cp1252"
        except UnicodeDecodeError as exc:
            raise ResolutionError(
                f"unknown encoding: byte 0x{data[exc.start]:02X} at {exc.start} "
                "is neither UTF-8 nor Windows-1252"
            ) from exc
    return data.decode("latin-1"), "latin-1"


def looks_like_resolution(name: str, data: bytes) -> bool:
    head = data[:4000]
    if re.search(rb"<(?:html|table|!doctype)", head, re.I) or head.startswith(b"%PDF"):
        return False  # the library's tables cite resolutions too
    if NAME_RE.search(name):
        return True
    return (
        bool(
            re.search(rb"S/RES/\d+\s*\(\d{4}\)", head)
            or re.search(rb"^\s*\d+\s*Resolution of \d{1,2} \w+ \d{4}", head, re.M)
            or re.search(rb"^\s*Resolution \d+ \(\d{4}\)", head, re.M)
        )
        and b"Security Council" in data
    )


def clean_text(text: str) -> str:
    """The resolution's text without page furniture, with LF line ends and no trailing spaces."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x85", "\n").replace("\u2028", "\n")
    text = text.replace("\u00ad", "")  # soft hyphens: invisible hyphenation points from the PDFs
    text = text.replace("\x0c", "\n")
    text = unicodedata.normalize("NFC", text)
    # The refworld.org page: title, publisher, date, symbol, "Cite as … [accessed …]".
    refworld = REFWORLD_END_RE.search(text[:6000])
    if refworld and "Cite as" in text[: refworld.start()]:
        text = text[refworld.end() :]
    lines: list[str] = []
    seen_symbol = False
    page_break = False  # furniture was dropped since the last line of text
    for number, line in enumerate(text.split("\n")):
        line = GLUED_DOCUMENT_NUMBER_RE.sub("", line.rstrip())
        bare = BARCODE_RE.sub("", line).strip()
        head = number < 12 and bare == "S"  # the emblem's "S" in the 1990s masthead
        running_head = bool(RUNNING_HEAD_RE.match(bare)) and (seen_symbol or "Page" in bare)
        if DOCUMENT_NUMBER_LINE_RE.match(line) or PAGE_LINE_RE.match(line) or head or running_head:
            page_break = True
            continue
        if line.strip() and not bare:
            page_break = True  # a line that held only a barcode
            continue
        line = BARCODE_RE.sub("", line).rstrip()
        if RUNNING_HEAD_RE.match(bare):
            seen_symbol = True  # the symbol heading the first page: kept once
        if not line.strip():
            if not page_break:
                lines.append("")
            continue
        previous = next((kept for kept in reversed(lines) if kept.strip()), "")
        if (
            page_break
            and previous
            and not previous.rstrip().endswith(SENTENCE_ENDS)
            and line.lstrip()[:1].islower()
        ):
            # A paragraph the page break cut in two ("…reintegration of" /
            # "combatants in the district of Ituri…"): joined again.
            while lines and not lines[-1].strip():
                lines.pop()
            lines[-1] = f"{lines[-1].rstrip()} {line.strip()}"
        else:
            if page_break and lines and lines[-1].strip():
                lines.append("")
            lines.append(line)
        page_break = False
    text = "\n".join(lines)
    text = re.sub(r"\n[ \t]*(?:\n[ \t]*){2,}", "\n\n", text)
    return text.strip() + "\n"


def parse_resolution(data: bytes, *, name: str = "") -> ParsedResolution:
    """Parse a resolution file; raise ResolutionError if it is not one or cannot be decoded."""
    raw, encoding = decode(data, name=name)
    raw, repairs = repair_mojibake(raw)
    text = clean_text(raw)
    notes: list[str] = [
        f"mojibake repaired: {before[:60]!r} read as {after[:60]!r}" for before, after in repairs
    ]
    number, year = _symbol(raw, name)
    named = NAME_RE.search(name)
    if number is None and named and re.search(r"The Security Council|Adopted by the Security Council", raw):
        # OCR slips in the heading ("129 (1958). Resolution of 7 August I958"):
        # the text is a resolution, the file name says which.
        number, year = int(named.group(1)), int(named.group(2))
        notes.append("no readable symbol in the text; read as the file name says")
    if number is None or year is None:
        raise ResolutionError("not a resolution text: no S/RES/N (YYYY) symbol or 'Resolution of' heading")
    if named and number != int(named.group(1)):
        # S-RES-290(1970).txt prints "S/RES/239 (1970)": the collection's file
        # names were checked against the UN's list of resolutions.
        notes.append(f"the text says S/RES/{number}, the file name {name}: read as {int(named.group(1))}")
        number = int(named.group(1))

    adopted = ADOPTED_RE.search(raw)
    meeting = int(adopted.group(1)) if adopted else None
    day = _date(*adopted.groups()[1:]) if adopted and adopted.group(2) else None
    if day is None:
        # The refworld header's publication date, else the heading of the
        # older texts ("1 Resolution of 25 January 1946"), never a date cited
        # in the body ("resolution 338 (1973) of 22 October 1973").
        for pattern, where in ((PUBLICATION_DATE_RE, raw[:3000]), (RESOLUTION_OF_RE, raw.lstrip()[:200])):
            match = pattern.search(where)
            if match and (day := _date(*match.groups()[-3:])):
                break
    year = _vote_year(raw, name, number, day, notes)
    if day is not None and day.year != year:
        notes.append(f"date {day.isoformat()} is not in {year}: a misprint, not used")
        day = None
    parsed = ParsedResolution(
        symbol=f"S/RES/{number} ({year})",
        number=number,
        year=year,
        date=day,
        meeting=meeting,
        text=text,
        encoding=encoding,
        notes=notes,
    )
    if adopted:
        tail = raw[adopted.start() : adopted.end() + 200]
        parsed.unanimous = "unanimous" in tail[:40].lower()
        votes = VOTES_RE.search(tail)
        if votes:
            parsed.votes_for = _count(votes.group(1))
            parsed.votes_against = _count(votes.group(2))
            parsed.abstentions = _count(votes.group(3)) if votes.group(3) else 0
    return parsed


def _vote_year(raw: str, name: str, number: int, day: date | None, notes: list[str]) -> int:
    """The year of the resolution, as most of the independent places that state it say.

    A resolution bears the year it was adopted in, and each place that
    states it can be misprinted: the symbol (refworld cites "S/RES/231
    (1965)" for resolution 231 (1966) of 15 December 1966, and the file name
    copied it), the adoption date (S/RES/1139 (1997) "on 21 November 1987"),
    the heading or the file name (S-RES-376(1976).txt is resolution 376
    (1975) of 17 October 1975). A misprint is never repeated in all of them.
    Ties go to the first place listed below.
    """
    head = raw[:3000]
    votes: list[int] = []
    for pattern in (
        rf"S/RES/{number}\s*\((\d{{4}})\)",
        rf"Resolution\s+{number}\s*\((\d{{4}})\)",
        r"Reference\s+(\d{4})\s+Security Council Resolutions",
    ):
        match = re.search(pattern, head, re.I)
        if match:
            votes.append(int(match.group(1)))
    named = NAME_RE.search(name)
    if named and int(named.group(1)) == number:
        votes.append(int(named.group(2)))
    if day is not None:
        votes.append(day.year)
    possible = [y for y in votes if 1946 <= y <= date.today().year]  # "S/RES/48 (1943)"
    if not possible:
        raise ResolutionError(f"no possible year for resolution {number} (read {votes})")
    year = max(possible, key=lambda y: (possible.count(y), -possible.index(y)))
    if len(set(possible)) > 1:
        notes.append(f"the text and its name give the years {possible}: read as {year}")
    return year


def _symbol(text: str, name: str) -> tuple[int | None, int | None]:
    for pattern in (SYMBOL_RE, HEADING_RE):
        match = pattern.search(text)
        if match:
            return int(match.group(1)), int(match.group(2))
    old = OLD_HEADING_RE.search(text)
    if old:
        return int(old.group(1)), int(old.group(2)[-4:])
    return None, None


def _date(day: str, month: str, year: str) -> date | None:
    month_number = MONTHS.get(month.lower())
    if month_number is None:
        return None
    try:
        return date(int(year), month_number, int(day))
    except ValueError:
        return None


def _count(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    return NUMBER_WORDS.get(word.lower())
