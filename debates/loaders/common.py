"""
Upserts shared by every loader: rows are keyed on natural keys, so that the
same meeting or decision described by several documents is one row,
whatever order the documents come in. Statements go through one sync
(``sync_statements``) that keys them on their content and keeps every
permalink across new versions of their document.

When two sources disagree about a field, the more authoritative one wins
(``AUTHORITY``) and the disagreement is recorded as a ``Discrepancy`` and in
the ingest report; nothing is overwritten silently.
"""

from __future__ import annotations

import datetime
import hashlib
import unicodedata
from collections import Counter
from operator import itemgetter
from typing import Any

from django.db import connection
from django.db.models import Model
from django.utils import timezone
from django.utils.text import slugify

from ..models import (
    CorrectionReview,
    Decision,
    Discrepancy,
    Item,
    Meeting,
    RetiredStatement,
    SourceDocument,
    Speaker,
    Statement,
    cite,
)
from ..names import normalise_name
from ..reporting import IngestError, Report
from ..taxonomy import classify

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
    # The UNSC Debates corpus is read from the same verbatim records by OCR, years later, and
    # gives a record's day and topic only: below the tables, above the Repertoire's summary.
    SourceDocument.Kind.UNSCD: 3,
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

# The identities of the UNSC Debates corpus's records: ``unscd:S/PV.8699 (Resumption 1)``
# (``debates.loaders.unscd``), whose statements give way to the UN's own record of the same symbol.
CORPUS_IDENTITY_PREFIX = "unscd:"
CORPUS_SUPERSEDED = (
    "Replaced by the UN's own record of this speech ({symbol}); this was the UNSC Debates corpus's reading."
)

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
    """The Item with this title (the same title is the same item, whichever source names it).

    Nothing about it depends on the order documents come in: its slug comes from its key
    (``Item.slug_for``), its title is the first in alphabetical order of those it was given,
    and a number, letter or parent fills a blank whichever document gives it.
    """
    title = " ".join(title.split())
    key = Item.key_for(title)
    item = Item.objects.filter(key=key).first()
    if item is None:
        slug = Item.slug_for(key)
        if Item.objects.filter(slug=slug).exists():  # a slug staff gave another item
            slug = f"{slug[:100]}-{hashlib.sha1(title.encode()).hexdigest()[:8]}"
        if number is None and parent is None:
            # A title as a record prints it (an agenda item): a topic, placed in the
            # classification, as ``topic_items`` places the same title from a meeting table.
            from .items import classification_item

            item = Item.objects.create(
                title=title, key=key, slug=slug, kind="topic", parent=classification_item(classify(title))
            )
        else:
            item = Item.objects.create(
                title=title, key=key, slug=slug, number=number, letter=letter, parent=parent
            )
    else:
        updates = {
            f: v
            for f, v in (("number", number), ("letter", letter), ("parent", parent))
            if v not in EMPTY and getattr(item, f) in EMPTY
        }
        if number is not None and item.kind == "topic":
            # A Repertoire item that a meeting table printed as a topic first: it is the
            # Repertoire's numbered item, placed as the Repertoire places it, as when the
            # Repertoire comes first (``topic_items`` leaves such an item alone).
            updates.update(kind="item", parent=parent)
        if title < item.title:
            updates["title"] = title
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


# --- Statements: natural keys from content, and one sync shared by every loader ---

# The columns a loader gives for each statement (by attname). A re-ingest
# refreshes them on a statement staff have not touched. Whom a statement speaks
# for is no column: a row's ``on_behalf_of`` (speaker ids) sets the relation.
STATEMENT_COLUMNS = (
    "meeting_id", "item_id", "speaker_id", "label", "person", "capacity", "date", "language",
    "text", "record", "pages", "page_start", "page_end", "position", "source", "source_start",
    "source_end", "footnote", "group_key",
)  # fmt: skip
# Where a statement sits in its document, not what it says: refreshed on corrected and verified
# statements too (staff see them read-only), so that the admin shows the passage where it now is.
PROVENANCE_COLUMNS = ("source_key", "source_start", "source_end", "position", "footnote", "group_key")

# A new version of a document may remove at most this share of its statements
# unless the ingest is told to allow it (``--allow-removals``): more is far
# likelier a truncated or wrong file than the source's own correction.
REMOVAL_LIMIT = 0.10

