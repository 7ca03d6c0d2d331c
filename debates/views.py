"""
The archive's pages: lists with filters and facets, and detail pages.

Every list is described once in ``listings.LISTINGS``; its page, its download,
its API endpoint (``api.py``) and its feed (``feeds.py``) all select rows
through ``Listing.filter``, so that the same parameters give the same rows.
Row links are built without a ``reverse()`` per row (see ``links.py``).
"""

from __future__ import annotations

import calendar
import datetime
from typing import Any

from django.core.paginator import Paginator
from django.db.models import Count, Exists, Max, Min, OuterRef, Prefetch, Q
from django.db.models.functions import ExtractMonth, ExtractYear
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.text import slugify

from . import citations, searchindex
from .feeds import describe
from .listings import LISTINGS, MAX_PAGE_SIZE, Listing, PageForm
from .models import (
    Decision,
    Discrepancy,
    Item,
    Meeting,
    OldSlug,
    RetiredStatement,
    Speaker,
    Statement,
    Vote,
)
from .paging import COUNT_LIMIT, RANK_WINDOW, CappedPaginator
from .search import parse_query

__all__ = ["LISTINGS", "MAX_PAGE_SIZE", "PageForm"]

PAGE_SIZE = 25


def _page(request, qs, default: int = PAGE_SIZE, listing: Listing | None = None, filterset=None):
    """The requested page, counted, ranked and ordered as ``debates.paging`` explains.

    Paging comes validated (``Listing.filter``; an invalid request is answered with a 400
    before this). Sets ``page.ranked`` (results in order of relevance), ``page.capped`` (more
    than ``COUNT_LIMIT`` matches: ``page.estimate`` says about how many) and
    ``page.ranked_window`` (only the most recent matches were ranked).
    """
    paging = getattr(filterset, "paging", None) or {}
    size = paging.get("page_size") or default
    number = paging.get("page") or 1
    paginator = CappedPaginator(qs, size)
    valid = bool(listing and filterset is not None and filterset.is_valid())
    ranked = valid and listing.ranks(filterset.form.cleaned_data)
    newest_first = valid and filterset.form.cleaned_data.get("sort") == "-date"
    window = False
    if paginator.count and paginator.ids is not None and getattr(qs, "_search_phrases", False):
        # Every match is known by id: the page reads those rows rather than match again.
        paginator.object_list = qs.filter(pk__in=paginator.ids)
    if ranked and paginator.count and paginator.capped:
        # Ranking every match would read them all: rank the most recent ones.
        paginator.object_list = qs.filter(qs.recent_matches(RANK_WINDOW))
        window = True
    if newest_first and listing.name == "statements" and paginator.count and paginator.capped:
        paginator.object_list = _recent_window(paginator.object_list, number * size)
    page = paginator.get_page(number)
    page.ranked = ranked
    page.ranked_window = window
    page.capped = paginator.count and paginator.capped
    page.estimate = paginator.estimate if paginator.count else 0
    page.ids = paginator.ids
    page.uncounted = paginator.uncounted
    return page


class _EngineRows:
    """The ids an ``EngineSearch`` lists, as a sequence a ``Paginator`` can slice."""

    def __init__(self, engine):
        self.engine = engine

    def __len__(self) -> int:
        return self.engine.count

    def __getitem__(self, window: slice) -> list[int]:
        return self.engine.ids(window.start or 0, (window.stop or self.engine.count) - (window.start or 0))


def _engine(listing: Listing, filterset, *, passages: bool):
    """The search index's answer for a valid statement list (``debates.searchindex``), or None
    when the database answers (no index, an index not exactly up to date, a filter it lacks)."""
    if listing.name != "statements" or not filterset.is_valid():
        return None
    cleaned = filterset.form.cleaned_data
    if listing.ranks(cleaned):
        order = "relevance"
    else:
        order = "-date" if listing.sort_value(cleaned) == "-date" else "date"
    return searchindex.statement_search(cleaned, order=order, passages=passages)


