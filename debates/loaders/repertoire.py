"""
The Repertoire of the Practice of the Security Council, as text or as PDF.

Parsing is done by ``debates.parsing.repertoire`` (no database); this module
maps its items, meetings, decisions and statements onto the models inside the
document's transaction. Meetings and decisions go through the shared upserts,
so that the meeting tables and the Repertoire describe one row each in any
order; statements are keyed on ``<item>/fn<footnote>/<n>`` (the n-th speaker
the footnote or passage names), which stays the same when the same document
is ingested again.
"""

from __future__ import annotations

import datetime
import hashlib
import re
from operator import itemgetter
from typing import TYPE_CHECKING

from django.db import connection

from ..models import Decision, Item, Meeting, SourceDocument, Speaker, Statement
from ..parsing.repertoire import ParseError, Repertoire, decode, parse_repertoire, text_from_pdf_lines
from ..speakers import SpeakerResolver
from .common import (
    get_or_create_item,
    merge_fields,
    own_capacity,
    remove_stale_statements,
    upsert_decision,
)

if TYPE_CHECKING:
    from ..ingest import Report

KIND = SourceDocument.Kind.REPERTOIRE

# What only the Repertoire prints: citations of a verbatim record with pages,
# and meeting paragraphs.
_CITATION = re.compile(rb"S/PV\.\d+(?: \(Resumption \d+\))?, pp?\.")
_MEETING = re.compile(rb"At its \d+(?:st|nd|rd|th) meeting")


def detect(name: str, data: bytes) -> bool:
    """A Repertoire text (footnoted citations of S/PV records and meeting paragraphs) or a PDF so named.

    Extracting a PDF's text is too costly for detection, so a PDF is taken on
    its name (``…repertoire…``); its text is checked when it is parsed.
    """
    if data[:1024].lstrip().startswith(b"%PDF-"):
        return "repertoire" in name.lower()
    head = data[:200_000]
    return b"_____" in head and bool(_CITATION.search(head)) and bool(_MEETING.search(head))


def parse(name: str, data: bytes) -> Repertoire:
    """Parse a Repertoire document; raise IngestError with a one-line reason if it cannot be."""
    from ..ingest import IngestError

    try:
        if data[:1024].lstrip().startswith(b"%PDF-"):
            from ..parsing.pdf import PdfError, extract_lines

            try:
                text = text_from_pdf_lines(extract_lines(data, name))
            except PdfError as exc:
                raise IngestError(str(exc)) from exc
        else:
            text = decode(data)
        return parse_repertoire(text)
    except ParseError as exc:
        raise IngestError(str(exc)) from exc


def summarize(parsed: Repertoire) -> dict[str, int]:
    return {
        "items": len(parsed.items),
        "meetings": len(parsed.meetings),
        "decisions": len(parsed.decisions),
        "statements": len(parsed.statements),
        "unattributed passages": len(parsed.unattributed),
    }


def load(parsed: Repertoire, document: SourceDocument, report: Report) -> None:
    """Write the parsed Repertoire; runs inside the document's transaction."""
    resolver = SpeakerResolver()
    items = _load_items(parsed)
    meetings = _load_meetings(parsed, document, report, resolver, items)
    _load_decisions(parsed, document, report, meetings)
    _load_statements(parsed, document, report, resolver, items, meetings)
    for u in parsed.unattributed:
        where = f"footnote {u.footnote}" if u.footnote else f"offset {u.start}"
        report.note(f"not attributed (item {u.item}, {where}): {u.reason}")
    if parsed.unattributed:
        report.add("unattributed passages", len(parsed.unattributed))
    for warning in parsed.warnings:
        report.note(warning)


def _load_meetings(
    parsed: Repertoire,
    document: SourceDocument,
    report: Report,
    resolver: SpeakerResolver,
    items: dict[str, Item],
) -> dict[int, Meeting]:
    """Create or enrich the meetings, keyed on their numbers, with few queries.

    This is ``common.upsert_meeting`` done in bulk: every field goes through
    ``merge_fields`` (so the more authoritative source wins and disagreements
    are recorded), a known meeting is saved only if something changed, and
    the links to item and document are added if missing. A volume describes
    about a thousand meetings, mostly known already from the meeting tables;
    several queries for each would dominate the ingest.
    """
    known = {m.number: m for m in Meeting.objects.filter(number__in=[m.number for m in parsed.meetings])}
    meetings: dict[int, Meeting] = {}
    new: list[Meeting] = []
    links: list[tuple[Meeting, Item]] = []
    for m in parsed.meetings:
        values = {
            "date": m.date,
            "record": m.record,
            "kind": m.kind,
            "title": m.title,
            "documents": m.documents,
            "president": resolver.resolve(m.president) if m.president else None,
        }
        if m.resumptions:
            values["resumptions"] = m.resumptions
        meeting = known.get(m.number)
        if meeting is None:
            meeting = Meeting(number=m.number, slug=str(m.number))
            merge_fields(meeting, values, document, report, str(m.number))
            new.append(meeting)
        elif merge_fields(meeting, values, document, report, str(m.number)):
            meeting.save()
            report.add("meetings updated")
        meetings[m.number] = meeting
        links.append((meeting, items[m.item]))
    if new:
        Meeting.objects.bulk_create(new, batch_size=500)
        report.add("meetings created", len(new))
    Meeting.items.through.objects.bulk_create(
        [Meeting.items.through(meeting_id=m.pk, item_id=item.pk) for m, item in links],
        batch_size=500,
        ignore_conflicts=True,
    )
    Meeting.source_documents.through.objects.bulk_create(
        [Meeting.source_documents.through(meeting_id=m.pk, sourcedocument_id=document.pk) for m, _ in links],
        batch_size=500,
        ignore_conflicts=True,
    )
    return meetings


