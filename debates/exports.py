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
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Case, F, OuterRef, Prefetch, QuerySet, Subquery, When

from .models import Decision, Item, Meeting, Speaker, Statement, Vote


@dataclass(frozen=True)
class Column:
    """One column of an export: its name, its JSON type and what it holds.

    The same declaration gives the CSV header, the JSON keys, the API's field list and the
    OpenAPI document's schemas.
    """

    name: str
    type: str  # a JSON Schema type: string, integer, boolean
    description: str
    nullable: bool = False
    format: str = ""  # date, uri

    def schema(self) -> dict:
        schema: dict = {"type": [self.type, "null"] if self.nullable else self.type}
        if self.format:
            schema["format"] = self.format
        schema["description"] = self.description
        return schema


STATEMENT_COLUMNS = [
    Column("id", "integer", "The statement's id; its permalink is /statements/<id>/."),
    Column(
        "passage",
        "integer",
        "The id of the first statement of the passage: rows with the same passage are one Repertoire "
        "paragraph cited for several speakers (a shared position); a statement of its own has its own id.",
    ),
    Column("meeting", "integer", "Meeting number; null for a videoconference.", nullable=True),
    Column("date", "string", "The day the statement was made (ISO 8601): a resumption's own.", format="date"),
    Column("record", "string", "Record symbol cited: S/PV.5007 (Resumption 1)."),
    Column("pages", "string", "Pages of the record, as printed: 5-6."),
    Column("citation", "string", "Record and pages: S/PV.5007 (Resumption 1), p. 10."),
    Column("speaker", "string", "The speaker: a State, organization or UN office."),
    Column("speaker_kind", "string", "state, organization, un or other."),
    Column("country", "string", "ISO 3166 alpha-3 code of the speaker, for a State."),
    Column(
        "on_behalf_of",
        "string",
        'Whom the speaker spoke for besides itself: a group, an organization, States ("; " between).',
    ),
    Column("person", "string", "The person who spoke, as printed."),
    Column("label", "string", "The speaker exactly as the source prints it."),
    Column(
        "capacity", "string", "president, national (a member), invited (a State not a member) or briefer."
    ),
    Column("language", "string", "Language of delivery as the record notes it; empty when not noted."),
    Column("item", "string", "Agenda item or topic."),
    Column("text", "string", "What was said: the speech, or the Repertoire's summary."),
    Column("source", "string", "repertoire (a summary) or verbatim (the speech)."),
    Column("source_document", "string", "The file the statement was read from."),
    Column("footnote", "integer", "Repertoire footnote number.", nullable=True),
    Column("status", "string", "Attribution: parsed, corrected or verified by staff."),
    Column("url", "string", "Permalink.", format="uri"),
]
MEETING_COLUMNS = [
    Column("number", "integer", "Meeting number; null for a videoconference.", nullable=True),
    Column("date", "string", "Date (ISO 8601).", format="date"),
    Column("record", "string", "Record symbol: S/PV.5007."),
    Column("resumptions", "integer", "How many resumptions the meeting had."),
    Column("items", "string", "Items considered, separated by semicolons."),
    Column("president", "string", "The member holding the presidency."),
    Column("decisions", "string", "Decisions taken, separated by semicolons."),
    Column("url", "string", "Permalink.", format="uri"),
]
DECISION_COLUMNS = [
    Column("symbol", "string", "S/RES/1631 (2005), S/PRST/2004/27 or a draft's symbol; empty when unknown."),
    Column("kind", "string", "resolution, presidential_statement, draft_resolution, communique or other."),
    Column("meeting", "integer", "Number of the meeting that took it.", nullable=True),
    Column("date", "string", "Date (ISO 8601); empty when unknown."),
    Column("adopted", "boolean", "Whether the draft was adopted; null when not recorded.", nullable=True),
    Column("votes_for", "integer", "Votes in favour.", nullable=True),
    Column("votes_against", "integer", "Votes against.", nullable=True),
    Column("abstentions", "integer", "Abstentions.", nullable=True),
    Column("in_favour", "string", "Members in favour (ISO codes, else names), separated by semicolons."),
    Column("against", "string", "Members against, separated by semicolons."),
    Column("abstaining", "string", "Members abstaining, separated by semicolons."),
    Column("vetoed_by", "string", "Permanent members whose negative vote defeated the draft."),
    Column("draft_symbol", "string", "The draft voted on: S/2020/27."),
    Column("summary", "string", "The Council's points as the Repertoire gives them."),
    Column("text", "string", "Full text, where a document provides it."),
    Column("url", "string", "Permalink.", format="uri"),
]
ITEM_COLUMNS = [
    Column("slug", "string", "The item's slug, its permalink and the item filter's value."),
    Column("title", "string", "Title."),
    Column("number", "integer", "Repertoire item number.", nullable=True),
    Column("letter", "string", "Repertoire sub-item letter."),
    Column("parent", "string", "Slug of the item it belongs to."),
    Column("meetings", "integer", "Meetings that considered it."),
    Column("statements", "integer", "Statements made under it."),
    Column("url", "string", "Permalink.", format="uri"),
]
SPEAKER_COLUMNS = [
    Column("slug", "string", "The speaker's slug, its permalink and the speaker filter's value."),
    Column("name", "string", "Canonical name."),
    Column("kind", "string", "state, organization, un or other."),
    Column("country", "string", "ISO 3166 alpha-3 code, for a State."),
    Column("acronym", "string", "Acronym (AU)."),
    Column("aliases", "string", "Other names in the sources, separated by semicolons."),
    Column("needs_review", "boolean", "Created from a name not yet resolved by staff."),
    Column("statements", "integer", "Statements attributed to it."),
    Column("url", "string", "Permalink.", format="uri"),
]
# One row per member's vote: the member-by-member record a tally summarises.
VOTE_COLUMNS = [
    Column("decision", "string", "The decision voted on: its symbol, or its kind and date."),
    Column("decision_kind", "string", "resolution, draft_resolution, …"),
    Column("meeting", "integer", "Number of the meeting of the vote.", nullable=True),
    Column("date", "string", "Date of the vote (ISO 8601); empty when unknown."),
    Column("member", "string", "The member of the Council."),
    Column("country", "string", "Its ISO 3166 alpha-3 code."),
    Column("choice", "string", "yes, no, abstain or absent."),
    Column("veto", "boolean", "A permanent member's negative vote that defeated the draft."),
    Column("sources", "string", "The sources that record this vote, separated by semicolons."),
    Column("decision_url", "string", "Permalink of the decision.", format="uri"),
]