def _engine_page(engine, listing: Listing, filterset):
    """``_page`` for a list the index answers: every match counted exactly and ranked, the page's
    ids in order (the rows are read from the database by the caller)."""
    paging = getattr(filterset, "paging", None) or {}
    paginator = Paginator(_EngineRows(engine), paging.get("page_size") or PAGE_SIZE)
    page = paginator.get_page(paging.get("page") or 1)
    page.ranked = engine.order == "relevance"
    page.ranked_window = False
    page.capped = False
    page.estimate = engine.count
    page.ids = None
    page.uncounted = False
    page.engine = True
    return page


def _recent_window(qs, needed: int):
    """The statements of ``qs`` from the most recent meetings that hold the first ``needed`` of them.

    Many matches shown newest first: PostgreSQL misjudges how many rows a
    phrase (re-checked by a regular expression) keeps, and re-checks every
    candidate in the archive before sorting. Restricted to the latest few
    hundred meetings, it re-checks only theirs. The window grows until it
    holds the rows asked for; the order is the same, since every statement
    outside the window is older than those inside (the window ends on a
    date, so meetings of the same day are all in or all out).
    """
    dates = Meeting.objects.order_by("-date").values_list("date", flat=True)
    size = 256
    while size <= 16_384:
        boundary = dates[size - 1 : size].first()
        if boundary is None:
            return qs  # fewer meetings than that: the window would be everything
        # A date, not a list of meetings: with a literal date PostgreSQL
        # estimates the window well and walks the meetings' date index.
        window = qs.filter(meeting__date__gte=boundary)
        if window.order_by().values("pk")[:needed].count() >= needed:
            return window
        size *= 8
    return qs


def _active_filters(filterset) -> dict[str, Any]:
    """The parameters in use, as the user gave them (for file headers and the API)."""
    if not filterset.is_bound:
        return {}
    return {
        key: values if len(values) > 1 else values[0]
        for key in filterset.data
        if key in filterset.filters or key in ("date_after", "date_before")
        for values in [[v for v in filterset.data.getlist(key) if v]]
        if values
    }


def _chips(request, filterset) -> list[dict]:
    """The filters in use as removable chips: ``{"label", "value", "remove"}``, ``remove`` being
    this page's query string without that one value (and without the page number)."""
    if not filterset.is_bound:
        return []
    form = filterset.form
    cleaned = form.cleaned_data if filterset.is_valid() else {}
    chips = []
    for key in filterset.data:
        if key in ("sort", "page", "page_size", "q"):
            continue
        name = "date" if key in ("date_after", "date_before") else key
        if name not in filterset.filters:
            continue
        field = form.fields[name]
        for value in filterset.data.getlist(key):
            if not value.strip():
                continue
            params = request.GET.copy()
            params.setlist(key, [v for v in params.getlist(key) if v != value])
            params.pop("page", None)
            label = str(field.label)
            if key == "date_after":
                label = "From"
            elif key == "date_before":
                label = "To"
            chips.append(
                {
                    "key": key,
                    "label": label,
                    "value": _chip_value(field, name, value, cleaned),
                    "remove": "?" + params.urlencode() if params else "?",
                }
            )
    return chips


def _chip_value(field, name: str, value: str, cleaned: dict) -> str:
    """How a chip shows a parameter's value: a name rather than a code or slug where the form knows it."""
    chosen = cleaned.get(name)
    if name == "speaker" and chosen:
        for speaker in chosen:
            if value in (speaker.slug, speaker.name) or value.casefold() == speaker.name.casefold():
                return speaker.name
    if name == "month" and value.isdigit() and 1 <= int(value) <= 12:
        return calendar.month_name[int(value)]
    choices = getattr(field, "choices", None)
    if choices:
        wanted = value.upper() if name == "country" else value
        for choice, label in choices:
            if str(choice) == wanted or str(choice).casefold() == value.casefold():
                return str(label)
    return value