# Two passages are the same statement edited when their speakers (as printed)
# and texts are this alike (rapidfuzz ratios, 0-100); see ``_align``.
LABEL_SIMILARITY = 75
TEXT_SIMILARITY = 60
# Long speeches are compared by their opening and closing stretches: an edit,
# or a page lost in the middle, leaves one of them alike, at a bounded cost.
COMPARED_CHARS = 2000


def normalise_text(text: str) -> str:
    """Text folded for comparison: Unicode compatibility forms, case, runs of white space."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def fingerprint(text: str) -> str:
    """A short digest of a passage's normalised text: equal for the same words, however laid out."""
    return hashlib.sha1(normalise_text(text).encode()).hexdigest()[:12]


def statement_key(record: str, label: str, text: str, occurrence: int = 1) -> str:
    """A statement's natural key within its document, from what it is rather than where it stands.

    The record it cites, the speaker as printed and a fingerprint of its
    text: the same when pages are added or removed or speeches reordered.
    ``occurrence`` tells true duplicates apart (the same words by the same
    speaker cited to the same record), in the document's order.
    """
    return f"{_key_base(record, label, text)}|{occurrence}"


def _key_base(record: str, label: str, text: str) -> str:
    return f"{record[:40]}|{slugify(normalise_name(label))[:48]}|{fingerprint(text)}"


def sync_statements(document: SourceDocument, report: Report, rows: list[dict[str, Any]]) -> None:
    """Make the document's statements those of ``rows``, its new version, keeping every permalink.

    Every loader with statements calls this once per document, inside the
    ingest's transaction, with one dict per statement in document order
    (``STATEMENT_COLUMNS`` by attname; missing ones take their defaults).

    1. Each row gets its natural key (``statement_key``). A statement of
       the document with the same key is the same statement.
    2. The rest are aligned with the document's remaining statements by
       likeness (``_align``): an edited passage keeps its id and counts as
       changed.
    3. A parsed statement is refreshed; a corrected or verified one keeps
       its attribution (only its place in the document, ``PROVENANCE_COLUMNS``,
       follows), and if its passage changed it goes to the corrections to
       review (``CorrectionReview``).
    4. New rows are inserted; one whose natural key a retired statement of
       this document had takes that statement's id back.
    5. What the new version no longer holds is retired (``Statement.retire``:
       a tombstone keeps the permalink), or, if corrected or verified, kept
       and flagged for review. If that is more than ``REMOVAL_LIMIT`` of the
       document's statements, nothing is written and ``IngestError`` says
       why, unless ``report.allow_removals``.

    ``report.plan`` gets a line per statement created, restored, changed or
    removed, for ``ingest --dry-run``.
    """
    # The day a statement was made: its meeting's, where the loader knows no better.
    undated = {row["meeting_id"] for row in rows if not row.get("date")}
    if undated:
        days = dict(Meeting.objects.filter(pk__in=undated).values_list("pk", "date"))
        for row in rows:
            row["date"] = row.get("date") or days.get(row["meeting_id"])
    occurrences: Counter[str] = Counter()
    for row in rows:
        base = _key_base(row.get("record", ""), row["label"], row["text"])
        occurrences[base] += 1
        row["source_key"] = f"{base}|{occurrences[base]}"
    existing = {s.source_key: s for s in Statement.objects.filter(source_document=document)}
    pairs: list[tuple[dict, Statement, bool]] = []
    unmatched: list[dict] = []
    for row in rows:
        statement = existing.pop(row["source_key"], None)
        if statement is None:
            unmatched.append(row)
        else:
            pairs.append((row, statement, True))
    aligned = _align(unmatched, list(existing.values()))
    for row, statement in aligned:
        pairs.append((row, statement, False))
        del existing[statement.source_key]
    matched_rows = {id(row) for row, _ in aligned}
    new_rows = [row for row in unmatched if id(row) not in matched_rows]
    gone = sorted(existing.values(), key=lambda s: (s.position, s.pk))

    held = len(pairs) + len(gone)
    if gone and len(gone) > REMOVAL_LIMIT * held and not report.allow_removals:
        raise IngestError(
            f"the new version of {document.identity or document.name} would remove {len(gone)} of its "
            f"{held} statements ({len(gone) / held:.0%}, more than {REMOVAL_LIMIT:.0%}): refused; check "
            "the file, or ingest it with --allow-removals"
        )

    _refresh(document, report, pairs)
    _create(document, report, new_rows)
    _remove(document, report, gone)
    _sync_on_behalf(document, rows)


