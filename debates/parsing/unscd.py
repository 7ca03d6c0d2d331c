"""
The *UN Security Council Debates* corpus (Schoenfeld, Eckhard, Patz, van
Meegdenburg, Pires; Harvard Dataverse, doi:10.7910/DVN/KGVSYH), read as its
authors publish it.

A release is a folder of three things:

* ``speaker.tsv``: one row per speech. An unnamed R row-number column, then
  named columns, read by name: ``filename``, ``document_symbol`` (``S/PV.8699
  (Resumption 1)``, or the letter ``S/2020/594`` that circulated a
  videoconference's statements), ``speech_number``, ``date``, ``speaker``,
  ``country_org``, ``role``, ``participanttype``, ``topic``,
  ``agenda_item1``–``agenda_item4``, ``agenda_item_manual``, ``speech_format``…
  Older releases name some of them ``spv``, ``country``, ``role_in_un`` and
  ``speech``.
* ``meta.tsv``: one row per record (``basename``, ``date``, ``topic``,
  ``num_speeches``).
* ``speeches.tar``, or the folder ``speeches/`` it unpacks to: one UTF-8 text
  per speech, named in ``filename``, opening with the form of address as
  printed (``Mr. De Riviere (France) (spoke in French): …``).

What the real files are like, and what is done about it:

* Both tables are tab-separated and **unquoted**: fields hold R's doubled
  apostrophes (``D''Affaires``, read as ``D'Affaires``) and stray quotation
  marks, which CSV quoting would take for field delimiters. Lines are split on
  tabs only.
* A literal newline inside a field splits some rows over two physical lines:
  physical lines are joined until the row has the header's number of fields.
* A row that cannot be read, a speech whose text is missing, empty or not
  UTF-8: each is a ``Problem`` (file, line, why) and the rest goes on.
* ``participanttype`` has noise (``The PRESIDENT``), ``speaker`` is sometimes
  empty, ``country_org`` writes one speaker several ways (``United Kingdom``,
  ``Saint Vincent and Grenadines``) and sometimes holds the heading's
  language marker (``spoke in French``) or OCR debris (``El] Salvador``).
* The texts are OCR output; the form of address can carry noise
  (``(interpretation fron Arabic)``), words of the speech caught inside it
  (``The President (spoke I thank Mr. Spleeters for his briefing. in French):``)
  or its parts in another order (``Mr. Michon (spoke in French) (France):``).

:func:`read_corpus` checks the folder (files, columns, the tar's integrity)
and returns a :class:`Corpus`, whose :meth:`Corpus.records` streams one
:class:`Record` at a time with its :class:`Speech` list in speech order: the
tar is read member by member in stream mode and memory stays flat whatever
the release's size. Plain Python, no database.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import os
import re
import shutil
import tarfile
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

__all__ = [
    "Corpus",
    "CorpusError",
    "Heading",
    "Problem",
    "Record",
    "Speech",
    "looks_like_corpus",
    "parse_heading",
    "read_corpus",
    "record_symbol",
]

SPEAKER_TSV = "speaker.tsv"
META_TSV = "meta.tsv"
SPEECHES_TAR = "speeches.tar"
SPEECHES_DIR = "speeches"

# The capacities a speech is given, as ``Statement.Capacity`` stores them.
PRESIDENT, NATIONAL, INVITED, BRIEFER = "president", "national", "invited", "briefer"


class CorpusError(ValueError):
    """The folder is not a release this reader can read (one line, naming the file and the row)."""


@dataclass(frozen=True, slots=True)
class Problem:
    """Something of the release that could not be read, or that looks wrong; the rest goes on."""

    file: str  # "speaker.tsv", "speeches.tar: speeches/UNSC_2020_SPV.8699_spch012.txt"
    line: int | None  # the row's first line in ``file``, or in speaker.tsv for a speech's text
    reason: str
    skipped: bool = False  # the row's speech is not handed over (a row unread, a text missing)

    def __str__(self) -> str:
        if self.line is None:
            return f"{self.file}: {self.reason}"
        if self.file.endswith(".tsv"):
            return f"{self.file}, line {self.line}: {self.reason}"
        return f"{self.file} ({SPEAKER_TSV} line {self.line}): {self.reason}"


@dataclass(frozen=True, slots=True)
class Heading:
    """The printed form of address that opens a speech."""

    label: str  # as printed, without the colon: "Mr. De Riviere (France) (spoke in French)"
    name: str  # "Mr. De Riviere", "The President"
    country: str  # the State or organization in parentheses, "" if none
    language: str  # the language spoken when not English ("French"), else ""
    president: bool  # the presiding officer: "The President", "The PRESIDENT", "Mr. President"
    secretary_general: bool  # "The Secretary-General", "The Deputy Secretary-General"


@dataclass(slots=True)
class Speech:
    """One row of speaker.tsv with its text."""

    filename: str  # "UNSC_2020_SPV.8699_spch012.txt"
    line: int  # the row's first line in speaker.tsv
    document_symbol: str  # the record cited: "S/PV.8699 (Resumption 1)", "S/2020/594"
    position: int  # speech_number: the speech's place in its record, from 1
    date: dt.date
    label: str  # the form of address as printed, "" where the text has none (letters)
    person: str  # who spoke: the speaker column, else the heading's name
    speaker: str  # the speaker column as written ("" for about 1 % of rows)
    country_org: str  # as written (doubled apostrophes undone)
    entity: str  # what the speech speaks for, to resolve (see ``_entity``)
    heading_country: str  # the State or organization the heading names
    role: str  # the UN office, where the corpus gives it
    participant: str  # "president", "member" (listed on the cover page), "guest", or ""
    capacity: str  # "president", "national", "invited" or "briefer"
    language: str  # the language spoken when not English, from the heading
    text: str  # without the form of address, nor a closing "The meeting rose at …"
    topic: str = ""
    agenda_items: tuple[str, ...] = ()  # agenda_item1–agenda_item4: the Repertoire's classification
    agenda_item_manual: str = ""
    speech_format: str = ""  # "In-Person", "VTC", or "" in older releases

    def presidency_parts(self) -> list[tuple[str, str]]:
        """The President's speech cut where the capacity changes: ``[(capacity, text), …]``.

        The corpus keeps "I shall now make a statement in my capacity as the
        representative of Viet Nam. … I now resume my functions as President
        of the Council." in the President's one speech, where the UN's PDF of
        the record (and ``debates.parsing.verbatim``) has a national statement
        and a presiding one. Other speeches are one part.
        """
        if not _president_name(self.label.split(" (", 1)[0]):
            return [(self.capacity, self.text)]
        return _presidency_parts(self.text)


@dataclass(slots=True)
class Record:
    """A verbatim record, or a videoconference's letter, with its speeches in order."""

    symbol: str  # "S/PV.8699 (Resumption 1)", "S/2020/594"
    meeting_symbol: str  # "S/PV.8699"; a letter is its own
    meeting_number: int | None  # 8699; None for a letter
    resumption: int  # 0 for the record of the meeting itself
    letter: bool  # a videoconference's statements circulated as a letter (S/2020/594)
    basename: str  # "UNSC_2020_SPV.8699Resumption1", the key of meta.tsv
    date: dt.date
    topic: str
    speech_format: str
    expected: int | None  # meta.tsv's num_speeches
    speeches: list[Speech] = field(default_factory=list)

    @property
    def agenda_items(self) -> tuple[str, ...]:
        """The record's places in the Repertoire's classification, as its rows give them."""
        return tuple(dict.fromkeys(item for speech in self.speeches for item in speech.agenda_items))


