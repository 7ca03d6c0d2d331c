"""
The research interface: lists with filters, detail pages, exports and the JSON API.

Every list is described once by a ``Listing`` (its FilterSet, base queryset
and ordering); its page, its CSV/JSON export and its API endpoint all go
through ``Listing.filter`` so that the same parameters select the same rows.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, Count, Exists, Max, Min, OuterRef, Prefetch, Q, When
from django.db.models.functions import ExtractYear
from django.http import Http404, HttpResponseBadRequest, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from . import citations
from .exports import EXPORTS, write_csv
from .filters import DecisionFilter, ItemFilter, MeetingFilter, SpeakerFilter, StatementFilter, VoteFilter
from .models import Decision, Discrepancy, Item, Meeting, Speaker, Statement, Vote
from .paging import COUNT_LIMIT, RANK_WINDOW, CappedPaginator

PAGE_SIZE = 25
MAX_PAGE_SIZE = 100


@dataclass(frozen=True)
class Listing:
    """One list of the site: how its parameters select and order rows."""

    name: str
    filterset: type
    searchable: bool = False

    def base(self):
        if self.name == "statements":
            return Statement.objects.all()
        if self.name == "meetings":
            return Meeting.objects.all()
        if self.name == "decisions":
            return Decision.objects.all()
        if self.name == "speakers":
            return Speaker.objects.all()
        if self.name == "votes":
            return Vote.objects.all()
        # The items list is the classification's items (topics as printed are on their pages).
        return Item.objects.filter(kind="item")

    def filter(self, data):
        """``(filterset, queryset)``; the queryset is empty when a parameter is invalid."""
        filterset = self.filterset(data, queryset=self.base())
        if not filterset.is_valid():
            return filterset, self.base().none()
        return filterset, self.order(filterset.qs, filterset.form.cleaned_data)

    def newest_first(self, qs):
        if self.name == "statements":
            return qs.order_by("-meeting__date", "-meeting__number", "position")
        return qs.order_by("-date", "-number", "pk")

    def ranks(self, cleaned: dict[str, Any]) -> bool:
        return self.searchable and bool(cleaned.get("q")) and cleaned.get("sort") in ("", None, "relevance")

    def order(self, qs, cleaned: dict[str, Any]):
        sort = cleaned.get("sort") or ""
        if self.name == "statements":
            if cleaned.get("q") and sort in ("", "relevance"):
                return qs.order_by("-rank", "-meeting__date", "position")
            if sort == "-date":
                return qs.order_by("-meeting__date", "-meeting__number", "position")
            return qs.order_by("meeting__date", "meeting__number", "position")
        if self.name == "decisions":
            if cleaned.get("q") and sort in ("", "relevance"):
                return qs.order_by("-rank", "-date", "pk")
            if sort == "date":
                return qs.order_by("date", "number", "pk")
            return qs.order_by("-date", "-number", "pk")
        if self.name == "meetings":
            return qs if sort else qs.order_by("-date", "-number")
        if self.name == "speakers":
            return qs.order_by("kind", "name")
        if self.name == "votes":
            return qs.order_by("-decision__date", "decision__pk", "speaker__name")
        if self.name == "items":
            return qs.order_by("parent__position", "parent__title", "number", "letter", "title")
        return qs


LISTINGS = {
    "statements": Listing("statements", StatementFilter, searchable=True),
    "meetings": Listing("meetings", MeetingFilter),
    "decisions": Listing("decisions", DecisionFilter, searchable=True),
    "speakers": Listing("speakers", SpeakerFilter),
    "items": Listing("items", ItemFilter),
    "votes": Listing("votes", VoteFilter),
}


def _page(request, qs, default: int = PAGE_SIZE, listing: Listing | None = None, filterset=None):
    """The requested page, counted, ranked and ordered as ``debates.paging`` explains.

    Sets ``page.ranked`` (results in order of relevance), ``page.capped`` (more
    than ``COUNT_LIMIT`` matches: ``page.estimate`` says about how many) and
    ``page.ranked_window`` (only the most recent matches were ranked).
    """
    try:
        size = min(max(int(request.GET.get("page_size", default)), 1), MAX_PAGE_SIZE)
    except ValueError:
        size = default
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
        paginator.object_list = _recent_window(paginator.object_list, _page_number(request) * size)
    page = paginator.get_page(request.GET.get("page"))
    page.ranked = ranked
    page.ranked_window = window
    page.capped = paginator.count and paginator.capped
    page.estimate = paginator.estimate if paginator.count else 0
    page.ids = paginator.ids
    page.uncounted = paginator.uncounted
    return page


def _page_number(request) -> int:
    try:
        return max(int(request.GET.get("page", 1)), 1)
    except ValueError:
        return 1


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
    listing = LISTINGS["statements"]
    filterset, qs = listing.filter(request.GET)
    # What the list shows of each statement: no more joins than that.
    page = _page(
        request, qs.select_related("meeting", "speaker", "item"), listing=listing, filterset=filterset
    )
    query = filterset.form.cleaned_data.get("q") if filterset.is_valid() else ""
    if query:
        headlines = Statement.objects.headlines(query, [s.pk for s in page])
        for statement in page:
            statement.headline = headlines.get(statement.pk)
    if page.ids is not None:
        # Up to the limit the matches are known by id: group those rows, without matching again.
        facets = Statement.objects.filter(pk__in=page.ids).facets(page.estimate) if page.estimate else {}
    else:
        facets = qs.facets(page.estimate, exact=False) if page.estimate else {}
    return render(
        request,
        "debates/statement_list.html",
        {
            "filter": filterset,
            "page_obj": page,
            "query": query,
            "speaker_facets": facets.get("speakers", []),
            "year_facets": facets.get("years", []),
            "facets_estimated": facets.get("estimated", False),
            "count_limit": COUNT_LIMIT,
            "rank_window": RANK_WINDOW,
            "active": _active_filters(filterset),
        },
    )


def meeting_list(request):
    filterset, qs = LISTINGS["meetings"].filter(request.GET)
    page = _page(request, qs.select_related("president"), default=50)
    return render(
        request,
        "debates/meeting_list.html",
        {"filter": filterset, "page_obj": page, "active": _active_filters(filterset)},
    )


def decision_list(request):
    filterset, qs = LISTINGS["decisions"].filter(request.GET)
    page = _page(
        request, qs.select_related("meeting"), default=50, listing=LISTINGS["decisions"], filterset=filterset
    )
    query = filterset.form.cleaned_data.get("q") if filterset.is_valid() else ""
    if query:
        headlines = Decision.objects.headlines(query, [d.pk for d in page])
        for decision in page:
            decision.headline = headlines.get(decision.pk)
    return render(
        request,
        "debates/decision_list.html",
        {"filter": filterset, "page_obj": page, "query": query, "active": _active_filters(filterset)},
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
    )


def item_list(request):
    """The classification, group by group (Africa … Other matters), its items paginated."""
    filterset, qs = LISTINGS["items"].filter(request.GET)
    page = _page(request, qs.select_related("parent").annotate(n_topics=Count("children")), default=50)
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
    )


def meeting_detail(request, slug):
    meeting = get_object_or_404(Meeting.objects.select_related("president"), slug=slug)
    # What the page shows of each statement: its speaker and whom it spoke for.
    statements = meeting.statements.select_related("speaker", "on_behalf_of").order_by("position", "pk")
    decisions = meeting.decisions.prefetch_related(
        Prefetch("votes", queryset=Vote.objects.select_related("speaker").order_by("choice", "speaker__name"))
    ).order_by("number", "symbol")
    url = request.build_absolute_uri(meeting.get_absolute_url())
    members = list(meeting.members.select_related("speaker"))
    return render(
        request,
        "debates/meeting_detail.html",
        {
            "meeting": meeting,
            "statements": statements,
            "decisions": decisions,
            "items": meeting.items.all(),
            "members": members,
            "council": None if members else meeting.council(),
            "cite_text": citations.meeting_text(meeting, url),
            "cite_bibtex": citations.meeting_bibtex(meeting, url),
        },
    )


def statement_detail(request, pk):
    statement = get_object_or_404(Statement.objects.with_related(), pk=pk)
    siblings = statement.meeting.statements.select_related("speaker")
    before = siblings.filter(
        Q(position__lt=statement.position) | Q(position=statement.position, pk__lt=statement.pk)
    ).order_by("-position", "-pk")[:2]
    after = siblings.filter(
        Q(position__gt=statement.position) | Q(position=statement.position, pk__gt=statement.pk)
    ).order_by("position", "pk")[:2]
    group = []
    if statement.group_key:
        group = (
            Statement.objects.filter(group_key=statement.group_key, meeting=statement.meeting_id)
            .exclude(pk=statement.pk)
            .select_related("speaker")
            .order_by("position")
        )
    url = request.build_absolute_uri(statement.get_absolute_url())
    return render(
        request,
        "debates/statement_detail.html",
        {
            "statement": statement,
            "before": list(reversed(before)),
            "after": after,
            "group": group,
            "cite_text": citations.statement_text(statement, url),
            "cite_bibtex": citations.statement_bibtex(statement, url),
        },
    )


def speaker_detail(request, slug):
    speaker = get_object_or_404(Speaker, slug=slug)
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
    item = get_object_or_404(Item.objects.select_related("parent__parent"), slug=slug)
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
    decision = get_object_or_404(Decision.objects.select_related("meeting"), slug=slug)
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


# --- Exports and API ---


def export(request, name, fmt):
    """The filtered list as CSV or JSON, streamed row by row whatever its size."""
    listing = LISTINGS.get(name)
    if listing is None or name not in EXPORTS:
        raise Http404("No such export.")
    filterset, qs = listing.filter(request.GET)
    if not filterset.is_valid():
        return HttpResponseBadRequest(_errors_text(filterset), content_type="text/plain; charset=utf-8")
    _, rows, fields = EXPORTS[name]
    made = timezone.now().replace(microsecond=0).isoformat()
    header = {
        "export": name,
        "query": filterset.form.cleaned_data.get("q") or "",
        "filters": _active_filters(filterset),
        "generated": made,
        "source": request.build_absolute_uri(
            reverse("debates:api-list", kwargs={"name": name})
            if name == "votes"
            else reverse(f"debates:{name[:-1]}-list")
        )
        + _querystring(request),
    }
    filename = f"repertoire-{name}-{timezone.now():%Y%m%d-%H%M%S}.{fmt}"
    if fmt == "csv":
        counted = _Counted(rows(qs))
        chunks = write_csv(counted, fields, header_comment=_csv_header(header))
        response = StreamingHttpResponse(
            _buffered(_csv_footer(chunks, counted)), content_type="text/csv; charset=utf-8"
        )
    else:
        chunks = _json_stream(rows(qs), fields, header)
        response = StreamingHttpResponse(_buffered(chunks), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class _Counted:
    """An iterator that counts what passes through it."""

    def __init__(self, iterable):
        self.iterator, self.count = iter(iterable), 0

    def __iter__(self):
        return self

    def __next__(self):
        item = next(self.iterator)
        self.count += 1
        return item


def _csv_footer(chunks, counted):
    """The CSV, then a last ``#`` line: a file cut short (by the network, a dying worker) lacks it,
    as a JSON download lacks its closing brace."""
    yield from chunks
    yield f"# End of export: {counted.count} rows.\n"


def _buffered(chunks, size: int = 64 * 1024):
    """Rows joined into pieces of about ``size`` characters: one write (and one HTTP chunk) per
    piece rather than per row."""
    pending, length = [], 0
    for chunk in chunks:
        pending.append(chunk)
        length += len(chunk)
        if length >= size:
            yield "".join(pending)
            pending, length = [], 0
    if pending:
        yield "".join(pending)


def _querystring(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else ""


def _csv_header(header) -> str:
    """What the file is, as ``#`` lines (as in the reference lists the archive itself reads)."""
    filters = "; ".join(
        f"{k}={','.join(v) if isinstance(v, list) else v}" for k, v in header["filters"].items() if k != "q"
    )
    return (
        f"Repertoire export: {header['export']}\nQuery: {header['query']}\nFilters: {filters}\n"
        f"Generated: {header['generated']}\nSource: {header['source']}"
    )


