"""
What an export contains: the fields and one row per object, for each model.

Shared by the CSV/JSON downloads of every list, the JSON API and
``manage.py export``, so that a file downloaded from the site and one made on
the command line have the same columns. A row is a flat dict of JSON-ready
values (strings, numbers, booleans, None); ``fields`` gives the column order.
Each ``queryset`` names the related rows a row needs, so that exporting
never costs a query per row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count, QuerySet

from .models import Decision, Item, Meeting, Speaker, Statement


def _date(value) -> str | None:
    return value.isoformat() if value else None


def statement_row(statement: Statement) -> dict:
    meeting = statement.meeting
    return {
        "id": statement.pk,
        "url": statement.get_absolute_url(),
        "meeting": meeting.slug,
        "meeting_number": meeting.number,
        "date": _date(meeting.date),
        "speaker": statement.speaker.name,
        "speaker_slug": statement.speaker.slug,
        "speaker_kind": statement.speaker.kind,
        "country": statement.speaker.iso3 or None,
        "label": statement.label,
        "person": statement.person,
        "capacity": statement.capacity,
        "on_behalf_of": statement.on_behalf_of.name if statement.on_behalf_of_id else None,
        "language": statement.language,
        "item": statement.item.title if statement.item_id else None,
        "record": statement.record,
        "pages": statement.pages,
        "citation": statement.citation,
        "footnote": statement.footnote,
        "group_key": statement.group_key,
        "source": statement.source,
        "source_document": statement.source_document.name,
        "status": statement.status,
        "text": statement.text,
    }


def meeting_row(meeting: Meeting) -> dict:
    return {
        "slug": meeting.slug,
        "url": meeting.get_absolute_url(),
        "number": meeting.number,
        "date": _date(meeting.date),
        "record": meeting.record,
        "records": meeting.records,
        "resumptions": meeting.resumptions,
        "kind": meeting.kind,
        "closed": meeting.closed,
        "title": meeting.title,
        "president": meeting.president.name if meeting.president_id else None,
        "president_country": (meeting.president.iso3 or None) if meeting.president_id else None,
        "president_person": meeting.president_person,
        "press_release": meeting.press_release,
        "items": [item.title for item in meeting.items.all()],
        "statements": getattr(meeting, "n_statements", None),
    }


def decision_row(decision: Decision) -> dict:
    return {
        "slug": decision.slug,
        "url": decision.get_absolute_url(),
        "symbol": decision.symbol,
        "kind": decision.kind,
        "number": decision.number,
        "year": decision.year,
        "date": _date(decision.date),
        "meeting": decision.meeting.slug if decision.meeting_id else None,
        "draft_symbol": decision.draft_symbol,
        "adopted": decision.adopted,
        "votes_for": decision.votes_for,
        "votes_against": decision.votes_against,
        "abstentions": decision.abstentions,
        "unanimous": decision.unanimous,
        "vetoed_by": [vote.speaker.iso3 or vote.speaker.name for vote in decision.votes.all() if vote.veto],
        "title": decision.title,
        "summary": decision.summary,
        "text": decision.text,
    }


def speaker_row(speaker: Speaker) -> dict:
    return {
        "slug": speaker.slug,
        "url": speaker.get_absolute_url(),
        "name": speaker.name,
        "kind": speaker.kind,
        "iso3": speaker.iso3 or None,
        "acronym": speaker.acronym,
        "statements": getattr(speaker, "n_statements", None),
    }


def item_row(item: Item) -> dict:
    return {
        "slug": item.slug,
        "url": item.get_absolute_url(),
        "title": item.title,
        "number": item.number,
        "letter": item.letter,
        "parent": item.parent.slug if item.parent_id else None,
        "meetings": getattr(item, "n_meetings", None),
        "statements": getattr(item, "n_statements", None),
    }


@dataclass(frozen=True)
class Export:
    name: str
    fields: list[str]
    row: Callable[[object], dict]
    prepare: Callable[[QuerySet], QuerySet]

    def rows(self, queryset: QuerySet, chunk_size: int = 2000):
        """Rows one by one, with constant memory (``iterator()``; prefetches per chunk)."""
        for obj in self.prepare(queryset).iterator(chunk_size=chunk_size):
            yield self.row(obj)


EXPORTS: dict[str, Export] = {
    "statements": Export(
        "statements",
        [
            "id",
            "url",
            "meeting",
            "meeting_number",
            "date",
            "speaker",
            "speaker_slug",
            "speaker_kind",
            "country",
            "label",
            "person",
            "capacity",
            "on_behalf_of",
            "language",
            "item",
            "record",
            "pages",
            "citation",
            "footnote",
            "group_key",
            "source",
            "source_document",
            "status",
            "text",
        ],  # fmt: skip
        statement_row,
        lambda qs: qs.select_related("meeting", "speaker", "on_behalf_of", "item", "source_document"),
    ),
    "meetings": Export(
        "meetings",
        [
            "slug",
            "url",
            "number",
            "date",
            "record",
            "records",
            "resumptions",
            "kind",
            "closed",
            "title",
            "president",
            "president_country",
            "president_person",
            "press_release",
            "items",
            "statements",
        ],  # fmt: skip
        meeting_row,
        lambda qs: qs.select_related("president").prefetch_related("items"),
    ),
    "decisions": Export(
        "decisions",
        [
            "slug",
            "url",
            "symbol",
            "kind",
            "number",
            "year",
            "date",
            "meeting",
            "draft_symbol",
            "adopted",
            "votes_for",
            "votes_against",
            "abstentions",
            "unanimous",
            "vetoed_by",
            "title",
            "summary",
            "text",
        ],  # fmt: skip
        decision_row,
        lambda qs: qs.select_related("meeting").prefetch_related("votes__speaker"),
    ),
    "speakers": Export(
        "speakers",
        ["slug", "url", "name", "kind", "iso3", "acronym", "statements"],
        speaker_row,
        lambda qs: (
            qs if "n_statements" in qs.query.annotations else qs.annotate(n_statements=Count("statements"))
        ),
    ),
    "items": Export(
        "items",
        ["slug", "url", "title", "number", "letter", "parent", "meetings", "statements"],
        item_row,
        lambda qs: qs.select_related("parent").annotate(
            n_meetings=Count("meetings", distinct=True), n_statements=Count("statements", distinct=True)
        ),
    ),
}