def _sync_on_behalf(document: SourceDocument, rows: list[dict[str, Any]]) -> None:
    """Whom each statement speaks for, from its row's ``on_behalf_of`` (speaker ids), in bulk.

    Corrected and verified statements keep what staff said. Costs three queries, and
    one more per statement whose relation changes.
    """
    wanted = {row["source_key"]: set(row.get("on_behalf_of") or ()) for row in rows}
    parsed = Statement.objects.filter(source_document=document, status=Statement.Status.PARSED)
    ids = dict(parsed.values_list("source_key", "pk"))
    parsed.sync_on_behalf({ids[key]: speakers for key, speakers in wanted.items() if key in ids})


def _refresh(document: SourceDocument, report: Report, pairs: list[tuple[dict, Statement, bool]]) -> None:
    update: list[Statement] = []
    changed_columns: set[str] = set()
    for row, statement, exact in pairs:
        values = {column: row.get(column, _DEFAULTS[column]) for column in STATEMENT_COLUMNS}
        values["source_key"] = row["source_key"]
        if statement.status == Statement.Status.PARSED:
            columns = [c for c, v in values.items() if getattr(statement, c) != v]
            if not exact:
                citation = cite(row.get("record", ""), row.get("pages", ""))
                report.plan.append(f"changed {statement.pk}: {statement.label}, {citation}")
                report.add("statements changed")
            elif set(columns) - {"source_key"}:
                report.add("statements updated")
        else:
            columns = [c for c in PROVENANCE_COLUMNS if getattr(statement, c) != values[c]]
            report.add("corrections kept")
            if exact:
                report.note(f"kept correction of statement {statement.pk}")
            else:
                report.note(f"kept correction of statement {statement.pk} (its passage changed: to review)")
                report.plan.append(f"flagged {statement.pk}: {statement.label} (corrected; passage changed)")
                _flag(statement, document, CorrectionReview.Change.CHANGED, row)
        if columns:
            for column in columns:
                setattr(statement, column, values[column])
            changed_columns.update(columns)
            update.append(statement)
    if update:
        fields = sorted(Statement._meta.get_field(c.removesuffix("_id")).name for c in changed_columns)
        Statement.objects.bulk_update(update, fields, batch_size=1000)


def _create(document: SourceDocument, report: Report, rows: list[dict]) -> None:
    if not rows:
        return
    restorable: dict[str, int] = {}
    if document.identity:
        keys = {row["source_key"] for row in rows}
        restorable = {
            key: pk
            for key, pk in RetiredStatement.objects.filter(document_identity=document.identity).values_list(
                "source_key", "pk"
            )
            if key in keys
        }
    for row in rows:
        row["source_document_id"] = document.pk
        pk = restorable.pop(row["source_key"], None)
        citation = cite(row.get("record", ""), row.get("pages", ""))
        if pk is not None:
            row["id"] = pk
            report.plan.append(f"restored {pk}: {row['label']}, {citation}")
        else:
            report.plan.append(f"created: {row['label']}, {citation}")
    restored = [row["id"] for row in rows if "id" in row]
    if restored:
        # The statement lives again under its old id; its tombstone goes.
        RetiredStatement.objects.filter(pk__in=restored).delete()
        report.add("statements restored", len(restored))
    insert_statements([row for row in rows if "id" in row])
    insert_statements([row for row in rows if "id" not in row])
    report.add("statements created", len(rows) - len(restored))


