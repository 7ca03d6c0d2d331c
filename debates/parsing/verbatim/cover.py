"""
The cover page of a verbatim record: which meeting, when and where, who
presided, which members sat, and the agenda.

Three layouts are read:

* today's (2000s on)::

      United Nations                                   S/PV.8699 (Resumption 1)
      Security Council                                 Provisional
      8699th meeting
      Friday, 10 January 2020, 10 a.m.
      New York
      President: Mr. Pham . . . . . . . . . . . . . (Viet Nam)
      Members:   Belgium . . . . . . . . . . . . .  Ms. Shaheen
      Agenda
      Maintenance of international peace and security

* the typescript provisional records (1970s to mid-1990s)::

      UNITED NATIONS                                   S/PV.3046
      Security Council                                 PROVISIONAL
      PROVISIONAL VERBATIM RECORD OF THE THREE THOUSAND AND FORTY-SIXTH MEETING
      Held at Headquarters, New York, on Friday, 31 January 1992, at 10.30 a.m.
      President: Mr. MAJOR        (United Kingdom of Great Britain and Northern Ireland)
      Members:   Austria          Mr. VRANITZKY

* the printed Official Records (1946 on), as scanned::

      SECURITY COUNCIL  OFFICIAL RECORDS  TWENTY-FIRST YEAR
      1300th MEETING: 15 SEPTEMBER 1966
      Held in New York, on Thursday, 15 September 1966, at 3 p.m.
      President: Mr. A. J. GOLDBERG (United States of America).
      Present: The representatives of the following States: Argentina, Bulgaria, …
      Provisional agenda (S/Agenda/1300)
      1. Adoption of the agenda.
      2. The India-Pakistan question.

The printed records start the debate on the page that holds this block, so
the cover ends at the first stage direction or speech heading.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from ..pdf import Line
from .headings import TITLES, parse_heading
from .phrases import STAGE
from .records import AgendaItem, Member, RecordSymbol, VerbatimError, parse_symbol

MONTHS = {
    m: i
    for i, m in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ],
        1,
    )
}
DATE = re.compile(
    r"(?:(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\s+)?"
    r"(?P<day>\d{1,2})\s+(?P<month>January|February|March|April|May|June|July|August|September|October"
    r"|November|December)\s*,?\s+(?P<year>(?:19|20)\d\d)"
    r"(?:\s*,?\s*(?:at\s+)?(?P<time>\d{1,2}(?:[.:]\d\d)?\s*(?:[ap]\.\s?m\.|noon)|noon))?",
    re.IGNORECASE,
)
MEETING = re.compile(r"\b(\d{1,5})\s*(?:st|nd|rd|th)\s+meeting\b", re.IGNORECASE)
LEADER = re.compile(r"\s*(?:\.\s?){2,}\s*")  # the dot leaders of today's cover tables
PLACE = re.compile(r"\bHeld\s+(?:at|in)\s+(?:Headquarters,\s+)?(?P<place>[A-Z][\w .'’-]+?)\s*(?:,|\bon\b|$)")
MEMBER_TITLED = re.compile(rf"^(?P<country>.+?)\s+(?P<person>(?:{TITLES})\.?\s+.+)$")
DOCUMENT = re.compile(r"\bS/(?:PRST/)?\d{4}/\d+(?:/(?:Add|Rev|Corr)\.\d+)*")

# The meeting's number in words: "THREE THOUSAND AND FORTY-SIXTH MEETING".
UNITS = [
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
    "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
]  # fmt: skip
TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_UNITS = {word: value for value, word in enumerate(UNITS)}
_TENS = {word: 10 * value for value, word in enumerate(TENS) if word}
ORDINALS = {
    "first": "one", "second": "two", "third": "three", "fourth": "four", "fifth": "five", "sixth": "six",
    "seventh": "seven", "eighth": "eight", "ninth": "nine", "tenth": "ten", "eleventh": "eleven",
    "twelfth": "twelve", "thirteenth": "thirteen", "fourteenth": "fourteen", "fifteenth": "fifteen",
    "sixteenth": "sixteen", "seventeenth": "seventeen", "eighteenth": "eighteen", "nineteenth": "nineteen",
    "twentieth": "twenty", "thirtieth": "thirty", "fortieth": "forty", "fiftieth": "fifty",
    "sixtieth": "sixty", "seventieth": "seventy", "eightieth": "eighty", "ninetieth": "ninety",
    "hundredth": "hundred", "thousandth": "thousand",
}  # fmt: skip
MEETING_WORDS = re.compile(r"\bRECORD\s+OF\s+THE\s+(?P<words>[A-Z -]+?)\s+MEETING\b", re.IGNORECASE)


@dataclass(slots=True)
class Cover:
    symbol: RecordSymbol
    date: dt.date
    time: str
    place: str
    president_person: str
    president_country: str
    members: list[Member] = field(default_factory=list)
    agenda: list[AgendaItem] = field(default_factory=list)
    body_start: int | None = None  # index of page 1's first line of the debate, if it starts there


def parse_cover(lines: list[Line], name: str) -> Cover:
    """Read page 1 of a record; raise ``VerbatimError`` naming ``name`` if it is not one."""
    body_start = _body_start(lines)
    lines = _rows(lines[:body_start] if body_start is not None else lines)
    texts = [" ".join(line.text.split()) for line in lines]
    head = " ".join(texts[:8])
    symbol = parse_symbol(head)
    council = re.search(
        r"S\s?E\s?C\s?U\s?R\s?I\s?T\s?Y\s+C\s?O\s?U\s?N\s?C\s?I\s?L", " ".join(texts[:12]), re.I
    )
    if symbol is None:
        from_name = parse_symbol(name.replace("_", "/").replace("S/PV/", "S/PV."))
        if council is None or from_name is None:
            raise VerbatimError(
                f"{name}: not a verbatim record of the Security Council (no S/PV symbol on page 1)"
            )
        symbol = from_name
    elif council is None:
        raise VerbatimError(
            f"{name}: not a verbatim record of the Security Council (no S/PV symbol on page 1)"
        )

    cover = lines
    flat = " ".join(texts)

    meeting = _meeting_number(flat)
    if meeting is not None and meeting != symbol.meeting:
        raise VerbatimError(f"{name}: cover page names meeting {meeting} but the record is {symbol.symbol}")
    when = _meeting_date(texts)
    if when is None:
        raise VerbatimError(f"{name}: cover page has no meeting number or date")
    date_match, date_index = when
    try:
        date = dt.date(int(date_match["year"]), MONTHS[date_match["month"].lower()], int(date_match["day"]))
    except ValueError:
        raise VerbatimError(f"{name}: unreadable date {date_match.group(0)!r} on the cover page") from None
    time = " ".join((date_match["time"] or "").split())
    place = ""
    held = PLACE.search(flat)
    if held:
        place = held["place"].strip()
    elif date_index + 1 < len(texts) and not re.match(r"(?i)president|provisional", texts[date_index + 1]):
        place = texts[date_index + 1]

    president_person = president_country = ""
    members: list[Member] = []
    agenda: list[AgendaItem] = []
    section = ""
    agenda_left = None  # where the agenda's titles start; the lines under them are set further in
    for index, (line, text) in enumerate(zip(cover, texts, strict=True)):
        label = _label(text)
        if label == "president":
            president_person, president_country = _president(
                text.split(":", 1)[1], texts[index + 1 : index + 2]
            )
            section = "president"
            continue
        if label == "members":
            section = "members"
            text = text.split(":", 1)[1].strip()
        elif label == "present":
            section = "present"
            text = text.split(":", 1)[1].strip()
        elif re.fullmatch(r"(?i)(?:provisional\s+)?agenda(?:\s*\(S/Agenda/\d+(?:/Rev\.\d+)?\))?", text):
            section = "agenda"
            agenda_left = None
            continue
        elif text.startswith(("This record contains", "Corrections should be", "The final text")):
            section = "notice"
        if section == "members":
            member = _member(text)
            if member is not None:
                members.append(member)
            elif members and text and members[-1].country.rsplit(" ", 1)[-1] in CONNECTORS:
                # "United Kingdom of Great Britain and / Northern Ireland" over two lines.
                members[-1].country += " " + text
        elif section == "present":
            # "The representatives of the following States: Argentina, Bulgaria, …" over several lines.
            members.extend(_present(text))
            if text.endswith("."):
                section = ""
        elif section == "agenda" and not line.margin and text:
            numbered = re.match(r"^\d{1,2}\.\s+(.+?)\.?$", text)
            if numbered:
                if not re.match(r"(?i)adoption of the agenda", numbered[1]):
                    agenda.append(AgendaItem(numbered[1]))
                continue
            if agenda_left is None:
                agenda_left = line.left
            if line.left <= agenda_left + 4 or not agenda:
                # A title set over several lines goes on where a line ends on a
                # connecting word or the next begins in lower case.
                if agenda and not agenda[-1].details and _continues(agenda[-1].title, text):
                    agenda[-1].title += " " + text
                else:
                    agenda.append(AgendaItem(text))
            else:
                item = agenda[-1]
                if item.details and _continues(item.details[-1], text):
                    item.details[-1] += " " + text
                else:
                    item.details.append(text)
    if not president_person or not members:
        raise VerbatimError(f"{name}: cover page has no President or members")
    for item in agenda:
        item.documents = list(dict.fromkeys(DOCUMENT.findall(" ".join([item.title, *item.details]))))
    return Cover(
        symbol=symbol,
        date=date,
        time=time,
        place=place,
        president_person=president_person,
        president_country=president_country,
        members=members,
        agenda=agenda,
        body_start=body_start,
    )


def _rows(lines: list[Line]) -> list[Line]:
    """The cover's lines row by row: a table set in two columns (a member and its
    representative, a date and its time) reads across, as on the page."""
    from dataclasses import replace

    merged: list[Line] = []
    for line in lines:
        same = next(
            (
                m
                for m in merged
                if not m.margin and not line.margin and abs(m.top - line.top) < 2 and m.right <= line.left
            ),
            None,
        )
        if same is not None:
            index = merged.index(same)
            merged[index] = replace(same, text=f"{same.text} {line.text}", right=line.right, column="full")
        else:
            merged.append(line)
    return merged


def _label(text: str) -> str:
    """ "President:", "Members:", "Present:" at the start of a line, as a scan's OCR may
    misread them ("Presidcnt:")."""
    import difflib

    match = re.match(r"^([A-Za-z1|]{6,10})\s*:", text)
    if match is None:
        return ""
    word = match[1].lower()
    labels = ("president", "members", "present")
    if word in labels:
        return word
    ratio, label = max((difflib.SequenceMatcher(a=word, b=label).ratio(), label) for label in labels)
    return label if ratio >= 0.85 else ""


def _body_start(lines: list[Line]) -> int | None:
    """Where the debate begins on page 1, for the printed records that start it there."""
    for index, line in enumerate(lines):
        text = " ".join(line.text.split())
        if index > 3 and (
            re.match(r"The\s+meeting\s+was\s+called\s+to\s+order", text)
            or (STAGE.match(text) and "agenda was adopted" in text)
            or (parse_heading(text) is not None and re.match(r"^\d{1,4}\.\s", text))
        ):
            return index
    return None


def _meeting_number(text: str) -> int | None:
    match = MEETING.search(text)
    if match:
        return int(match[1])
    words = MEETING_WORDS.search(text)
    if words:
        return _number_from_words(words["words"])
    return None


def _number_from_words(words: str) -> int | None:
    """ "three thousand and forty-sixth" → 3046."""
    total = current = 0
    tokens = re.split(r"[\s-]+", words.lower())
    if not tokens:
        return None
    tokens[-1] = ORDINALS.get(tokens[-1], tokens[-1])
    for token in tokens:
        if token == "and" or not token:
            continue
        if token in _UNITS:
            current += _UNITS[token]
        elif token in _TENS:
            current += _TENS[token]
        elif token == "hundred":
            current *= 100
        elif token == "thousand":
            total += current * 1000
            current = 0
        else:
            return None
    return total + current or None


def _meeting_date(texts: list[str]) -> tuple[re.Match, int] | None:
    """The meeting's date: the first one given with its weekday ("Friday, 10 January
    2020, 10 a.m."), else the first date of the header."""
    first = None
    for index, text in enumerate(texts):
        if re.match(r"(?i)^(?:president|members|present|agenda|provisional agenda)\b", text):
            break
        for match in DATE.finditer(text):
            if match["weekday"]:
                return match, index
            if first is None:
                first = (match, index)
    return first