def _json_stream(rows, fields, header):
    yield '{"export": ' + json.dumps(header, ensure_ascii=False) + ',\n"fields": ' + json.dumps(fields)
    yield ',\n"results": ['
    count = 0
    for row in rows:
        yield ("\n" if count == 0 else ",\n") + json.dumps(
            {f: row.get(f) for f in fields}, ensure_ascii=False
        )
        count += 1
    yield f'\n],\n"count": {count}}}\n'


def _errors_text(filterset) -> str:
    return "\n".join(f"{field}: {' '.join(errors)}" for field, errors in filterset.errors.items()) + "\n"


def api_list(request, name):
    """``/api/<name>``: the filtered list as paginated JSON (``page``, ``page_size`` up to 100)."""
    listing = LISTINGS[name]
    filterset, qs = listing.filter(request.GET)
    if not filterset.is_valid():
        return JsonResponse({"errors": {k: list(v) for k, v in filterset.errors.items()}}, status=400)
    model, rows, fields = EXPORTS[name]
    # The page is chosen on ids; the rows of that page are then made by the
    # export's own row function, in the page's order.
    page = _page(request, qs.values_list("pk", flat=True), listing=listing, filterset=filterset)
    ids = list(page)
    in_order = Case(*[When(pk=pk, then=position) for position, pk in enumerate(ids)], default=len(ids))
    results = list(rows(model().filter(pk__in=ids).order_by(in_order))) if ids else []

    def link(number):
        if number is None:
            return None
        params = request.GET.copy()
        params["page"] = number
        return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")

    return JsonResponse(
        {
            "count": page.paginator.count,
            "count_is_capped": bool(page.capped),
            "count_estimate": page.estimate,
            "count_is_unknown": page.uncounted,
            "ranked_by_relevance": page.ranked,
            "page": page.number,
            "pages": page.paginator.num_pages,
            "next": link(page.next_page_number() if page.has_next() else None),
            "previous": link(page.previous_page_number() if page.has_previous() else None),
            "filters": _active_filters(filterset),
            "fields": fields,
            "results": [{f: row.get(f) for f in fields} for row in results],
        },
        json_dumps_params={"ensure_ascii": False},
    )


def api_docs(request):
    from .filters import PARAMETERS

    endpoints = []
    for name in ("statements", "meetings", "decisions", "speakers", "votes"):
        filterset = LISTINGS[name].filterset()
        params = []
        for key, flt in filterset.filters.items():
            for param in ("date_after", "date_before") if key == "date" else (key,):
                choices = flt.extra.get("choices")
                values = [str(value) for value, _ in choices] if choices and not callable(choices) else []
                params.append((param, PARAMETERS.get(param, str(flt.label)), values))
        endpoints.append(
            {
                "name": name,
                "url": reverse("debates:api-list", kwargs={"name": name}),
                "page": reverse(f"debates:{name[:-1]}-list") if name != "votes" else "",
                "params": params,
                "fields": EXPORTS[name][2],
            }
        )
    return render(request, "debates/api_docs.html", {"endpoints": endpoints, "max_page_size": MAX_PAGE_SIZE})