def _remove(document: SourceDocument, report: Report, gone: list[Statement]) -> None:
    if not gone:
        return
    version = f"{document.name}, the version of {document.identity or document.name} loaded on"
    reason = f"Not in {version} {timezone.now():%d %B %Y}."
    retire: list[Statement] = []
    for statement in gone:
        if statement.status == Statement.Status.PARSED:
            retire.append(statement)
            report.plan.append(f"removed {statement.pk}: {statement.label}, {statement.citation}")
            continue
        # A correction is never lost: kept, its stale place in the source forgotten
        # (the admin must not show another passage as its source), and flagged.
        report.add("corrections kept")
        report.note(f"kept correction of statement {statement.pk} (no longer in {document.name})")
        report.plan.append(f"flagged {statement.pk}: {statement.label} (corrected; no longer in the source)")
        _flag(statement, document, CorrectionReview.Change.GONE, None)
        Statement.objects.filter(pk=statement.pk).update(source_start=None, source_end=None)
    if retire:
        full = Statement.objects.filter(pk__in=[s.pk for s in retire]).select_related(
            "meeting", "speaker", "source_document"
        )
        RetiredStatement.objects.bulk_create([RetiredStatement.snapshot(s, reason=reason) for s in full])
        Statement.objects.filter(pk__in=[s.pk for s in retire]).delete()
        report.add("statements retired", len(retire))


def _flag(statement: Statement, document: SourceDocument, change: str, row: dict | None) -> None:
    """Open (or bring up to date) the review of a correction whose passage changed or went."""
    then = _as_ingested(statement)
    values = {
        "source_document": document,
        "change": change,
        "passage_then": then.text,
        "citation_then": cite(then.record, then.pages)[:128],
        "passage_now": row["text"] if row else "",
        "citation_now": cite(row.get("record", ""), row.get("pages", ""))[:128] if row else "",
    }
    CorrectionReview.objects.update_or_create(statement=statement, reviewed__isnull=True, defaults=values)


def _as_ingested(statement: Statement):
    """The statement as the source last gave it: its latest history record still ``parsed``
    (the state before staff corrected it), or the statement itself if it has no such record."""
    record = statement.history.filter(status=Statement.Status.PARSED).order_by("-history_date").first()
    return record or statement


def _align(rows: list[dict], statements: list[Statement]) -> list[tuple[dict, Statement]]:
    """Pair new rows with existing statements that are the same statement, edited.

    The same text first (a footnote moved the citation), then by likeness of
    speaker and text, best pairs first. Comparisons stay within a meeting
    when there are many to make, so that a document that changed throughout
    costs no more than one comparison per pair of its meeting's statements.
    """
    if not rows or not statements:
        return []
    from rapidfuzz import fuzz

    candidates: list[tuple[float, int, int]] = []
    if len(rows) * len(statements) > 2500:
        blocks: dict[Any, tuple[list[int], list[int]]] = {}
        for i, row in enumerate(rows):
            blocks.setdefault(row.get("meeting_id"), ([], []))[0].append(i)
        for j, statement in enumerate(statements):
            blocks.setdefault(statement.meeting_id, ([], []))[1].append(j)
        comparisons = [(i, j) for mine, theirs in blocks.values() for i in mine for j in theirs]
    else:
        comparisons = [(i, j) for i in range(len(rows)) for j in range(len(statements))]
    row_text = [_ends(row["text"]) for row in rows]
    row_label = [normalise_name(row["label"]) for row in rows]
    old_text = [_ends(s.text) for s in statements]
    old_label = [normalise_name(s.label) for s in statements]
    for i, j in comparisons:
        label = fuzz.ratio(row_label[i], old_label[j])
        if label < LABEL_SIMILARITY and row_text[i] != old_text[j]:
            continue
        text = max(fuzz.ratio(a, b) for a, b in zip(row_text[i], old_text[j], strict=True))
        if text < TEXT_SIMILARITY:
            continue
        same_record = rows[i].get("record", "") == statements[j].record
        candidates.append((0.35 * label + 0.65 * text + (5 if same_record else 0), i, j))
    pairs: list[tuple[dict, Statement]] = []
    used_rows: set[int] = set()
    used_statements: set[int] = set()
    for _, i, j in sorted(candidates, key=lambda c: (-c[0], c[1], c[2])):
        if i in used_rows or j in used_statements:
            continue
        used_rows.add(i)
        used_statements.add(j)
        pairs.append((rows[i], statements[j]))
    return pairs


def _ends(text: str) -> tuple[str, str]:
    text = normalise_text(text)
    return text[:COMPARED_CHARS], text[-COMPARED_CHARS:]


_DEFAULTS = {
    f.attname: f.get_default() for f in Statement._meta.concrete_fields if f.attname in STATEMENT_COLUMNS
}