def _president(rest: str, following: list[str]) -> tuple[str, str]:
    """The President's name and State: "Mr. Dang. . . . (Viet Nam)", "Mr. MAJOR (United
    Kingdom of …)", "Mr. A. J. GOLDBERG (United States of America)."."""
    rest = " ".join(rest.split()).rstrip(".")
    parts = LEADER.split(rest)
    if len(parts) > 1:
        person, country = parts[0].strip(), parts[-1].strip()
    else:
        match = re.match(r"^(?P<person>[^()]+?)\s*\((?P<country>.+)\)$", rest)
        if match is None and following and rest.count("(") > rest.count(")"):
            match = re.match(
                r"^(?P<person>[^()]+?)\s*\((?P<country>.+)\)$", rest + " " + following[0].rstrip(".")
            )
        if match is None:
            return rest, ""
        person, country = match["person"].strip(), match["country"]
    return person, country.strip().removeprefix("(").removesuffix(")").strip()


def _member(text: str) -> Member | None:
    parts = LEADER.split(text)
    if len(parts) == 2 and parts[0] and parts[1]:
        return Member(parts[0].strip(), parts[1].strip())
    titled = MEMBER_TITLED.match(text)
    if titled and not titled["country"].endswith(":"):
        return Member(titled["country"].strip(), titled["person"].strip())
    return None