# --- Columns --------------------------------------------------------------------------

# Each column under its current name, then the names older releases gave it.
SPEAKER_COLUMNS: dict[str, tuple[str, ...]] = {
    "filename": ("filename",),
    "document_symbol": ("document_symbol", "spv"),
    "speech_number": ("speech_number", "speech"),
    "speaker": ("speaker",),
    "country_org": ("country_org", "country"),
    "role": ("role", "role_in_un"),
    "participanttype": ("participanttype",),
    "date": ("date",),
    "year": ("year",),
    "month": ("month",),
    "day": ("day",),
    "topic": ("topic",),
    "agenda_item1": ("agenda_item1",),
    "agenda_item2": ("agenda_item2",),
    "agenda_item3": ("agenda_item3",),
    "agenda_item4": ("agenda_item4",),
    "agenda_item_manual": ("agenda_item_manual",),
    "meeting_symbol": ("meeting_symbol",),
    "speech_format": ("speech_format",),
}
SPEAKER_REQUIRED = ("filename", "document_symbol", "speech_number", "speaker", "country_org")
META_COLUMNS: dict[str, tuple[str, ...]] = {
    "basename": ("basename",),
    "date": ("date",),
    "year": ("year",),
    "month": ("month",),
    "day": ("day",),
    "topic": ("topic",),
    "num_speeches": ("num_speeches",),
}
META_REQUIRED = ("basename",)

# How many physical lines one row may be split over before it is given up.
MAX_LINES_PER_ROW = 8

# Texts the tar holds ahead of the row that asks for them are kept in memory up
# to this many bytes, then written to a temporary folder: memory stays flat
# whatever order the tar lists its members in.
HOLD_IN_MEMORY = 32 * 1024 * 1024

PARTICIPANTS = {"the president": PRESIDENT, "president": PRESIDENT, "mentioned": "member", "guest": "guest"}
# Placeholders the corpus writes for "nobody in particular".
NOT_A_NAME = {"", "na", "unknown", "none"}


# --- Entry points ---------------------------------------------------------------------


def looks_like_corpus(path: Path) -> bool:
    """Whether ``path`` is a folder holding (part of) a release: any of its three parts."""
    return path.is_dir() and any((path / name).exists() for name in (SPEAKER_TSV, META_TSV, SPEECHES_TAR))


def read_corpus(path: Path, *, hold_in_memory: int = HOLD_IN_MEMORY) -> Corpus:
    """Check the release in folder ``path`` and return it, ready to stream.

    Raises ``CorpusError`` (one line, naming the file and the row) for a
    folder that lacks a part, a table that is not tab-separated or lacks a
    column, or a tar that is cut short. Reading it costs one pass over
    speaker.tsv and over the tar's headers (not their texts).
    """
    path = Path(path)
    if not path.is_dir():
        raise CorpusError(f"{path}: not a folder")
    missing = [name for name in (SPEAKER_TSV, META_TSV) if not (path / name).is_file()]
    tar = path / SPEECHES_TAR
    folder = path / SPEECHES_DIR
    if not tar.is_file() and not folder.is_dir():
        missing.append(f"{SPEECHES_TAR} (or a folder {SPEECHES_DIR}/)")
    if missing:
        raise CorpusError(
            f"{path}: not a whole release of the UNSC Debates corpus: no {', no '.join(missing)}"
        )
    return Corpus(path, hold_in_memory=hold_in_memory)


