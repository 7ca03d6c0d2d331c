"""Parser of the *Repertoire of the Practice of the Security Council*.

The input is the text of the Repertoire as extracted from the UN's two-column
PDF. Its quirks, all handled here:

* Footnote blocks (a line of underscores, then numbered footnotes) sit where a
  page or column ended, often in the middle of a sentence. They are taken out
  of the running text and the sentence is joined again.
* Footnote markers are glued to the text (``processes.2``, ``2004,1 the``,
  ``(2004).58``, even ``28 March 2007108`` for marker 108). Markers are
  numbered in order, restarting in each item, so the parser only accepts the
  *next expected* number at a glued position: real numbers (``resolution 1631
  (2005)``, ``5007th meeting``) are never taken for markers.
* Footnotes cite the verbatim record: ``S/PV.5007, pp. 3-4.``, lists of pages
  with the speakers in parentheses, ``Ibid.`` (the last record cited, across
  footnotes and page breaks) and ``respectively``.
* Each footnote marker closes a *passage*: the text since the previous marker
  of the paragraph. The footnote says who said it (one speaker, or a group of
  speakers each with a page), or the passage names the speakers and the
  footnote gives their citations in the same order.

The parser never guesses: a passage whose speaker it cannot determine is
reported in ``Repertoire.unattributed`` with the reason, not attributed.
Character offsets refer to the text as given to :func:`parse_repertoire`
(after line ends are normalised to ``\\n``).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from functools import lru_cache

from ..gazetteer import split_names

__all__ = [
    "Citation",
    "Decision",
    "Footnote",
    "Item",
    "Meeting",
    "ParseError",
    "Repertoire",
    "Statement",
    "Unattributed",
    "decode",
    "parse_citations",
    "parse_repertoire",
    "speaker_name",
    "text_from_pdf_lines",
]


class ParseError(ValueError):
    """The text is not a Repertoire extract the parser understands (one-line reason)."""


# --------------------------------------------------------------------------
# Parsed objects
# --------------------------------------------------------------------------


@dataclass
class Citation:
    """One reference to a verbatim record: ``S/PV.5007 (Resumption 1), p. 10 (France)``."""

    record: str
    pages: str
    page_start: int
    page_end: int
    speakers: list[str] = field(default_factory=list)

    @property
    def meeting(self) -> int:
        return int(self.record[5:].split(" ", 1)[0])


@dataclass
class Footnote:
    """A footnote of an item. ``kind`` is citation, document (a bare symbol) or note."""

    number: int
    text: str
    start: int
    end: int
    kind: str
    citations: list[Citation] = field(default_factory=list)
    symbol: str = ""
    respectively: bool = False


@dataclass
class Item:
    """A numbered item (``49``) or lettered sub-item (``49.A``)."""

    number: int
    letter: str
    title: str

    @property
    def code(self) -> str:
        return f"{self.number}.{self.letter}" if self.letter else str(self.number)


@dataclass
class Meeting:
    number: int
    date: date
    item: str
    record: str
    resumptions: int = 0
    kind: str = ""
    title: str = ""
    president: str = ""
    president_label: str = ""
    participants: list[str] = field(default_factory=list)
    all_members: bool = False
    documents: list[str] = field(default_factory=list)
    start: int = 0
    end: int = 0


@dataclass
class Decision:
    kind: str  # resolution, presidential_statement, draft_resolution or other
    symbol: str | None
    number: int | None
    year: int | None
    date: date
    meeting: int
    item: str
    title: str
    adopted: bool = True
    unanimous: bool = False
    summary: str = ""
    footnote: int | None = None


@dataclass
class Statement:
    """One speaker's position at one meeting, with the record and pages cited for it."""

    key: str
    group_key: str
    meeting: int
    item: str
    label: str
    name: str
    official: bool
    on_behalf_label: str
    on_behalf_of: str
    capacity: str
    record: str
    pages: str
    page_start: int
    page_end: int
    footnote: int
    text: str
    start: int
    end: int


@dataclass
class Unattributed:
    """A passage that reports positions but could not be attributed, and why."""

    item: str
    meeting: int | None
    footnote: int | None
    reason: str
    text: str
    start: int
    end: int


@dataclass
class Repertoire:
    items: list[Item] = field(default_factory=list)
    meetings: list[Meeting] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    footnotes: dict[str, list[Footnote]] = field(default_factory=dict)
    unattributed: list[Unattributed] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        """A JSON-ready dict (dates as ISO 8601): the golden-file format."""

        def conv(value):
            if isinstance(value, date):
                return value.isoformat()
            if isinstance(value, dict):
                return {k: conv(v) for k, v in value.items()}
            if isinstance(value, list):
                return [conv(v) for v in value]
            return value

        return conv(asdict(self))


# --------------------------------------------------------------------------
# Decoding
# --------------------------------------------------------------------------


