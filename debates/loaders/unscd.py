"""
The UN Security Council Debates corpus (``debates.parsing.unscd``) onto the models.

A release is one source, read as a stream, and loaded **one record per
transaction**: the release's ``SourceDocument`` (identity ``unscd 2020``, by its years) holds the
checksum of its three parts, and each record (S/PV.8699 (Resumption 1), or a
videoconference's letter S/2020/594) has its own ``SourceDocument`` (identity
``unscd:S/PV.8699 (Resumption 1)``) with the checksum of what the release says
of it. So:

* the same release again is skipped whole (its checksum); a new release
  re-writes only the records whose rows or texts changed, through
  ``common.sync_statements`` (permalinks kept, corrections never written to,
  a record that would lose more than 10 % of its statements refused unless
  ``--allow-removals``), and retires the statements of records it no longer has;
* a record that fails rolls back alone and leaves the archive as it was for
  it; the release's checksum is then not recorded, so the next run tries
  again (records that loaded are skipped by their own checksums);
* a record some of whose rows could not be read is loaded with the speeches
  that could (a record new to the archive) or left as it was (a record
  loaded before: rows missing from a damaged file are not speeches removed).

Each speech becomes one Statement (source ``verbatim``: it is the speech's
text, not a summary) at its meeting and record, in speech order: a
President's speech that holds a national statement is cut in two, as the
UN's PDF prints it (``Speech.presidency_parts``). The form of address is the
label; ``country_org`` resolves through the gazetteer, and a value it does not
know becomes a speaker flagged for review (kind "other", never a State).

**One record, one set of speeches.** Where the UN's own PDF of a record is
loaded too (``loaders.verbatim``), its reading is the one shown, whichever
came first: a corpus record whose PDF is loaded writes no statements, and a
PDF loaded after the corpus retires the corpus's statements of that record
with the PDF's as successors (their permalinks redirect; their tombstones keep
the corpus's reading). A correction staff made on the corpus's reading is
carried over to the PDF's and opened for review (``common.supersede``).
"""

from __future__ import annotations

import hashlib
import sys
import time
from collections import Counter
from contextlib import nullcontext
from pathlib import Path

from django.db import transaction

from ..council import charter_terms
from ..models import MeetingRecord, MembershipTerm, SourceDocument, Speaker, Statement
from ..parsing.meeting_tables import videoconference_slug
from ..parsing.unscd import (
    META_TSV,
    SPEAKER_TSV,
    SPEECHES_DIR,
    SPEECHES_TAR,
    Corpus,
    CorpusError,
    Record,
    Speech,
    read_corpus,
)
from ..parsing.verbatim import Invitation, find_invitations
from ..reporting import IngestError, Report
from ..speakers import SpeakerResolver
from .common import (
    CORPUS_IDENTITY_PREFIX,
    CORPUS_SUPERSEDED,
    REMOVAL_LIMIT,
    _remove,
    defer_commit_flush,
    merge_fields,
    own_capacity,
    supersede,
    sync_statements,
    upsert_meeting,
)
from .items import topic_items
from .verbatim import POSITION_STEP, _videoconference, speaker_for_role

KIND = SourceDocument.Kind.UNSCD
# The release's SourceDocument: ``unscd 2020``, by the years its records cover (``release_identity``).
REFERENCE = SourceDocument.Kind.REFERENCE
RELEASE_IDENTITY = "unscd"
LABEL = "the UNSC Debates corpus"


# Values of country_org that name no State or organization: the person speaks for themselves.
PERSONAL = {"individual", "individuals", "self", "private individual"}
SECRETARIAT = {"un", "united nations", "un secretariat", "united nations secretariat"}


class ReleaseFailed(IngestError):
    """Some records of a release could not be loaded: the rest were. Carries the report and one line each."""

    def __init__(self, message: str, report: Report, lines: list[str]) -> None:
        super().__init__(message)
        self.report = report
        self.lines = lines


def release_identity(years: set[int]) -> str:
    """``unscd 2020``, ``unscd 1992-2023``: a release by the years its records cover."""
    if not years:
        return RELEASE_IDENTITY
    first, last = min(years), max(years)
    return f"{RELEASE_IDENTITY} {first}" if first == last else f"{RELEASE_IDENTITY} {first}-{last}"


def record_identity(symbol: str) -> str:
    """The identity of a record's SourceDocument: ``unscd:S/PV.8699 (Resumption 1)``."""
    return f"{CORPUS_IDENTITY_PREFIX}{symbol}"