def insert_statements(rows: list[dict]) -> None:
    """Insert new statements (column values by attname): COPY on PostgreSQL, ``executemany`` on SQLite.

    ``bulk_create`` compiles one INSERT per 45 rows on SQLite (999 parameters
    at most) and builds a model instance per row: for the tens of thousands
    of statements of a volume that is most of the loading time. The rows are
    the same: every concrete column, a column the loader does not set takes
    its field's default (database-generated columns are left to the
    database). Rows are given all with an ``id`` (a statement taking its old
    id back) or all without.
    """
    if not rows:
        return
    with_id = "id" in rows[0]
    fields = [
        f for f in Statement._meta.concrete_fields if (with_id or not f.primary_key) and not f.generated
    ]
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
    "ForeignKey", "BooleanField", "BigAutoField", "AutoField", "DateField",
}  # fmt: skip


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
    if (
        capacity in (Statement.Capacity.NATIONAL, Statement.Capacity.INVITED)
        and speaker.kind != Speaker.Kind.STATE
    ):
        return Statement.Capacity.BRIEFER
    return capacity


# --- Two readings of one record: the better one shown, the other kept as its tombstone ---


def supersede(old: SourceDocument, new: SourceDocument, report: Report, *, reason: str) -> int:
    """Retire ``old``'s statements in favour of ``new``'s readings of the same speeches; return how many.

    For two readings of one record (the UNSC Debates corpus's OCR of S/PV.8699 and the
    UN's own PDF of it): each old statement is retired with the new statement that reads
    the same speech as its successor (aligned like a new version of a document, by likeness
    of speaker and text; a speech the other reading cut differently goes to the nearest
    statement in order), so that its permalink redirects and its tombstone keeps the old
    reading. A corrected or verified statement is never lost: its attribution is carried
    over to its successor (unless staff corrected that one too) and a ``CorrectionReview``
    asks an editor to look. Costs a few queries per statement retired.
    """
    olds = list(
        Statement.objects.filter(source_document=old).select_related("meeting", "speaker", "source_document")
    )
    news = list(Statement.objects.filter(source_document=new).order_by("position", "pk"))
    if not olds or not news:
        return 0
    rows = [
        {"text": s.text, "label": s.label, "meeting_id": s.meeting_id, "record": s.record, "pk": s.pk}
        for s in olds
    ]
    successors = {row["pk"]: statement for row, statement in _align(rows, news)}
    for statement in sorted(olds, key=lambda s: (s.position, s.pk)):
        successor = successors.get(statement.pk) or _nearest(statement, news)
        if statement.status != Statement.Status.PARSED:
            _carry_correction(statement, successor, new, report)
        report.plan.append(
            f"superseded {statement.pk} by {successor.pk}: {statement.label}, {statement.citation}"
        )
        statement.retire(reason=reason, successor=successor)
    report.add("statements superseded", len(olds))
    return len(olds)


def _nearest(statement: Statement, candidates: list[Statement]) -> Statement:
    """The candidate by the same speaker nearest in order, else the nearest in order."""
    same = [c for c in candidates if c.speaker_id == statement.speaker_id] or candidates
    return min(same, key=lambda c: (abs(c.position - statement.position), c.position))


def _carry_correction(old: Statement, new: Statement, document: SourceDocument, report: Report) -> None:
    """A correction of the reading that goes, carried over to the reading that stays, for review."""
    if new.status == Statement.Status.PARSED:
        new.speaker_id, new.person, new.capacity = old.speaker_id, old.person, old.capacity
        new.status = Statement.Status.CORRECTED
        new._change_reason = f"Correction of statement {old.pk} (another reading of this speech) carried over"
        new.save()
        new.on_behalf_of.set(old.on_behalf_of.all())
        report.note(f"carried the correction of statement {old.pk} over to statement {new.pk}: to review")
    else:
        report.note(
            f"statement {old.pk} was corrected, and so is statement {new.pk} that replaces it: to review"
        )
    CorrectionReview.objects.update_or_create(
        statement=new,
        reviewed__isnull=True,
        defaults={
            "source_document": document,
            "change": CorrectionReview.Change.SUPERSEDED,
            "passage_then": old.text,
            "citation_then": old.citation[:128],
            "passage_now": new.text,
            "citation_now": new.citation[:128],
        },
    )
    report.add("corrections carried over")
