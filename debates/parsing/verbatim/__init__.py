"""
Verbatim records of the Security Council (S/PV.NNNN): the speeches of a meeting.

A record is a PDF (``debates.parsing.pdf`` gives its lines in reading order).
Its cover page names the meeting, its date and place, the President and the
members' representatives, and the agenda. The body is a sequence of speeches,
each opening on an indented paragraph whose first words, in bold, name the
speaker: ``The President:``, ``Mr. Dang (Viet Nam):``, ``Mr. Baati (Tunisia)
(spoke in Arabic):``, or ``Mr. Griffiths:`` for someone the President invited
("I invite Mr. Martin Griffiths, Special Envoy of the Secretary-General for
Yemen, to participate…"). Italic lines are stage directions: the meeting's
opening and close, a vote by show of hands with its lists, a change of
language within a speech. Page furniture (running heads, footers, barcode,
page numbers) sits in the margins and is dropped.

Everything here is plain Python: ``parse_record`` returns dataclasses, and the
loader (``debates.loaders.verbatim``) maps them onto the models.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from debates.parsing.pdf import Line, PdfError, extract_lines

__all__ = [
    "AgendaItem",
    "Invitation",
    "Member",
    "Speech",
    "VerbatimError",
    "VerbatimRecord",
    "VoteResult",
    "find_invitations",
    "parse_lines",
    "parse_record",
]


class VerbatimError(ValueError):
    """The document is not a verbatim record this parser understands (one line, naming it)."""


@dataclass(slots=True)
class Member:
    """A Council member at this meeting and the person who sat for it."""

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
        return _surname_key(self.person).endswith(_surname_key(name))


@dataclass(slots=True)
class Speech:
    """One speech, in order, with the pages it spans."""

    position: int  # 1-based, in the record's order
    heading: str  # as printed, without the colon: "Mr. Baati (Tunisia) (spoke in Arabic)"
    person: str  # "Mr. Baati", or the President's name
    country: str | None  # the State in the heading, or the President's State
    language: str  # language of delivery when not English ("Arabic"), else ""
    capacity: str  # "president", "national" or "briefer"
    text: str  # paragraphs separated by blank lines
    page_start: int
    page_end: int
    role: str = ""  # for a speaker with no country: the office or organization from the invitation
    secretary_general: bool = False
    continued: bool = False  # the President's speech goes on in another capacity, with no new heading
    section: str = ""  # the body's heading the speech comes under
    item: str = ""  # the agenda item it is about: the section, when it is one of the agenda's titles

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


@dataclass(slots=True)
class VerbatimRecord:
    symbol: str  # "S/PV.8699 (Resumption 1)"
    meeting_number: int
    resumption: int  # 0 for the record of the meeting itself
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


# --- Patterns -----------------------------------------------------------------------

SYMBOL = re.compile(r"\bS/PV\.(\d+)(?: \(Resumption (\d+)\))?")
DOCUMENT = re.compile(r"\bS/(?:PRST/)?\d{4}/\d+(?:/(?:Add|Rev|Corr)\.\d+)*")
MEETING = re.compile(r"^(\d+)(?:st|nd|rd|th) meeting$")
WHEN = re.compile(
    r"^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), (\d{1,2} \w+ \d{4}), (.+)$"
)
LEADER = re.compile(r"\s*(?:\. ?){2,}\s*")  # the dot leaders of the cover page's tables
TITLES = r"Mr|Mrs|Ms|Miss|Dame|Sir|Dr|Lord|Baroness|Archbishop|Cardinal|Prince|Princess|Sheikh|Shaikh"
HEADING = re.compile(
    r"^(?P<name>The President|The Secretary-General|The Deputy Secretary-General"
    rf"|(?:{TITLES})\.? [^():]{{1,80}}?)"
    r"(?: \((?!spoke in)(?P<country>[^()]+(?:\([^()]*\)[^()]*)?)\))?"
    r"(?: \(spoke in (?P<language>[A-Z][a-z]+)\))?"
    r": ?(?P<rest>.*)$",
    re.DOTALL,
)
# "…the statement, which will be issued as a document of the Security Council
# under the symbol S/PRST/2020/1."
PRST = re.compile(r"under the symbol (S/PRST/\d{4}/\d+)")
LANGUAGE_SWITCH = re.compile(r"^\(spoke in ([A-Z][a-z]+)\)$")
NATIONAL = re.compile(r"^I shall now make a statement in my capacity as (?:the )?representative of ")
RESUME = re.compile(r"^I (?:now )?resume my functions as President")
INVITE = re.compile(
    r"\bI (?:also )?invite (?:the following to participate in (?:this|the) meeting: )?"
    r"(?P<who>.+?),? to participate in (?:this|the) meeting",
)
INVITE_TAIL = re.compile(
    r"\bI (?:also )?invite the following to participate in (?:this|the) meeting: (?P<who>.+)"
)
PERSON = re.compile(
    r"^(?:(?:His|Her) (?:Excellency|Royal Highness|Eminence) )?"
    rf"(?P<person>(?:{TITLES})\.? [^,]+), (?P<role>.+)$"
)
VOTE_LIST = {"In favour:": "in_favour", "Against:": "against", "Abstaining:": "abstaining"}
NUMBER_WORDS = {
    "none": 0, "no": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15,
}  # fmt: skip
COUNT = (
    r"(\d+|none|no|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen)"
)
RESULT = re.compile(
    rf"received {COUNT} votes? in favour(?:, {COUNT} against and {COUNT} abstentions?)?", re.IGNORECASE
)
ADOPTED = re.compile(
    r"(?:has been|is|was) adopted(?P<unanimous> unanimously)? as resolution (\d+) \((\d{4})\)"
)
NOT_ADOPTED = re.compile(r"has not been adopted|was not adopted|is not adopted")
# Page furniture, should any of it stray from the margins.
FURNITURE = re.compile(
    r"^(?:\d+/\d+ \d\d-\d{5}|\d\d-\d{5} \d+/\d+|\d\d-\d{5} ?\(E\)|\*\d{7}\*|"
    r"S/PV\.\d+.* \d\d/\d\d/\d{4}|\d\d/\d\d/\d{4} .*S/PV\.\d+(?: \(Resumption \d+\))?)$"
)
STAGE = re.compile(
    r"^The meeting (?:was called to order|rose|was suspended|was resumed)|^The agenda was adopted"
)


# --- Entry points ----------------------------------------------------------------------


def parse_record(data: bytes, name: str) -> VerbatimRecord:
    """Parse the PDF of a verbatim record. Raises ``VerbatimError`` (one line,
    naming ``name``) for a PDF that cannot be read or is not a verbatim record."""
    try:
        pages = extract_lines(data, name)
    except PdfError as exc:
        raise VerbatimError(str(exc)) from None
    return parse_lines(pages, name)


def parse_lines(pages: list[list[Line]], name: str) -> VerbatimRecord:
    """Parse a record from its pages' lines (see ``debates.parsing.pdf.extract_lines``)."""
    if not pages or not pages[0]:
        raise VerbatimError(f"{name}: not a verbatim record (empty first page)")
    cover = _parse_cover(pages[0], name)
    body = _Body(cover, name)
    for number, page in enumerate(pages[1:], start=2):
        for line in page:
            body.feed(line, number)
    body.finish()
    if not body.speeches:
        raise VerbatimError(f"{name}: no speech found in {cover['symbol']}")
    invitations = find_invitations(s.text for s in body.speeches if s.person == cover["president_person"])
    for speech in body.speeches:
        if speech.country is None and not speech.secretary_general:
            for invitation in invitations:
                if invitation.matches(speech.person):
                    speech.role = invitation.role
                    break
    titles = {" ".join(item.title.split()).casefold(): item.title for item in cover["agenda"]}
    for speech in body.speeches:
        speech.item = titles.get(" ".join(speech.section.split()).casefold(), "")
        # A resumption takes up the meeting's item without a heading.
        if not speech.section and len(titles) == 1:
            speech.item = cover["agenda"][0].title
    documents = _documents(cover["agenda"], body.speeches)
    return VerbatimRecord(
        symbol=cover["symbol"],
        meeting_number=cover["meeting_number"],
        resumption=cover["resumption"],
        date=cover["date"],
        time=cover["time"],
        place=cover["place"],
        president_person=cover["president_person"],
        president_country=cover["president_country"],
        members=cover["members"],
        agenda=cover["agenda"],
        documents=documents,
        invitations=invitations,
        speeches=body.speeches,
        votes=body.votes,
        presidential_statements=list(
            dict.fromkeys(
                symbol
                for speech in body.speeches
                if speech.capacity == "president"
                for symbol in PRST.findall(" ".join(speech.text.split()))
            )
        ),
        page_count=len(pages),
    )


