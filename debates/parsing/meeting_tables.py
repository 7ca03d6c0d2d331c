"""
Parser for the UN library's tables "Meetings conducted by the Security Council in YYYY".

One page per year (``scactYYYY_table_en.html``), 1946 to 2022, plus the 2020
videoconference table (``scact2020_covid_table_en.html``). Three layouts
occur, told apart by the header row, never by the year:

* 1946-1993: Meeting Record | Date | Topic | Outcome / Vote
* 1994-2020 (to March) and 2022: Meeting Record | Date | Press Release | Topic | Outcome / Vote
* 2021 and 2020 from March (videoconferences): Meeting Record | Date | Recording | Topic |
  Letter with Vote Procedure / Briefings | Letter with Vote Outcome | Outcome / Vote

Each row is one record: ``S/PV.5007`` and ``S/PV.5007 (Resumption 1)`` are
two rows of one meeting; a meeting that took up several topics spans rows
(``rowspan``) or continues in rows whose record and date cells are empty.
Videoconferences of 2020-2021 have no record ("--"); they are known by their
date and the letter that records their outcome.

How meetings count (what :meth:`MeetingTable.meetings` returns and what the
archive stores): one meeting per meeting number, however many rows its
resumptions and topics take; a closed meeting is a meeting like any other
(it has a number); a videoconference without a number is one meeting per
(date, letter). ``Meeting.resumptions`` is the highest resumption number.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from .html_table import Cell, expand_rows, read_rows

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}

# Column roles, recognised from the header text.
RECORD, DATE, PRESS, RECORDING, TOPIC, PROCEDURE_LETTER, OUTCOME_LETTER, OUTCOME = (
    "record",
    "date",
    "press",
    "recording",
    "topic",
    "procedure_letter",
    "outcome_letter",
    "outcome",
)
REQUIRED_ROLES = (RECORD, DATE, TOPIC, OUTCOME)
# The layouts the library has used (see the module docstring), column by column. A header in
# another order is refused: the cells under it would be read as what they are not.
KNOWN_LAYOUTS = (
    (RECORD, DATE, TOPIC, OUTCOME),
    (RECORD, DATE, PRESS, TOPIC, OUTCOME),
    (RECORD, DATE, RECORDING, TOPIC, PROCEDURE_LETTER, OUTCOME_LETTER, OUTCOME),
)

TITLE_RE = re.compile(r"Meetings conducted\s+by the Security Council in\s+(\d{4})", re.I)
RECORD_RE = re.compile(r"S/PV\.\s*(\d+)")
RESUMPTION_RE = re.compile(r"Resumption\s*(\d+|I+)?", re.I)
CLOSED_RE = re.compile(r"\b(closed|privada|private)\b", re.I)
PLACE_RE = re.compile(r"meeting held (?:in|at) ([^)]+)\)", re.I)
DAY_MONTH_RE = re.compile(r"(\d{1,2})(?:\s*(?:-|/|\+|and)\s*\d{1,2})?\s+([A-Za-z]+)\.?")
LETTER_RE = re.compile(r"S/\d{4}/\d+")
RESUMED_RE = re.compile(r"\s*\[resumed meeting\]?$", re.I)
EMPTY = {"", "--", "-", "—", "none issued", "n/a"}

# The outcome column: a sequence of entries, each starting at one of these.
VOTE_RE = re.compile(r"(?<![\d/])(\d{1,2})\s*-\s*(\d{1,2})\s*-\s*(\d{1,2})(?![\d/])")
RES_RE = re.compile(r"S/RES/\s*(\d+)\s*\((\d{4})\)")
PRST_RE = re.compile(r"S/PRST/(\d{4})/(\d+)")
DOC_RE = re.compile(r"S/(?:PV\.)?\d+(?:/\d+)*(?:/(?:Rev|Add|Corr)\.\d+)*")
ENTRY_RE = re.compile(
    r"Draft\s*resolution"
    r"|S/RES/\s*\d+\s*\(\d{4}\)"
    r"|S/PRST/\d{4}/\d+"
    r"|S/(?:PV\.)?\d+(?:/\d+)*(?:/Rev\.\d+)?\s*\(PRST\)"
    r"|PRST unnumbered"
    r"|S/\d{4}/\d+(?:/Rev\.\d+)?\s+(?:not adopted|vetoed)"
    r"|Communiqu"
    r"|\b(?:Note|Letter)\s*\(?\s*S/"
    r"|\bElection\b"
    r"|\bReferral\b",
    re.I,
)
# The permanent members as the tables and the veto list name them.
PERMANENT_MEMBER_RE = re.compile(
    r"Russian Federation|USSR|U\.S\.S\.R\.|Soviet Union|China|France|"
    r"United States(?: of America)?|USA|U\.S\.A\.|United Kingdom|UK|U\.K\.",
)


@dataclass
class Outcome:
    """One entry of the outcome column: a resolution, a statement, a draft not adopted…"""

    kind: str  # resolution | presidential_statement | draft_resolution | communique | other
    symbol: str | None  # None when the table gives none (a communiqué, an oral draft)
    text: str  # the entry as printed
    number: int | None = None
    year: int | None = None
    adopted: bool | None = None
    votes_for: int | None = None
    votes_against: int | None = None
    abstentions: int | None = None
    unanimous: bool = False
    vetoed_by: list[str] = field(default_factory=list)
    draft_symbol: str = ""
    topic: str = ""


@dataclass
class TableRow:
    """One row of a table: one record (a meeting or one of its resumptions)."""

    position: int  # row in the page, for error messages
    number: int | None
    record: str  # S/PV.5007, "" for videoconferences
    resumption: int
    date: date
    closed: bool
    place: str
    press_release: str
    topics: list[str]
    outcomes: list[Outcome]
    letters: list[str]
    videoconference: bool

    @property
    def key(self) -> str:
        """The meeting's natural key: its number, or the videoconference's date and letter."""
        if self.number is not None:
            return str(self.number)
        return videoconference_slug(self.date, self.letters, self.outcomes, self.topics)


@dataclass
class ParsedMeeting:
    """A meeting, its resumptions merged in."""

    slug: str
    number: int | None
    record: str
    date: date
    resumptions: int
    closed: bool
    place: str
    press_release: str
    topics: list[str]
    outcomes: list[Outcome]
    letters: list[str]
    videoconference: bool

    @property
    def letter(self) -> str:
        return self.letters[0] if self.letters else ""


@dataclass
class MeetingTable:
    """A parsed table page."""

    year: int
    title: str
    layout: tuple[str, ...]
    rows: list[TableRow]
    skipped: list[str]  # rows that could not be read, with the reason
    notes: list[str]

    def meetings(self) -> list[ParsedMeeting]:
        """One entry per meeting, in the table's order (see the module docstring for how they count)."""
        merged: dict[str, ParsedMeeting] = {}
        for row in self.rows:
            key = row.key
            meeting = merged.get(key)
            if meeting is None:
                merged[key] = ParsedMeeting(
                    slug=key,
                    number=row.number,
                    record=row.record,
                    date=row.date,
                    resumptions=row.resumption,
                    closed=row.closed and row.resumption == 0,
                    place=row.place,
                    press_release=row.press_release,
                    topics=list(row.topics),
                    outcomes=list(row.outcomes),
                    letters=list(row.letters),
                    videoconference=row.videoconference,
                )
                continue
            meeting.resumptions = max(meeting.resumptions, row.resumption)
            if row.resumption == 0:
                # The meeting itself, not a resumption, says whether it was
                # closed and gives the press release. The tables run in
                # reverse order, so it usually comes after its resumptions.
                meeting.closed = meeting.closed or row.closed
                meeting.press_release = meeting.press_release or row.press_release
            # A meeting is dated by its first day (S/PV.8699 on 9 January 2020,
            # its resumption on the 10th; S/PV.8773 "resumed" the next day).
            meeting.date = min(meeting.date, row.date)
            meeting.place = meeting.place or row.place
            for topic in row.topics:
                if topic not in meeting.topics:
                    meeting.topics.append(topic)
            for letter in row.letters:
                if letter not in meeting.letters:
                    meeting.letters.append(letter)
            meeting.outcomes.extend(row.outcomes)
        for meeting in merged.values():
            meeting.outcomes = _dedupe_outcomes(meeting.outcomes)
        return list(merged.values())