class Corpus:
    """A release, checked; :meth:`records` streams it.

    After (or while) streaming: ``problems`` lists what could not be read
    (:meth:`take_problems` hands them over and forgets them, for a caller that
    reports as it goes), ``country_orgs`` counts the speakers to resolve
    (``Speech.entity``), ``counts`` the rows, speeches and records read.
    ``expected_records`` and ``expected_speeches`` (from speaker.tsv's rows)
    are known before streaming, for a progress bar.
    """

    def __init__(self, path: Path, *, hold_in_memory: int = HOLD_IN_MEMORY) -> None:
        self.path = path
        self.problems: list[Problem] = []
        self.country_orgs: Counter[str] = Counter()
        self.counts: Counter[str] = Counter()
        self.speaker_table = _Table.open(path / SPEAKER_TSV, SPEAKER_COLUMNS, SPEAKER_REQUIRED)
        self.meta_table = _Table.open(path / META_TSV, META_COLUMNS, META_REQUIRED)
        # Older releases name the columns differently; the reader reads both.
        self.older_release = "spv" in self.speaker_table.names or "country" in self.speaker_table.names
        tar = path / SPEECHES_TAR
        self.texts: _Texts = (
            _TarTexts(tar, hold_in_memory) if tar.is_file() else _FolderTexts(path / SPEECHES_DIR)
        )
        # One pass over speaker.tsv: how many rows each record has, so that a
        # record is handed over when its last row is read, wherever that is.
        self._rows_per_record: Counter[str] = Counter()
        for _, fields in self.speaker_table.rows(lambda problem: None):
            symbol = _row_symbol(self.speaker_table, fields)
            if symbol:
                self._rows_per_record[symbol] += 1
        self._streamed = False
        self.expected_speeches = sum(self._rows_per_record.values())
        self.expected_records = len(self._rows_per_record)

    def __enter__(self) -> Corpus:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.texts.close()

    @property
    def symbols(self) -> set[str]:
        """The records speaker.tsv names (known before streaming): what the release holds."""
        return set(self._rows_per_record)

    def take_problems(self) -> list[Problem]:
        problems, self.problems = self.problems, []
        return problems

    def records(self) -> Iterator[Record]:
        """The records, one at a time, each whole and with its speeches in order.

        A record is handed over when its last row has been read: in the
        published files each record's rows are contiguous, so one record is
        held at a time. Rows of a record interrupted by another's are
        reported and the record is still handed over whole, once.
        """
        if self._streamed:
            raise RuntimeError("a Corpus streams once: call read_corpus() again")
        self._streamed = True
        meta = self._read_meta()
        remaining = Counter(self._rows_per_record)
        building: dict[str, _Building] = {}  # records whose last row is still to come
        previous = ""
        try:
            for line, fields in self.speaker_table.rows(self._unreadable):
                self.counts["rows"] += 1
                symbol = _row_symbol(self.speaker_table, fields)
                if not symbol:
                    self._skip(line, "no record symbol (document_symbol and filename are empty)")
                    continue
                if (
                    previous not in ("", symbol)
                    and previous in building
                    and not building[previous].interrupted
                ):
                    building[previous].interrupted = True
                    self._report(
                        SPEAKER_TSV,
                        line,
                        f"a row of {symbol} comes before the last row of {previous}: a record's rows "
                        f"should be contiguous; {previous} is read whole all the same",
                    )
                previous = symbol
                if symbol not in building:
                    building[symbol] = _Building(self._new_record(symbol, fields, line, meta))
                self._add(building[symbol], line, fields)
                remaining[symbol] -= 1
                if remaining[symbol] == 0 and (record := self._finish(building.pop(symbol).record)):
                    yield record
            for left in building.values():  # only if speaker.tsv changed while it was read
                if record := self._finish(left.record):
                    yield record
            for name in self.texts.unclaimed():
                self._report(
                    self.texts.describe(name), None, f"no readable row of {SPEAKER_TSV} names this text"
                )
            for basename, row in meta.items():
                if not row.used:
                    self._report(META_TSV, row.line, f"record {basename} has no speech in {SPEAKER_TSV}")
        finally:
            self.texts.close()

    def _report(self, file: str, line: int | None, reason: str) -> None:
        self.problems.append(Problem(file, line, reason))

    def _skip(self, line: int, reason: str) -> None:
        self.counts["rows skipped"] += 1
        self.problems.append(Problem(SPEAKER_TSV, line, reason, skipped=True))

    def _unreadable(self, problem: Problem) -> None:
        self.counts["rows skipped"] += 1
        self.problems.append(dataclasses.replace(problem, skipped=True))

    def _add(self, building: _Building, line: int, fields: list[str]) -> None:
        """Read the row's speech into its record, or say why not."""
        speech = self._speech(building.record, line, fields)
        if speech is None:
            self.counts["rows skipped"] += 1
            if self.problems:  # the reason, just reported
                self.problems[-1] = dataclasses.replace(self.problems[-1], skipped=True)
            return
        first = building.positions.setdefault(speech.position, line)
        if first != line:
            self._skip(
                line, f"speech {speech.position} of {speech.document_symbol} again (line {first}): skipped"
            )
            return
        building.record.speeches.append(speech)
        self.country_orgs[speech.entity] += 1

    # Records ---------------------------------------------------------------------------

    def _read_meta(self) -> dict[str, _Meta]:
        meta: dict[str, _Meta] = {}
        table = self.meta_table
        for line, fields in table.rows(self.problems.append):
            basename = table.get(fields, "basename")
            if not basename:
                self._report(META_TSV, line, "no basename")
                continue
            number = table.get(fields, "num_speeches")
            meta[basename] = _Meta(
                line=line,
                date=_date(table, fields),
                topic=_topic(table.get(fields, "topic")),
                expected=int(number) if number.isdigit() else None,
            )
        return meta

    def _new_record(self, symbol: str, fields: list[str], line: int, meta: dict[str, _Meta]) -> Record:
        table = self.speaker_table
        filename = table.get(fields, "filename")
        basename = _basename(filename)
        named = record_symbol("", filename)
        if named and named != symbol:
            self._report(SPEAKER_TSV, line, f"{filename} is named for {named} but its row says {symbol}")
        about = meta.get(basename)
        if about is None:
            self._report(SPEAKER_TSV, line, f"record {symbol} ({basename}) has no row in {META_TSV}")
        else:
            about.used = True
        number, resumption, letter = _symbol_parts(symbol)
        if number is None and not letter:
            self._report(
                SPEAKER_TSV, line, f"{symbol!r} is neither a record (S/PV.…) nor a letter (S/YYYY/N)"
            )
        meeting_symbol = table.get(fields, "meeting_symbol") or (f"S/PV.{number}" if number else symbol)
        return Record(
            symbol=symbol,
            meeting_symbol=meeting_symbol,
            meeting_number=number,
            resumption=resumption,
            letter=letter,
            basename=basename,
            date=(about.date if about else None) or _date(table, fields),  # type: ignore[arg-type]
            topic=(about.topic if about else "") or _topic(table.get(fields, "topic")),
            speech_format=table.get(fields, "speech_format"),
            expected=about.expected if about else None,
        )

    def _finish(self, record: Record) -> Record | None:
        if not record.speeches:
            self._report(SPEAKER_TSV, None, f"record {record.symbol}: no speech could be read")
            return None
        record.speeches.sort(key=lambda s: s.position)
        _drop_page_numbers(record.speeches)
        # The corpus marks as "Guest" a member's representative whom the cover
        # page did not list (a deputy standing in): a State that sits at the
        # table in this record speaks for it as a member, not as an invited State.
        members = {
            _fold(s.entity) for s in record.speeches if s.participant in (PRESIDENT, "member") and s.entity
        }
        for speech in record.speeches:
            if speech.capacity == INVITED and _fold(speech.entity) in members:
                speech.capacity = NATIONAL
        if record.date is None:
            record.date = record.speeches[0].date
        if record.expected is not None and record.expected != len(record.speeches):
            self._report(
                META_TSV,
                None,
                f"record {record.symbol}: {len(record.speeches)} speeches read, {record.expected} announced",
            )
        self.counts["records"] += 1
        self.counts["speeches"] += len(record.speeches)
        return record

    # Speeches --------------------------------------------------------------------------

    def _speech(self, record: Record, line: int, fields: list[str]) -> Speech | None:
        """The row's speech with its text, or None (the reason reported)."""
        table = self.speaker_table
        filename = table.get(fields, "filename")
        if not filename:
            self._report(SPEAKER_TSV, line, "no filename")
            return None
        number = table.get(fields, "speech_number")
        if not number.isdigit():
            # Older releases: the number is also in the file name (…_spch012.txt).
            named = re.search(r"_spch(\d+)", filename)
            if named is None:
                self._report(SPEAKER_TSV, line, f"speech number {number!r} is not a number")
                return None
            number = named.group(1)
        date = _date(table, fields) or record.date
        if date is None:
            self._report(SPEAKER_TSV, line, f"no date for {filename} (date {table.get(fields, 'date')!r})")
            return None
        where = self.texts.describe(filename)
        text = self.texts.get(filename)
        if text is None:
            self._report(where, line, "missing: the row names a text the release does not hold")
            return None
        try:
            raw = _tidy(text.decode("utf-8-sig"))
        except UnicodeDecodeError as exc:
            self._report(where, line, f"not UTF-8 (byte 0x{text[exc.start]:02x} at offset {exc.start})")
            return None
        if not raw:
            self._report(where, line, "empty")
            return None
        speaker = table.get(fields, "speaker")
        heading, said = parse_heading(raw, speaker)
        closing = CLOSING.search(said, max(0, len(said) - 80))
        said = said[: closing.start()] if closing else said
        if not said:
            self._report(where, line, "empty but for the form of address")
            return None
        participant_text = table.get(fields, "participanttype")
        participant = PARTICIPANTS.get(participant_text.casefold(), "")
        if participant_text and not participant:
            self._report(
                SPEAKER_TSV, line, f"participanttype {participant_text!r} is not one the reader knows"
            )
        country_org = table.get(fields, "country_org")
        entity = _entity(country_org, heading)
        return Speech(
            filename=filename,
            line=line,
            document_symbol=record.symbol,
            position=int(number),
            date=date,
            label=heading.label if heading else "",
            person=speaker or (heading.name if heading and not heading.president else ""),
            speaker=speaker,
            country_org=country_org,
            entity=entity,
            heading_country=heading.country if heading else "",
            role=table.get(fields, "role"),
            participant=participant,
            capacity=_capacity(participant, heading, entity, said),
            language=heading.language if heading else "",
            text=said,
            topic=_topic(table.get(fields, "topic")) or record.topic,
            agenda_items=tuple(
                item for n in range(1, 5) if _topic(item := table.get(fields, f"agenda_item{n}"))
            ),
            agenda_item_manual=_topic(table.get(fields, "agenda_item_manual")),
            speech_format=table.get(fields, "speech_format") or record.speech_format,
        )


