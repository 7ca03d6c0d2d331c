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

import hashlib
import re
from typing import TYPE_CHECKING

from ..models import Item, Meeting, SourceDocument, Statement
from ..parsing.repertoire import ParseError, Repertoire, decode, parse_repertoire
from ..speakers import SpeakerResolver
from .common import (
    get_or_create_item,
    remove_stale_statements,
    upsert_decision,
    upsert_meeting,
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
            from ..parsing.pdf import PdfError, extract_pages

            try:
                text = "\n".join(extract_pages(data, name))
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
    meetings: dict[int, Meeting] = {}
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
        meetings[m.number] = upsert_meeting(
            document, report, number=m.number, items=[items[m.item]], **values
        )
    for d in parsed.decisions:
        values = {
            "number": d.number,
            "year": d.year,
            "date": d.date,
            "adopted": d.adopted,
            "summary": d.summary,
        }
        if d.unanimous:
            values["unanimous"] = True
        upsert_decision(document, report, kind=d.kind, symbol=d.symbol, meeting=meetings[d.meeting], **values)

    _load_statements(parsed, document, report, resolver, items, meetings)
    for u in parsed.unattributed:
        where = f"footnote {u.footnote}" if u.footnote else f"offset {u.start}"
        report.note(f"not attributed (item {u.item}, {where}): {u.reason}")
    if parsed.unattributed:
        report.add("unattributed passages", len(parsed.unattributed))
    for warning in parsed.warnings:
        report.note(warning)


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
    positions: dict[int, int] = {}
    flagged: set[int] = set()
    seen: set[str] = set()
    create: list[Statement] = []
    update: list[Statement] = []
    changed_fields: set[str] = set()
    for s in parsed.statements:
        meeting = meetings.get(s.meeting)
        if meeting is None:
            meeting = meetings[s.meeting] = Meeting.objects.filter(number=s.meeting).first()
        if meeting is None:
            report.note(f"statement {s.key} cites {s.record}, a meeting nothing describes: not loaded")
            continue
        speaker = resolver.resolve(s.name)
        on_behalf = resolver.resolve(s.on_behalf_of) if s.on_behalf_of else None
        for who in (speaker, on_behalf):
            if who is not None and who.needs_review and who.pk not in flagged:
                flagged.add(who.pk)
                report.note(f"speaker “{who.name}” is not in the gazetteer: flagged for review")
        positions[s.meeting] = positions.get(s.meeting, 0) + 1
        values = {
            "meeting": meeting,
            "item": items[s.item],
            "speaker": speaker,
            "label": s.label,
            "capacity": s.capacity,
            "on_behalf_of": on_behalf,
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
        statement = existing.get(s.key)
        if statement is None:
            create.append(Statement(source_document=document, source_key=s.key, **values))
            continue
        if statement.status != Statement.Status.PARSED:
            report.add("corrections kept")
            report.note(f"kept correction of statement {statement.pk}")
            continue
        fields = [f for f, v in values.items() if _differs(statement, f, v)]
        if fields:
            for f in fields:
                setattr(statement, f, values[f])
            changed_fields.update(fields)
            update.append(statement)
    Statement.objects.bulk_create(create, batch_size=1000)
    if update:
        Statement.objects.bulk_update(update, sorted(changed_fields), batch_size=1000)
    report.add("statements created", len(create))
    report.add("statements updated", len(update))
    remove_stale_statements(document, report, seen)


def _differs(statement: Statement, field: str, value) -> bool:
    # Compare foreign keys by id: no query per related row.
    if field in ("meeting", "item", "speaker", "on_behalf_of"):
        return getattr(statement, f"{field}_id") != (value.pk if value is not None else None)
    return getattr(statement, field) != value


def _load_items(parsed: Repertoire) -> dict[str, Item]:
    items: dict[str, Item] = {}
    for it in parsed.items:
        parent = items.get(str(it.number)) if it.letter else None
        items[it.code] = get_or_create_item(it.title, number=it.number, letter=it.letter, parent=parent)
    return items