class TableError(ValueError):
    """The page is not a meetings table, or its layout is not one this parser knows."""


def videoconference_slug(day: date, letters: list[str], outcomes: list[Outcome], topics: list[str]) -> str:
    """``vtc-2020-04-09-s-2020-312``: the date and the letter recording the outcome.

    Where no letter is given the first outcome's symbol (or the topic) stands
    in, so that two videoconferences on one day stay apart.
    """
    tail = letters[0] if letters else next((o.symbol for o in outcomes if o.symbol), "") or "-".join(topics)
    tail = re.sub(r"[^a-z0-9]+", "-", tail.lower()).strip("-")[:80]
    return f"vtc-{day.isoformat()}-{tail}".rstrip("-")


def check_complete(html: str) -> None:
    """Raise TableError if the page stops inside its table (a truncated or damaged file).

    The library's pages close their last row, table or page; a file cut
    short inside a row would otherwise load as a shorter year.
    """
    tail = html[html.lower().rfind("<tr") :].lower()
    if not any(end in tail for end in ("</tr", "</table", "</html")):
        raise TableError("the page ends inside its table, after a partial row: a truncated or damaged file")


def looks_like_meeting_table(text: str) -> bool:
    return bool(TITLE_RE.search(text)) and "<table" in text.lower()