def home(request):
    span = Meeting.objects.aggregate(first=Min("date"), last=Max("date"))
    years = (
        Meeting.objects.annotate(year=ExtractYear("date"))
        .values("year")
        .annotate(n=Count("pk"))
        .order_by("year")
    )
    context = {
        "counts": {
            "meetings": Meeting.objects.count(),
            "statements": Statement.objects.count(),
            "decisions": Decision.objects.count(),
            "speakers": Speaker.objects.count(),
        },
        "first": span["first"],
        "last": span["last"],
        "years": list(years),
        "recent_decisions": Decision.objects.select_related("meeting").filter(date__isnull=False)[:8],
    }
    return render(request, "debates/home.html", context)


def statement_list(request):
    """Statements, a shared Repertoire passage once with every speaker it cites, facets beside them.

    Answered by the search index when it is exactly up to date (``debates.searchindex``: exact
    counts and facets, every match ranked), else by the database (``debates.paging``)."""
    listing = LISTINGS["statements"]
    filterset, qs = listing.filter(request.GET)
    valid = filterset.is_valid()
    engine = _engine(listing, filterset, passages=True)
    if engine is not None:
        page = _engine_page(engine, listing, filterset)
        ids = list(page.object_list)
        found = Statement.objects.with_related().in_bulk(ids)
        page.object_list = [found[pk] for pk in ids if pk in found]
        rows = list(page.object_list)
    else:
        # Facets count every statement the filters select (a shared passage once per value); the
        # list shows each passage once.
        matches = qs
        if valid:
            qs = filterset.passages(qs)
        page = _page(request, qs.with_related(), listing=listing, filterset=filterset)
        page.engine = False
        rows = list(page)
    query = filterset.form.cleaned_data.get("q") if valid else ""
    if query:
        if engine is not None:
            headlines = searchindex.headlines(parse_query(query), rows)
        else:
            headlines = Statement.objects.headlines(query, [s.pk for s in rows])
        for statement in rows:
            statement.headline = headlines.get(statement.pk)
    Statement.objects.attach_attributions(rows)
    Statement.objects.attach_votes(rows)
    Statement.objects.attach_spoken_for(rows)
    # Facets for every query: exact up to the count limit, past it from a sample, as "about"
    # (exact for every query from the index).
    facets = {}
    if engine is not None:
        facets = engine.facets() if engine.count else {}
    elif valid and page.estimate and page.capped:
        facets = matches.facets(sample_of=page.estimate)
    elif valid and page.estimate:
        # The matches by id once; the six groupings then read those rows instead of searching
        # six times again (a phrase's regular expression re-checked over every candidate).
        ids = list(matches.order_by().values_list("pk", flat=True)[: COUNT_LIMIT + 1])
        grouped = Statement.objects.filter(pk__in=ids) if len(ids) <= COUNT_LIMIT else matches
        facets = grouped.facets(sample_of=None if len(ids) <= COUNT_LIMIT else len(ids))
    for entries in facets.values():
        for entry in entries:
            params = request.GET.copy()
            params[entry["param"]] = entry["value"]
            params.pop("page", None)
            entry["url"] = "?" + params.urlencode()
    return render(
        request,
        "debates/statement_list.html",
        {
            "filter": filterset,
            "page_obj": page,
            "rows": rows,
            "query": query,
            "facets": facets,
            "facets_estimated": bool(page.capped and facets),
            "count_limit": COUNT_LIMIT,
            "rank_window": RANK_WINDOW,
            "active": _active_filters(filterset),
            "chips": _chips(request, filterset),
            "feed_title": describe(filterset),
            "any_shared": any(row.shared for row in rows),
        },
        status=_status(filterset),
    )