def release_checksum(path: Path) -> tuple[str, int]:
    """SHA-256 of the release's tables and texts (the tar, or the unpacked folder's files), and its size."""
    digest = hashlib.sha256()
    size = 0
    files = [path / SPEAKER_TSV, path / META_TSV]
    if (path / SPEECHES_TAR).is_file():
        files.append(path / SPEECHES_TAR)
    else:
        files.extend(sorted(p for p in (path / SPEECHES_DIR).rglob("*") if p.is_file()))
    for file in files:
        digest.update(str(file.relative_to(path)).encode() + b"\0")
        with file.open("rb") as stream:
            while chunk := stream.read(1 << 20):
                digest.update(chunk)
                size += len(chunk)
    return digest.hexdigest(), size


def record_checksum(record: Record) -> str:
    """SHA-256 of what the release says of a record: a record unchanged in a new release is skipped."""
    digest = hashlib.sha256()
    head = (record.symbol, record.meeting_symbol, str(record.date), record.topic, record.speech_format)
    digest.update("\t".join(head).encode())
    for s in record.speeches:
        fields = (
            s.position, s.date, s.label, s.person, s.country_org, s.entity, s.role, s.participant,
            s.capacity, s.language, s.topic, "|".join(s.agenda_items), s.agenda_item_manual, s.text,
        )  # fmt: skip
        digest.update(b"\n\0" + "\t".join(map(str, fields)).encode())
    return digest.hexdigest()


def ingest_release(
    path: Path,
    *,
    dry_run: bool = False,
    force: bool = False,
    allow_removals: bool = False,
    progress: bool = False,
) -> tuple[SourceDocument | None, Report]:
    """Load the release in folder ``path``; raise IngestError (one line) if it cannot be read at all.

    Returns the release's SourceDocument and the report. Raises ``ReleaseFailed``
    after loading everything else when some records could not be loaded or some
    rows could not be read. ``dry_run`` loads inside one transaction rolled back
    at the end; ``progress`` shows a bar (records and speeches) on the terminal.
    """
    started = time.perf_counter()
    report = Report(allow_removals=allow_removals)
    report.kind = KIND
    try:
        corpus = read_corpus(path)
    except CorpusError as exc:
        # The command names the folder before the reason.
        raise IngestError(str(exc).removeprefix(f"{path}: ")) from None
    with corpus:
        checksum, size = release_checksum(path)
        # A release loaded before, under any name (record documents' checksums are their own).
        release = SourceDocument.objects.filter(
            kind=KIND, checksum=checksum, outcome=SourceDocument.Outcome.LOADED
        ).first()
        if release is not None and not force:
            report.skipped = True
            report.seconds = time.perf_counter() - started
            return release, report
        loader = _ReleaseLoader(corpus, report, force=force)
        try:
            with transaction.atomic() if dry_run else nullcontext():
                charter_terms()  # the permanent seats, which ``_capacity`` checks (idempotent)
                loader.run(progress=progress)
                release = _record_release(path, checksum, size, report, loader)
                if dry_run:
                    transaction.set_rollback(True)
        finally:
            report.seconds = time.perf_counter() - started
    if loader.failures:
        raise ReleaseFailed(
            f"{len(loader.failures)} problem(s) in {LABEL}: the rest was loaded; each is listed above",
            report,
            loader.failures,
        )
    return (None if dry_run else release), report


def _record_release(
    path: Path, checksum: str, size: int, report: Report, loader: _ReleaseLoader
) -> SourceDocument:
    """The release's own row: known by the years it covers (``unscd 2020``, ``unscd 1992-2023``), so
    that the shipped part and the whole release, both loaded, are two releases each skipped by its
    checksum, and a new release of the same years is a new version of the old one."""
    failures = loader.failures
    identity = release_identity(loader.years)
    release = SourceDocument.objects.filter(identity=identity).first() or SourceDocument(
        identity=identity, kind=KIND
    )
    release.name = path.name
    # A release with failures is not recorded as loaded: the next run reads it again, and
    # the records that did load are skipped by their own checksums.
    release.checksum = "" if failures else checksum
    release.size = size
    release.outcome = SourceDocument.Outcome.LOADED
    release.counts = dict(report.counts)
    release.message = (
        report.summary() if not failures else f"{len(failures)} problem(s): {failures[0]}"[:2000]
    )
    release.save()
    return release


