"""
The Repertoire of the Practice of the Security Council, as text or as PDF.

Parsing is done by ``debates.parsing.repertoire`` (no database); this module
maps its items, meetings, decisions and statements onto the models inside the
document's transaction. Meetings and decisions go through the shared upserts,
so that the meeting tables and the Repertoire describe one row each in any
order; statements go through ``common.sync_statements`` (keyed on content:
the cited record, the speaker as printed and the passage).

A document is the Repertoire's items it holds (``identify``); a file whose
items and meetings overlap those of a Repertoire document already loaded is
a new version of it (``find_document``), whatever its name: a shortened or
edited copy must not add its statements a second time.
"""

from __future__ import annotations

import hashlib
import re

from ..council import Seats
from ..models import Decision, Item, Meeting, SourceDocument, Speaker, Statement
from ..parsing.repertoire import ParseError, Repertoire, decode, parse_repertoire, text_from_pdf_lines
from ..reporting import IngestError, Report
from ..speakers import SpeakerResolver
from .common import (
    get_or_create_item,
    merge_fields,
    own_capacity,
    sync_statements,
    upsert_decision,
)

KIND = SourceDocument.Kind.REPERTOIRE
# A whole supplement as PDF runs to tens of megabytes; its text to a few.
MAX_BYTES = 200 * 1024 * 1024

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


def identify(parsed: Repertoire) -> str:
    """``Repertoire items 49, 50 (2004-2007)``: the items it holds and the years of their meetings."""
    numbers = sorted({item.number for item in parsed.items})
    years = sorted({meeting.date.year for meeting in parsed.meetings})
    span = f" ({years[0]}-{years[-1]})" if years else ""
    return f"Repertoire items {', '.join(map(str, numbers))}{span}"[:255]


def find_document(parsed: Repertoire) -> SourceDocument | None:
    """The Repertoire document this one is a version of: one that summarises some of the same
    meetings under some of the same items. Raises IngestError if several do."""
    titles = [Item.key_for(item.title) for item in parsed.items]
    numbers = [meeting.number for meeting in parsed.meetings]
    ids = set(
        Statement.objects.filter(
            source=Statement.Source.REPERTOIRE, meeting__number__in=numbers, item__key__in=titles
        )
        .values_list("source_document", flat=True)
        .distinct()
    )
    candidates = list(SourceDocument.objects.filter(pk__in=ids, kind=KIND).order_by("pk"))
    if len(candidates) > 1:
        names = ", ".join(f"{d.identity} ({d.name})" for d in candidates)
        raise IngestError(f"overlaps several Repertoire documents loaded before: {names}")
    return candidates[0] if candidates else None


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
    """The document's statements, through ``common.sync_statements`` (bulk writes: a Repertoire
    volume holds tens of thousands of statements)."""
    speakers: dict[str, Speaker] = {}
    positions: dict[int, int] = {}
    rows: list[dict] = []
    # Group keys must not collide with another document's footnote numbers; from what the
    # document is, so that they do not depend on the order documents were loaded in.
    tag = hashlib.sha1((document.identity or document.name).encode()).hexdigest()[:8]

    def speaker_for(name: str) -> Speaker:
        speaker = speakers.get(name)
        if speaker is None:
            speaker = speakers[name] = resolver.resolve(name)
            if speaker.needs_review:
                report.note(f"speaker “{speaker.name}” is not in the gazetteer: flagged for review")
        return speaker

    missing = {s.meeting for s in parsed.statements} - set(meetings)
    if missing:
        meetings.update({m.number: m for m in Meeting.objects.filter(number__in=missing)})
    # The Repertoire says "representative of" whether or not the State sat on the Council:
    # the members that day tell a member (national) from a State invited to take part.
    seats = Seats([m.pk for m in meetings.values()])

    for s in parsed.statements:
        meeting = meetings.get(s.meeting)
        if meeting is None:
            report.note(f"statement {s.key} cites {s.record}, a meeting nothing describes: not loaded")
            continue
        positions[s.meeting] = positions.get(s.meeting, 0) + 1
        speaker = speaker_for(s.name)
        rows.append(
            {
                "meeting_id": meeting.pk,
                "item_id": items[s.item].pk,
                "speaker_id": speaker.pk,
                "label": s.label,
                # Whom it speaks for is ``on_behalf_of``; the capacity is the speaker's own.
                "capacity": seats.capacity(
                    speaker,
                    own_capacity(speaker, "national" if s.capacity == "on_behalf" else s.capacity),
                    meeting.date,
                    meeting.pk,
                ),
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
                # Not a column: the speaker spoken for, which sync_statements sets.
                "on_behalf_of": {speaker_for(s.on_behalf_of).pk} if s.on_behalf_of else set(),
            }
        )
    sync_statements(document, report, rows)


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
