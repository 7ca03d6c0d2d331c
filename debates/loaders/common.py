"""
Upserts shared by every loader: rows are keyed on natural keys, so that the
same meeting or decision described by several documents is one row,
whatever order the documents come in.

When two sources disagree about a field, the more authoritative one wins
(``AUTHORITY``) and the disagreement is recorded as a ``Discrepancy`` and in
the ingest report; nothing is overwritten silently.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any

from django.db.models import Model

from ..models import Decision, Discrepancy, Item, Meeting, SourceDocument, Speaker, Statement

if TYPE_CHECKING:
    from ..ingest import Report

# The primary document outranks the library's index of it, which outranks the
# Repertoire's summary: a verbatim record states its own date and speakers,
# a resolution its own date and adopting meeting; the meeting tables are
# compiled from those records; the Repertoire summarises them years later.
# The veto list is the library's digest of the same tables (one line per
# veto, agenda items abridged), so where the two differ the table wins.
AUTHORITY: dict[str, int] = {
    SourceDocument.Kind.VERBATIM: 5,
    SourceDocument.Kind.RESOLUTION: 5,
    SourceDocument.Kind.PRESIDENTIAL_STATEMENT: 5,
    SourceDocument.Kind.MEETING_TABLE: 4,
    SourceDocument.Kind.VETO_LIST: 3,
    SourceDocument.Kind.REPERTOIRE: 2,
    "citation": 1,
}
# A document's word on another row than its own: a resolution text naming the
# meeting that adopted it. Of the ten texts whose meeting differs from the
# tables', eight misprint the number (S/RES/246 (1968), "adopted at the 1387th
# meeting", bears the date of the 1397th, where the table puts it), so the
# tables' link wins; the disagreement is recorded all the same.
CITATION = "citation"

EMPTY = (None, "", [], {})

# Discrepancies are unique on their values, and a PostgreSQL B-tree entry must
# stay under about 2,700 bytes: long values (a title, a text) are kept in part.
DISCREPANCY_VALUE_LIMIT = 500


def _source_tag(document: SourceDocument, kind: str | None = None) -> str:
    return f"{kind or document.kind}|{document.name}"


def _placeholder(tag: str | None) -> bool:
    """A value set ``as_kind=REFERENCE``: a stand-in until a source about the row itself gives one.

    Replacing it is no disagreement worth recording (the resolution text that
    created a meeting before the tables dated it); recording it would make
    the discrepancies depend on the order the documents came in.
    """
    return (tag or "").split("|")[0] == SourceDocument.Kind.REFERENCE


def _rank(tag: str | None) -> int:
    return AUTHORITY.get((tag or "").split("|")[0], 0)


def merge_fields(
    obj: Meeting | Decision,
    values: dict[str, Any],
    document: SourceDocument,
    report: Report,
    key: str,
    *,
    as_kind: str | None = None,
) -> bool:
    """Set ``values`` on ``obj`` where the document is entitled to; return whether anything changed.

    A blank field takes any value. A field set by the same document takes its
    new value (the document was edited). Otherwise the more authoritative
    source wins, ties keep the value already there, and a real disagreement
    is recorded. ``as_kind`` ranks the values as if another kind of
    document gave them (a document speaking of something it is not the
    source for, e.g. a resolution of its meeting's date).
    """
    changed = False
    tag = _source_tag(document, as_kind)
    sources: dict[str, str] = obj.field_sources
    for field, new in values.items():
        if new in EMPTY:
            continue
        old = getattr(obj, field)
        old_tag = sources.get(field)
        if old == new:
            if _rank(tag) > _rank(old_tag):
                sources[field] = tag
                changed = True
            continue
        if old in EMPTY or old_tag is None or old_tag == tag or _rank(tag) > _rank(old_tag):
            if old not in EMPTY and old_tag not in (None, tag) and not _placeholder(old_tag):
                _record_discrepancy(obj, key, field, kept=new, other=old, kept_tag=tag, other_tag=old_tag)
                report.note(
                    f"{obj._meta.model_name} {key}: {field} {new!s} from {document.name} kept over {old!s}"
                )
            setattr(obj, field, new)
            sources[field] = tag
            changed = True
        else:
            _record_discrepancy(obj, key, field, kept=old, other=new, kept_tag=old_tag, other_tag=tag)
            report.note(
                f"{obj._meta.model_name} {key}: {field} {old!s} kept over {new!s} from {document.name}"
            )
    return changed


def _record_discrepancy(obj: Model, key: str, field: str, *, kept, other, kept_tag, other_tag) -> None:
    names = {t.split("|", 1)[1] for t in (kept_tag, other_tag) if t and "|" in t}
    documents = {d.name: d for d in SourceDocument.objects.filter(name__in=names)}
    Discrepancy.objects.update_or_create(
        model=obj._meta.model_name,
        object_key=key,
        field=field,
        other_value=str(other)[:DISCREPANCY_VALUE_LIMIT],
        defaults={
            "kept_value": str(kept)[:DISCREPANCY_VALUE_LIMIT],
            "kept_source": documents.get((kept_tag or "|").split("|", 1)[1]),
            "other_source": documents.get((other_tag or "|").split("|", 1)[1]),
            "reason": "the more authoritative source wins; equal authority keeps the first value",
        },
    )


def get_or_create_item(
    title: str, *, number: int | None = None, letter: str = "", parent: Item | None = None
) -> Item:
    """The Item with this title (the same title is the same item, whichever source names it)."""
    from django.utils.text import slugify

    title = " ".join(title.split())
    key = Item.key_for(title)
    item = Item.objects.filter(key=key).first()
    if item is None:
        # From the title alone, so that the item has the same URL whichever
        # source names it first (the Repertoire, which numbers it, or a
        # meeting table, which does not). A long title is cut and told apart
        # by a digest of its key rather than by creation order.
        base = slugify(title) or "item"
        if len(base) > 100:
            base = f"{base[:90].rstrip('-')}-{hashlib.sha1(key.encode()).hexdigest()[:8]}"
        slug, n = base, 2
        while Item.objects.filter(slug=slug).exists():
            slug, n = f"{base}-{n}", n + 1
        item = Item.objects.create(
            title=title, key=key, slug=slug, number=number, letter=letter, parent=parent
        )
    else:
        updates = {
            f: v
            for f, v in (("number", number), ("letter", letter), ("parent", parent))
            if v not in EMPTY and getattr(item, f) in EMPTY
        }
        if updates:
            for f, v in updates.items():
                setattr(item, f, v)
            item.save(update_fields=list(updates))
    return item


def upsert_meeting(
    document: SourceDocument,
    report: Report,
    *,
    number: int | None = None,
    slug: str | None = None,
    items: list[Item] = (),
    as_kind: str | None = None,
    **values: Any,
) -> Meeting:
    """The meeting with this number (or, for unnumbered videoconferences, slug), created or enriched.

    ``as_kind``: see ``merge_fields``.
    """
    if number is None and not slug:
        raise ValueError("a meeting needs a number or a slug")
    slug = slug or str(number)
    key = str(number) if number is not None else slug
    meeting = Meeting.objects.filter(number=number).first() if number is not None else None
    if meeting is None:
        meeting = Meeting.objects.filter(slug=slug).first()
    if meeting is None:
        if values.get("date") in EMPTY:
            raise ValueError(f"meeting {key} is new and has no date")
        meeting = Meeting(number=number, slug=slug)
        if number is not None and not values.get("record"):
            # Derived from the number, not stated by the document: left
            # untagged, so that whichever document states it later owns it.
            meeting.record = f"S/PV.{number}"
        merge_fields(meeting, values, document, report, key, as_kind=as_kind)
        meeting.save()
        report.add("meetings created")
    elif merge_fields(meeting, values, document, report, key, as_kind=as_kind):
        meeting.save()
        report.add("meetings updated")
    if items:
        meeting.items.add(*items)
    meeting.source_documents.add(document)
    return meeting


def upsert_decision(
    document: SourceDocument,
    report: Report,
    *,
    kind: str,
    symbol: str | None = None,
    meeting: Meeting | None = None,
    meeting_as_kind: str | None = None,
    entry: str = "",
    **values: Any,
) -> Decision:
    """The decision with this symbol, or the symbol-less one of ``kind`` and ``entry`` at ``meeting``.

    A decision first known without a symbol (the Repertoire sometimes omits
    it) takes the symbol when a later source gives it, and vice versa, so
    that both describe one row in either order. A draft vetoed without a
    symbol (``entry`` ``veto-N``) is only ever that draft. ``meeting_as_kind``
    ranks the document's word on the meeting apart from the rest (see
    ``CITATION``).
    """
    if not symbol and meeting is None:
        raise ValueError("a decision needs a symbol or a meeting")
    # The meeting comes along: merge_fields compares it, which would cost a query.
    decision = Decision.objects.select_related("meeting").filter(symbol=symbol).first() if symbol else None
    if decision is None and meeting is not None:
        candidates = Decision.objects.filter(meeting=meeting, kind=kind)
        if symbol:
            decision = candidates.filter(symbol__isnull=True, entry="").first()
        elif entry:
            decision = candidates.filter(symbol__isnull=True, entry=entry).first()
        else:
            unnamed = candidates.filter(symbol__isnull=True, entry="").first()
            named = list(candidates.filter(symbol__isnull=False)[:2])
            decision = unnamed or (named[0] if len(named) == 1 else None)
    key = symbol or Decision.key_for(meeting, kind, entry)
    values = {"kind": kind, **values}
    if decision is None:
        decision = Decision(symbol=symbol or None, slug=Decision.slug_for(key), entry="" if symbol else entry)
        merge_fields(decision, values, document, report, key)
        merge_fields(decision, {"meeting": meeting}, document, report, key, as_kind=meeting_as_kind)
        decision.save()
        report.add("decisions created")
    else:
        changed = merge_fields(decision, values, document, report, key)
        changed |= merge_fields(
            decision, {"meeting": meeting}, document, report, key, as_kind=meeting_as_kind
        )
        if symbol and not decision.symbol:
            decision.symbol, decision.slug = symbol, Decision.slug_for(symbol)
            changed = True
        if changed:
            decision.save()
            report.add("decisions updated")
    decision.source_documents.add(document)
    return decision


# Fields of a Statement that a re-ingest may refresh on a statement staff have
# not touched. Corrected and verified statements are never written to.
STATEMENT_FIELDS = (
    "meeting", "item", "speaker", "label", "person", "capacity", "on_behalf_of", "language", "text",
    "record", "pages", "page_start", "page_end", "position", "source", "source_start", "source_end",
    "footnote", "group_key",
)  # fmt: skip


def upsert_statement(
    document: SourceDocument, report: Report, source_key: str, values: dict[str, Any]
) -> Statement:
    """Create or refresh the statement at ``source_key`` of ``document``; keep staff corrections."""
    statement = Statement.objects.filter(source_document=document, source_key=source_key).first()
    if statement is None:
        statement = Statement.objects.create(source_document=document, source_key=source_key, **values)
        report.add("statements created")
        return statement
    if statement.status != Statement.Status.PARSED:
        report.add("corrections kept")
        report.note(f"kept correction of statement {statement.pk}")
        return statement
    changed = [f for f, v in values.items() if getattr(statement, f) != v]
    if changed:
        for f in changed:
            setattr(statement, f, values[f])
        statement.save(update_fields=changed)
        report.add("statements updated")
    return statement


def remove_stale_statements(document: SourceDocument, report: Report, seen_keys: set[str]) -> None:
    """Delete the document's statements that its new version no longer contains, except corrected ones."""
    stale = Statement.objects.filter(source_document=document).exclude(source_key__in=seen_keys)
    for statement in stale.exclude(status=Statement.Status.PARSED):
        report.note(f"kept correction of statement {statement.pk} (no longer in {document.name})")
    deleted, _ = stale.filter(status=Statement.Status.PARSED).delete()
    if deleted:
        report.add("statements deleted", deleted)


def defer_commit_flush() -> None:
    """On PostgreSQL, let this transaction's COMMIT return before its WAL reaches the disk.

    Loaders of many small documents (2,259 resolution texts, one transaction
    each) call it: waiting for the flush doubled their time. It is safe here:
    a document and its checksum commit together, so a server crash can only
    lose the last documents whole, and the next ``ingest`` loads them again.
    The database stays consistent either way (``synchronous_commit=off``,
    unlike ``fsync=off``, never corrupts). Scoped to the transaction.
    """
    from django.db import connection

    if connection.vendor == "postgresql" and connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")


def own_capacity(speaker: Speaker, capacity: str) -> str:
    """The capacity of a speaker speaking in its own name.

    Only a State speaks in a national capacity; an organization or a UN office
    addresses the Council on invitation (rule 39 of the provisional rules of
    procedure), as a briefer, whichever source reports it.
    """
    if capacity == Statement.Capacity.NATIONAL and speaker.kind != Speaker.Kind.STATE:
        return Statement.Capacity.BRIEFER
    return capacity