def _load_decisions(
    parsed: Repertoire, document: SourceDocument, report: Report, meetings: dict[int, Meeting]
) -> None:
    """Create or enrich the decisions, as ``common.upsert_decision`` does, in bulk where it can.

    A decision whose symbol is known, or that cannot exist yet (no symbol
    known and its meeting has no decision), is merged or created here with
    ``merge_fields``. The others (a symbol-less decision that may be one of
    its meeting's, say) go through ``upsert_decision`` and its matching.
    """
    symbols = [d.symbol for d in parsed.decisions if d.symbol]
    by_symbol = {d.symbol: d for d in Decision.objects.filter(symbol__in=symbols)}
    busy_meetings = set(
        Decision.objects.filter(meeting__in=list(meetings.values())).values_list("meeting_id", flat=True)
    )
    new: list[Decision] = []
    linked: list[Decision] = []
    deferred: list[tuple] = []
    keys: set[str] = set()
    for d in parsed.decisions:
        meeting = meetings[d.meeting]
        values = {
            "kind": d.kind,
            "meeting": meeting,
            "number": d.number,
            "year": d.year,
            "date": d.date,
            "adopted": d.adopted,
            "summary": d.summary,
        }
        if d.unanimous:
            values["unanimous"] = True
        key = d.symbol or f"{meeting.slug}-{d.kind}"
        decision = by_symbol.get(d.symbol) if d.symbol else None
        if decision is not None and key not in keys:
            if merge_fields(decision, values, document, report, key):
                decision.save()
                report.add("decisions updated")
            linked.append(decision)
        elif meeting.pk in busy_meetings or key in keys:
            deferred.append((d, meeting, values))
        else:
            decision = Decision(symbol=d.symbol or None, slug=Decision.slug_for(key))
            merge_fields(decision, values, document, report, key)
            new.append(decision)
        keys.add(key)
    if new:
        Decision.objects.bulk_create(new, batch_size=500)
        report.add("decisions created", len(new))
    Decision.source_documents.through.objects.bulk_create(
        [
            Decision.source_documents.through(decision_id=d.pk, sourcedocument_id=document.pk)
            for d in new + linked
        ],
        batch_size=500,
        ignore_conflicts=True,
    )
    # After the new ones are saved, so that a second mention in this document finds the first.
    for d, meeting, values in deferred:
        values = {k: v for k, v in values.items() if k not in ("kind", "meeting")}
        upsert_decision(document, report, kind=d.kind, symbol=d.symbol, meeting=meeting, **values)