STATEMENT_FIELDS = [c.name for c in STATEMENT_COLUMNS]
MEETING_FIELDS = [c.name for c in MEETING_COLUMNS]
DECISION_FIELDS = [c.name for c in DECISION_COLUMNS]
ITEM_FIELDS = [c.name for c in ITEM_COLUMNS]
SPEAKER_FIELDS = [c.name for c in SPEAKER_COLUMNS]
VOTE_FIELDS = [c.name for c in VOTE_COLUMNS]


def _url(obj, base_url: str) -> str:
    """The absolute permalink: on the web from the request's own address, else ``SITE_URL``."""
    return f"{base_url or settings.SITE_URL}{obj.get_absolute_url()}"


def statement_rows(queryset: QuerySet[Statement], base_url: str = "") -> Iterator[dict]:
    # The passage: a statement's own id, or the first id of the passage it shares.
    first = Statement.objects.filter(group_key=OuterRef("group_key"), meeting=OuterRef("meeting"))
    queryset = (
        queryset.select_related("meeting", "speaker", "item", "source_document")
        .prefetch_related(Prefetch("on_behalf_of", queryset=Speaker.objects.only("name").order_by("name")))
        .annotate(
            passage=Case(
                When(group_key="", then=F("pk")),
                default=Subquery(first.order_by("position", "pk").values("pk")[:1]),
            )
        )
    )
    for s in queryset.iterator(chunk_size=2000):
        yield {
            "id": s.pk,
            "passage": s.passage,
            "meeting": s.meeting.number,
            "date": s.date.isoformat(),
            "record": s.record,
            "pages": s.pages,
            "citation": s.citation,
            "speaker": s.speaker.name,
            "speaker_kind": s.speaker.kind,
            "country": s.speaker.iso3,
            # Several speakers (a group and the States it lists) are separated by "; ".
            "on_behalf_of": "; ".join(speaker.name for speaker in s.on_behalf_of.all()),
            "person": s.person,
            "label": s.label,
            "capacity": s.capacity,
            "language": s.language,
            "item": s.item.title if s.item else "",
            "text": s.text,
            "source": s.source,
            "source_document": s.source_document.name,
            "footnote": s.footnote,
            "status": s.status,
            "url": _url(s, base_url),
        }