def parse_meeting_table(html: str, *, name: str = "") -> MeetingTable:
    """Parse one year's table page; raise TableError if it is not one or its layout changed."""
    title_match = TITLE_RE.search(html)
    if not title_match:
        raise TableError("not a table of Security Council meetings (no 'Meetings conducted … in YYYY' title)")
    check_complete(html)
    rows = read_rows(html)
    header_index, layout = _find_header(rows)
    notes: list[str] = []
    title_year = int(title_match.group(1))
    body = rows[header_index + 1 :]
    year = _year(title_year, name, html, notes)

    table = MeetingTable(
        year=year, title=title_match.group(0), layout=layout, rows=[], skipped=[], notes=notes
    )
    width = len(layout)
    previous: TableRow | None = None
    checked: list[dict[str, Cell]] = []
    for position, cells in expand_rows(body, width):
        position += header_index + 1
        if all(not cell.flat for cell in cells):
            continue
        if len(cells) < width and len(cells) >= width - 1 and cells[0].flat.startswith("S/PV"):
            # A row with its last cell forgotten (1961, S/PV.969): nothing was decided.
            cells = cells + [Cell()] * (width - len(cells))
            notes.append(f"row {position}: missing last cell, read as no outcome")
        if len(cells) == 1 and cells[0].colspan > 1 and not RECORD_RE.search(cells[0].flat):
            notes.append(f"row {position}: a note across the table: {cells[0].flat[:80]}")
            continue
        if len(cells) > width and all(cell.flat.lower() in EMPTY for cell in cells[width:]):
            # An empty cell too many (1964, S/PV.1152).
            notes.append(f"row {position}: {len(cells) - width} empty cell(s) too many, ignored")
            cells = cells[:width]
        if len(cells) != width:
            table.skipped.append(f"row {position}: {len(cells)} cells where the header has {width}")
            continue
        by_role = dict(zip(layout, cells, strict=True))
        checked.append(by_role)
        try:
            row = _parse_row(position, by_role, year, previous)
        except ValueError as exc:
            table.skipped.append(f"row {position}: {exc}")
            continue
        if row is None:  # a continuation row: more topics of the previous meeting
            continue
        table.rows.append(row)
        previous = row
    if len(table.skipped) > max(3, len(table.rows) // 20) or (table.skipped and not table.rows):
        # A few odd rows are the page's typos; many are a layout this parser
        # does not know, and loading the rest would silently lose meetings.
        raise TableError(
            f"changed layout: {len(table.skipped)} of {len(table.skipped) + len(table.rows)} rows "
            f"unreadable ({table.skipped[0]})"
        )
    if not table.rows:
        raise TableError("the table has a header but no meeting rows")
    _check_columns(table, checked)
    for row in table.rows:
        for outcome in row.outcomes:
            _fix_year(outcome, row, notes)
    return table


# What each column holds, when it holds anything: a column whose cells do not look like this in
# more than a few rows is not the column its header names (shifted or swapped cells), and reading
# it as that would file outcomes, topics and press releases under the wrong heading.
PRESS_RE = re.compile(r"^SC/\s*\d+")
LETTERS_RE = re.compile(r"^(?:S/\d{4}/\d+[\s,;+and]*)+")
NOT_A_TOPIC_RE = re.compile(r"^(?:SC/\s*\d+|S/(?:RES|PRST)/|\d{1,2}\s*-\s*\d{1,2}\s*-\s*\d{1,2}$)")
COLUMN_CHECKS = {
    PRESS: lambda text: bool(PRESS_RE.match(text)),
    PROCEDURE_LETTER: lambda text: bool(LETTERS_RE.match(text)),
    OUTCOME_LETTER: lambda text: bool(LETTERS_RE.match(text)),
    TOPIC: lambda text: not NOT_A_TOPIC_RE.match(text),
    OUTCOME: lambda text: bool(ENTRY_RE.search(text) or VOTE_RE.search(text)),
}
COLUMN_NAMES = {
    PRESS: "Press Release",
    PROCEDURE_LETTER: "Letter with Vote Procedure",
    OUTCOME_LETTER: "Letter with Vote Outcome",
    TOPIC: "Topic",
    OUTCOME: "Outcome / Vote",
}


def _check_columns(table: MeetingTable, rows: list[dict[str, Cell]]) -> None:
    """Raise TableError if a column's cells are not what its header says (see ``COLUMN_CHECKS``)."""
    limit = max(3, len(rows) // 10)
    for role, fits in COLUMN_CHECKS.items():
        if role not in table.layout:
            continue
        misfits = [
            cell.flat for row in rows if (cell := row[role]).flat.lower() not in EMPTY if not fits(cell.flat)
        ]
        if len(misfits) > limit:
            raise TableError(
                f"changed layout: the column '{COLUMN_NAMES[role]}' holds {misfits[0][:60]!r} and "
                f"{len(misfits) - 1} more cells that are not what it should hold: shifted or swapped columns"
            )


def _fix_year(outcome: Outcome, row: TableRow, notes: list[str]) -> None:
    """A resolution or statement bears the year of the meeting that adopted it.

    The tables misprint a few ("S/RES/770 (1991)" at the 3106th meeting, 13
    August 1992): the meeting's year, which the table's own title gives,
    corrects the symbol, so that it names the same Decision as the text does.
    """
    if outcome.year is None or outcome.year == row.date.year:
        return
    if outcome.kind == "resolution":
        symbol = f"S/RES/{outcome.number} ({row.date.year})"
    elif outcome.kind == "presidential_statement":
        symbol = f"S/PRST/{row.date.year}/{outcome.number}"
    else:
        return
    where = row.record or row.key
    notes.append(f"{outcome.symbol} at {where} of {row.date.isoformat()} read as {symbol}")
    outcome.symbol, outcome.year = symbol, row.date.year


def _find_header(rows: list[list[Cell]]) -> tuple[int, tuple[str, ...]]:
    for index, row in enumerate(rows):
        texts = [cell.flat.lower() for cell in row]
        if not any(text.startswith("meeting") for text in texts) or "date" not in texts:
            continue
        layout = tuple(_role(text) for text in texts)
        missing = [role for role in REQUIRED_ROLES if role not in layout]
        if missing or "" in layout:
            unknown = [cell.flat for cell, role in zip(row, layout, strict=True) if not role]
            problems = ([f"no {', '.join(missing)} column"] if missing else []) + (
                [f"unknown column {', '.join(repr(u) for u in unknown)}"] if unknown else []
            )
            header = " | ".join(cell.flat for cell in row)
            raise TableError(f"changed layout: {'; '.join(problems)} in the header '{header}'")
        if layout not in KNOWN_LAYOUTS:
            header = " | ".join(cell.flat for cell in row)
            raise TableError(f"changed layout: the columns '{header}' are in no order the library has used")
        return index, layout
    raise TableError("changed layout: no header row with 'Meeting Record' and 'Date' columns")


def _role(header: str) -> str:
    if header.startswith("meeting"):
        return RECORD
    if header == "date":
        return DATE
    if header.startswith("press"):
        return PRESS
    if header.startswith("recording"):
        return RECORDING
    if header.startswith("topic"):
        return TOPIC
    if header.startswith("letter with vote procedure"):
        return PROCEDURE_LETTER
    if header.startswith("letter with vote outcome"):
        return OUTCOME_LETTER
    if "outcome" in header:
        return OUTCOME
    return ""


def _year(title_year: int, name: str, html: str, notes: list[str]) -> int:
    """The year of the table.

    The title says it, except that the 2020 videoconference page kept the
    title of the 2021 page it was copied from. The symbols in the table
    (S/RES/2560 (2020), S/2020/1305, S/PRST/2020/13) settle which year is right.
    """
    name_match = re.search(r"(19|20)\d\d", name)
    candidates = {title_year}
    if name_match:
        candidates.add(int(name_match.group(0)))
    if len(candidates) == 1:
        return title_year
    years = Counter(int(y) for y in re.findall(r"S/RES/\d+\s*\((\d{4})\)", html))
    years.update(int(y) for y in re.findall(r"S/(?:PRST/)?(\d{4})/\d+", html))
    best = max(candidates, key=lambda y: (years.get(y, 0), y == title_year))
    if best != title_year:
        notes.append(f"title says {title_year} but the table's documents are of {best}: read as {best}")
    return best


def _parse_row(
    position: int, cells: dict[str, Cell], year: int, previous: TableRow | None
) -> TableRow | None:
    record_cell = cells[RECORD]
    record_text = record_cell.flat
    date_text = cells[DATE].flat
    topic = _topics(cells[TOPIC])
    outcomes = parse_outcomes(cells[OUTCOME])
    if not record_text and not date_text:
        if previous is None:
            raise ValueError("a row without record or date opens the table")
        for title in topic:
            if title not in previous.topics:
                previous.topics.append(title)
        for outcome in outcomes:
            outcome.topic = outcome.topic or (topic[0] if topic else "")
        previous.outcomes.extend(outcomes)
        return None

    day = _date(date_text, year)
    match = RECORD_RE.search(record_text)
    letters: list[str] = []
    for role in (OUTCOME_LETTER, PROCEDURE_LETTER):
        if role in cells:
            letters += [symbol for symbol in LETTER_RE.findall(cells[role].flat) if symbol not in letters]
    if match:
        number = int(match.group(1))
        record = f"S/PV.{number}"
        resumption = _resumption(record_text)
        videoconference = False
    elif record_text.lower() in EMPTY:
        if not letters and not outcomes:
            raise ValueError(f"no meeting record and no letter ({record_text!r})")
        number, record, resumption, videoconference = None, "", 0, True
    else:
        raise ValueError(f"unreadable meeting record {record_text!r}")
    for outcome in outcomes:
        outcome.topic = topic[0] if topic else ""
    press = cells[PRESS].flat if PRESS in cells else ""
    place = PLACE_RE.search(record_text)
    return TableRow(
        position=position,
        number=number,
        record=record,
        resumption=resumption,
        date=day,
        closed=bool(CLOSED_RE.search(record_text)),
        place=place.group(1).strip() if place else "",
        press_release="" if press.lower() in EMPTY else press[:32],
        topics=topic,
        outcomes=outcomes,
        letters=letters,
        videoconference=videoconference,
    )


def _resumption(text: str) -> int:
    match = RESUMPTION_RE.search(text)
    if not match:
        return 0
    value = match.group(1)
    if not value:
        return 1  # "S/PV.3046 (Resumption)": the only one
    return len(value) if set(value) == {"I"} else int(value)


def _date(text: str, year: int) -> date:
    match = DAY_MONTH_RE.search(text)
    if not match or match.group(2).lower() not in MONTHS:
        raise ValueError(f"unreadable date {text!r}")
    try:
        return date(year, MONTHS[match.group(2).lower()], int(match.group(1)))
    except ValueError as exc:
        raise ValueError(f"impossible date {text!r} in {year}") from exc


def _topics(cell: Cell) -> list[str]:
    """The topics of a cell: one per paragraph (blank line), trailing document lists kept."""
    text = re.sub(r"\n\s*\n", "\n\n", cell.text.replace("\r", ""))
    topics = []
    for paragraph in re.split(r"\n\s*\n", text):
        # "… [resumed meeting]" (S/PV.8773 on its second day) is the same topic.
        title = RESUMED_RE.sub("", " ".join(paragraph.split()))
        if title and title.lower() not in EMPTY and title not in topics:
            topics.append(title)
    return topics


def parse_outcomes(cell: Cell) -> list[Outcome]:
    """The entries of an outcome cell, in order."""
    text = " ".join(cell.text.split())
    if text.lower() in EMPTY:
        return []
    starts = [match.start() for match in ENTRY_RE.finditer(text)]
    # "Draft resolution S/1921 not adopted": the symbol belongs to the draft entry.
    starts = [
        start
        for i, start in enumerate(starts)
        if not (i > 0 and text[starts[i - 1] : start].strip().lower().replace(" ", "") == "draftresolution")
    ]
    if not starts:
        vote = VOTE_RE.fullmatch(text)
        if vote and int(vote.group(1)) < 9:
            # A bare tally short of the nine votes a decision needs (S/PV.8823,
            # "2-0-13"): a draft put to the vote and not adopted, symbol not given.
            votes_for, against, abstaining = (int(g) for g in vote.groups())
            return [
                Outcome(
                    kind="draft_resolution",
                    symbol=None,
                    text=text,
                    adopted=False,
                    votes_for=votes_for,
                    votes_against=against,
                    abstentions=abstaining,
                )
            ]
        return [Outcome(kind="other", symbol=None, text=text)]
    outcomes = []
    if text[: starts[0]].strip(" +,;") and not text[: starts[0]].strip().lower().startswith("and"):
        outcomes.append(Outcome(kind="other", symbol=None, text=text[: starts[0]].strip()))
    for start, end in zip(starts, starts[1:] + [len(text)], strict=True):
        entry = text[start:end].strip(" +,;")
        entry = re.sub(r"\s+and$", "", entry)
        outcomes.append(_outcome(entry))
    return outcomes


def _outcome(entry: str) -> Outcome:
    lower = entry.lower()
    vote = VOTE_RE.search(entry)
    if lower.startswith("draft") or " not adopted" in lower or " vetoed" in lower:
        symbol_match = DOC_RE.search(entry)
        draft = symbol_match.group(0) if symbol_match else ""
        vetoed = re.search(r"vetoed\s+by\s+(.+?)(?:\s*\d{1,2}\s*-\s*\d|$)", entry, re.I)
        outcome = Outcome(
            kind="draft_resolution",
            # A draft put orally has no symbol of its own: the table names the
            # record (S/PV.57) where it was put to the vote. Nor has the
            # "preliminary question" whether a vote on a draft is procedural
            # (S/552 at the 202nd meeting): it names the draft it is about.
            symbol=draft
            if draft and not draft.startswith("S/PV") and "preliminary question" not in lower
            else None,
            text=entry,
            adopted=False,
            draft_symbol=draft,
            vetoed_by=permanent_members(vetoed.group(1)) if vetoed else [],
        )
    elif match := RES_RE.match(entry):
        number, year = int(match.group(1)), int(match.group(2))
        outcome = Outcome(
            kind="resolution",
            symbol=f"S/RES/{number} ({year})",
            text=entry,
            number=number,
            year=year,
            adopted=True,
            unanimous="unanim" in lower,
        )
    elif match := PRST_RE.match(entry):
        outcome = Outcome(
            kind="presidential_statement",
            symbol=match.group(0),
            text=entry,
            number=int(match.group(2)),
            year=int(match.group(1)),
            adopted=True,
        )
    elif "(prst)" in lower.replace(" ", "") or lower.startswith("prst"):
        # Before 1994 statements were issued as ordinary documents (S/17575)
        # or read into the record (S/PV.1922): the latter has no symbol.
        symbol_match = DOC_RE.match(entry)
        symbol = symbol_match.group(0) if symbol_match else None
        outcome = Outcome(
            kind="presidential_statement",
            symbol=None if not symbol or symbol.startswith("S/PV") else symbol,
            text=entry,
            adopted=True,
        )
    elif lower.startswith("communiqu"):
        outcome = Outcome(kind="communique", symbol=None, text=entry)
    else:
        symbol_match = DOC_RE.search(entry)
        symbol = (
            symbol_match.group(0) if symbol_match and not symbol_match.group(0).startswith("S/PV") else None
        )
        outcome = Outcome(kind="other", symbol=symbol, text=entry)
    if vote and outcome.kind in ("resolution", "draft_resolution"):
        outcome.votes_for, outcome.votes_against, outcome.abstentions = (int(g) for g in vote.groups())
        outcome.unanimous = outcome.unanimous or (outcome.votes_against == 0 and outcome.abstentions == 0)
    return outcome


def permanent_members(text: str) -> list[str]:
    """The permanent members named in ``text`` ("USA, France and UK"), in order, as written."""
    return list(dict.fromkeys(match.group(0) for match in PERMANENT_MEMBER_RE.finditer(text)))


def _dedupe_outcomes(outcomes: list[Outcome]) -> list[Outcome]:
    """One entry per symbol (resumption rows repeat what the meeting decided)."""
    seen: dict[tuple, Outcome] = {}
    for outcome in outcomes:
        key = (outcome.symbol,) if outcome.symbol else (outcome.kind, outcome.text)
        if key not in seen:
            seen[key] = outcome
    return list(seen.values())


# --- The veto list -----------------------------------------------------------

VETO_TITLE_RE = re.compile(r"Security Council\s*-\s*Veto List", re.I)
FULL_DATE_RE = re.compile(r"(\d{1,2})\s+([A-Za-z]+)\.?\s+(\d{4}|\d{2})\b")


@dataclass
class Veto:
    """One row of the veto list: a draft defeated by the negative vote of permanent members."""

    position: int
    date: date
    draft: str  # as printed: S/2022/431, S/552, S/PV.202 or S/PV.57 for an oral proposal
    symbol: str | None  # the draft's own symbol; None for a proposal put orally
    meeting: int | None
    letters: list[str]  # 2020 videoconferences: the letters recording the vote
    agenda: str
    members: list[str]


@dataclass
class VetoList:
    vetoes: list[Veto]
    skipped: list[str]


def looks_like_veto_list(text: str) -> bool:
    return bool(VETO_TITLE_RE.search(text)) and "<table" in text.lower()


def parse_veto_list(html: str) -> VetoList:
    """Parse the library's veto list (Date | Draft | Written Record | Agenda Item | Members)."""
    if not VETO_TITLE_RE.search(html):
        raise TableError("not the Security Council veto list (no 'Veto List' title)")
    check_complete(html)
    rows = read_rows(html)
    index = next((i for i, row in enumerate(rows) if row[0].flat.lower() == "date"), None)
    if index is None:
        raise TableError("changed layout: no header row starting with 'Date'")
    row = rows[index]
    texts = [cell.flat.lower() for cell in row]
    expected = ["date", "draft", "written record", "agenda item", "permanent member casting negative vote"]
    if texts != expected:
        raise TableError(f"changed layout: header {' | '.join(cell.flat for cell in row)}")
    result = VetoList(vetoes=[], skipped=[])
    for position, cells in expand_rows(rows[index + 1 :], len(expected)):
        position += index + 1
        if len(cells) != len(expected):
            result.skipped.append(f"row {position}: {len(cells)} cells where the header has 5")
            continue
        day_text, draft_text, record_text, agenda, members_text = (cell.flat for cell in cells)
        match = FULL_DATE_RE.search(day_text)
        members = permanent_members(members_text)
        if not match or match.group(2).lower() not in MONTHS or not members:
            result.skipped.append(
                f"row {position}: unreadable date or members ({day_text!r}, {members_text!r})"
            )
            continue
        year = int(match.group(3))
        if year < 100:  # "30 January 86": the list runs from 1946
            year += 1900 if year >= 46 else 2000
        day = date(year, MONTHS[match.group(2).lower()], int(match.group(1)))
        drafts = DOC_RE.findall(draft_text)
        own = [symbol for symbol in drafts if not symbol.startswith("S/PV")]
        record = RECORD_RE.search(record_text)
        result.vetoes.append(
            Veto(
                position=position,
                date=day,
                draft=draft_text,
                symbol=own[0] if own else None,
                meeting=int(record.group(1)) if record else None,
                letters=LETTER_RE.findall(record_text),
                agenda=agenda,
                members=members,
            )
        )
    # "S/552" and "S/552, S/PV.202" at one meeting: two vetoes, the second on a
    # question put orally about the draft (whether the vote was procedural).
    # That one is a proposal of its own, without a symbol.
    alone = Counter((v.meeting, v.symbol) for v in result.vetoes if v.symbol and "S/PV" not in v.draft)
    for veto in result.vetoes:
        if veto.symbol and "S/PV" in veto.draft and alone[(veto.meeting, veto.symbol)]:
            veto.symbol = None
    return result