def find_invitations(texts: Iterable[str]) -> list[Invitation]:
    """The people the President invited under rule 39, from the President's words.

    "I invite Mr. Martin Griffiths, Special Envoy of the Secretary-General for
    Yemen, to participate in this meeting" and "I also invite the following to
    participate in the meeting: His Excellency Mr. Olof Skoog, Head of
    Delegation of the European Union to the United Nations, and Mr. Robert
    Mardini, Permanent Observer of …". Representatives of States (rule 37)
    are named by their country in their headings and need no invitation.
    """
    found: list[Invitation] = []
    for text in texts:
        flat = " ".join(text.split())
        for pattern in (INVITE_TAIL, INVITE):
            for match in pattern.finditer(flat):
                who = match.group("who")
                if pattern is INVITE_TAIL:
                    who = _first_sentence(who)
                for part in re.split(r"[;,]? and (?=(?:(?:His|Her) \w+ )?(?:" + TITLES + r")\. )|; ", who):
                    person = PERSON.match(part.strip())
                    if person and not any(i.person == person["person"] for i in found):
                        found.append(Invitation(person["person"].strip(), person["role"].strip().rstrip(",")))
    return found


# --- Cover page ------------------------------------------------------------------------


def _parse_cover(lines: list[Line], name: str) -> dict:
    texts = [line.text for line in lines]
    head = " ".join(texts[:3])
    symbol = SYMBOL.search(head)
    if symbol is None or "Security Council" not in texts[:4]:
        raise VerbatimError(
            f"{name}: not a verbatim record of the Security Council (no S/PV symbol on page 1)"
        )
    meeting = when = None
    place = ""
    for index, text in enumerate(texts):
        if meeting is None and MEETING.match(text):
            meeting = int(MEETING.match(text).group(1))
        elif when is None and WHEN.match(text):
            when = WHEN.match(text)
            if index + 1 < len(texts) and not texts[index + 1].startswith(("President", "Provisional")):
                place = texts[index + 1]
    if meeting is None or when is None:
        raise VerbatimError(f"{name}: cover page has no meeting number or date")
    if meeting != int(symbol.group(1)):
        raise VerbatimError(f"{name}: cover page names meeting {meeting} but the record is {symbol.group(0)}")
    try:
        date = dt.datetime.strptime(when.group(1), "%d %B %Y").date()
    except ValueError:
        raise VerbatimError(f"{name}: unreadable date {when.group(1)!r} on the cover page") from None

    president_person = president_country = ""
    members: list[Member] = []
    agenda: list[AgendaItem] = []
    section = ""
    agenda_left = None  # where the agenda's titles start; the lines under them are set further in
    for line in lines:
        text = line.text
        if text.startswith("President:"):
            # "Mr. Dang. . . . (Viet Nam)": the leader separates person and State.
            parts = LEADER.split(text.removeprefix("President:").strip())
            person = parts[0].strip()
            country = parts[-1].strip().removeprefix("(").removesuffix(")") if len(parts) > 1 else ""
            president_person, president_country = person, country
            section = "president"
            continue
        if text.startswith("Members:"):
            section = "members"
            text = text.removeprefix("Members:").strip()
        elif text == "Agenda":
            section = "agenda"
            continue
        elif text.startswith("This record contains"):
            section = "notice"
        if section == "members":
            parts = LEADER.split(text)
            if len(parts) == 2 and parts[0] and parts[1]:
                members.append(Member(parts[0].strip(), parts[1].strip()))
        elif section == "agenda" and not line.margin:
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
    return {
        "symbol": symbol.group(0),
        "meeting_number": meeting,
        "resumption": int(symbol.group(2) or 0),
        "date": date,
        "time": when.group(2),
        "place": place,
        "president_person": president_person,
        "president_country": president_country,
        "members": members,
        "agenda": agenda,
    }


