"""
Reading the archive from programs: downloads (CSV, JSON), the JSON API and its OpenAPI document.

Each list of ``listings.LISTINGS`` is one endpoint, one download and one
entry of the OpenAPI document, made from the same FilterSet and the same
export columns. URLs inside the data are built from the request, so that a
file downloaded from a mirror or a development server points back to it.
"""

from __future__ import annotations

import json

from django.db.models import Case, When
from django.http import Http404, HttpResponseBadRequest, JsonResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from . import openapi
from .exports import write_csv
from .listings import LISTINGS
from .views import MAX_PAGE_SIZE, _active_filters, _engine, _engine_page, _page

# The byte-order mark that tells spreadsheet programs (Excel above all) that a CSV is UTF-8;
# without it they read "Rivière" and "Türkiye" as Windows-1252.
BOM = "\ufeff"


def base_url(request) -> str:
    """The address the request was made to, without a trailing slash: ``https://host``."""
    return request.build_absolute_uri("/").rstrip("/")


def _listing(name: str):
    listing = LISTINGS.get(name)
    if listing is None:
        raise Http404("No such list.")
    return listing


def export_metadata(request, listing, filterset) -> dict:
    """What a download holds, as CSVW metadata (the W3C's CSV on the Web): the query, the
    filters, when it was made, the page it comes from and every column's meaning."""
    params = _querystring(request)
    # The page the rows come from; the votes have none but their API endpoint.
    page = request.build_absolute_uri(
        reverse(listing.page) if listing.page else reverse("debates:api-list", kwargs={"name": listing.name})
    )
    query = filterset.form.cleaned_data.get("q") or ""
    filters = _active_filters(filterset)
    described = "; ".join(
        f"{key}={','.join(value) if isinstance(value, list) else value}" for key, value in filters.items()
    )
    return {
        "@context": ["http://www.w3.org/ns/csvw", {"@language": "en"}],
        "url": request.build_absolute_uri(
            reverse("debates:export", kwargs={"name": listing.name, "fmt": "csv"})
        )
        + params,
        "dc:title": f"Repertoire export: {listing.name}",
        "dc:description": f"Query: {query or '(none)'}. Filters: {described or '(none)'}.",
        "dc:created": timezone.now().replace(microsecond=0).isoformat(),
        "dc:source": page + params,
        "dialect": {"header": True, "encoding": "utf-8"},
        "tableSchema": {
            "columns": [
                {
                    "name": column.name,
                    "titles": column.name,
                    "datatype": {"integer": "integer", "boolean": "boolean"}.get(column.type, "string")
                    if not column.format
                    else {"date": "date", "uri": "anyURI"}[column.format],
                    "dc:description": column.description,
                }
                for column in listing.columns
            ]
        },
    }


@require_safe
def export(request, name, fmt):
    """The filtered list as CSV or JSON, streamed row by row whatever its size.

    ``csv`` is plain UTF-8 for programs; ``spreadsheet.csv`` adds the byte-order mark that
    spreadsheet programs need. A CSV starts with its header line: what the file holds (query,
    filters, time) is in its metadata, linked from the response (``Link: …; rel="describedby"``).
    """
    listing = _listing(name)
    filterset, qs = listing.filter(request.GET)
    if not filterset.is_valid():
        return HttpResponseBadRequest(_errors_text(filterset), content_type="text/plain; charset=utf-8")
    metadata = export_metadata(request, listing, filterset)
    rows = listing.rows(qs, base_url=base_url(request))
    stamp = f"{timezone.now():%Y%m%d-%H%M%S}"
    if fmt == "json":
        header = {
            "export": name,
            "query": filterset.form.cleaned_data.get("q") or "",
            "filters": _active_filters(filterset),
            "generated": metadata["dc:created"],
            "source": metadata["dc:source"],
        }
        response = StreamingHttpResponse(
            _buffered(_json_stream(rows, listing.fields, header)), content_type="application/json"
        )
        filename = f"repertoire-{name}-{stamp}.json"
    else:
        chunks = write_csv(rows, listing.fields)
        if fmt == "spreadsheet.csv":
            chunks = _prefixed(BOM, chunks)
        response = StreamingHttpResponse(_buffered(chunks), content_type="text/csv; charset=utf-8")
        filename = f"repertoire-{name}-{stamp}.csv"
        described = reverse("debates:export-metadata", kwargs={"name": name})
        response["Link"] = (
            f'<{request.build_absolute_uri(described)}{_querystring(request)}>; rel="describedby"; '
            'type="application/csvm+json"'
        )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _buffered(chunks, size: int = 64 * 1024):
    """Rows joined into pieces of about ``size`` characters: one write (and one HTTP chunk) per
    piece rather than per row. Without a length, the response goes out in HTTP/1.1 chunks, so
    a download cut short (a worker that dies) ends without the last chunk: visibly broken."""
    pending, length = [], 0
    for chunk in chunks:
        pending.append(chunk)
        length += len(chunk)
        if length >= size:
            yield "".join(pending)
            pending, length = [], 0
    if pending:
        yield "".join(pending)