def meeting_list(request):
    """Meetings by date, with month and calendar navigation; each row with its statements and outcome."""
    filterset, qs = LISTINGS["meetings"].filter(request.GET)
    cleaned = filterset.form.cleaned_data if filterset.is_valid() else {}
    year, month = cleaned.get("year"), cleaned.get("month")
    year = int(year) if year is not None and year == int(year) and 1 <= year <= 9999 else None
    # A month fits on one page, so that its calendar's days link within the page.
    default = 100 if year and month else 50
    page = _page(request, qs.select_related("president"), default=default, filterset=filterset)
    rows = list(page)
    Meeting.attach_outcomes(rows)
    # The year, month and calendar links choose another date and keep every other filter (a
    # search, a country, a kind of meeting, the order); their counts are of the meetings those
    # filters select.
    kept = request.GET.copy()
    for name in CALENDAR_PARAMETERS:
        kept.pop(name, None)
    meetings = LISTINGS["meetings"].filter(kept)[1].order_by() if kept else Meeting.objects.all()
    return render(
        request,
        "debates/meeting_list.html",
        {
            "filter": filterset,
            "page_obj": page,
            "rows": rows,
            "active": _active_filters(filterset),
            "chips": _chips(request, filterset),
            "calendar_query": kept,
            **_calendar(meetings, year, month),
        },
        status=_status(filterset),
    )


# What the meetings page's year, month and calendar links replace: the dates and the page.
CALENDAR_PARAMETERS = ("year", "month", "date_after", "date_before", "page")


def _calendar(meetings, year: int | None, month: int | None) -> dict:
    """Navigation by year, month and day among ``meetings``: their counts for each year, each
    month of the chosen year and each day of the chosen month (at most three grouped queries)."""
    years = list(
        meetings.annotate(year=ExtractYear("date")).values("year").annotate(n=Count("pk")).order_by("year")
    )
    context: dict[str, Any] = {"years": years, "year": year, "month": month}
    if not year:
        return context
    known = [row["year"] for row in years]
    context["previous_year"] = max((y for y in known if y < year), default=None)
    context["next_year"] = min((y for y in known if y > year), default=None)
    per_month = dict(
        meetings.filter(date__year=year)
        .annotate(month=ExtractMonth("date"))
        .values_list("month")
        .annotate(n=Count("pk"))
        .values_list("month", "n")
    )
    context["months"] = [
        {
            "number": m,
            "name": calendar.month_name[m],
            "abbr": calendar.month_abbr[m],
            "n": per_month.get(m, 0),
        }
        for m in range(1, 13)
    ]
    if month and 1 <= month <= 12:
        per_day = dict(
            meetings.filter(date__year=year, date__month=month)
            .values("date")
            .annotate(n=Count("pk"))
            .values_list("date", "n")
        )
        weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
        context["month_name"] = calendar.month_name[month]
        context["weeks"] = [
            [{"date": day, "in_month": day.month == month, "n": per_day.get(day, 0)} for day in week]
            for week in weeks
        ]
        context["weekdays"] = [(calendar.day_abbr[d], calendar.day_name[d]) for d in range(7)]
        first = datetime.date(year, month, 1)
        before = first - datetime.timedelta(days=1)
        after = first + datetime.timedelta(days=32)
        context["previous_month"] = {
            "year": before.year,
            "month": before.month,
            "name": calendar.month_name[before.month],
        }
        context["next_month"] = {
            "year": after.year,
            "month": after.month,
            "name": calendar.month_name[after.month],
        }
    return context


def decision_list(request):
    listing = LISTINGS["decisions"]
    filterset, qs = listing.filter(request.GET)
    page = _page(request, qs.select_related("meeting"), default=50, listing=listing, filterset=filterset)
    rows = list(page)
    query = filterset.form.cleaned_data.get("q") if filterset.is_valid() else ""
    referenced = bool(query) and Decision.objects.referenced_by(query) is not None
    if query and not referenced:
        headlines = Decision.objects.headlines(query, [d.pk for d in rows])
        for decision in rows:
            decision.headline = headlines.get(decision.pk)
    return render(
        request,
        "debates/decision_list.html",
        {
            "filter": filterset,
            "page_obj": page,
            "rows": rows,
            "query": query,
            "referenced": referenced and bool(rows),
            "active": _active_filters(filterset),
            "chips": _chips(request, filterset),
        },
        status=_status(filterset),
    )