def _documents(agenda: list[AgendaItem], speeches: list[Speech]) -> list[str]:
    """Documents before the Council: those on the agenda and those the President
    draws attention to ("Members of the Council have before them document …")."""
    found = [symbol for item in agenda for symbol in item.documents]
    for speech in speeches:
        if speech.capacity != "president":
            continue
        for sentence in re.split(r"(?<=\.) ", " ".join(speech.text.split())):
            if re.search(
                r"have before them|draw the attention|contained in document|contains the text", sentence
            ):
                found.extend(DOCUMENT.findall(sentence))
    return list(dict.fromkeys(found))


# --- Body ------------------------------------------------------------------------------


@dataclass(slots=True)
class _Paragraph:
    lines: list[str]
    page: int
    last_page: int
    quote: bool = False  # a block quotation: every line indented


class _Body:
    """Reads the body's lines one at a time and cuts them into speeches and votes."""

    # A line indented this much from its column's edge begins a paragraph.
    INDENT = 8.0

    def __init__(self, cover: dict, name: str) -> None:
        self.cover = cover
        self.name = name
        self.speeches: list[Speech] = []
        self.votes: list[VoteResult] = []
        self.paragraphs: list[_Paragraph] = []  # of the current speech
        self.current: dict | None = None  # the current speech's heading fields
        self.pending_heading: list[Line] = []  # a heading not yet closed by its colon
        self.pending_page = 0
        self.italic: list[str] = []  # a stage direction being read
        self.vote: dict | None = None  # a vote being read
        self.vote_list: str | None = None
        self.last_draft = ""
        self.previous: Line | None = None  # the last line of text read
        self.section: list[str] = []  # the body's heading over the current speeches
        self.in_section = False

    # Lines -----------------------------------------------------------------

    def feed(self, line: Line, page: int) -> None:
        text = line.text
        if line.margin or FURNITURE.match(text):
            return
        starts = line.indent > self.INDENT or line.column == "full"
        if self.pending_heading:
            self.pending_heading.append(line)
            joined = " ".join(x.text for x in self.pending_heading)
            if HEADING.match(joined) and ":" in text:
                self._open_speech(joined, self.pending_page)
                self.pending_heading = []
            elif len(self.pending_heading) >= 3:
                # Not a heading after all: an ordinary bold line.
                lines, self.pending_heading = self.pending_heading, []
                for held in lines:
                    self._text(held.text, page, starts=False)
            return
        switch = LANGUAGE_SWITCH.match(text) is not None
        # Stage directions are paragraphs of their own, set in italics. An
        # italic word that happens to open a line inside a paragraph or a
        # quotation (a document symbol, a foreign word) is what was said.
        direction = line.italic and (
            (starts and not self._continues_quotation(line))
            or self.italic
            or text in VOTE_LIST
            or STAGE.match(text) is not None
            or text.startswith("A vote was taken")
            or self.current is None
        )
        if switch or direction:
            self.in_section = False
            self._stage(text, page, starts or switch)
            return
        if self.italic:
            self._end_stage(page)
        if self.vote_list is not None and not line.bold:
            self.vote[self.vote_list].append(text)
            return
        if line.bold and (text[:1].isupper() or self.in_section):
            if starts:
                match = HEADING.match(text)
                if match and ":" in text:
                    self._open_speech(text, page)
                    return
                if (
                    re.match(rf"^(?:The President|The Secretary-General|(?:{TITLES})\.? )", text)
                    and ":" not in text
                ):
                    self.pending_heading = [line]
                    self.pending_page = page
                    return
            # A bold heading in the body: the agenda item under consideration
            # (its title flush with the column, over one or more lines, then
            # indented the letter or report considered), or another matter
            # ("Expression of thanks to the outgoing President").
            self._close_paragraph()
            self.vote_list = None
            if line.indent <= self.INDENT:
                if not self.in_section:
                    self.section = []
                self.section.append(text)
                self.in_section = True
            return
        self.in_section = False
        self._text(text, page, starts, line)

    def finish(self) -> None:
        if self.italic:
            self._end_stage(0)
        self._close_speech()

    # Speeches --------------------------------------------------------------

    def _open_speech(self, heading_text: str, page: int) -> None:
        self._close_speech()
        self.previous = None
        self.vote_list = None
        flat = " ".join(heading_text.split())
        match = HEADING.match(flat)
        name = match["name"]
        heading = flat[: match.start("rest")].strip().rstrip(":").strip()
        president = name == "The President"
        self.current = {
            "heading": heading,
            "person": self.cover["president_person"] if president else name,
            "country": self.cover["president_country"] if president else match["country"],
            "language": match["language"] or "",
            "capacity": "president" if president else ("national" if match["country"] else "briefer"),
            "secretary_general": name.endswith("Secretary-General"),
            "section": " ".join(self.section),
        }
        self.paragraphs = [_Paragraph([match["rest"].strip()], page, page)] if match["rest"].strip() else []

    def _close_speech(self) -> None:
        self._close_paragraph()
        if self.current is None:
            return
        paragraphs = [p for p in self.paragraphs if p.lines]
        if self.current["capacity"] == "president":
            # The President speaks for the presidency until "I shall now make a
            # statement in my capacity as the representative of Viet Nam", and
            # again from "I now resume my functions as President".
            parts: list[tuple[str, list[_Paragraph]]] = [("president", [])]
            for paragraph in paragraphs:
                text = _join(paragraph.lines)
                capacity = parts[-1][0]
                if NATIONAL.match(text) and capacity == "president":
                    parts.append(("national", []))
                elif RESUME.match(text) and capacity == "national":
                    parts.append(("president", []))
                parts[-1][1].append(paragraph)
            first = True
            for capacity, group in parts:
                if group:
                    self._emit(dict(self.current, capacity=capacity, continued=not first), group)
                    first = False
        elif paragraphs:
            self._emit(self.current, paragraphs)
        self.current = None
        self.paragraphs = []

    def _emit(self, fields: dict, paragraphs: list[_Paragraph]) -> None:
        if self.vote is not None and fields["capacity"] == "president":
            self._announce(_join(paragraphs[0].lines))
        self.speeches.append(
            Speech(
                position=len(self.speeches) + 1,
                heading=fields["heading"],
                person=fields["person"],
                country=fields["country"],
                language=fields["language"],
                capacity=fields["capacity"],
                text="\n\n".join(_join(p.lines) for p in paragraphs),
                page_start=paragraphs[0].page,
                page_end=max(p.last_page for p in paragraphs),
                secretary_general=fields["secretary_general"],
                continued=fields.get("continued", False),
                section=fields["section"],
            )
        )

    # Paragraphs ------------------------------------------------------------

    def _text(self, text: str, page: int, starts: bool, line: Line | None = None) -> None:
        previous, self.previous = self.previous, line
        if self.current is None:
            return  # before the first speech: the agenda repeated in bold, stage directions
        paragraph = self.paragraphs[-1] if self.paragraphs else None
        if paragraph is not None and line is not None and previous is not None:
            # A block quotation is indented line after line (18 pt, its own
            # paragraphs' first lines 36 pt), where a paragraph indents only
            # its first: an indented line under an indented line that ran to
            # the column's edge (the sentence goes on), and no further in,
            # continues the quotation. The flush text after it is a new paragraph.
            if starts and self._continues_quotation(line, previous):
                starts = False
                paragraph.quote = True
            elif not starts and paragraph.quote:
                starts = True
        if starts or paragraph is None:
            self._close_paragraph()
            self.paragraphs.append(_Paragraph([text], page, page))
        else:
            paragraph.lines.append(text)
            paragraph.last_page = page

    def _continues_quotation(self, line: Line, previous: Line | None = None) -> bool:
        """Whether the indented ``line`` goes on with a block quotation: the line
        before it was indented too, ran to the column's edge (the sentence goes
        on) and did not close the quotation, and ``line`` is no further in."""
        previous = previous or self.previous
        return (
            previous is not None
            and line.indent > self.INDENT
            and previous.indent > self.INDENT
            and previous.right_indent < 4
            and line.indent < previous.indent + 3
            and not previous.text.endswith(("”", "”.", "”;", "”,"))
        )

    def _close_paragraph(self) -> None:
        if self.paragraphs and self.current and self.current["capacity"] == "president":
            text = _join(self.paragraphs[-1].lines)
            for symbol in DOCUMENT.findall(text):
                if re.search(r"draft resolution", text):
                    self.last_draft = symbol

    # Stage directions and votes --------------------------------------------

    def _stage(self, text: str, page: int, starts: bool) -> None:
        # "In favour:" is set flush with the column, right under "A vote was
        # taken by show of hands.": a label of its own, not a continuation.
        if self.italic and (starts or text in VOTE_LIST):
            self._end_stage(page)
        self.italic.append(text)
        if text in VOTE_LIST:
            self._end_stage(page)

    def _end_stage(self, page: int) -> None:
        text = _join(self.italic)
        self.italic = []
        if text in VOTE_LIST and self.vote is not None:
            self.vote_list = VOTE_LIST[text]
            return
        self.vote_list = None
        switch = LANGUAGE_SWITCH.match(text)
        if switch:
            return  # the speech goes on in another language: not part of its text
        if text.startswith("A vote was taken"):
            self._close_paragraph()
            subject = "amendment" if "amendment" in self._last_president_paragraph() else "draft resolution"
            # The speech that called the vote ends here; the next speech by the
            # President announces the result.
            self._close_speech()
            self.vote = {"in_favour": [], "against": [], "abstaining": [], "page": page, "subject": subject}
            self.vote["draft"] = self.last_draft if subject == "draft resolution" else ""
            return
        if STAGE.match(text):
            self._close_speech()

    def _last_president_paragraph(self) -> str:
        if self.current and self.current["capacity"] == "president" and self.paragraphs:
            return _join(self.paragraphs[-1].lines)
        return ""

    def _announce(self, text: str) -> None:
        """The President's announcement of the result closes the vote just taken:
        "The draft resolution received 15 votes in favour. The draft resolution
        has been adopted unanimously as resolution 2505 (2020)."."""
        vote, self.vote = self.vote, None
        flat = " ".join(text.split())
        result = RESULT.search(flat)
        announced = None
        if result:
            announced = tuple(
                0 if not g else NUMBER_WORDS[g.lower()] if g.lower() in NUMBER_WORDS else int(g)
                for g in result.groups()
            )
        adopted = ADOPTED.search(flat)
        lists = {key: _countries(vote[key]) for key in VOTE_LIST.values()}
        self.votes.append(
            VoteResult(
                subject=vote["subject"],
                draft_symbol=vote["draft"],
                adopted=bool(adopted) and not NOT_ADOPTED.search(flat),
                resolution_number=int(adopted.group(2)) if adopted else None,
                resolution_year=int(adopted.group(3)) if adopted else None,
                unanimous=bool(adopted and adopted["unanimous"]),
                in_favour=lists["in_favour"],
                against=lists["against"],
                abstaining=lists["abstaining"],
                announced=announced,
                page=vote["page"],
            )
        )


