"""
The OpenAPI 3.1 document of the JSON API, generated from what the API is made of.

The parameters come from each list's FilterSet (names, types, choices) and
the parameter descriptions of ``filters.PARAMETERS``; the rows' schemas from
the export columns (``exports.Column``). Nothing is written twice: a filter
or a column added to a list appears here, and the tests validate real
responses against this document.
"""

from __future__ import annotations

import django_filters as filters
from django.urls import reverse

from .filters import PARAMETERS
from .listings import LISTINGS, Listing

# The lists served by /api/<name>, in the order the documentation shows them.
ENDPOINTS = ("statements", "meetings", "decisions", "speakers", "items", "votes")


def _filter_schema(flt) -> dict:
    if isinstance(flt, filters.BooleanFilter):
        return {"type": "boolean"}
    if isinstance(flt, filters.NumberFilter):
        schema: dict = {"type": "integer"}
        for key, bound in (("min_value", "minimum"), ("max_value", "maximum")):
            if flt.extra.get(key) is not None:
                schema[bound] = flt.extra[key]
        return schema
    choices = None
    if isinstance(flt, filters.OrderingFilter):
        choices = flt.field.choices
    elif isinstance(flt, filters.ChoiceFilter | filters.MultipleChoiceFilter):
        declared = flt.extra.get("choices")
        # Choices read from the database (countries, languages) are not listed: they change.
        choices = declared if declared and not callable(declared) else None
    schema = {"type": "string"}
    values = [str(value) for value, _ in choices or [] if value not in ("", None)]
    if values:
        schema["enum"] = values
    if isinstance(flt, filters.MultipleChoiceFilter):  # ModelMultipleChoiceFilter too
        return {"type": "array", "items": schema}
    return schema


def parameters(listing: Listing) -> list[dict]:
    """The query parameters of a list, as OpenAPI parameter objects."""
    result = []
    for key, flt in listing.filterset().filters.items():
        if isinstance(flt, filters.DateFromToRangeFilter):
            names = [(f"{key}_{end}", {"type": "string", "format": "date"}) for end in ("after", "before")]
        else:
            names = [(key, _filter_schema(flt))]
        for name, schema in names:
            parameter = {
                "name": name,
                "in": "query",
                "required": False,
                "description": PARAMETERS.get(name, str(flt.label or name)),
                "schema": schema,
            }
            if schema.get("type") == "array":
                parameter.update(style="form", explode=True)
            result.append(parameter)
    return result


PAGING = [
    {
        "name": "page",
        "in": "query",
        "required": False,
        "description": "Page number, from 1.",
        "schema": {"type": "integer", "minimum": 1},
    },
    {
        "name": "page_size",
        "in": "query",
        "required": False,
        "description": "Rows per page, at most 100 (default 25).",
        "schema": {"type": "integer", "minimum": 1, "maximum": 100},
    },
]


def _row_schema(listing: Listing) -> dict:
    return {
        "type": "object",
        "properties": {column.name: column.schema() for column in listing.columns},
        "required": [column.name for column in listing.columns],
        "additionalProperties": False,
    }


def _page_schema(row: str) -> dict:
    nullable_url = {"type": ["string", "null"], "format": "uri"}
    return {
        "type": "object",
        "required": [
            "count",
            "count_is_capped",
            "count_is_unknown",
            "ranked_by_relevance",
            "page",
            "pages",
            "next",
            "previous",
            "filters",
            "fields",
            "results",
        ],  # fmt: skip
        "properties": {
            "count": {"type": "integer", "description": "Rows matching (at most the count limit)."},
            "count_is_capped": {"type": "boolean", "description": "More rows match than were counted."},
            "count_is_unknown": {"type": "boolean", "description": "Too many to count in time."},
            "ranked_by_relevance": {"type": "boolean"},
            "page": {"type": "integer"},
            "pages": {"type": "integer"},
            "next": nullable_url,
            "previous": nullable_url,
            "filters": {
                "type": "object",
                "description": "The parameters in use.",
                "additionalProperties": {
                    "oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]
                },
            },
            "fields": {"type": "array", "items": {"type": "string"}},
            "results": {"type": "array", "items": {"$ref": f"#/components/schemas/{row}"}},
        },
        "additionalProperties": False,
    }


ERRORS = {
    "type": "object",
    "required": ["errors"],
    "properties": {
        "errors": {
            "type": "object",
            "description": "Messages for each invalid parameter.",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        }
    },
}


def document(server: str = "") -> dict:
    """The OpenAPI 3.1 document; ``server`` is the site's address (from the request)."""
    paths: dict[str, dict] = {}
    schemas: dict[str, dict] = {"Errors": ERRORS}
    for name in ENDPOINTS:
        listing = LISTINGS[name]
        row = f"{name[:-1].capitalize()}Row"
        page = f"{name.capitalize()}Page"
        schemas[row] = _row_schema(listing)
        schemas[page] = _page_schema(row)
        query = parameters(listing)
        bad_request = {
            "description": "A parameter is invalid.",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Errors"}}},
        }
        paths[reverse("debates:api-list", kwargs={"name": name})] = {
            "get": {
                "operationId": f"list_{name}",
                "summary": f"List {name}",
                "description": f"The {name} matching the parameters, a page at a time"
                + (
                    "; a shared Repertoire passage gives one row per speaker it cites, with the same "
                    "`passage`."
                    if name == "statements"
                    else "."
                ),
                "parameters": query + PAGING,
                "responses": {
                    "200": {
                        "description": f"A page of {name}.",
                        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{page}"}}},
                    },
                    "400": bad_request,
                },
            }
        }
        csv = reverse("debates:export", kwargs={"name": name, "fmt": "csv"})
        paths[csv] = {
            "get": {
                "operationId": f"download_{name}_csv",
                "summary": f"Download {name} as CSV",
                "description": "Every matching row, unpaginated, header on the first line. "
                f"`{csv.removesuffix('.csv')}.spreadsheet.csv` is the same with a UTF-8 byte-order mark "
                "for spreadsheet programs. The query and the columns' meaning are in the metadata that "
                'the `Link` header (rel="describedby") points to.',
                "parameters": query,
                "responses": {
                    "200": {"description": "CSV", "content": {"text/csv": {"schema": {"type": "string"}}}},
                    "400": {
                        "description": "A parameter is invalid.",
                        "content": {"text/plain": {"schema": {"type": "string"}}},
                    },
                },
            }
        }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Repertoire API",
            "version": "1",
            "description": "United Nations Security Council debates: statements, meetings, decisions, "
            "speakers, items and votes. Read-only; any origin may call it (CORS).",
        },
        "servers": [{"url": server}] if server else [],
        "paths": paths,
        "components": {"schemas": schemas},
    }