def speaker_list(request):
    filterset, qs = LISTINGS["speakers"].filter(request.GET)
    groups = {}
    for speaker in qs.annotate(n_statements=Count("statements")):
        groups.setdefault(speaker.get_kind_display(), []).append(speaker)
    return render(
        request,
        "debates/speaker_list.html",
        {"filter": filterset, "groups": groups, "total": sum(len(g) for g in groups.values())},
        status=_status(filterset),
    )


def item_list(request):
    """The classification, group by group (Africa … Other matters), its items paginated."""
    filterset, qs = LISTINGS["items"].filter(request.GET)
    page = _page(
        request,
        qs.select_related("parent").annotate(n_topics=Count("children")),
        default=50,
        filterset=filterset,
    )
    # Meetings per item, through its topics as printed: one grouped query for the page.
    counts = dict(
        Meeting.items.through.objects.filter(item__parent__in=[i.pk for i in page])
        .values("item__parent")
        .annotate(n=Count("meeting", distinct=True))
        .values_list("item__parent", "n")
    )
    groups: dict = {}
    for item in page:
        item.n_meetings = counts.get(item.pk, 0)
        groups.setdefault(item.parent.title if item.parent else "Repertoire items", []).append(item)
    return render(
        request,
        "debates/item_list.html",
        {
            "filter": filterset,
            "page_obj": page,
            "groups": groups,
            "group_links": Item.objects.filter(kind="group").order_by("position"),
            "active": _active_filters(filterset),
        },
        status=_status(filterset),
    )


# Statements on one page of a meeting: a long debate (214 statements at the 8699th meeting)
# is read a page at a time, its records (the meeting and each resumption) as sections.
MEETING_PAGE_SIZE = 30


def moved(request, model, slug: str) -> HttpResponsePermanentRedirect:
    """The answer for a slug no row has now: a redirect (301) to the page of the row that had it
    (``OldSlug``), the query string kept, so that cited URLs go on working; else a 404."""
    obj = OldSlug.current(model, slug)
    if obj is None:
        raise Http404(f"No {model._meta.verbose_name} is known as {slug!r}.")
    query = request.META.get("QUERY_STRING", "")
    return HttpResponsePermanentRedirect(obj.get_absolute_url() + (f"?{query}" if query else ""))