class _ReleaseLoader:
    """Streams a release into the archive, one record per transaction."""

    def __init__(self, corpus: Corpus, report: Report, *, force: bool) -> None:
        self.corpus = corpus
        self.report = report
        self.force = force
        self.failures: list[str] = []
        self.resolver = SpeakerResolver()
        self.unresolved: Counter[str] = Counter()
        self.years: set[int] = set()  # the years the release's records cover
        self.resolved: set[str] = set()
        self.permanent: list | None = None  # the permanent seats: (speaker id, first day, last day)
        self.topics: dict[str, list] = {}  # each topic's Items, looked up once per release

    def run(self, *, progress: bool) -> None:
        from tqdm import tqdm

        corpus, report = self.corpus, self.report
        bar = tqdm(
            total=corpus.expected_speeches,
            unit=" speeches",
            disable=not progress,
            file=sys.stderr,
            dynamic_ncols=True,
        )
        skipped = 0
        with bar:
            for record in corpus.records():
                self.years.add(record.date.year)
                unread = corpus.counts["rows skipped"] - skipped
                skipped = corpus.counts["rows skipped"]
                self._problems()
                try:
                    with transaction.atomic():
                        defer_commit_flush()
                        self._load(record, incomplete=unread > 0)
                except Exception as exc:  # one record fails alone: the batch goes on
                    reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
                    if not isinstance(exc, IngestError):
                        reason = f"could not be loaded: {type(exc).__name__}: {reason}"
                    line = record.speeches[0].line if record.speeches else None
                    where = f"{SPEAKER_TSV}, line {line}" if line else SPEAKER_TSV
                    self.failures.append(f"{where}: {record.symbol}: {reason}")
                    report.add("records failed")
                    # What the resolver cached may have been rolled back with the record.
                    self.resolver = SpeakerResolver()
                    self.topics.clear()
                bar.update(len(record.speeches))
                bar.set_postfix_str(f"{corpus.counts['records']:,}/{corpus.expected_records:,} records")
        self._problems()
        self._remove_vanished()
        report.add("records", corpus.counts["records"])
        report.add("speeches", corpus.counts["speeches"])
        report.add("rows skipped", corpus.counts["rows skipped"])
        report.add("speakers resolved", len(self.resolved))
        report.add("speakers flagged", len(self.unresolved))
        for value, n in sorted(self.unresolved.items(), key=lambda item: (-item[1], item[0])):
            report.note(f"country_org {value!r}: {n} speech(es), not resolved: speaker flagged for review")

    def _problems(self) -> None:
        """What the reader could not read, a line each: a row whose speech could not be read
        makes the ingest fail (after the rest is loaded); the others are notes."""
        for problem in self.corpus.take_problems():
            if problem.skipped:
                self.failures.append(str(problem))
            else:
                self.report.note(str(problem))

    # A record -----------------------------------------------------------------------------

    def _load(self, record: Record, *, incomplete: bool) -> None:
        report = self.report
        identity = record_identity(record.symbol)
        checksum = record_checksum(record)
        document = SourceDocument.objects.filter(identity=identity).first()
        loaded = document is not None and document.outcome == SourceDocument.Outcome.LOADED
        if loaded and document.checksum == checksum and not self.force:
            report.add("records unchanged")
            self._count_speakers(record)
            return
        if incomplete and loaded:
            raise IngestError(
                "some of its rows could not be read (see above): left as it was, not read as speeches removed"
            )
        if document is None:
            document = SourceDocument(identity=identity, kind=KIND)
        document.name = record.basename or record.symbol
        # A record read in part is loaded again in full next time.
        document.checksum = "" if incomplete else checksum
        document.size = sum(len(s.text) for s in record.speeches)
        document.outcome = SourceDocument.Outcome.LOADED
        document.kind = KIND
        document.save()
        mine = Report(allow_removals=report.allow_removals)

        topics = [record.topic, *(s.topic for s in record.speeches)]
        classification = [*record.agenda_items, *(s.agenda_item_manual for s in record.speeches)]
        titles = [t for t in dict.fromkeys(topics + classification) if t]
        new = [t for t in titles if t not in self.topics]
        if new:
            self.topics.update(topic_items(new, document, mine))
        items = {t: self.topics[t] for t in titles}
        meeting = self._meeting(record, document, mine, [i for found in items.values() for i in found])
        sequence = self._meeting_record(record, meeting, document, mine)

        official = (
            SourceDocument.objects.filter(
                identity=record.symbol, kind=SourceDocument.Kind.VERBATIM, statements__isnull=False
            )
            .exclude(outcome=SourceDocument.Outcome.FAILED)
            .first()
        )
        if official is not None:
            # The UN's PDF of this record is loaded: its reading is the one shown.
            supersede(document, official, mine, reason=CORPUS_SUPERSEDED.format(symbol=record.symbol))
            mine.add("speeches read in the UN's record instead", len(record.speeches))
            self._count_speakers(record)
        else:
            rows = self._rows(record, meeting, sequence, items)
            sync_statements(document, mine, rows)
            self._count_speakers(record)

        document.counts = dict(mine.counts)
        document.message = mine.summary()
        document.save(update_fields=["counts", "message"])
        self._merge(mine)
        report.add("records loaded")

    def _merge(self, mine: Report) -> None:
        self.report.counts.update(mine.counts)
        self.report.notes.extend(mine.notes)
        self.report.plan.extend(mine.plan)

    def _meeting(self, record: Record, document: SourceDocument, report: Report, items: list):
        if record.meeting_number is None:
            existing = _videoconference(record)
            # Not the meeting's ``letter`` (the outcome's, which the tables give): the tables,
            # loaded after, find the meeting by its slug, made from this letter.
            values: dict = {"kind": "videoconference"}
            number = None
            slug = existing.slug if existing else videoconference_slug(record.date, [record.symbol], [], [])
        else:
            existing = None
            number, slug = record.meeting_number, None
            values = {"record": f"S/PV.{record.meeting_number}"}
        if record.resumption == 0:
            values["date"] = record.date
        elif not _meeting_exists(number, slug):
            values["date"] = record.date  # until the meeting's own record comes
        meeting = upsert_meeting(document, report, number=number, slug=slug, items=items, **values)
        if record.topic and not meeting.title:
            # The corpus's topic is a short subject ("Colombia"), not the agenda's title: a
            # stand-in until a table or the record itself gives the title, replaced without a
            # disagreement recorded (and never offered against a title already there), so that
            # the archive is the same whichever came first.
            key = str(number) if number is not None else meeting.slug
            merge_fields(meeting, {"title": record.topic}, document, report, key, as_kind=REFERENCE)
            meeting.save(update_fields=["title", "field_sources"])
        return meeting

    def _meeting_record(self, record: Record, meeting, document: SourceDocument, report: Report) -> int:
        """The record's place among its meeting's records (created if no source gave it yet)."""
        known = MeetingRecord.objects.filter(symbol=record.symbol).first()
        if known is not None:
            return known.sequence
        taken = set(MeetingRecord.objects.filter(meeting=meeting).values_list("sequence", flat=True))
        sequence = record.resumption
        if sequence in taken:
            # A videoconference's second letter (the outcome after the procedure): the next place.
            sequence = max(taken) + 1
        kind = (
            MeetingRecord.Kind.LETTER
            if record.letter
            else MeetingRecord.Kind.RESUMPTION
            if record.resumption
            else MeetingRecord.Kind.MEETING
        )
        MeetingRecord.objects.create(
            meeting=meeting,
            symbol=record.symbol,
            kind=kind,
            sequence=sequence,
            date=record.date,
            source_document=document,
        )
        report.add("meeting records created")
        return sequence

    # Speeches -----------------------------------------------------------------------------

    def _rows(self, record: Record, meeting, sequence: int, items: dict) -> list[dict]:
        rows = []
        order = 0
        # Whom the President invited, and as what (rule 39): the office a UN briefer speaks for
        # where the corpus gives no role, as the verbatim loader reads it from the PDF.
        invitations = find_invitations(
            s.text
            for s in record.speeches
            if s.participant == "president" or s.label.startswith("The President")
        )
        for speech in record.speeches:
            speaker = self._speaker(speech, invitations)
            item = next(iter(items.get(speech.topic) or items.get(record.topic) or []), None)
            for capacity, text in speech.presidency_parts():
                order += 1
                rows.append(
                    {
                        "meeting_id": meeting.pk,
                        "item_id": item.pk if item else None,
                        "speaker_id": speaker.pk,
                        "label": speech.label,
                        "person": speech.person,
                        "capacity": self._capacity(speaker, capacity, speech.date),
                        "date": speech.date,
                        "language": speech.language,
                        "text": text,
                        "record": record.symbol,
                        "position": sequence * POSITION_STEP + order,
                        "source": Statement.Source.VERBATIM,
                    }
                )
        return rows

    def _speaker(self, speech: Speech, invitations: list[Invitation] = ()) -> Speaker:
        """Who the speech speaks for: its State or organization, the UN office, or the person."""
        resolver = self.resolver
        entity = " ".join(speech.entity.split())
        folded = entity.casefold()
        if folded in PERSONAL or not entity:
            # A person speaking for themselves: a speaker to review under their name.
            speaker = resolver.resolve(speech.person or speech.label or "Unknown speaker")
        elif folded in SECRETARIAT:
            name = speech.label.split(" (", 1)[0]
            if name.startswith(("The Secretary-General", "The Deputy Secretary-General")):
                speaker = resolver.resolve(name.removeprefix("The "))
            elif speech.role:
                speaker = speaker_for_role(speech.role, resolver)
            elif invitation := next((i for i in invitations if i.matches(name or speech.person)), None):
                speaker = speaker_for_role(invitation.role, resolver)
            else:
                speaker = resolver.resolve("United Nations")
        else:
            speaker = resolver.lookup(entity, speech.date)
            if speaker is None and speech.role:
                speaker = speaker_for_role(speech.role, resolver)
            if speaker is None:
                speaker = resolver.resolve(entity, speech.date)
        return speaker

    def _count_speakers(self, record: Record) -> None:
        """Count each speech's ``country_org`` as resolved or not: the resolution report.

        Decided on the value alone (the gazetteer or staff know it, or it names the Secretariat),
        so that a record written, left unchanged or read in the UN's record counts the same."""
        for speech in record.speeches:
            entity = " ".join(speech.entity.split())
            known = entity.casefold() in SECRETARIAT or (
                (speaker := self.resolver.lookup(entity, speech.date)) is not None
                and not speaker.needs_review
            )
            if known:
                self.resolved.add(entity)
            else:
                self.unresolved[entity or "(empty)"] += 1

    def _capacity(self, speaker: Speaker, capacity: str, day) -> str:
        """The reader's capacity, checked against the Council's permanent seats: a permanent member
        the corpus marks a guest spoke as a member (France's Mr. Michon at S/PV.8724).

        Only the Charter's seats, which are known whatever was loaded before (``charter_terms``):
        checking the elected seats would make a statement's capacity depend on whether the list
        of terms was ingested before the corpus. An elected member's deputy the cover page did
        not list is put right by the reader when the member speaks in the same record."""
        if capacity == Statement.Capacity.INVITED and speaker.kind == Speaker.Kind.STATE:
            if self.permanent is None:  # five seats, read once
                self.permanent = list(
                    MembershipTerm.objects.filter(seat=MembershipTerm.Seat.PERMANENT).values_list(
                        "speaker_id", "start", "end"
                    )
                )
            if any(
                pk == speaker.pk and start <= day and (end is None or day <= end)
                for pk, start, end in self.permanent
            ):
                capacity = Statement.Capacity.NATIONAL
        return own_capacity(speaker, capacity)

    # Records no longer in the release ----------------------------------------------------

    def _remove_vanished(self) -> None:
        """Retire the statements of records an earlier release had and this one has not."""
        report = self.report
        if not self.years:
            return
        present = {record_identity(symbol) for symbol in self.corpus.symbols}
        documents = SourceDocument.objects.filter(kind=KIND, identity__startswith=CORPUS_IDENTITY_PREFIX)
        absent = {
            d.identity.removeprefix(CORPUS_IDENTITY_PREFIX): d
            for d in documents.exclude(identity__in=present)
        }
        # Only within the years this release covers: the shipped 2020 part says nothing of 1995.
        within = MeetingRecord.objects.filter(
            symbol__in=list(absent), date__year__gte=min(self.years), date__year__lte=max(self.years)
        ).values_list("symbol", flat=True)
        vanished = [absent[symbol] for symbol in sorted(within) if absent[symbol].statements.exists()]
        if not vanished:
            return
        gone = Statement.objects.filter(source_document__in=vanished).count()
        held = Statement.objects.filter(source_document__kind=KIND).count()
        if gone > REMOVAL_LIMIT * held and not report.allow_removals:
            self.failures.append(
                f"{SPEAKER_TSV}: {len(vanished)} record(s) of the release loaded before are not in this one; "
                f"removing them would remove {gone} of {held} statements ({gone / held:.0%}, more than "
                f"{REMOVAL_LIMIT:.0%}): refused; check the release, or ingest it with --allow-removals"
            )
            return
        for document in vanished:
            with transaction.atomic():
                mine = Report(allow_removals=True)
                statements = list(document.statements.order_by("position", "pk"))
                _remove(document, mine, statements)
                document.checksum = ""
                document.message = "not in the release last loaded"
                document.save(update_fields=["checksum", "message"])
                self._merge(mine)
            report.add("records removed")
            report.note(f"{document.identity.removeprefix(CORPUS_IDENTITY_PREFIX)}: not in this release")


def _meeting_exists(number: int | None, slug: str | None) -> bool:
    from ..models import Meeting

    if number is not None:
        return Meeting.objects.filter(number=number).exists()
    return Meeting.objects.filter(slug=slug).exists()