def _join(lines: list[str]) -> str:
    """Join a paragraph's lines: a line ending in a hyphen is a compound word
    broken at its hyphen (the UN does not hyphenate plain words), the hyphen
    stays; a document symbol broken after a slash is joined up."""
    out = ""
    for line in lines:
        if not out:
            out = line
        elif (out.endswith("-") and out[-2:-1].isalpha()) or out.endswith("/"):
            # "Secretary-" + "General"; a symbol broken after a slash, "A/74/" + "PV.9".
            out += line
        else:
            out += " " + line
    return out


def _first_sentence(text: str) -> str:
    """Up to the first full stop that ends a sentence, not a title ("Mr. ", "Mrs. ")."""
    for stop in re.finditer(r"\.(?: |$)", text):
        word = text[: stop.start()].rsplit(" ", 1)[-1]
        if not re.fullmatch(TITLES, word):
            return text[: stop.start()]
    return text


def _continues(previous: str, text: str) -> bool:
    """Whether the agenda line ``text`` continues ``previous`` rather than starting anew."""
    last = previous.rsplit(" ", 1)[-1]
    return not text[:1].isupper() or last in CONNECTORS or previous.endswith((",", "-"))


CONNECTORS = {"of", "the", "to", "and", "from", "in", "on", "for", "by", "with", "at", "a", "an"}


def _countries(lines: list[str]) -> list[str]:
    """``Belgium, China, … United Kingdom of Great / Britain and Northern Ireland`` → names."""
    text = _join(lines)
    if text.strip().rstrip(".").casefold() in ("", "none"):
        return []
    return [name.strip() for name in text.split(",") if name.strip()]


def _surname_key(name: str) -> str:
    name = re.sub(rf"^(?:(?:His|Her) \w+ )?(?:{TITLES})\.? ", "", name.strip())
    return " " + " ".join(name.casefold().split())