@dataclass(slots=True)
class _Building:
    """A record whose rows are being read."""

    record: Record
    positions: dict[int, int] = field(default_factory=dict)  # speech number → its line
    interrupted: bool = False


@dataclass(slots=True)
class _Meta:
    line: int
    date: dt.date | None
    topic: str
    expected: int | None
    used: bool = False


# --- Tables ---------------------------------------------------------------------------


class _Table:
    """A tab-separated table with a header, read by column name, one logical row at a time."""

    def __init__(self, path: Path, names: list[str], columns: dict[str, int], width: int) -> None:
        self.path = path
        self.name = path.name
        self.names = names
        self.columns = columns
        self.width = width

    @classmethod
    def open(cls, path: Path, known: dict[str, tuple[str, ...]], required: tuple[str, ...]) -> _Table:
        name = path.name
        with path.open("rb") as f:
            head = f.readline()
            first = f.readline()
            while first and not first.strip():
                first = f.readline()
        if not head.strip():
            raise CorpusError(f"{name}: empty (no header line)")
        try:
            header = head.decode("utf-8-sig").rstrip("\r\n")
        except UnicodeDecodeError:
            raise CorpusError(f"{name}, line 1: not UTF-8") from None
        if "\t" not in header:
            hint = "; it looks comma-separated" if header.count(",") > 1 else ""
            raise CorpusError(f"{name}, line 1: not tab-separated (the header has no tab{hint})")
        names = [n.strip().casefold() for n in header.split("\t")]
        width = len(names)
        # R writes a row-number column under an empty name, or (write.table's
        # default) under no name at all: the rows then have one field more.
        data_fields = first.count(b"\t") + 1 if first.strip() else 0
        if names[0] and data_fields == width + 1 and first.split(b"\t", 1)[0].strip().isdigit():
            names.insert(0, "")
            width += 1
        columns: dict[str, int] = {}
        for column, aliases in known.items():
            for alias in aliases:
                if alias in names:
                    columns[column] = names.index(alias)
                    break
        missing = [
            " (or ".join(known[column]) + ")" * (len(known[column]) - 1)
            for column in required
            if column not in columns
        ]
        if missing:
            raise CorpusError(
                f"{name}, line 1: not a release this reader knows: no column {', no column '.join(missing)}"
            )
        return cls(path, names, columns, width)

    def get(self, fields: list[str], column: str) -> str:
        """The cleaned value of ``column`` in ``fields``, "" where the table lacks it."""
        index = self.columns.get(column)
        if index is None:
            return ""
        return _clean(fields[index])

    def rows(self, problem: Callable[[Problem], None]) -> Iterator[tuple[int, list[str]]]:
        """``(line, fields)`` of each row, its physical lines joined; unreadable rows go to ``problem``."""
        width = self.width
        start, parts = 0, []  # the row being joined: its first line and its physical lines
        count = 0  # its fields so far

        def give_up(reason: str) -> None:
            problem(Problem(self.name, start, reason))

        with self.path.open("rb") as f:
            f.readline()
            for number, raw in enumerate(f, start=2):
                try:
                    text = raw.decode("utf-8").rstrip("\r\n")
                except UnicodeDecodeError as exc:
                    if parts:
                        give_up(f"cut short by line {number}, which is not UTF-8")
                        parts = []
                    problem(
                        Problem(self.name, number, f"not UTF-8 (byte 0x{raw[exc.start]:02x} at {exc.start})")
                    )
                    continue
                if not parts:
                    if not text.strip():
                        continue
                    start, parts, count = number, [text], text.count("\t") + 1
                else:
                    fields_then = count + text.count("\t")
                    if fields_then > width:
                        # The next line does not finish this row: it is a row of its own.
                        give_up(f"{count} fields where the header has {width}")
                        start, parts, count = number, [text], text.count("\t") + 1
                    else:
                        parts.append(text)
                        count = fields_then
                if count == width:
                    # A newline inside a field: the field's parts are joined by a space.
                    yield start, " ".join(parts).split("\t")
                    parts = []
                elif count > width:
                    give_up(f"{count} fields where the header has {width}")
                    parts = []
                elif len(parts) >= MAX_LINES_PER_ROW:
                    give_up(f"{count} fields where the header has {width}, over {len(parts)} lines")
                    parts = []
            if parts:
                give_up(f"{count} fields where the header has {width}: the file ends inside this row")


