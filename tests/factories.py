"""Small factories for view, search and export tests: rows made in code, not loaded from files."""

from __future__ import annotations

import datetime
import itertools

from django.utils.text import slugify

from debates.models import Decision, Item, Meeting, SourceDocument, Speaker, Statement, Vote

_counter = itertools.count(1)


def source_document(name: str = "", kind: str = SourceDocument.Kind.REPERTOIRE) -> SourceDocument:
    name = name or f"document-{next(_counter)}.txt"
    return SourceDocument.objects.get_or_create(name=name, defaults={"checksum": "0" * 64, "kind": kind})[0]


def speaker(name: str, *, iso3: str = "", kind: str = "", acronym: str = "") -> Speaker:
    kind = kind or (Speaker.Kind.STATE if iso3 else Speaker.Kind.ORGANIZATION)
    return Speaker.objects.create(name=name, slug=slugify(name), iso3=iso3, kind=kind, acronym=acronym)


def item(title: str, *, number: int | None = None, letter: str = "", parent: Item | None = None) -> Item:
    return Item.objects.create(
        title=title,
        key=Item.key_for(title),
        slug=slugify(title)[:120],
        number=number,
        letter=letter,
        parent=parent,
    )


def meeting(number: int, date: datetime.date | str, *, resumptions: int = 0, **fields) -> Meeting:
    if isinstance(date, str):
        date = datetime.date.fromisoformat(date)
    items = fields.pop("items", [])
    created = Meeting.objects.create(
        number=number, slug=str(number), date=date, record=f"S/PV.{number}", resumptions=resumptions, **fields
    )
    created.items.set(items)
    return created


def statement(meeting: Meeting, speaker: Speaker, text: str, **fields) -> Statement:
    position = fields.pop("position", None)
    if position is None:
        position = meeting.statements.count() + 1
    document = fields.pop("source_document", None) or source_document("repertoire.txt")
    defaults = {
        "label": speaker.name,
        "record": meeting.record,
        "pages": "5",
        "page_start": 5,
        "page_end": 5,
        "source": Statement.Source.REPERTOIRE,
        "source_key": f"{meeting.slug}-{position}-{next(_counter)}",
    }
    if "pages" in fields and "page_start" not in fields:
        numbers = [int(n) for n in fields["pages"].replace(",", "-").split("-") if n.strip().isdigit()]
        defaults["page_start"], defaults["page_end"] = (
            (min(numbers), max(numbers)) if numbers else (None, None)
        )
    defaults.update(fields)
    return Statement.objects.create(
        meeting=meeting, speaker=speaker, text=text, position=position, source_document=document, **defaults
    )


def decision(symbol: str | None, kind: str, meeting: Meeting | None = None, **fields) -> Decision:
    slug = fields.pop("slug", None) or Decision.slug_for(symbol or f"{kind} {next(_counter)}")
    return Decision.objects.create(
        symbol=symbol, slug=slug, kind=kind, meeting=meeting, date=meeting.date if meeting else None, **fields
    )


def vote(
    decision: Decision, speaker: Speaker, choice: str = Vote.Choice.IN_FAVOUR, veto: bool = False
) -> Vote:
    return Vote.objects.create(decision=decision, speaker=speaker, choice=choice, veto=veto)
