"""
The researchers' bulk download: one flat row per object.

``manage.py export`` and the web exports share these field lists and row
functions, so a CSV from the command line and one from a search page have
the same columns. Writers stream: they hold one row at a time.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator

from django.conf import settings
from django.db.models import Prefetch, QuerySet

from .models import Decision, Item, Meeting, Speaker, Statement, Vote

STATEMENT_FIELDS = [
    "id", "meeting", "date", "record", "pages", "citation", "speaker", "speaker_kind", "country",
    "on_behalf_of", "person", "label", "capacity", "item", "text", "source", "source_document", "footnote",
    "status", "url",
]  # fmt: skip
MEETING_FIELDS = ["number", "date", "record", "resumptions", "items", "president", "decisions", "url"]
DECISION_FIELDS = [
    "symbol", "kind", "meeting", "date", "adopted", "votes_for", "votes_against", "abstentions",
    "in_favour", "against", "abstaining", "vetoed_by", "draft_symbol", "summary", "text", "url",
]  # fmt: skip
# One row per member's vote: the member-by-member record a tally summarises.
VOTE_FIELDS = [
    "decision", "decision_kind", "meeting", "date", "member", "country", "choice", "veto", "sources",
    "decision_url",
]  # fmt: skip
ITEM_FIELDS = ["slug", "title", "number", "letter", "parent", "meetings", "statements", "url"]
SPEAKER_FIELDS = [
    "slug",
    "name",
    "kind",
    "country",
    "acronym",
    "aliases",
    "needs_review",
    "statements",
    "url",
]


def _url(obj) -> str:
    return f"{settings.SITE_URL}{obj.get_absolute_url()}"


def statement_rows(queryset: QuerySet[Statement]) -> Iterator[dict]:
    queryset = queryset.select_related("meeting", "speaker", "on_behalf_of", "item", "source_document")
    for s in queryset.iterator(chunk_size=2000):
        yield {
            "id": s.pk,
            "meeting": s.meeting.number,
            "date": s.meeting.date.isoformat(),
            "record": s.record,
            "pages": s.pages,
            "citation": s.citation,
            "speaker": s.speaker.name,
            "speaker_kind": s.speaker.kind,
            "country": s.speaker.iso3,
            "on_behalf_of": s.on_behalf_of.name if s.on_behalf_of else "",
            "person": s.person,
            "label": s.label,
            "capacity": s.capacity,
            "item": s.item.title if s.item else "",
            "text": s.text,
            "source": s.source,
            "source_document": s.source_document.name,
            "footnote": s.footnote,
            "status": s.status,
            "url": _url(s),
        }


def meeting_rows(queryset: QuerySet[Meeting]) -> Iterator[dict]:
    queryset = queryset.select_related("president").prefetch_related(
        Prefetch("items", queryset=Item.objects.only("title")),
        Prefetch("decisions", queryset=Decision.objects.only("symbol", "kind", "date", "meeting_id")),
    )
    for m in queryset.iterator(chunk_size=2000):
        yield {
            "number": m.number,
            "date": m.date.isoformat(),
            "record": m.record,
            "resumptions": m.resumptions,
            "items": "; ".join(i.title for i in m.items.all()),
            "president": m.president.name if m.president else "",
            "decisions": "; ".join(str(d) for d in m.decisions.all()),
            "url": _url(m),
        }


def _codes(votes, choice: str | None = None, veto: bool = False) -> str:
    """ "CHN; RUS": the members (by ISO code, else name) who voted so."""
    return "; ".join(
        v.speaker.iso3 or v.speaker.name
        for v in votes
        if (choice is None or v.choice == choice) and (not veto or v.veto)
    )


def decision_rows(queryset: QuerySet[Decision]) -> Iterator[dict]:
    votes = Prefetch("votes", queryset=Vote.objects.select_related("speaker").order_by("speaker__name"))
    for d in queryset.select_related("meeting").prefetch_related(votes).iterator(chunk_size=2000):
        member_votes = list(d.votes.all())
        yield {
            "in_favour": _codes(member_votes, Vote.Choice.IN_FAVOUR),
            "against": _codes(member_votes, Vote.Choice.AGAINST),
            "abstaining": _codes(member_votes, Vote.Choice.ABSTAINING),
            "vetoed_by": _codes(member_votes, veto=True),
            "symbol": d.symbol or "",
            "kind": d.kind,
            "meeting": d.meeting.number if d.meeting else None,
            "date": d.date.isoformat() if d.date else "",
            "adopted": d.adopted,
            "votes_for": d.votes_for,
            "votes_against": d.votes_against,
            "abstentions": d.abstentions,
            "draft_symbol": d.draft_symbol,
            "summary": d.summary,
            "text": d.text,
            "url": _url(d),
        }


def vote_rows(queryset: QuerySet[Vote]) -> Iterator[dict]:
    for v in queryset.select_related("decision__meeting", "speaker").iterator(chunk_size=2000):
        d = v.decision
        yield {
            "decision": str(d),
            "decision_kind": d.kind,
            "meeting": d.meeting.number if d.meeting else None,
            "date": d.date.isoformat() if d.date else "",
            "member": v.speaker.name,
            "country": v.speaker.iso3,
            "choice": v.choice,
            "veto": v.veto,
            "sources": "; ".join(v.sources),
            "decision_url": _url(d),
        }


def speaker_rows(queryset: QuerySet[Speaker]) -> Iterator[dict]:
    from django.db.models import Count

    queryset = queryset.annotate(n_statements=Count("statements")).prefetch_related("aliases")
    for s in queryset.iterator(chunk_size=2000):
        yield {
            "slug": s.slug,
            "name": s.name,
            "kind": s.kind,
            "country": s.iso3,
            "acronym": s.acronym,
            "aliases": "; ".join(a.name for a in s.aliases.all()),
            "needs_review": s.needs_review,
            "statements": s.n_statements,
            "url": _url(s),
        }


def item_rows(queryset: QuerySet[Item]) -> Iterator[dict]:
    from django.db.models import Count

    queryset = queryset.select_related("parent").annotate(
        n_meetings=Count("meetings", distinct=True), n_statements=Count("statements", distinct=True)
    )
    for i in queryset.iterator(chunk_size=2000):
        yield {
            "slug": i.slug,
            "title": i.title,
            "number": i.number,
            "letter": i.letter,
            "parent": i.parent.slug if i.parent else "",
            "meetings": i.n_meetings,
            "statements": i.n_statements,
            "url": _url(i),
        }


EXPORTS: dict[str, tuple[Callable[[], QuerySet], Callable[[QuerySet], Iterator[dict]], list[str]]] = {
    "statements": (Statement.objects.all, statement_rows, STATEMENT_FIELDS),
    "meetings": (Meeting.objects.all, meeting_rows, MEETING_FIELDS),
    "decisions": (Decision.objects.all, decision_rows, DECISION_FIELDS),
    "speakers": (Speaker.objects.all, speaker_rows, SPEAKER_FIELDS),
    "items": (Item.objects.all, item_rows, ITEM_FIELDS),
    "votes": (Vote.objects.all, vote_rows, VOTE_FIELDS),
}


def write_csv(rows: Iterable[dict], fields: list[str], header_comment: str = "") -> Iterator[str]:
    """CSV lines, one at a time. An optional ``#`` comment line states the query."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=fields, extrasaction="ignore", lineterminator="\n")
    if header_comment:
        buffer.write("".join(f"# {line}\n" for line in header_comment.splitlines()))
    writer.writeheader()
    for row in rows:
        writer.writerow({k: ("" if v is None else v) for k, v in row.items()})
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    if buffer.getvalue():
        yield buffer.getvalue()


def write_jsonl(rows: Iterable[dict], fields: list[str]) -> Iterator[str]:
    """One JSON object per line."""
    for row in rows:
        yield json.dumps({f: row.get(f) for f in fields}, ensure_ascii=False) + "\n"