def _clean(value: str) -> str:
    """A field as meant: spaces folded, R's doubled apostrophes undone, R's ``NA`` empty."""
    value = value.strip() if value.isprintable() and "  " not in value else " ".join(value.split())
    if value == "NA":
        return ""
    return DOUBLED_APOSTROPHE.sub("'", value) if "''" in value else value


DOUBLED_APOSTROPHE = re.compile(r"(?<=\w)''(?=\w)")


def _date(table: _Table, fields: list[str]) -> dt.date | None:
    value = table.get(fields, "date")
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        pass
    parts = [table.get(fields, c) for c in ("year", "month", "day")]
    if all(p.isdigit() for p in parts):
        try:
            return dt.date(*map(int, parts))
        except ValueError:
            return None
    return None


def _topic(value: str) -> str:
    return "" if value.casefold() in NOT_A_NAME else value


# --- Record symbols ---------------------------------------------------------------------

RECORD = re.compile(r"^S/PV\.(\d+)\s*(?:\(\s*Resumption\s*(\d+)\s*\))?$", re.IGNORECASE)
LETTER = re.compile(r"^S/(\d{4})/(\d+)$")
# How ``spv`` and file names write them: "8699", "8699Resumption1", "2020_594".
SPV = re.compile(r"^(?:S/?PV\.?)?(\d+)(?:\s*\(?\s*Resumption\s*(\d+)\)?)?$", re.IGNORECASE)
SPV_LETTER = re.compile(r"^(?:SPV\.)?(\d{4})_(\d+)$", re.IGNORECASE)


def record_symbol(value: str, filename: str = "") -> str:
    """The record's symbol, ``S/PV.8699 (Resumption 1)`` or ``S/2020/594``, however the corpus writes it.

    From ``document_symbol`` (current releases), ``spv`` (older ones:
    ``8699Resumption1``, ``2020_594``) or, when both are empty, the file name
    (``UNSC_2020_SPV.8699Resumption1_spch001.txt``). "" if none reads as one.
    """
    value = " ".join(value.split())
    if not value and filename:
        value = _basename(filename).split("_", 2)[-1] if filename.startswith("UNSC_") else ""
    if not value:
        return ""
    match = RECORD.match(value)
    if match:
        number, resumption = match.groups()
    elif LETTER.match(value):
        return value
    elif match := SPV_LETTER.match(value):
        return f"S/{match.group(1)}/{int(match.group(2))}"
    elif match := SPV.match(value):
        number, resumption = match.groups()
    else:
        return value
    symbol = f"S/PV.{int(number)}"
    return f"{symbol} (Resumption {int(resumption)})" if resumption else symbol


def _symbol_parts(symbol: str) -> tuple[int | None, int, bool]:
    """(meeting number, resumption, whether it is a letter)."""
    match = RECORD.match(symbol)
    if match:
        return int(match.group(1)), int(match.group(2) or 0), False
    return None, 0, LETTER.match(symbol) is not None


def _basename(filename: str) -> str:
    """``UNSC_2020_SPV.8699Resumption1`` from ``UNSC_2020_SPV.8699Resumption1_spch001.txt``."""
    return filename.rsplit("/", 1)[-1].rsplit("_spch", 1)[0].removesuffix(".txt")


def _row_symbol(table: _Table, fields: list[str]) -> str:
    return record_symbol(table.get(fields, "document_symbol"), table.get(fields, "filename"))


# --- Forms of address -------------------------------------------------------------------

TITLES = (
    r"Mr|Mrs|Ms|Miss|Mme|Mlle|Madam|Dame|Sir|Dr|Lord|Lady|Baroness|Baron|Archbishop|Cardinal|Monsignor|"
    r"Bishop|Prince|Princess|Sheikh|Shaikh|Sheikha|King|Queen|Emir|President|Vice-President|Judge|"
    r"General|Dato|Datuk|Dato'|Tan Sri|Professor|Prof|Reverend|Rev|Ambassador|Count|Countess"
)
HEADING = re.compile(
    r"^(?P<name>[^():;,\[\]{}]{1,90}?)"
    # Parenthesised parts: the State or organization, the language; one level
    # of nesting ("(Bolivia (Plurinational State of))"); OCR turns brackets.
    r"(?P<groups>(?:\s*[(\[{][^()\[\]{}]*(?:[(\[][^()\[\]{}]*[)\]][^()\[\]{}]*)*[)\]}])*)"
    r"\s*:\s*"
)
GROUP = re.compile(r"[(\[{]((?:[^()\[\]{}]|[(\[][^()\[\]{}]*[)\]])*)[)\]}]")
TITLED = re.compile(rf"^(?:{TITLES})\.?\s+\S", re.IGNORECASE)
PRESIDENT_NAME = re.compile(r"^(?:The|Mr\.?|Madam|Madame)\s+President$", re.IGNORECASE)
SECRETARY_GENERAL = re.compile(r"^The\s+(?:Deputy\s+)?Secretary-General$", re.IGNORECASE)
# Particles of names, which are not capitalised: "Mr. Pecsteen de Buytswerve".
PARTICLES = {
    "de", "del", "della", "der", "den", "van", "von", "da", "das", "dos", "do", "du", "la", "le", "bin",
    "bint", "ibn", "al", "el", "y", "e", "di", "ter", "zu", "af", "and", "of", "the",
}  # fmt: skip
LANGUAGES = (
    "Arabic", "Chinese", "English", "French", "Russian", "Spanish", "Portuguese", "German", "Italian",
    "Japanese", "Hebrew", "Persian", "Farsi", "Turkish", "Ukrainian", "Korean", "Dutch", "Swahili",
    "Indonesian", "Amharic", "Greek", "Hindi", "Urdu", "Bengali", "Polish", "Romanian", "Serbian",
    "Croatian", "Albanian", "Armenian", "Georgian", "Azerbaijani", "Kazakh", "Mongolian", "Vietnamese",
)  # fmt: skip
MARKERS = ("spoke", "interpretation", "speaking")


