"""
The body of a verbatim record: its lines, one at a time, cut into speeches,
stage directions and votes.

Every line ends up in one of four places: the text of a speech, a heading
(a speech's, or the agenda item's over the speeches that follow), a stage
direction or vote the parser knows, or page furniture. A line that is none
of these is kept in ``unread`` with its page and line number, so that
nothing is lost silently.

Two readings of the same words, depending on the file:

* a born-digital record sets speakers' names in bold and stage directions
  in italics; the typeface confirms what the text says, and lets a heading
  with a name the parser has never seen through ("Hadiza (spoke in French):");
* a typescript or a scanned record has no typeface to go by: headings,
  stage directions and the titles of agenda items are read from their text
  alone (a known form of heading at the start of a paragraph; a known stage
  direction; a line in capitals or centred).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import statistics
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from ...names import normalise_name
from ..pdf import Line
from .cover import MONTHS, Cover
from .headings import Heading, heading_prefix, parse_heading
from .phrases import (
    CONTINUATION,
    LEFT_CHAIR,
    NOISE,
    RESUMED_ON,
    STAGE,
    TOOK_CHAIR,
    VOTE_LABELS,
    VOTE_LIST,
    furniture,
    on_behalf_of,
    split_capacity,
)
from .records import Speech, UnreadLine, VoteResult

LANGUAGE_SWITCH = re.compile(
    r"^\((?:spoke|interpretation|translated)\s+(?:in|from)\s+([A-Z][a-z]+(?:\s+and\s+[A-Z][a-z]+)?)\)$"
)
DOCUMENT = re.compile(r"\bS/(?:PRST/)?\d{4}/\d+(?:/(?:Add|Rev|Corr)\.\d+)*")
NUMBER_WORDS = {
    "none": 0, "no": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15,
}  # fmt: skip
COUNT = (
    r"(\d+|none|no|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen)"
)
RESULT = re.compile(
    rf"(?:received|is\s+as\s+follows:?|was\s+as\s+follows:?)\s+{COUNT}\s+votes?\s+in\s+favou?r"
    rf"(?:,\s+{COUNT}\s+(?:votes?\s+)?against\s+and\s+{COUNT}\s+abstentions?)?",
    re.IGNORECASE,
)
ADOPTED = re.compile(
    r"(?:has\s+been|is|was)\s+adopted(?P<unanimous>\s+unanimously)?\s+as\s+resolution\s+(\d+)\s+\((\d{4})\)"
)
NOT_ADOPTED = re.compile(r"has\s+not\s+been\s+adopted|was\s+not\s+adopted|is\s+not\s+adopted")
# The first title of every record's debate.
ADOPTION = re.compile(r"^Adoption\s+of\s+the\s+agenda$", re.IGNORECASE)
PARAGRAPH_NUMBER = re.compile(r"^\d{1,4}\.\s+(?=\S)")


@dataclass(slots=True)
class _Paragraph:
    lines: list[str]
    page: int
    last_page: int
    quote: bool = False  # a block quotation: every line indented


@dataclass(slots=True)
class _Held:
    """A line waiting for what follows to say what it is (a heading's first lines, a stage direction)."""

    text: str
    page: int
    number: int
    line: Line | None = None


@dataclass(slots=True)
class Layout:
    """What the body's lines look like in this file."""

    fonts: bool  # speakers' names are set in bold (a born-digital record)
    scan: bool  # no typeface at all: an OCR text layer, which has specks of noise
    states: Callable[[str], list[str]] = field(default=lambda text: [])  # States named in a text


class Body:
    """Reads the body's lines one page at a time and cuts them into speeches and votes."""

    # A line indented this much from its column's edge begins a paragraph.
    INDENT = 8.0

    def __init__(self, cover: Cover, name: str, layout: Layout) -> None:
        self.cover = cover
        self.name = name
        self.layout = layout
        self.speeches: list[Speech] = []
        self.votes: list[VoteResult] = []
        self.unread: list[UnreadLine] = []
        self.paragraphs: list[_Paragraph] = []  # of the current speech
        self.current: dict | None = None  # the current speech's heading fields
        self.pending: list[_Held] = []  # a heading not yet closed by its colon
        self.stage: list[_Held] = []  # a stage direction being read
        self.stage_by_text = False  # opened by its words, not its italics: goes on to the paragraph's end
        self.vote: dict | None = None  # a vote being read
        self.vote_list: str | None = None
        self.last_draft = ""
        self.previous: Line | None = None  # the last line of text read
        self.section: list[str] = []  # the body's heading over the current speeches
        self.in_section = False
        self.date = cover.date
        self.chair: tuple[str, str] | None = None  # who took the chair from the President
        self.numbered = False  # paragraphs numbered, as in the printed Official Records

    # Pages and lines -------------------------------------------------------

    def feed_page(self, lines: list[Line], page: int, skip: int = 0) -> None:
        """Read a page's lines (after the first ``skip``, which the cover took)."""
        body = [line for line in lines if not line.margin]
        two_columns = sum(line.column != "full" for line in body) > len(body) / 2
        pitches = [
            a.top - b.top
            for a, b in zip(body, body[1:], strict=False)
            if a.column == b.column and 0 < a.top - b.top < 40
        ]
        pitch = statistics.median(pitches) if pitches else 12.0
        previous: Line | None = None
        first_body = True
        for number, line in enumerate(lines, start=1):
            if number <= skip:
                continue
            if line.margin:
                if not body and not furniture(line.text) and not NOISE.match(line.text.strip()):
                    # A last page with a line or two of text near its top: nothing else to
                    # tell it from a running head but that it is not one. Read as text.
                    self.feed(replace(line, margin=False), page, number, starts=True, first=False)
                    continue
                self.feed(line, page, number, starts=False, first=False)
                continue
            gap = (
                previous is not None
                and previous.column == line.column
                and previous.top - line.top > 1.6 * pitch
                and not self.layout.fonts
            )
            starts = line.indent > self.INDENT or (two_columns and line.column == "full") or gap
            self.feed(line, page, number, starts=starts, first=first_body)
            previous, first_body = line, False

    def feed(
        self, line: Line, page: int, number: int, *, starts: bool, first: bool, held: bool = False
    ) -> None:
        """Read one line. ``held``: a line read again after it turned out not to begin a heading."""
        text = " ".join(line.text.split())
        if line.margin:
            if furniture(text) or (self.layout.scan and NOISE.match(text)):
                return
            self._unread(page, number, text)
            return
        if not text or (self.layout.scan and NOISE.match(text)):
            return
        if first and CONTINUATION.match(text):
            return  # "(Mr. Vorontsov, Russian Federation)": the speech goes on from the last page
        if self.pending:
            self._pending(line, text, page, number, starts)
            return
        if self._stage_line(line, text, page, number, starts):
            return
        if self.stage:
            self._end_stage()
        if self.vote_list is not None and not line.bold and not (starts and parse_heading(text)):
            self.vote[self.vote_list].append(text)
            return
        if starts:
            relaxed = self.layout.fonts and line.bold
            heading = parse_heading(text, relaxed=relaxed)
            if heading is not None:
                self._open_speech(heading, page)
                return
            if (
                not held
                and ":" not in text
                and (relaxed or not self.layout.fonts)
                and heading_prefix(text, relaxed=relaxed)
            ):
                self.pending = [_Held(text, page, number, line)]
                return
        if self._section_line(line, text, starts):
            return
        self.in_section = False
        if starts and self.numbered:
            text = PARAGRAPH_NUMBER.sub("", text)
        if self.current is None:
            # Before the first speech, or after the meeting rose: nobody's words.
            self._unread(page, number, text)
            self.previous = line
            return
        self._text(text, page, starts, line)

    def finish(self) -> None:
        if self.pending:
            held, self.pending = self.pending, []
            for index, item in enumerate(held):
                self.feed(item.line, item.page, item.number, starts=index == 0, first=False, held=True)
        if self.stage:
            self._end_stage()
        self._close_speech()

    def _unread(self, page: int, number: int, text: str) -> None:
        self.unread.append(UnreadLine(page, number, text))

    # Headings --------------------------------------------------------------

    def _pending(self, line: Line, text: str, page: int, number: int, starts: bool) -> None:
        """A heading set over several lines: "Mr. Cuéllar Suárez (Plurinational State
        of / Bolivia) (spoke in Spanish): At the outset…"."""
        first = self.pending[0]
        relaxed = self.layout.fonts and first.line is not None and first.line.bold
        joined = " ".join([*(held.text for held in self.pending), text])
        heading = parse_heading(joined, relaxed=relaxed) if ":" in text else None
        if heading is not None:
            self.pending = []
            self._open_speech(heading, first.page)
            return
        if len(self.pending) < 7 and not starts and heading_prefix(joined, relaxed=relaxed):
            self.pending.append(_Held(text, page, number, line))
            return
        # Not a heading after all: the lines are read again as what they are
        # (text, or the title of an agenda item), and this line after them.
        held, self.pending = self.pending, []
        for index, item in enumerate(held):
            self.feed(item.line, item.page, item.number, starts=index == 0 or starts, first=False, held=True)
        self.feed(line, page, number, starts=starts, first=False)

    def _section_line(self, line: Line, text: str, starts: bool) -> bool:
        """A heading in the body: the agenda item under consideration (its title,
        over one or more lines, then the letter or report considered), or another
        matter ("Expression of thanks to the outgoing President")."""
        if self.layout.fonts:
            if not (line.bold and (text[:1].isupper() or self.in_section)):
                return False
            title = line.indent <= self.INDENT
        else:
            capitals = re.sub(r"[^A-Za-z]", "", text)
            upper = len(capitals) >= 4 and capitals.isupper() and len(text.split()) >= 2
            centred = (
                line.indent > 24
                and line.right_indent > 24
                and abs(line.indent - line.right_indent) < 24
                and len(text) < 90
            )
            # The title of an agenda item the cover page lists, set in plain type.
            agenda = self._agenda_title(text) or ADOPTION.match(text) is not None
            if not (((starts or self.in_section) and (upper or centred)) or agenda) or (
                self.in_section and not (upper or centred or agenda)
            ):
                return False
            title = True
        self._close_paragraph()
        self.vote_list = None
        if title:
            if not self.in_section:
                self.section = []
            self.section.append(text)
            self.in_section = True
        return True

    def _agenda_title(self, text: str) -> bool:
        """Whether ``text`` begins one of the agenda's titles, or goes on with the one begun."""
        words = normalise_name(" ".join([*self.section, text]) if self.in_section else text)
        return len(words) > 3 and any(
            normalise_name(item.title).startswith(words) for item in self.cover.agenda
        )

    def _open_speech(self, heading: Heading, page: int) -> None:
        self._close_speech()
        self.previous = None
        self.vote_list = None
        self.in_section = False
        if heading.number is not None:
            self.numbered = True
        presiding = heading.presiding
        person, country = heading.name, heading.country
        if presiding:
            if self.chair and not heading.country:
                person, country = self.chair
            elif heading.name.lower().endswith(" president") and not heading.name.lower().startswith(
                ("the acting", "the vice", "the interim")
            ):
                person, country = self.cover.president_person, heading.country or self.cover.president_country
            elif not heading.country:
                country = None
        secretary_general = heading.role == "secretary-general"
        if presiding:
            capacity = "president"
        elif country and not secretary_general:
            capacity = "national" if self._is_member(country) else "invited"
        else:
            capacity = "briefer"
        self.current = {
            "heading": heading.printed,
            "person": person,
            "country": country,
            "language": heading.language,
            "capacity": capacity,
            "secretary_general": secretary_general,
            "section": " ".join(self.section),
            "date": self.date,
        }
        rest = heading.rest.strip()
        self.paragraphs = [_Paragraph([rest], page, page)] if rest else []

    def _is_member(self, country: str) -> bool:
        """Whether a State sits on the Council at this meeting (the cover page's list).

        Compared on folded names, one a prefix of the other ("United Kingdom" on a
        heading, "United Kingdom of Great Britain and Northern Ireland" on the cover).
        """
        members = [m.country for m in self.cover.members] + [self.cover.president_country]
        if not self.cover.members:
            return True
        wanted = normalise_name(country)
        for member in members:
            known = normalise_name(member)
            if known and (
                known == wanted or known.startswith(wanted + " ") or wanted.startswith(known + " ")
            ):
                return True
        return False

    # Speeches --------------------------------------------------------------

    def _close_speech(self) -> None:
        self._close_paragraph()
        if self.current is None:
            return
        paragraphs = [p for p in self.paragraphs if p.lines]
        if self.current["capacity"] == "president":
            # The President speaks for the presidency until "I shall now make a
            # statement in my capacity as the representative of Viet Nam", and
            # again from "I now resume my functions as President", at the start
            # of a paragraph or of a sentence within one.
            parts: list[tuple[str, list[_Paragraph]]] = [("president", [])]
            for paragraph in paragraphs:
                text = _join(paragraph.lines)
                pieces = split_capacity(text)
                for index, (change, piece) in enumerate(pieces):
                    capacity = parts[-1][0]
                    if change == "national" and capacity == "president":
                        parts.append(("national", []))
                    elif change == "president" and capacity == "national":
                        parts.append(("president", []))
                    lines = [piece] if len(pieces) > 1 else paragraph.lines
                    page = paragraph.page if index == 0 else paragraph.last_page
                    parts[-1][1].append(_Paragraph(lines, page, paragraph.last_page, paragraph.quote))
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
        text = "\n\n".join(_join(p.lines) for p in paragraphs)
        behalf = on_behalf_of(text, self.layout.states) if fields["capacity"] != "president" else []
        self.speeches.append(
            Speech(
                position=len(self.speeches) + 1,
                heading=fields["heading"],
                person=fields["person"],
                country=fields["country"],
                language=fields["language"],
                capacity=fields["capacity"],
                text=text,
                page_start=paragraphs[0].page,
                page_end=max(p.last_page for p in paragraphs),
                date=fields["date"],
                secretary_general=fields["secretary_general"],
                continued=fields.get("continued", False),
                section=fields["section"],
                on_behalf_of=behalf,
            )
        )

    # Paragraphs ------------------------------------------------------------

    def _text(self, text: str, page: int, starts: bool, line: Line | None = None) -> None:
        previous, self.previous = self.previous, line
        if self.current is None:
            return
        paragraph = self.paragraphs[-1] if self.paragraphs else None
        if paragraph is not None and line is not None and previous is not None and self.layout.fonts:
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

    def _stage_line(self, line: Line, text: str, page: int, number: int, starts: bool) -> bool:
        """Whether the line belongs to a stage direction (and take it if so)."""
        held = _Held(text, page, number, line)
        switch = LANGUAGE_SWITCH.match(text) is not None
        label = VOTE_LIST.match(text) is not None
        known = STAGE.match(text) is not None or (label and self.vote is not None)
        italic = self.layout.fonts and line.italic
        # A stage direction goes on over its next lines: in italics, or to the
        # end of its paragraph where it was known by its words.
        unfinished = bool(self.stage) and not self.stage[-1].text.endswith((".", ":", ")"))
        # In italics, to the last italic line of the paragraph (or of the sentence, when the
        # next line is set as a new paragraph); in plain text, to the sentence's end.
        goes_on = (not starts or unfinished) if italic else (unfinished and not starts)
        if self.stage and not switch and not label and italic != self.stage_by_text and goes_on:
            self.stage.append(held)
            return True
        if italic and self.current is not None and text.startswith("(") and not known:
            return False  # "(resolution 67/1, para. 3)": the source of a quotation, in the speech
        if italic:
            # Stage directions are paragraphs of their own, set in italics. An
            # italic word that happens to open a line inside a paragraph or a
            # quotation (a document symbol, a foreign word) is what was said.
            direction = (
                (starts and not self._continues_quotation(line)) or label or known or self.current is None
            )
        else:
            direction = known and (starts or self.current is None or label)
        if not (switch or direction):
            return False
        if self.stage:
            self._end_stage()
        self.in_section = False
        self.stage.append(held)
        self.stage_by_text = not italic
        if label or switch:
            self._end_stage()
        return True

    def _end_stage(self) -> None:
        held, self.stage = self.stage, []
        text = _join([item.text for item in held])
        label = VOTE_LIST.match(text)
        if label and self.vote is not None:
            self.vote_list = VOTE_LABELS[" ".join(label["label"].lower().split())]
            if label["rest"].strip():
                self.vote[self.vote_list].append(label["rest"].strip())
            return
        self.vote_list = None
        if LANGUAGE_SWITCH.match(text):
            return  # the speech goes on in another language: not part of its text
        if re.match(r"^(?:A|The)\s+(?:recorded\s+)?vote\s+was\s+taken", text):
            self._close_paragraph()
            subject = "amendment" if "amendment" in self._last_president_paragraph() else "draft resolution"
            # The speech that called the vote ends here; the next speech by the
            # President announces the result.
            self._close_speech()
            self.vote = {
                "in_favour": [], "against": [], "abstaining": [], "not_participating": [],
                "page": held[0].page, "subject": subject,
            }  # fmt: skip
            self.vote["draft"] = self.last_draft if subject == "draft resolution" else ""
            return
        if STAGE.match(text):
            resumed = RESUMED_ON.search(text)
            if resumed:
                self._resumed_on(resumed)
            took = TOOK_CHAIR.match(text)
            if took:
                self.chair = (" ".join(took["person"].split()), took["country"].strip())
            elif LEFT_CHAIR.match(text):
                self.chair = None
            self._close_speech()
            return
        for item in held:
            self._unread(item.page, item.number, item.text)

    def _resumed_on(self, match: re.Match) -> None:
        """ "The meeting was resumed at 3.05 p.m. on Monday, 13 January.": the
        speeches that follow were made on that day."""
        month = MONTHS.get(match["month"].lower())
        if month is None:
            return
        year = int(match["year"]) if match["year"] else self.date.year
        if not match["year"] and month < self.date.month:
            year += 1  # resumed in January of a meeting begun in December
        with contextlib.suppress(ValueError):  # a misprinted day: the day before stands
            self.date = dt.date(year, month, int(match["day"]))

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
        lists = {key: _countries(vote[key]) for key in ("in_favour", "against", "abstaining")}
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


def _countries(lines: list[str]) -> list[str]:
    """``Belgium, China, … United Kingdom of Great / Britain and Northern Ireland`` → names."""
    text = _join(lines)
    if text.strip().rstrip(".").casefold() in ("", "none"):
        return []
    return [name.strip().rstrip(".") for name in text.split(",") if name.strip()]