def _load_statements(
    parsed: Repertoire,
    document: SourceDocument,
    report: Report,
    resolver: SpeakerResolver,
    items: dict[str, Item],
    meetings: dict[int, Meeting],
) -> None:
    """Create, refresh or keep the document's statements, in batches.

    The same rules as ``common.upsert_statement`` (a corrected or verified
    statement is never written to, and the report says so), but with one
    query for the existing rows and bulk writes: a Repertoire volume holds
    tens of thousands of statements.
    """
    # Group keys must not collide with another document's footnote numbers.
    tag = hashlib.sha1(document.name.encode()).hexdigest()[:8]
    existing = {s.source_key: s for s in Statement.objects.filter(source_document=document)}
    speakers: dict[str, Speaker] = {}
    positions: dict[int, int] = {}
    seen: set[str] = set()
    create: list[dict] = []
    update: list[Statement] = []
    changed_fields: set[str] = set()
    behalf: dict[str, set[int]] = {}  # source key → the speakers spoken for

    def speaker_for(name: str) -> Speaker:
        speaker = speakers.get(name)
        if speaker is None:
            speaker = speakers[name] = resolver.resolve(name)
            if speaker.needs_review:
                report.note(f"speaker “{speaker.name}” is not in the gazetteer: flagged for review")
        return speaker

    for s in parsed.statements:
        meeting = meetings.get(s.meeting)
        if meeting is None:
            meeting = meetings[s.meeting] = Meeting.objects.filter(number=s.meeting).first()
        if meeting is None:
            report.note(f"statement {s.key} cites {s.record}, a meeting nothing describes: not loaded")
            continue
        positions[s.meeting] = positions.get(s.meeting, 0) + 1
        speaker = speaker_for(s.name)
        values = {
            "meeting_id": meeting.pk,
            "item_id": items[s.item].pk,
            "speaker_id": speaker.pk,
            "label": s.label,
            # Whom it speaks for is ``on_behalf_of``; the capacity is the speaker's own.
            "capacity": own_capacity(speaker, "national" if s.capacity == "on_behalf" else s.capacity),
            "date": meeting.date,
            "text": s.text,
            "record": s.record,
            "pages": s.pages,
            "page_start": s.page_start,
            "page_end": s.page_end,
            "position": positions[s.meeting],
            "source": Statement.Source.REPERTOIRE,
            "source_start": s.start,
            "source_end": s.end,
            "footnote": s.footnote,
            "group_key": f"{tag}:{s.group_key}" if s.group_key else "",
        }
        seen.add(s.key)
        if s.on_behalf_of:
            behalf[s.key] = {speaker_for(s.on_behalf_of).pk}
        statement = existing.get(s.key)
        if statement is None:
            values.update(source_document_id=document.pk, source_key=s.key)
            create.append(values)
            continue
        if statement.status != Statement.Status.PARSED:
            report.add("corrections kept")
            report.note(f"kept correction of statement {statement.pk}")
            continue
        fields = [f for f, v in values.items() if getattr(statement, f) != v]
        if fields:
            for f in fields:
                setattr(statement, f, values[f])
            changed_fields.update(fields)
            update.append(statement)
    _insert(create)
    if update:
        names = sorted(Statement._meta.get_field(f.removesuffix("_id")).name for f in changed_fields)
        Statement.objects.bulk_update(update, names, batch_size=1000)
    if create:
        report.add("statements created", len(create))
    if update:
        report.add("statements updated", len(update))
    if existing:  # on a first ingest nothing can be stale
        remove_stale_statements(document, report, seen)
    # Corrected and verified statements keep whom staff said they speak for.
    parsed = Statement.objects.filter(source_document=document, status=Statement.Status.PARSED)
    ids = dict(parsed.values_list("source_key", "pk"))
    parsed.sync_on_behalf({ids[key]: speakers for key, speakers in behalf.items() if key in ids})


def _insert(rows: list[dict]) -> None:
    """Insert new statements (column values by attname): COPY on PostgreSQL, ``executemany`` on SQLite.

    ``bulk_create`` compiles one INSERT per 45 rows on SQLite (999 parameters
    at most) and builds a model instance per row: for the tens of thousands
    of statements of a volume that is most of the loading time. The rows are
    the same: every concrete column, a column the loader does not set takes
    its field's default (database-generated columns are left to the database).
    """
    if not rows:
        return
    fields = [f for f in Statement._meta.concrete_fields if not f.primary_key and not f.generated]
    quote = connection.ops.quote_name
    table = quote(Statement._meta.db_table)
    columns = ", ".join(quote(f.column) for f in fields)
    sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"
    defaults = {f.attname: f.get_default() for f in fields}
    if all(f.get_internal_type() in _PLAIN_TYPES for f in fields):
        columns_of = itemgetter(*(f.attname for f in fields))
        params = [columns_of({**defaults, **row}) for row in rows]
        if connection.vendor == "sqlite":
            # SQLite stores a date as its ISO text (Django's own way); sqlite3's adapter is deprecated.
            params = [
                tuple(v.isoformat() if isinstance(v, datetime.date) else v for v in row) for row in params
            ]
    else:  # a column whose value the driver does not take as is: let its field prepare it
        params = [
            tuple(f.get_db_prep_save(row.get(f.attname, defaults[f.attname]), connection) for f in fields)
            for row in rows
        ]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY is several times faster than a pipelined executemany.
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in params:
                    copy.write_row(row)
            return
        for i in range(0, len(params), 5000):
            cursor.executemany(sql, params[i : i + 5000])


# Columns whose Python value is what the database driver takes.
_PLAIN_TYPES = {
    "CharField", "TextField", "SlugField", "IntegerField", "PositiveIntegerField",
    "PositiveSmallIntegerField", "SmallIntegerField", "BigIntegerField", "PositiveBigIntegerField",
    "ForeignKey", "BooleanField", "DateField",
}  # fmt: skip


def _load_items(parsed: Repertoire) -> dict[str, Item]:
    """The document's items by code (``49``, ``49.A``); the same title is the same Item."""
    items: dict[str, Item] = {}
    by_title: dict[str, Item] = {}
    for it in parsed.items:
        item = by_title.get(it.title)
        if item is None:
            parent = items.get(str(it.number)) if it.letter else None
            item = get_or_create_item(it.title, number=it.number, letter=it.letter, parent=parent)
            by_title[it.title] = item
        items[it.code] = item
    return items