def parse_heading(text: str, speaker: str = "") -> tuple[Heading | None, str]:
    """The form of address that opens ``text``, and the text without it.

    ``Mr. De Riviere (France) (spoke in French): …``, ``The PRESIDENT
    (interpretation from Spanish): …``, ``Mr. Chambas: …``. A name without a
    title (``Hadiza (spoke in French):``) is taken for a heading only when it
    is the row's ``speaker``, so that "In conclusion: …" stays text. Words of
    the speech that OCR caught inside the language marker go back to the
    text. Returns ``(None, text)`` when the text opens with no heading (the
    statements of a videoconference's letter).
    """
    match = HEADING.match(text[:400])
    if match is None:
        return None, text
    name = " ".join(match["name"].split())
    president = PRESIDENT_NAME.match(name) is not None
    secretary_general = SECRETARY_GENERAL.match(name) is not None
    if not (president or secretary_general or _person_name(name, speaker)):
        return None, text
    country = language = ""
    printed: list[str] = []
    caught = ""
    for group in GROUP.finditer(match["groups"]):
        inner = " ".join(group.group(1).split())
        marker = _language_marker(inner)
        if marker is not None and not language:
            language, caught = marker
            printed.append(f"(spoke in {language})" if caught else f"({inner})")
        elif not country and marker is None:
            country = inner
            printed.append(f"({inner})")
        else:
            printed.append(f"({inner})")
    rest = text[match.end() :]
    if caught:
        rest = f"{caught} {rest}"
    label = " ".join([name, *printed])
    heading = Heading(
        label=label,
        name=name,
        country=country,
        language="" if language == "English" else language,
        president=president,
        secretary_general=secretary_general,
    )
    return heading, rest.strip()


def _tidy(text: str) -> str:
    """Paragraphs (blank-line separated) kept; the OCR's line breaks inside one joined.

    A line that ends in a hyphen after a letter goes on without a space, the
    hyphen kept ("Secretary-" + "General"), as in the verbatim records.
    """
    if "\n" not in text and "\r" not in text:
        return " ".join(text.split())
    paragraphs = []
    for block in re.split(r"\n\s*\n", text.replace("\r\n", "\n").replace("\r", "\n")):
        lines = [" ".join(line.split()) for line in block.split("\n")]
        out = ""
        for line in filter(None, lines):
            joined = out.endswith("-") and out[-2:-1].isalpha()
            out = f"{out}{line}" if joined or not out else f"{out} {line}"
        if out:
            paragraphs.append(out)
    return "\n\n".join(paragraphs)


def _president_name(name: str) -> bool:
    return PRESIDENT_NAME.match(" ".join(name.split())) is not None


def _person_name(name: str, speaker: str) -> bool:
    """Whether ``name`` reads as a person's name: a title and capitalised words, or the row's speaker."""
    words = name.split()
    if not words or len(words) > 9 or any(ch.isdigit() for ch in name):
        return False
    if speaker and _fold(name) in (_fold(speaker), _fold(speaker).split("/")[0]):
        return True
    if speaker and _fold(name).split()[-1] in _fold(speaker).split():
        # "Mr. De Riviere" for the speaker "Mr. Nicolas de Riviere".
        return TITLED.match(name) is not None or len(words) <= 4
    if TITLED.match(name) is None:
        return False
    # After the title, capitalised words ("Mr. LI Zhaoxing", "Mr. Ja'afari")
    # and particles; "Mr. Guterres said" is a sentence, not a heading.
    return all(w[:1].isupper() or w.casefold() in PARTICLES or w.endswith(".") for w in words[1:])


def _fold(name: str) -> str:
    return " ".join(name.casefold().replace("’", "'").split())


def _language_marker(inner: str) -> tuple[str, str] | None:
    """``(language, words caught inside)`` for "spoke in French", "interpretation fron Arabic",
    "spoke I thank Mr. Spleeters for his briefing. in French"; None for any other parenthesis.

    The marker's first word, the "in" or "from" before the language and the
    language itself must all be there (OCR slips allowed): "International
    Committee of the Red Cross" is not "interpretation from …".
    """
    head = inner.split(";", 1)[0].strip()  # "spoke in Portuguese; English text provided by the delegation"
    words = head.split()
    if len(words) < 3 or not _close(words[0].casefold(), MARKERS, cutoff=0.8):
        return None
    if not _close(words[-2].casefold(), ("in", "from")):
        return None
    printed = words[-1].strip(".,").capitalize()
    language = _close(printed, LANGUAGES)
    if not language and not (words[0].casefold() in MARKERS and printed.isalpha()):
        return None
    return language or printed, " ".join(words[1:-2])


@lru_cache(maxsize=4096)
def _close_cached(word: str, choices: tuple[str, ...], cutoff: float) -> str:
    found = difflib.get_close_matches(word, choices, n=1, cutoff=cutoff)
    return found[0] if found else ""


def _close(word: str, choices: tuple[str, ...], cutoff: float = 0.7) -> str:
    """The choice ``word`` is, allowing for OCR's slips ("fron", "lnterpretation", "Frencb"); else ""."""
    if word in choices:
        return word
    if len(word) <= 4:
        # Short words: one slip at most, the first letter right ("fron", "im").
        return next(
            (c for c in choices if len(c) == len(word) and c[0] == word[:1] and _one_slip(word, c)), ""
        )
    return _close_cached(word, choices, cutoff)


def _one_slip(a: str, b: str) -> bool:
    return sum(x != y for x, y in zip(a, b, strict=True)) <= 1


# The stage direction that closes a meeting's last speech.
# The numbers printed at the foot of each page of the record ("21/21", "3/26 4/26"), which
# the corpus's OCR leaves in the text where a page ends.
PAGE_NUMBER = re.compile(r"(?<![\w/.,-])(\d{1,3})/(\d{1,3})(?![\w/])")