@require_safe
def export_metadata_view(request, name):
    """``/export/<list>.csv-metadata.json``: the CSVW metadata of the same download."""
    listing = _listing(name)
    filterset, _ = listing.filter(request.GET)
    if not filterset.is_valid():
        return JsonResponse({"errors": filterset.parameter_errors}, status=400)
    return JsonResponse(
        export_metadata(request, listing, filterset),
        content_type="application/csvm+json",
        json_dumps_params={"ensure_ascii": False, "indent": 1},
    )


def _prefixed(prefix: str, chunks):
    yield prefix
    yield from chunks


def _querystring(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else ""


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
    return (
        "\n".join(f"{name}: {' '.join(errors)}" for name, errors in filterset.parameter_errors.items()) + "\n"
    )


@require_safe
def api_list(request, name):
    """``/api/<name>``: the filtered list as paginated JSON (``page``, ``page_size`` up to 100).

    One row per attribution: a shared Repertoire passage gives one row per speaker it cites,
    with the same ``passage``.
    """
    listing = _listing(name)
    filterset, qs = listing.filter(request.GET)
    if not filterset.is_valid():
        return JsonResponse({"errors": filterset.parameter_errors}, status=400)
    # The page is chosen on ids; the rows of that page are then made by the
    # export's own row function, in the page's order.
    # From the search index when it is exactly up to date (every attribution a row), else the database.
    engine = _engine(listing, filterset, passages=False)
    if engine is not None:
        page = _engine_page(engine, listing, filterset)
    else:
        page = _page(request, qs.values_list("pk", flat=True), listing=listing, filterset=filterset)
    ids = list(page)
    in_order = Case(*[When(pk=pk, then=position) for position, pk in enumerate(ids)], default=len(ids))
    rows = listing.rows(listing.base().filter(pk__in=ids).order_by(in_order), base_url=base_url(request))
    results = list(rows) if ids else []

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
            "count_is_unknown": page.uncounted,
            "ranked_by_relevance": page.ranked,
            "page": page.number,
            "pages": page.paginator.num_pages,
            "next": link(page.next_page_number() if page.has_next() else None),
            "previous": link(page.previous_page_number() if page.has_previous() else None),
            "filters": _active_filters(filterset),
            "fields": listing.fields,
            "results": [{f: row.get(f) for f in listing.fields} for row in results],
        },
        json_dumps_params={"ensure_ascii": False},
    )


def api_docs(request):
    endpoints = []
    for name in openapi.ENDPOINTS:
        listing = LISTINGS[name]
        endpoints.append(
            {
                "name": name,
                "url": reverse("debates:api-list", kwargs={"name": name}),
                "page": reverse(listing.page) if listing.page else "",
                "params": [
                    (
                        param["name"],
                        param["description"],
                        param["schema"].get("enum") or param["schema"].get("items", {}).get("enum", []),
                    )
                    for param in openapi.parameters(listing)
                ],
                "columns": listing.columns,
            }
        )
    return render(
        request,
        "debates/api_docs.html",
        {"endpoints": endpoints, "max_page_size": MAX_PAGE_SIZE, "openapi": reverse("debates:api-openapi")},
    )


@require_safe
def openapi_document(request):
    """``/api/openapi.json``: the OpenAPI 3.1 description of the API, made from the listings."""
    return JsonResponse(
        openapi.document(server=base_url(request)),
        json_dumps_params={"ensure_ascii": False, "indent": 1},
    )