def decode(data: bytes) -> str:
    """The document's text: UTF-8 (with or without BOM), line ends normalised.

    Raises ParseError for empty, binary or undecodable input (the caller names the file).
    """
    if not data.strip():
        raise ParseError("empty file")
    if b"\x00" in data[:4096]:
        raise ParseError("binary file, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ParseError(f"unreadable encoding (not UTF-8 at byte {exc.start})") from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def text_from_pdf_lines(pages: list[list]) -> str:
    """The text of a Repertoire PDF from its lines (``debates.parsing.pdf.extract_lines``).

    Running heads, footers and page numbers are left out; a line indented in
    its column (a paragraph's first line, a heading, a footnote) starts with a
    space, as in the text the UN extracts, which is what tells paragraphs apart.
    """
    out = []
    for page in pages:
        for line in page:
            if not line.margin:
                out.append((" " if line.indent > PDF_INDENT else "") + line.text)
    return "\n".join(out)


# Points of indentation that make a line indented: justified lines start within
# a point of their column's edge.
PDF_INDENT = 2.0


# --------------------------------------------------------------------------
# Citations and speaker names
# --------------------------------------------------------------------------

_CITE_TOKEN = re.compile(
    r"(?P<ibid>\bIbid\.)"
    r"|(?P<record>S/PV\.\d+(?:\s*\((?:Resumption|Part)\s+\d+\))?)"
    r"|(?P<pages>\bpp?\.\s*(?P<p1>\d+)(?:\s*[-\u2013]\s*(?P<p2>\d+))?)"
    r"|(?P<paren>\((?P<who>[^()]*)\))"
    r"|(?P<resp>\brespectively\b)"
)
_BARE_SYMBOL = re.compile(r"^(S/(?:PRST/)?\d{4}/\d+)\.?$")


def _split_speakers(who: str) -> list[str]:
    """``France, Panama`` is two speakers; ``Congo, on behalf of the Chairman of …`` one."""
    parts = _SPEAKER_SEPARATOR.split(who.strip())
    return [" ".join(p.split()) for p in parts if p.strip()]


_SPEAKER_SEPARATOR = re.compile(r",\s+(?!(?:speaking\s+)?on behalf of\b)")


def parse_citations(text: str, last_record: str | None) -> tuple[Footnote, str | None]:
    """Classify a footnote and read its citations.

    ``last_record`` is what ``Ibid.`` refers to (the last record cited by an
    earlier footnote of the item, or None). Returns the footnote (number and
    offsets left at 0) and what ``Ibid.`` refers to after it.
    """
    text = re.sub(r"\s+", " ", text).strip()
    bare = _BARE_SYMBOL.match(text)
    if bare:
        # A document before the Council (or the decision's symbol): a later
        # "Ibid." would refer to it, which is not a record.
        return Footnote(0, text, 0, 0, "document", symbol=bare.group(1)), None
    if not (text.startswith("Ibid.") or "S/PV." in text):
        return Footnote(0, text, 0, 0, "note"), None
    footnote = Footnote(0, text, 0, 0, "citation")
    record = None
    last_end = -1
    last_was_pages = False
    for m in _CITE_TOKEN.finditer(text):
        between = text[last_end : m.start()] if last_end >= 0 else ""
        if m.group("ibid"):
            if last_record is None:
                # "Ibid." after a document or a note: it cites no record.
                return Footnote(0, text, 0, 0, "note"), None
            record = last_record
            last_was_pages = False
        elif m.group("record"):
            record = re.sub(r"\s+", " ", m.group("record"))
            record = re.sub(r"\((Resumption|Part)", r" (\1", record).replace("  ", " ")
            last_was_pages = False
        elif m.group("pages"):
            if record is None:
                raise ParseError(f"page reference without a record in footnote “{text[:60]}”")
            p1 = int(m.group("p1"))
            p2 = int(m.group("p2") or p1)
            pages = f"{p1}-{p2}" if m.group("p2") else str(p1)
            footnote.citations.append(Citation(record, pages, p1, p2))
            last_was_pages = True
        elif m.group("paren"):
            # Speakers follow their page directly; any other parenthesis is prose.
            if last_was_pages and not between.strip() and footnote.citations:
                footnote.citations[-1].speakers = _split_speakers(m.group("who"))
            last_was_pages = False
        elif m.group("resp"):
            footnote.respectively = True
            last_was_pages = False
        last_end = m.end()
    return footnote, record if record is not None else last_record


_ON_BEHALF = re.compile(r"^(.+?),?\s+\(?(?:speaking\s+)?on behalf of\s+(?:the\s+)?(.+?)\)?$")
_PREFIX_TITLE = re.compile(
    r"^(?:Prime\s+)?(?:(?:Deputy|Assistant|Acting|Permanent|High|Executive)\s+)*"
    r"(?:Minister|Commissioner|Chair(?:man|person)?(?:-in-Office)?|Secretary-General|Presidency|"
    r"President|Observer|Representative|representative|Director-General|Commission|Executive\s+Secretary)"
    r"\b.*?\bof\s+(?:the\s+)?(.+)$"
)
_SUFFIX_TITLE = re.compile(r"^(.+?)\s+(?:Commissioner|Commission|Chair|Chairman|Chairperson|Presidency)$")
_UN_OFFICIAL = re.compile(r"^(?:Deputy\s+|Assistant\s+|Under-)?Secretary-General(?:\s+for\s+.+)?$")


def _principal_name(label: str) -> str:
    name = re.sub(r"^(?:[Tt]he\s+)", "", label.strip())
    name = re.sub(r"^representatives?\s+of\s+(?:the\s+)?", "", name)
    president = re.match(r"^President\s+\((.+)\)$", name)
    if president:
        return president.group(1)
    for _ in range(3):  # "representative of the Chair of the African Union"
        if _UN_OFFICIAL.match(name):
            return name
        m = _PREFIX_TITLE.match(name)
        if not m:
            break
        name = m.group(1)
    m = _SUFFIX_TITLE.match(name)
    if m:
        name = m.group(1)
    return re.sub(r"^the\s+", "", name)


@lru_cache(maxsize=4096)
def speaker_name(label: str) -> tuple[str, str, str]:
    """From a label as printed, the entity to resolve and whom it spoke for.

    Returns ``(name, on_behalf_label, on_behalf_name)``: ``"United Kingdom, on
    behalf of the European Union"`` gives ``("United Kingdom", "European Union",
    "European Union")``; a title naming an organization gives the organization
    (``"African Union Commissioner"`` → ``"African Union"``); ``"President
    (Romania)"`` gives ``"Romania"``; UN officials keep their title.
    """
    label = re.sub(r"\s+", " ", label).strip()
    behalf_label = behalf_name = ""
    m = _ON_BEHALF.match(label)
    if m:
        label, behalf_label = m.group(1), m.group(2)
        behalf_name = _principal_name(behalf_label)
    return _principal_name(label), behalf_label, behalf_name


# --------------------------------------------------------------------------
# Layout: lines, footnote blocks, paragraphs, markers
# --------------------------------------------------------------------------

_UNDERSCORES = re.compile(r"^\s*_{5,}\s*$")
_FOOTNOTE_START = re.compile(r"^\s*(\d{1,3})\s+(\S.*)$")
_ITEM_HEADING = re.compile(r"^\s*(\d{1,3})\.\s+([A-Z].*)$")
_SUBITEM_HEADING = re.compile(r"^\s*([A-Z])\.\s+([A-Z].*)$")
_INITIAL = re.compile(r"^\s*Initial proceedings\s*$")
_DECISION_HEADING = re.compile(r"^\s*(?:Decision|Deliberations) of \d{1,2} [A-Z][a-z]+ \d{4}\b")
_ABBREVIATIONS = {
    "p",
    "pp",
    "para",
    "paras",
    "chap",
    "sect",
    "vol",
    "art",
    "Art",
    "No",
    "Mr",
    "Mrs",
    "Ms",
    "Dr",
}
_ADOPTED = re.compile(
    r"(unanimously\s+)?adopted\s+(unanimously\s+)?resolution (\d+) \((\d{4})\)(,?\s+unanimously)?"
)
_POINT_BREAK = re.compile(r"(?<=;)\s+(?=[A-Z\[])")
_MEETING_OPENING = re.compile(r"^At its \d+(?:st|nd|rd|th) meeting\b")
_DECISION_DONE = re.compile(r"(?:statement by the President|resolution \d+ \(\d{4}\)|meeting\))\s*$")
_LINE_ENDS_SENTENCE = re.compile(r"[.:;!?][\u201d\u2019\"]?\d{0,3}$")
_PARAGRAPH_FIRST = frozenset('ABCDEFGHIJKLMNOPQRSTUVWXYZ[\u201c"')
_PAGE_ABBR = re.compile(r"\bpp?\.$")
_GLUE_BEFORE = re.compile(r"[^\W\d_]|[.,;:)\]\u201d\u2019\"]")


def _footnote_complete(text: str) -> bool:
    """Whether a footnote's text so far is a whole footnote (ends its last sentence)."""
    text = text.rstrip()
    if _BARE_SYMBOL.match(text) or re.match(r"^S/\d{4}/\d+$", text):
        return True  # a bare symbol, sometimes printed without its period
    if not text.endswith("."):
        return False
    last = re.search(r"(\S+)\.$", text)
    word = last.group(1) if last else ""
    if word == "Ibid":
        return text == "Ibid."
    return word not in _ABBREVIATIONS


def _join_lines(lines: list[str]) -> str:
    """Lines joined by a space, or by nothing after a line-end hyphen (a real hyphen)."""
    text = ""
    for line in lines:
        line = " ".join(line.split())
        if text and line and not text.endswith("-"):
            text += " "
        text += line
    return text


class _Text:
    """Text built from pieces of the source, mapping each position back to its offset."""

    __slots__ = ("parts", "cpos", "opos", "length")

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.cpos: list[int] = []
        self.opos: list[int] = []
        self.length = 0

    def add(self, piece: str, origin: int) -> None:
        if not piece:
            return
        self.cpos.append(self.length)
        self.opos.append(origin)
        self.parts.append(piece)
        self.length += len(piece)

    def add_separator(self, sep: str) -> None:
        self.parts.append(sep)
        self.length += len(sep)

    def ends_with(self, s: str) -> bool:
        return bool(self.parts) and self.parts[-1].endswith(s)

    def value(self) -> str:
        return "".join(self.parts)

    def origin(self, pos: int) -> int:
        i = bisect_right(self.cpos, pos) - 1
        if i < 0:
            return self.opos[0] if self.opos else 0
        return self.opos[i] + (pos - self.cpos[i])


@dataclass
class _Paragraph:
    text: str
    markers: list[tuple[int, int]]  # (footnote number, position in text)
    mapping: _Text
    start: int
    end: int

    def origin(self, pos: int) -> int:
        return self.mapping.origin(pos)


@dataclass
class _Heading:
    kind: str  # item, subitem, initial, decision
    text: str
    start: int
    number: int = 0
    letter: str = ""


class _Scanner:
    """Turns lines into headings and paragraphs (markers removed) and collects footnotes."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.has_blank_lines = "\n\n" in text or re.search(r"\n[ \t]+\n", text) is not None
        # Text extracted from a PDF has neither blank lines nor indentation:
        # paragraphs and headings must then be told from the text itself.
        self.flat = not self.has_blank_lines and not re.search(r"(?m)^[ \t]+\S", text)
        self._recent: list[int] = []
        self._last_line = ""
        self.events: list[_Heading | _Paragraph] = []
        self.footnotes: dict[str, dict[int, Footnote]] = {}
        self.warnings: list[str] = []
        self.item = 0
        self.letter = ""
        self.item_code = ""
        self.next_marker = 1
        self.next_footnote = 1
        self.seen_markers: dict[str, set[int]] = {}
        self._para: _Text | None = None
        self._para_markers: list[tuple[int, int]] = []
        self._para_start = 0
        self._para_end = 0
        self._heading: _Heading | None = None
        self._heading_lines: list[str] = []

    # -- paragraphs and headings ------------------------------------------------

    def _flush(self) -> None:
        if self._heading is not None:
            self._heading.text = _join_lines(self._heading_lines)
            self.events.append(self._heading)
            self._heading = None
        if self._para is not None:
            self.events.append(
                _Paragraph(
                    self._para.value(), self._para_markers, self._para, self._para_start, self._para_end
                )
            )
            self._para = None

    def _continue_line(self, line: str, start: int) -> None:
        if self._heading is not None:
            self._heading_lines.append(line.strip())
            return
        if self._para is None:
            self._para = _Text()
            self._para_markers = []
            self._para_start = start + (len(line) - len(line.lstrip()))
        self._append(line, start)

    def _append(self, line: str, start: int) -> None:
        stripped = line.rstrip()
        lead = len(stripped) - len(stripped.lstrip())
        piece = stripped[lead:]
        if not piece:
            return
        para = self._para
        if para.length and not para.ends_with("-"):
            # A line-end hyphen is a real hyphen ("Secretary-/General"): join
            # without a space. Any other line break is a space.
            para.add_separator(" ")
        origin = start + lead
        pos = 0
        for m_start, m_end in self._markers_in(piece):
            para.add(piece[pos:m_start], origin + pos)
            self._para_markers.append((int(piece[m_start:m_end]), para.length))
            pos = m_end
        para.add(piece[pos:], origin + pos)
        self._para_end = start + len(stripped)

    def _markers_in(self, piece: str) -> list[tuple[int, int]]:
        """The glued footnote markers of a line, in order: only the next expected numbers."""
        found = []
        pos = 0
        while True:
            m = self._find_marker(piece, str(self.next_marker), pos)
            if m is None:
                # One marker lost in the text (or unrecognisable) must not hide
                # all the following ones: accept the next number, and say so.
                m = self._find_marker(piece, str(self.next_marker + 1), pos)
                if m is None:
                    return found
                self.warnings.append(f"item {self.item}: no marker found for footnote {self.next_marker}")
                self.next_marker += 1
            found.append(m)
            self.seen_markers.setdefault(str(self.item), set()).add(self.next_marker)
            self.next_marker += 1
            pos = m[1]

    @staticmethod
    def _find_marker(piece: str, n: str, pos: int) -> tuple[int, int] | None:
        """Where marker ``n`` is glued to the text of ``piece`` (from ``pos``), if it is."""
        i = piece.find(n, pos)
        while i != -1:
            end = i + len(n)
            # A marker is never followed by a letter or digit ("2004th" is no marker 4).
            if i > 0 and (end == len(piece) or not (piece[end].isalnum() or piece[end] == "_")):
                before = piece[i - 1]
                if _GLUE_BEFORE.match(before):
                    # "processes.2", "2004,1", "(2004).58"; not "S/2004/546" nor "p.29".
                    if not (before == "." and _PAGE_ABBR.search(piece, 0, i)):
                        return i, end
                elif before.isdigit():
                    # A marker glued to a year: "28 March 2007108".
                    j = i
                    while j > 0 and piece[j - 1].isdigit():
                        j -= 1
                    if i - j == 4 and 1900 <= int(piece[j:i]) <= 2099:
                        return i, end
            i = piece.find(n, i + 1)
        return None

    # -- the scan ------------------------------------------------------------------

    def _heading_for(self, line: str) -> _Heading | None:
        if not line[:1].isspace() and not self.flat:
            return None  # headings are indented; unindented lines continue
        m = _ITEM_HEADING.match(line)
        if m and int(m.group(1)) > self.item and int(m.group(1)) < 1000:
            return _Heading("item", "", 0, number=int(m.group(1)))
        m = _SUBITEM_HEADING.match(line)
        if m and self.item and m.group(1) == (chr(ord(self.letter) + 1) if self.letter else "A"):
            return _Heading("subitem", "", 0, letter=m.group(1))
        if _INITIAL.match(line):
            return _Heading("initial", "", 0)
        if _DECISION_HEADING.match(line):
            return _Heading("decision", "", 0)
        return None

    def _start_heading(self, heading: _Heading, line: str, start: int) -> None:
        self._flush()
        heading.start = start + (len(line) - len(line.lstrip()))
        if heading.kind == "item":
            self.item = heading.number
            self.letter = ""
            self.item_code = str(self.item)
            # Footnote and marker numbering restart in each item.
            self.next_marker = 1
            self.next_footnote = 1
            text = _ITEM_HEADING.match(line).group(2)
        elif heading.kind == "subitem":
            self.letter = heading.letter
            self.item_code = f"{self.item}.{self.letter}"
            text = _SUBITEM_HEADING.match(line).group(2)
        else:
            text = line.strip()
        self._heading = heading
        self._heading_lines = [text.strip()]

    def _body_line(self, line: str, start: int, after_block: bool, interrupted: bool) -> None:
        heading = self._heading_for(line)
        if heading is not None:
            self._start_heading(heading, line, start)
        elif after_block and interrupted:
            self._continue_line(line, start)
        elif self.flat:
            self._flat_line(line, start)
        elif line[:1].isspace() or (self._para is None and self._heading is None):
            self._flush()
            self._continue_line(line, start)
        else:
            self._continue_line(line, start)
        stripped = line.strip()
        self._recent = [*self._recent[-5:], len(stripped)]
        self._last_line = stripped

    def _flat_line(self, line: str, start: int) -> None:
        """A line of text without indentation: does it go on, or start a paragraph?"""
        stripped = line.strip()
        opening = bool(_MEETING_OPENING.match(stripped))
        if self._heading is not None:
            if opening or (
                self._heading.kind == "decision" and _DECISION_DONE.search(" ".join(self._heading_lines))
            ):
                self._flush()
                self._continue_line(line, start)
            else:
                self._heading_lines.append(stripped)
            return
        # A paragraph ends with a sentence on a line shorter than the column;
        # the next one starts with a capital (or "[" in quoted decisions).
        ends = bool(_LINE_ENDS_SENTENCE.search(self._last_line))
        short = len(self._last_line) < 0.92 * max(self._recent, default=0)
        if self._para is None or opening or (ends and short and stripped[:1] in _PARAGRAPH_FIRST):
            self._flush()
        self._continue_line(line, start)

    def scan(self) -> None:
        lines = self.text.split("\n")
        offsets = []
        pos = 0
        for line in lines:
            offsets.append(pos)
            pos += len(line) + 1
        i = 0
        prev_blank = True
        while i < len(lines):
            line, start = lines[i], offsets[i]
            if not line.strip():
                prev_blank = True
                i += 1
                continue
            if _UNDERSCORES.match(line):
                i = self._footnote_block(lines, offsets, i + 1, blank_before=prev_blank)
                prev_blank = False
                continue
            self._body_line(line, start, after_block=False, interrupted=False)
            prev_blank = False
            i += 1
        self._flush()

    def _interrupted(self, blank_before: bool) -> bool:
        """Whether a footnote block cut a paragraph that goes on after it."""
        if self._para is None:
            return False
        if self.has_blank_lines:
            return not blank_before
        return not re.search(r"[.:;!?][\u201d\u2019\"]?$", self._para.value())

    def _footnote_block(self, lines: list[str], offsets: list[int], i: int, blank_before: bool) -> int:
        """Read the footnotes after a line of underscores; return the index of the next body line."""
        interrupted = self._interrupted(blank_before)
        current: list | None = None  # [number, [lines], start, end]
        numbers: list[int] = []
        item_notes = self.footnotes.setdefault(str(self.item), {})
        while i < len(lines):
            line, start = lines[i], offsets[i]
            if not line.strip():
                i += 1
                continue
            text_so_far = " ".join(current[1]) if current else ""
            # An unfinished footnote goes on ("… and p. 16" / "(Romania)."), unless a
            # heading shows that the body resumed after a footnote printed without its period.
            if (
                current is not None
                and not _footnote_complete(text_so_far)
                and self._heading_for(line) is None
            ):
                current[1].append(line.strip())
                current[3] = start + len(line.rstrip())
                i += 1
                continue
            m = _FOOTNOTE_START.match(line)
            if m and int(m.group(1)) == self.next_footnote and not _ITEM_HEADING.match(line):
                if current is not None:
                    self._store_footnote(item_notes, current)
                lead = len(line) - len(line.lstrip())
                current = [int(m.group(1)), [m.group(2).strip()], start + lead, start + len(line.rstrip())]
                numbers.append(current[0])
                self.next_footnote += 1
                i += 1
                continue
            break
        if current is not None:
            self._store_footnote(item_notes, current)
        if not numbers:
            self.warnings.append(f"footnote block at offset {offsets[i - 1] if i else 0} holds no footnote")
        elif self.next_marker <= numbers[-1]:
            # The footnotes of a page follow their markers: any marker not yet
            # seen is missing from the text (or unrecognisable). Say so and
            # resynchronise rather than mistake later numbers for it.
            for n in range(self.next_marker, numbers[-1] + 1):
                self.warnings.append(f"item {self.item_code}: no marker found for footnote {n}")
            self.next_marker = numbers[-1] + 1
        if i < len(lines):
            line = lines[i]
            self._body_line(line, offsets[i], after_block=True, interrupted=interrupted)
            return i + 1
        return i

    def _store_footnote(self, notes: dict[int, Footnote], current: list) -> None:
        number, parts, start, end = current
        notes[number] = Footnote(number, _join_lines(parts), start, end, "note")


# --------------------------------------------------------------------------
# Sentences and speakers named in the text
# --------------------------------------------------------------------------

_LAST_WORD = re.compile(r"(\w+)\W*$")
_SENTENCE_END = re.compile(r"[.?!][\u201d\u2019\"]?(?=\s+[A-Z\u201c\u2018\"(\[])")


def _sentences(text: str) -> list[int]:
    """Start positions of the sentences of a paragraph."""
    starts = [0]
    for m in _SENTENCE_END.finditer(text):
        word = _LAST_WORD.search(text, max(0, m.start() - 24), m.start() + 1)
        if word and (word.group(1) in _ABBREVIATIONS or len(word.group(1)) == 1 and word.group(1).isupper()):
            continue
        nxt = m.end()
        while nxt < len(text) and text[nxt].isspace():
            nxt += 1
        starts.append(nxt)
    return starts


# A capitalised name, its words joined by "of (the)", with a French particle
# ("Côte d’Ivoire"). A list of them is split by ``split_names``, which keeps
# "Bosnia and Herzegovina" whole.
_NAME = r"[A-Z][\w\u2019'-]*(?:\s+(?:of\s+(?:the\s+)?)?(?:[dl][\u2019'])?[A-Z][\w\u2019'-]*)*"
_NAMED = re.compile(
    # "the representative(s) of X (and Y)", optionally on behalf of someone.
    r"(?P<rep>\b[Tt]he\s+representatives?\s+of\s+(?:the\s+)?(?P<names>" + _NAME + r"(?:(?:,\s+|\s+and\s+)"
    r"(?:the\s+)?"
    + _NAME
    + r")*)(?:,?\s+(?:speaking\s+)?on\s+behalf\s+of\s+(?:the\s+)?(?P<behalf>[^,.;]+))?)"
    # "The Minister for Foreign Affairs of Mexico"
    r"|(?P<minister>\b[Tt]he\s+(?P<mtitle>(?:Prime\s+)?Minister\s+(?:for|of)\s+[\w\s]*?\s+of\s+(?P<mname>"
    + _NAME
    + r")))"
    # "The President (Romania)", "the President of the Council", "the President"
    r"|(?P<pres>\b[Tt]he\s+President(?:\s+\((?P<pname>[^()]+)\)|\s+of\s+the\s+Council)?)(?!\s+of\b)"
    # UN officials: "the Secretary-General", "The Assistant Secretary-General"
    r"|(?P<un>\b[Tt]he\s+(?P<untitle>(?:Deputy\s+|Assistant\s+|Under-)?Secretary-General)(?!\s+of\b))"
    # Titles in an organization: "the Commissioner for Peace and Security of the African Union"
    r"|(?P<org>\b[Tt]he\s+(?P<otitle>(?:(?:Deputy|Assistant|Acting|Permanent|High)\s+)*"
    r"(?:Commissioner|Chair(?:man|person)?(?:-in-Office)?|Secretary-General|Permanent\s+Observer|"
    r"Representative|Director-General|Executive\s+Secretary)\b[^.;]*?\s+of\s+the\s+" + _NAME + r"))"
)


@dataclass
class _Named:
    label: str
    name: str
    on_behalf_label: str
    on_behalf_of: str
    official: bool
    start: int
    president: bool = False


def _is_subject_position(text: str, start: int) -> bool:
    """Titles count as speakers only where a clause begins, not as objects ("with the Secretary-General")."""
    before = text[:start].rstrip()
    return not before or before[-1] in ".,;:\u2014"


def _named_speakers(text: str) -> list[_Named]:
    """Speakers a passage names, in order of appearance."""
    found: list[_Named] = []
    for m in _NAMED.finditer(text):
        if m.group("rep"):
            names = split_names(m.group("names"))
            behalf = (m.group("behalf") or "").strip()
            behalf_name = speaker_name(behalf)[0] if behalf else ""
            # The label is the phrase as printed ("representative of France",
            # "representatives of Chile and Mexico"), less its leading article
            # as for every other label; the name tells the speakers apart.
            printed = re.sub(r"^[Tt]he\s+", "", " ".join(m.group("rep").split()))
            for raw in names:
                name = re.sub(r"^the\s+", "", raw.strip())
                label = printed
                found.append(
                    _Named(
                        label,
                        name,
                        behalf if len(names) == 1 else "",
                        behalf_name if len(names) == 1 else "",
                        False,
                        m.start(),
                    )
                )
        elif m.group("minister"):
            found.append(_Named(m.group("mtitle"), m.group("mname"), "", "", False, m.start()))
        elif m.group("pres"):
            label = re.sub(r"^[Tt]he\s+", "", m.group("pres"))
            name = m.group("pname") or ""
            found.append(_Named(label, name, "", "", False, m.start(), president=not name))
        elif m.group("un"):
            if _is_subject_position(text, m.start()):
                title = m.group("untitle")
                found.append(_Named(title, title, "", "", True, m.start()))
        elif m.group("org") and _is_subject_position(text, m.start()):
            label = m.group("otitle")
            found.append(_Named(label, speaker_name(label)[0], "", "", False, m.start()))
    return found


# --------------------------------------------------------------------------
# Structure: items, meetings, decisions, statements
# --------------------------------------------------------------------------

_MEETING_PARA = re.compile(r"^At its (\d+)(?:st|nd|rd|th) meeting,?\s+on (\d{1,2} [A-Z][a-z]+ \d{4})")
_DECISION = re.compile(
    r"^(Decision|Deliberations) of (\d{1,2} [A-Z][a-z]+ \d{4}) \((\d+)(?:st|nd|rd|th) meeting\)(?::\s*(.+))?$"
)
_PRESIDED = re.compile(r"(?:presided over|chaired) by (?:the\s+)?(.+?\bof\s+(?:the\s+)?(" + _NAME + r"))")
_PARTICIPANTS = re.compile(
    r"(?:made statements,\s+(?:as did|in addition to)|[Ss]tatements were made by|heard briefings by)\s+"
)
_GROUP_WORDS = re.compile(
    r"\b(?:[Ss]peakers|[Dd]elegations|[Rr]epresentatives|[Oo]thers|[Mm]any|[Mm]ost|[Ss]everal|[Ss]ome)\b"
)
_TITLE_START = re.compile(
    r"^(?:representatives?|Secretary-General|Deputy|Assistant|Acting|Permanent|High|Commissioner|Chair|"
    r"Minister|President|Presidency|Director|Executive|Under-Secretary)"
)


def _date(text: str) -> date:
    return datetime.strptime(text, "%d %B %Y").date()


def _split_top(text: str, pattern: str) -> list[str]:
    """Split on a separator outside parentheses."""
    parts, depth, last = [], 0, 0
    for m in re.finditer(r"[()]|" + pattern, text):
        if m.group() == "(":
            depth += 1
        elif m.group() == ")":
            depth -= 1
        elif depth == 0:
            parts.append(text[last : m.start()])
            last = m.end()
    parts.append(text[last:])
    return [p.strip() for p in parts if p.strip()]


def _participants(sentence: str) -> list[str]:
    """The speakers a meeting paragraph lists, as printed (without articles)."""
    out: list[str] = []
    for segment in _split_top(sentence, r",\s+as well as(?: by)?\s+|,\s+the\s+|\s+and\s+the\s+|^the\s+"):
        segment = re.sub(r"^(?:the|and)\s+", "", segment).strip().rstrip(".")
        if not segment:
            continue
        plural = re.match(r"^representatives\s+of\s+(.+)$", segment)
        if plural or not _TITLE_START.match(segment):
            for part in _split_top(plural.group(1) if plural else segment, r",\s+"):
                out.extend(re.sub(r"^the\s+", "", name) for name in split_names(part))
        else:
            out.append(segment)
    return out


class _Builder:
    def __init__(self, scanner: _Scanner) -> None:
        self.scanner = scanner
        self.result = Repertoire(warnings=list(scanner.warnings))
        self.item: Item | None = None
        self.item_code = ""
        self.meeting: Meeting | None = None
        self.decision: Decision | None = None
        self.in_points = False
        self.points: list[str] = []
        self.meetings: dict[int, Meeting] = {}
        self.notes: dict[int, Footnote] = {}
        self.opening = False

    def build(self) -> Repertoire:
        self._read_footnotes()
        for event in self.scanner.events:
            if isinstance(event, _Heading):
                self._heading(event)
            else:
                self._paragraph(event)
        self._end_points()
        if not self.result.items:
            raise ParseError("not a Repertoire extract: no numbered item heading")
        if not self.result.meetings:
            raise ParseError("not a Repertoire extract: no meeting (“At its NNNNth meeting, on …”)")
        for code, seen in self.scanner.seen_markers.items():
            for n in sorted(seen - set(self.scanner.footnotes.get(code, {}))):
                self.result.warnings.append(f"item {code}: marker {n} has no footnote")
        return self.result

    def _read_footnotes(self) -> None:
        for code, notes in self.scanner.footnotes.items():
            last: str | None = None
            ordered = []
            for number in sorted(notes):
                raw = notes[number]
                parsed, last = parse_citations(raw.text, last)
                parsed.number, parsed.start, parsed.end = number, raw.start, raw.end
                parsed.text = re.sub(r"\s+", " ", raw.text).strip()
                notes[number] = parsed
                ordered.append(parsed)
            self.result.footnotes[code] = ordered

    # -- headings ---------------------------------------------------------------------

    def _heading(self, h: _Heading) -> None:
        if h.kind in ("item", "subitem", "decision"):
            self._end_points()
        if h.kind == "item":
            self.item = Item(h.number, "", h.text)
            self.result.items.append(self.item)
            self.item_code = self.item.code
            self.meeting = None
        elif h.kind == "subitem":
            sub = Item(self.item.number, h.letter, h.text)
            self.result.items.append(sub)
            self.item_code = sub.code
            self.meeting = None
        elif h.kind == "decision":
            m = _DECISION.match(h.text)
            if not m:
                raise ParseError(f"unreadable decision heading at offset {h.start}: “{h.text[:80]}”")
            when, number, what = _date(m.group(2)), int(m.group(3)), (m.group(4) or "").strip()
            self.meeting = self._meeting(number, when, h.start)
            self.decision = None
            if m.group(1) == "Decision":  # "Deliberations of …" is a meeting without a decision
                self._decision(h, what, when, number)
        self.notes = self.scanner.footnotes.get(self.item_code.split(".")[0], {})

    def _decision(self, h: _Heading, what: str, when: date, number: int) -> None:
        decision = Decision("other", None, None, None, when, number, self.item_code, h.text)
        res = re.match(r"resolution (\d+) \((\d{4})\)", what)
        if res:
            decision.kind, decision.number, decision.year = (
                "resolution",
                int(res.group(1)),
                int(res.group(2)),
            )
            decision.symbol = f"S/RES/{decision.number} ({decision.year})"
        elif what.startswith("statement by the President"):
            decision.kind = "presidential_statement"
        elif "draft resolution" in what:
            decision.kind, decision.adopted = "draft_resolution", False
        else:
            self.result.warnings.append(f"decision at offset {h.start} of a kind not known: “{what[:60]}”")
        self.decision = decision
        self.result.decisions.append(decision)

    def _meeting(self, number: int, when: date, start: int) -> Meeting:
        meeting = self.meetings.get(number)
        if meeting is None:
            meeting = Meeting(number, when, self.item_code, f"S/PV.{number}", start=start, end=start)
            self.meetings[number] = meeting
            self.result.meetings.append(meeting)
        elif meeting.date != when:
            raise ParseError(f"meeting {number} dated both {meeting.date} and {when}")
        return meeting

    def _end_points(self) -> None:
        if self.in_points and self.decision is not None:
            self.decision.summary = "\n".join(self.points)
        self.in_points = False
        self.points = []

    # -- paragraphs -------------------------------------------------------------------

    def _paragraph(self, p: _Paragraph) -> None:
        if self.item is None:
            raise ParseError("text before the first item heading: not a Repertoire extract")
        opening = _MEETING_PARA.match(p.text)
        self.opening = bool(opening)
        if opening:
            self._end_points()
            number, when = int(opening.group(1)), _date(opening.group(2))
            if (
                self.meeting is not None
                and self.meeting.number != number
                and self.decision
                and self.decision.meeting == self.meeting.number
                and not self.meeting.kind
            ):
                raise ParseError(
                    f"decision heading names meeting {self.meeting.number} but the paragraph at offset "
                    f"{p.start} describes meeting {number}"
                )
            self.meeting = self._meeting(number, when, p.start)
            self._describe_meeting(p.text)
        if self.meeting is None:
            self.result.warnings.append(f"paragraph at offset {p.start} belongs to no meeting")
            return
        self.meeting.end = max(self.meeting.end, p.end)
        if self.in_points:
            # One point per paragraph; text from a PDF may run points together,
            # but each ends with ";" and the next starts with a capital (or "[").
            self.points.extend(_POINT_BREAK.split(p.text.strip()))
            for number, _pos in p.markers:
                note = self.notes.get(number)
                if note and note.kind == "citation":
                    self.result.warnings.append(
                        f"item {self.item_code}: citation {number} inside decision text"
                    )
            return
        if not opening:
            self._president(p.text)
        sentences = _sentences(p.text)
        prev = 0
        for number, pos in p.markers:
            self._passage(p, sentences, prev, pos, number)
            prev = pos
        tail = p.text[prev:].strip()
        if tail and not opening:
            self._unmarked(p, sentences, prev, len(p.text))
        if re.search(r"\binter alia:\s*$", p.text):
            self.in_points = True
            self.points = []
            adopted = _ADOPTED.search(p.text)
            if adopted and self.decision is not None and self.decision.kind == "resolution":
                if self.decision.number != int(adopted.group(3)):
                    raise ParseError(
                        f"heading names resolution {self.decision.number}, text adopts {adopted.group(3)}"
                    )
                self.decision.unanimous = any(adopted.group(i) for i in (1, 2, 5))

    def _describe_meeting(self, text: str) -> None:
        meeting = self.meeting
        first = text[: (re.search(r"[.]\s+[A-Z]", text) or re.search(r"$", text)).start()]
        if "open debate" in first:
            meeting.kind = "open_debate"
        elif "debate" in first:
            meeting.kind = "debate"
        elif "briefing" in first:
            meeting.kind = "briefing"
        quoted = re.search(r"\u201c([^\u201d]+)\u201d", first)
        title = (
            quoted.group(1)
            if quoted
            else next(i.title for i in self.result.items if i.code == self.item_code)
        )
        meeting.title = re.sub(r"\s+", " ", title).strip()
        self._president(text)

    def _president(self, text: str) -> None:
        meeting = self.meeting
        m = _PRESIDED.search(text)
        if m and not meeting.president:
            meeting.president_label = m.group(1)
            meeting.president = m.group(2)
        m = re.search(r"\bThe President \((" + _NAME + r")\)", text)
        if m:
            if not meeting.president:
                meeting.president, meeting.president_label = m.group(1), f"President ({m.group(1)})"
            elif meeting.president != m.group(1):
                self.result.warnings.append(
                    f"meeting {meeting.number}: presided by {meeting.president} and by {m.group(1)}"
                )
        for trigger in _PARTICIPANTS.finditer(text):
            end = re.search(r"\.(?:\s|$)", text[trigger.end() :])
            listed = text[trigger.end() : trigger.end() + (end.start() if end else len(text))]
            if re.search(
                r"\ball (?:Council members|members of the Council)\b",
                text[: trigger.end() + len(listed)],
                re.IGNORECASE,
            ):
                meeting.all_members = True
            for name in _participants(listed):
                if re.match(r"^(?:by\s+)?all members of the Council$", name):
                    meeting.all_members = True
                elif name not in meeting.participants:
                    meeting.participants.append(name)

    def _span(self, p: _Paragraph, sentences: list[int], a: int, b: int) -> tuple[int, int]:
        """The whole sentences covering text[a:b]."""
        while a < b and p.text[a].isspace():
            a += 1
        s = sentences[bisect_right(sentences, a) - 1]
        i = bisect_right(sentences, max(b - 1, a))
        e = sentences[i] if i < len(sentences) else len(p.text)
        return s, e

    def _record(
        self,
        p: _Paragraph,
        s: int,
        e: int,
    ) -> tuple[str, int, int]:
        text = p.text[s:e].strip()
        lead = len(p.text[s:e]) - len(p.text[s:e].lstrip())
        return text, p.origin(s + lead), p.origin(s + lead + len(text) - 1) + 1

    def _unattributed(self, p, sentences, a, b, footnote, reason) -> None:
        s, e = self._span(p, sentences, a, b)
        text, start, end = self._record(p, s, e)
        self.result.unattributed.append(
            Unattributed(
                self.item_code,
                self.meeting.number if self.meeting else None,
                footnote,
                reason,
                text,
                start,
                end,
            )
        )

    def _unmarked(
        self, p: _Paragraph, sentences: list[int], a: int, b: int, footnote: int | None = None
    ) -> None:
        """Record a passage without a citation if it reports what speakers said."""
        passage = p.text[a:b]
        if self.opening:
            return  # the meeting's opening paragraph lists participants, not positions
        if (
            "drew attention" in passage
            or _PARTICIPANTS.search(passage)
            or _MEETING_PARA.match(passage.strip())
        ):
            return
        if _named_speakers(passage) or _GROUP_WORDS.search(passage):
            reason = (
                f"footnote {footnote} cites no record"
                if footnote
                else "no footnote cites a record for this passage"
            )
            self._unattributed(p, sentences, a, b, footnote, reason)

    def _passage(self, p: _Paragraph, sentences: list[int], a: int, b: int, number: int) -> None:
        note = self.notes.get(number)
        if note is None:
            self.result.warnings.append(f"item {self.item_code}: marker {number} has no footnote")
            return
        if note.kind == "document":
            if note.symbol.startswith("S/PRST/"):
                d = self.decision
                if (
                    d is not None
                    and d.kind == "presidential_statement"
                    and d.symbol is None
                    and d.meeting == self.meeting.number
                    and "statement" in p.text[max(0, a - 200) : b + 40]
                ):
                    d.symbol, d.footnote = note.symbol, number
                    d.number, d.year = int(note.symbol.split("/")[3]), int(note.symbol.split("/")[2])
                return
            if note.symbol not in self.meeting.documents:
                self.meeting.documents.append(note.symbol)
            self._unmarked(p, sentences, a, b, number)
            return
        if note.kind != "citation":
            self._unmarked(p, sentences, a, b, number)
            return
        passage = p.text[a:b]
        cites = note.citations
        listed = [c for c in cites if c.speakers]
        if listed:
            if len(listed) != len(cites):
                self._unattributed(p, sentences, a, b, number, "footnote gives speakers for only some pages")
                return
            pairs = [(c, label, None) for c in cites for label in c.speakers]
            s, e = self._span(p, sentences, a, b)
        else:
            named = []
            for n in _named_speakers(passage):
                if all((n.name, n.label) != (o.name, o.label) for o in named):
                    named.append(n)
            if not named:
                self._unattributed(p, sentences, a, b, number, "the passage names no speaker")
                return
            if len({(n.name, n.on_behalf_of) for n in named}) != len(named) or len(named) != len(cites):
                reason = (
                    f"the passage names {len(named)} speakers but the footnote gives {len(cites)} citations"
                )
                self._unattributed(p, sentences, a, b, number, reason)
                return
            pairs = [(c, n.label, n) for c, n in zip(cites, named, strict=True)]
            s, e = self._span(p, sentences, a + named[0].start, b)
        text, start, end = self._record(p, s, e)
        group = f"{self.item_code}/fn{number}" if len(pairs) > 1 else ""
        for order, (cite, label, named) in enumerate(pairs, start=1):
            statement = self._statement(cite, label, named, passage, number, order, group, text, start, end)
            if statement is None:
                self._unattributed(p, sentences, a, b, number, f"cannot tell who “{label}” is")
                continue
            if cite.meeting != self.meeting.number:
                self.result.warnings.append(
                    f"item {self.item_code}: footnote {number} cites {cite.record} under meeting "
                    f"{self.meeting.number}"
                )
            cited = self.meetings.get(cite.meeting)
            res = re.search(r"Resumption (\d+)", cite.record)
            if cited is not None and res:
                cited.resumptions = max(cited.resumptions, int(res.group(1)))
            self.result.statements.append(statement)

    def _statement(
        self, cite, label, named, passage, number, order, group, text, start, end
    ) -> Statement | None:
        if named is not None:
            name, behalf_label, behalf = named.name, named.on_behalf_label, named.on_behalf_of
            official = named.official
            president = named.president
        else:
            name, behalf_label, behalf = speaker_name(label)
            official = bool(_UN_OFFICIAL.match(name))
            president = False
        capacity = "on_behalf" if behalf else ("briefer" if official else "national")
        if president or label.startswith("President"):
            national = re.search(r"national capacity", passage)
            if president:
                name = self.meeting.president
                if not name:
                    return None
            capacity = "national" if national else "president"
        if official:
            # "The Assistant Secretary-General" is the one the meeting paragraph lists in full.
            full = [x for x in self.meeting.participants if x.startswith(name + " for ") and " of " not in x]
            if len(full) == 1:
                name = full[0]
        return Statement(
            key=f"{self.item_code}/fn{number}/{order}",
            group_key=group,
            meeting=cite.meeting,
            item=self.item_code,
            label=label,
            name=name,
            official=official,
            on_behalf_label=behalf_label,
            on_behalf_of=behalf,
            capacity=capacity,
            record=cite.record,
            pages=cite.pages,
            page_start=cite.page_start,
            page_end=cite.page_end,
            footnote=number,
            text=text,
            start=start,
            end=end,
        )


def parse_repertoire(text: str) -> Repertoire:
    """Parse the text of a Repertoire extract into items, meetings, decisions and statements.

    Raises ParseError (one line) if the text is not a Repertoire extract or its
    layout is not one the parser knows.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not re.search(r"(?m)^\s*\d{1,3}\.\s+[A-Z]", text):
        raise ParseError("not a Repertoire extract: no numbered item heading")
    scanner = _Scanner(text)
    scanner.scan()
    return _Builder(scanner).build()