# "resolution 74/168", "resolutions 71/205, 72/190 and 74/168", "decision 73/546".
CITED_NUMBER = re.compile(r"\b(?:resolutions?|decisions?)\s+(?:\d{1,3}/\d{1,3}\s*(?:,|and)\s*)*$", re.I)


def _drop_page_numbers(speeches: list[Speech]) -> None:
    """The record's page numbers taken out of its speeches' texts, and the closing they hid.

    A page number is "N/M", M the record's number of pages. M is known from the record
    itself: the one denominator that two different pages, or a page of its own number
    ("21/21"), gives most often. Fractions and General Assembly symbols ("resolution
    72/284") are left alone: their denominators are not the record's.
    """
    pages: dict[int, set[int]] = {}
    for speech in speeches:
        for match in PAGE_NUMBER.finditer(speech.text):
            page, of = int(match[1]), int(match[2])
            if 0 < page <= of:
                pages.setdefault(of, set()).add(page)
    counts = {of: len(seen) for of, seen in pages.items() if len(seen) > 1 or of in seen}
    if not counts:
        return
    # The record has one number of pages: the denominator seen on most pages.
    total = max(counts, key=counts.get)

    def drop(match: re.Match) -> str:
        if int(match[2]) != total or not 0 < int(match[1]) <= total:
            return match[0]
        # A long letter's "74/168" may be a page or General Assembly resolution 74/168: what
        # precedes it tells.
        before = match.string[max(0, match.start() - 60) : match.start()]
        return match[0] if CITED_NUMBER.search(before) else ""

    for speech in speeches:
        text = re.sub(r" *\n *", "\n", re.sub(r" {2,}", " ", PAGE_NUMBER.sub(drop, speech.text))).strip()
        closing = CLOSING.search(text, max(0, len(text) - 80))
        if closing:
            text = text[: closing.start()]
        if text:
            speech.text = text


CLOSING = re.compile(
    r"\s*The meeting (?:rose|was suspended|was adjourned) at "
    r"(?:\d{1,2}(?:[.:]\s?\d{2})?\s?[ap]\.\s?m|noon|midnight)\."
    # What the last page prints below it: its number ("17", "21/21") and the document's job number.
    r"(?:\s+(?:\d{2}-\d{5}|\d{1,3}(?:/\d{1,3})?))*\s*$"
)


# --- Capacities -----------------------------------------------------------------------

# The corpus's country_org for the Secretariat and for people who speak for nobody but themselves.
SECRETARIAT_OR_PERSON = {"un", "united nations", "individual"}
COVERING_LETTER = re.compile(
    r"^[I1l|] have the hono(?:u)?r to (?:enclose|refer|transmit|submit|inform|forward)"
)
# Not only at a sentence's start: the OCR sometimes moves words of the other
# column in front of it ("I thank Mrs. her briefing. Robinson for I shall now make…").
NATIONAL_PART = re.compile(
    r"(?:^|(?<=\s))[I1l|] (?:shall|will|would) (?:now )?(?:like to )?(?:make|deliver) (?:a|my) "
    r"statement in my (?:national )?capacity as\b"
)
PRESIDENCY_PART = re.compile(
    r"(?:^|(?<=[.!?:\"”]\s))[I1l|] (?:now )?resume my functions as (?:the )?President\b"
)


def _capacity(participant: str, heading: Heading | None, entity: str, text: str) -> str:
    """The capacity a speech is made in, from its heading, then ``participanttype``.

    The heading is what the record printed, so it wins over the corpus's
    ``participanttype``: "The President" presides (or speaks for the
    President's State, see :func:`_presidency_parts`: the longer part
    decides), a State in parentheses speaks for it (a member's representative
    in the national capacity, a guest as an invited State), the
    Secretary-General and anyone printed by name alone brief, except a head
    of State printed by title ("President Abbas", "King Philippe").

    Letters of videoconferences print no heading: the President's covering
    letter presides and the President's own statement is national, members
    are national, guests are invited unless the corpus gives them as the
    Secretariat (``UN``) or as individuals, who brief. Whether an invited
    speaker is a State at all is the loader's to say once the gazetteer has
    resolved it: an organization is a briefer.
    """
    speaks_for_someone = bool(entity) and entity.casefold() not in SECRETARIAT_OR_PERSON
    if heading is not None:
        if heading.president:
            return max(_presidency_parts(text), key=lambda part: len(part[1]))[0]
        if heading.secretary_general:
            return BRIEFER
        if heading.country:
            return INVITED if participant == "guest" else NATIONAL
        if participant == "guest":
            return INVITED if speaks_for_someone and heading.name.split()[0] in HEADS else BRIEFER
        return NATIONAL if participant in (PRESIDENT, "member") else BRIEFER
    if participant == PRESIDENT:
        return PRESIDENT if COVERING_LETTER.match(text) else NATIONAL
    if participant == "guest":
        return INVITED if speaks_for_someone else BRIEFER
    return NATIONAL if speaks_for_someone else BRIEFER


HEADS = {"President", "King", "Queen", "Emir", "Prince", "Princess", "Sheikh", "Shaikh", "Vice-President"}


def _presidency_parts(text: str) -> list[tuple[str, str]]:
    if "capacity as" not in text:  # the regular expressions are slow on long texts
        return [(PRESIDENT, text)]
    parts: list[tuple[str, int]] = [(PRESIDENT, 0)]
    cuts = sorted(
        [(m.start(), NATIONAL) for m in NATIONAL_PART.finditer(text)]
        + [(m.start(), PRESIDENT) for m in PRESIDENCY_PART.finditer(text)]
    )
    for start, capacity in cuts:
        if capacity != parts[-1][0]:
            parts.append((capacity, start))
    bounds = [start for _, start in parts[1:]] + [len(text)]
    out = [(capacity, text[start:end].strip()) for (capacity, start), end in zip(parts, bounds, strict=True)]
    return [(capacity, part) for capacity, part in out if part]


def _entity(country_org: str, heading: Heading | None) -> str:
    """What a speech speaks for, to resolve: ``country_org`` cleaned of what is not a name.

    The corpus sometimes put the heading's language marker in ``country_org``
    ("spoke in French"): the heading's own State is taken then. OCR debris
    ("El] Salvador") is dropped. A leading "the" stays: the gazetteer folds it.
    """
    value = re.sub(r"[\[\]{}|]", "", country_org)
    value = " ".join(value.split())
    if value.casefold() in NOT_A_NAME or _language_marker(value) is not None:
        return heading.country if heading and heading.country else ""
    return value