def meeting_detail(request, slug):
    meeting = Meeting.objects.select_related("president").filter(slug=slug).first()
    if meeting is None:
        return moved(request, Meeting, slug)
    # The whole meeting in outline (one light query): the index of speakers, the records and
    # the page each statement is on. A shared passage is one entry, under its first statement.
    outline = list(
        meeting.statements.order_by("position", "pk").values_list(
            "pk", "group_key", "record", "speaker__name", "speaker__slug"
        )
    )
    shown: list[int] = []
    anchor: dict[int, int] = {}
    first_of_group: dict[str, int] = {}
    for pk, group_key, _record, _name, _slug in outline:
        if group_key and group_key in first_of_group:
            anchor[pk] = first_of_group[group_key]
            continue
        if group_key:
            first_of_group[group_key] = pk
        anchor[pk] = pk
        shown.append(pk)
    paginator = Paginator(shown, MEETING_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    page_of = {pk: index // MEETING_PAGE_SIZE + 1 for index, pk in enumerate(shown)}

    speakers: dict[str, dict] = {}
    records: dict[str, dict] = {}
    for pk, _group_key, record, name, slug_ in outline:
        target = anchor[pk]
        entry = speakers.setdefault(slug_, {"name": name, "slug": slug_, "statements": []})
        link = {"pk": target, "page": page_of[target]}
        if link not in entry["statements"]:
            entry["statements"].append(link)
        record = record or meeting.record
        if record not in records:
            records[record] = {
                "record": record,
                "page": page_of[target],
                "anchor": f"record-{slugify(record)}",
            }

    # The page's statements need only their speakers beside them: the meeting is at hand (the
    # related manager gives it to each), and the item and source are not shown here.
    statements = list(
        meeting.statements.select_related("speaker").filter(pk__in=list(page)).order_by("position", "pk")
    )
    # The outcome, with each member's vote: shown under "Decisions", and beside each statement.
    votes = Vote.objects.select_related("speaker").order_by("choice", "speaker__name")
    decisions = list(
        meeting.decisions.prefetch_related(Prefetch("votes", queryset=votes)).order_by("number", "symbol")
    )
    Statement.objects.attach_attributions(statements)
    Statement.objects.attach_votes(statements, decisions)
    Statement.objects.attach_spoken_for(statements)
    sections: list[dict] = []
    for statement in statements:
        record = statement.record or meeting.record
        if not sections or sections[-1]["record"] != record:
            president, person = meeting.presiding(record)
            continued = not sections and records.get(record, {}).get("page", 1) < page.number
            sections.append(
                {
                    "record": record,
                    "anchor": records[record]["anchor"] + ("-continued" if continued else ""),
                    "continued": continued,
                    "president": president,
                    "president_person": person,
                    "date": meeting.record_date(record),
                    "statements": [],
                }
            )
        sections[-1]["statements"].append(statement)

    url = request.build_absolute_uri(meeting.get_absolute_url())
    members = list(meeting.members.select_related("speaker"))
    return render(
        request,
        "debates/meeting_detail.html",
        {
            "meeting": meeting,
            "page_obj": page,
            "total": len(outline),
            "passages": len(shown),
            "sections": sections,
            "speakers": sorted(speakers.values(), key=lambda s: s["name"]),
            "record_pages": list(records.values()),
            "decisions": decisions,
            "items": meeting.items.all(),
            "members": members,
            "council": None if members else meeting.council(decisions),
            "cite_text": citations.meeting_text(meeting, url),
            "cite_bibtex": citations.meeting_bibtex(meeting, url),
        },
    )


def statement_detail(request, pk):
    # Whom it speaks for: shown, and named by the citation (one query for both).
    statement = Statement.objects.with_related().prefetch_related("on_behalf_of").filter(pk=pk).first()
    if statement is None:
        return retired_statement(request, pk)
    siblings = statement.meeting.statements.select_related("speaker")
    before = siblings.filter(
        Q(position__lt=statement.position) | Q(position=statement.position, pk__lt=statement.pk)
    ).order_by("-position", "-pk")[:2]
    after = siblings.filter(
        Q(position__gt=statement.position) | Q(position=statement.position, pk__gt=statement.pk)
    ).order_by("position", "pk")[:2]
    Statement.objects.attach_attributions([statement])
    Statement.objects.attach_votes([statement])
    group = [other for other in statement.attributions if other.pk != statement.pk]
    # Where the meeting page shows it: a shared passage under its first statement, on its page.
    shown = statement.attributions[0] if statement.shared else statement
    earlier = (
        statement.meeting.statements.filter(
            Q(position__lt=shown.position) | Q(position=shown.position, pk__lt=shown.pk)
        )
        .one_per_passage()
        .count()
    )
    page = earlier // MEETING_PAGE_SIZE + 1
    in_meeting = statement.meeting.get_absolute_url() + (f"?page={page}" if page > 1 else "")
    url = request.build_absolute_uri(statement.get_absolute_url())
    return render(
        request,
        "debates/statement_detail.html",
        {
            "statement": statement,
            "before": list(reversed(before)),
            "after": after,
            "group": group,
            "in_meeting": f"{in_meeting}#statement-{shown.pk}",
            "cite_text": citations.statement_text(statement, url),
            "cite_bibtex": citations.statement_bibtex(statement, url),
        },
    )


def retired_statement(request, pk):
    """A permalink whose statement left the archive: a redirect (301) to its successor, or a page
    saying what it was, where it was cited, when and why it went (410 Gone). Never a new meaning."""
    tombstone = get_object_or_404(RetiredStatement, pk=pk)
    successor = tombstone.final_successor()
    if successor is not None:
        return HttpResponsePermanentRedirect(reverse("debates:statement-detail", kwargs={"pk": successor}))
    meeting = Meeting.objects.filter(slug=tombstone.meeting_slug).first() if tombstone.meeting_slug else None
    return render(
        request, "debates/statement_retired.html", {"tombstone": tombstone, "meeting": meeting}, status=410
    )


def _status(filterset) -> int:
    """A list page with a malformed or out-of-range parameter is a 400: it shows the form with
    the message, and no results."""
    return 200 if filterset.is_valid() else 400


def speaker_detail(request, slug):
    speaker = Speaker.objects.filter(slug=slug).first()
    if speaker is None:
        return moved(request, Speaker, slug)
    per_year = list(
        speaker.statements.annotate(year=ExtractYear("meeting__date"))
        .values("year")
        .annotate(n=Count("pk"))
        .order_by("year")
    )
    meetings = (
        Meeting.objects.filter(statements__speaker=speaker)
        .annotate(n=Count("statements"))
        .order_by("-date", "-number")[:100]
    )
    votes = speaker.votes.select_related("decision").order_by("-decision__date", "decision__symbol")[:200]
    # Who sat for the State at the meetings whose records list the members, earliest first.
    representatives = (
        speaker.memberships.values("person")
        .annotate(first=Min("meeting__date"), last=Max("meeting__date"), n=Count("pk"))
        .order_by("first", "person")
    )
    return render(
        request,
        "debates/speaker_detail.html",
        {
            "speaker": speaker,
            "lineage": speaker.lineage(),
            "predecessors": speaker.successions_from.select_related("predecessor"),
            "terms": speaker.terms.order_by("start"),
            "representatives": list(representatives),
            "per_year": per_year,
            "total": sum(row["n"] for row in per_year),
            "meetings": meetings,
            "votes": votes,
            "aliases": speaker.aliases.all(),
        },
    )


def item_detail(request, slug):
    item = Item.objects.select_related("parent__parent").filter(slug=slug).first()
    if item is None:
        return moved(request, Item, slug)
    meetings = (
        Meeting.objects.filter(
            Exists(
                Item.objects.filter(
                    Q(pk=item.pk) | Q(parent=item) | Q(parent__parent=item), meetings=OuterRef("pk")
                )
            )
        )
        .annotate(n_statements=Count("statements", distinct=True))
        .order_by("-date", "-number")
    )
    return render(
        request,
        "debates/item_detail.html",
        {"item": item, "children": item.children.all(), "meetings": meetings},
    )


def decision_detail(request, slug):
    decision = Decision.objects.select_related("meeting").filter(slug=slug).first()
    if decision is None:
        return moved(request, Decision, slug)
    votes = decision.votes.select_related("speaker").order_by("choice", "speaker__name")
    url = request.build_absolute_uri(decision.get_absolute_url())
    # Where the sources disagree about this decision (its tally, its vetoes, a field): which says what.
    disagreements = Discrepancy.objects.filter(model="decision", object_key=decision.key).select_related(
        "kept_source", "other_source"
    )
    return render(
        request,
        "debates/decision_detail.html",
        {
            "decision": decision,
            "votes": votes,
            "disagreements": disagreements,
            "tally_source": decision.field_sources.get("votes_for", "").partition("|")[2],
            "cite_text": citations.decision_text(decision, url),
            "cite_bibtex": citations.decision_bibtex(decision, url),
        },
    )


# --- Error pages: the site's own templates (Django uses them when DEBUG is off). ---


def server_error(request):
    """The 500 page. Rendered without a request context, so that it cannot fail on the data that
    may have caused the error; the template needs nothing but static and URL tags."""
    from django.http import HttpResponseServerError
    from django.template import loader

    return HttpResponseServerError(loader.get_template("500.html").render())