def meeting_rows(queryset: QuerySet[Meeting], base_url: str = "") -> Iterator[dict]:
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
            "url": _url(m, base_url),
        }


def _codes(votes, choice: str | None = None, veto: bool = False) -> str:
    """ "CHN; RUS": the members (by ISO code, else name) who voted so."""
    return "; ".join(
        v.speaker.iso3 or v.speaker.name
        for v in votes
        if (choice is None or v.choice == choice) and (not veto or v.veto)
    )


def decision_rows(queryset: QuerySet[Decision], base_url: str = "") -> Iterator[dict]:
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
            "url": _url(d, base_url),
        }


def vote_rows(queryset: QuerySet[Vote], base_url: str = "") -> Iterator[dict]:
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
            "decision_url": _url(d, base_url),
        }


def speaker_rows(queryset: QuerySet[Speaker], base_url: str = "") -> Iterator[dict]:
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
            "url": _url(s, base_url),
        }


def item_rows(queryset: QuerySet[Item], base_url: str = "") -> Iterator[dict]:
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
            "url": _url(i, base_url),
        }


EXPORTS: dict[str, tuple[Callable[[], QuerySet], Callable[[QuerySet], Iterator[dict]], list[str]]] = {
    "statements": (Statement.objects.all, statement_rows, STATEMENT_FIELDS),
    "meetings": (Meeting.objects.all, meeting_rows, MEETING_FIELDS),
    "decisions": (Decision.objects.all, decision_rows, DECISION_FIELDS),
    "speakers": (Speaker.objects.all, speaker_rows, SPEAKER_FIELDS),
    "items": (Item.objects.all, item_rows, ITEM_FIELDS),
    "votes": (Vote.objects.all, vote_rows, VOTE_FIELDS),
}

COLUMNS: dict[str, list[Column]] = {
    "statements": STATEMENT_COLUMNS,
    "meetings": MEETING_COLUMNS,
    "decisions": DECISION_COLUMNS,
    "speakers": SPEAKER_COLUMNS,
    "items": ITEM_COLUMNS,
    "votes": VOTE_COLUMNS,
}


# A cell starting with one of these is a formula to a spreadsheet program
# (OWASP, "CSV Injection"): a speech quoted as "=HYPERLINK(…)" must stay text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """A CSV cell's value: empty for None, text that a spreadsheet would run as a formula quoted
    with a leading ``'`` (which spreadsheets show as text and do not display), anything else as is.

    A carriage return inside a text becomes a line feed: the writer quotes cells holding its
    line terminator, and a bare one would otherwise end the row early in a spreadsheet.
    """
    if value is None:
        return ""
    if not isinstance(value, str):
        return value
    if value.startswith(FORMULA_STARTS):
        value = "'" + value
    return value.replace("\r\n", "\n").replace("\r", "\n") if "\r" in value else value


def write_csv(rows: Iterable[dict], fields: list[str]) -> Iterator[str]:
    """CSV lines, one at a time, the header on line 1: spreadsheet programs and CSV readers take
    the first line for the header, so what the query was goes elsewhere: a download's CSVW
    metadata, linked from its response (``rel="describedby"``)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=fields, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: neutralise(v) for k, v in row.items()})
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    if buffer.getvalue():
        yield buffer.getvalue()


def write_jsonl(rows: Iterable[dict], fields: list[str]) -> Iterator[str]:
    """One JSON object per line."""
    for row in rows:
        yield json.dumps({f: row.get(f) for f in fields}, ensure_ascii=False) + "\n"