# --- Texts ----------------------------------------------------------------------------


class _Texts:
    """The speeches' texts by file name."""

    def get(self, name: str) -> bytes | None:
        raise NotImplementedError

    def describe(self, name: str) -> str:
        raise NotImplementedError

    def unclaimed(self) -> list[str]:
        """Texts no row asked for."""
        raise NotImplementedError

    def close(self) -> None:
        pass


class _FolderTexts(_Texts):
    """``speeches/``, unpacked: one file per speech (possibly in sub-folders)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.present: dict[str, Path] = {}
        for directory, _, files in os.walk(folder):
            for file in files:
                self.present.setdefault(file, Path(directory) / file)

    def get(self, name: str) -> bytes | None:
        path = self.present.pop(name, None)
        if path is None or not path.is_file():  # a pipe or a device would block, or never end
            return None
        try:
            return path.read_bytes()
        except OSError:
            return None

    def describe(self, name: str) -> str:
        return f"{SPEECHES_DIR}/{name}"

    def unclaimed(self) -> list[str]:
        return sorted(self.present)


class _TarTexts(_Texts):
    """``speeches.tar``, read once from start to end in stream mode.

    The rows ask for texts in speaker.tsv's order. When the tar lists them in
    the same order (the published release does), each member is read just as
    its row asks for it. Members met before their row are held: in memory up
    to a budget, then in a temporary folder.
    """

    def __init__(self, path: Path, hold_in_memory: int) -> None:
        self.path = path
        self.hold_in_memory = hold_in_memory
        self.present = self._check(path)
        self._file = None
        self._stream: tarfile.TarFile | None = None
        self._held: dict[str, bytes] = {}
        self._held_bytes = 0
        self._spill: Path | None = None
        self._spilled: set[str] = set()
        self._current = ""

    @staticmethod
    def _check(path: Path) -> dict[str, str]:
        """The tar's texts (file name → member name), read from its headers; a tar
        cut short is refused here, before any record is handed over."""
        present: dict[str, str] = {}
        size = path.stat().st_size
        last = None
        try:
            with tarfile.open(path, mode="r:") as tar:
                while (member := tar.next()) is not None:
                    tar.members.clear()  # TarFile keeps every header it reads otherwise
                    last = member
                    if member.isfile():
                        present.setdefault(member.name.rsplit("/", 1)[-1], member.name)
                end = tar.offset
        except tarfile.ReadError as exc:
            if last is None or last.offset_data + last.size <= size:
                where = f" after {last.name}" if last else ""
                raise CorpusError(f"{SPEECHES_TAR}: not a readable tar{where} ({exc})") from None
            end = size
        if last is not None and last.offset_data + last.size > size:
            raise CorpusError(f"{SPEECHES_TAR}: cut short inside {last.name}{_row_hint(path, last.name)}")
        with path.open("rb") as f:
            f.seek(end)
            tail = f.read(512)
        if len(tail) < 512 or tail.strip(b"\0"):
            after = f" after {last.name}{_row_hint(path, last.name)}" if last else ""
            raise CorpusError(f"{SPEECHES_TAR}: cut short{after} (no end-of-archive marker)")
        return present

    def describe(self, name: str) -> str:
        return f"{SPEECHES_TAR}: {self.present.get(name) or name}"

    def get(self, name: str) -> bytes | None:
        if self.present.pop(name, None) is None:
            return None  # not in the tar, or asked for already
        if name in self._held:
            data = self._held.pop(name)
            self._held_bytes -= len(data)
            return data
        if name in self._spilled:
            self._spilled.discard(name)
            target = self._spill / name  # type: ignore[operator]
            data = target.read_bytes()
            target.unlink()
            return data
        while (member := self._next()) is not None:
            found = member.name.rsplit("/", 1)[-1]
            data = self._read(member)
            if found == name:
                return data
            self._hold(found, data)
        return None

    def unclaimed(self) -> list[str]:
        return sorted(self.present)

    def close(self) -> None:
        if self._stream is not None:
            self._stream.close()
            self._stream = None
        if self._file is not None:
            self._file.close()
            self._file = None
        if self._spill is not None:
            shutil.rmtree(self._spill, ignore_errors=True)
            self._spill = None
            self._spilled.clear()

    def _next(self) -> tarfile.TarInfo | None:
        if self._stream is None:
            # Kept open across calls (closed by ``close``): the stream is read as rows ask.
            self._file = self.path.open("rb")  # noqa: SIM115
            self._stream = tarfile.open(fileobj=self._file, mode="r|")  # noqa: SIM115
        try:
            while (member := self._stream.next()) is not None:
                self._stream.members.clear()
                if member.isfile():
                    return member
        except tarfile.ReadError as exc:
            raise CorpusError(
                f"{SPEECHES_TAR}: unreadable after {self._current or 'its start'} ({exc})"
            ) from None
        return None

    def _read(self, member: tarfile.TarInfo) -> bytes:
        self._current = member.name
        try:
            return self._stream.extractfile(member).read()  # type: ignore[union-attr]
        except (tarfile.ReadError, OSError) as exc:
            raise CorpusError(f"{SPEECHES_TAR}: unreadable inside {member.name} ({exc})") from None

    def _hold(self, name: str, data: bytes) -> None:
        if name not in self.present:
            return  # a second member of the same name, or one asked for already
        if self._held_bytes + len(data) <= self.hold_in_memory:
            self._held[name] = data
            self._held_bytes += len(data)
            return
        if self._spill is None:
            self._spill = Path(tempfile.mkdtemp(prefix="unscd-"))
        (self._spill / name).write_bytes(data)
        self._spilled.add(name)


def _row_hint(tar: Path, member: str) -> str:
    """`` (speaker.tsv line N)`` for the row that names ``member``, found by one scan (errors only)."""
    name = member.rsplit("/", 1)[-1].encode()
    table = tar.parent / SPEAKER_TSV
    try:
        with table.open("rb") as f:
            for number, line in enumerate(f, start=1):
                if name in line:
                    return f" ({SPEAKER_TSV} line {number})"
    except OSError:
        pass
    return ""