def _present(text: str) -> list[Member]:
    text = re.sub(r"(?i)^the representatives of the following (?:States|countries|members)\s*:?", "", text)
    # "…, Union of Soviet Socialist Republics and United Kingdom of Great Britain and
    # Northern Ireland.": "and" joins the last two names, and is part of some.
    protected = COMPOUND_AND.sub(lambda m: m.group(0).replace(" and ", " \x00 "), text)
    names = [n.replace(" \x00 ", " and ").strip(" .") for n in re.split(r",|\s+and\s+(?=[A-Z])", protected)]
    return [Member(n, "") for n in names if n and n[0].isupper()]


def _continues(previous: str, text: str) -> bool:
    """Whether the agenda line ``text`` continues ``previous`` rather than starting anew."""
    last = previous.rsplit(" ", 1)[-1]
    return not text[:1].isupper() or last in CONNECTORS or previous.endswith((",", "-"))


COMPOUND_AND = re.compile(
    r"(?:Antigua|Bosnia|Saint\s+Kitts|Saint\s+Vincent|Sao\s+Tome|São\s+Tomé|Trinidad|Great\s+Britain|Turks"
    r"|Serbia|Saint\s+Pierre|Wallis|Heard\s+Island|South\s+Georgia)\s+and\s+"
)
CONNECTORS = {"of", "the", "to", "and", "from", "in", "on", "for", "by", "with", "at", "a", "an"}
