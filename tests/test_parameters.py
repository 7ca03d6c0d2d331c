"""Every parameter of every list page, API endpoint and export, swept with garbage: a 400 with a
message or an answer, never a 500.

The parameters are read from the lists' FilterSets (``views.LISTINGS``) and the paging form
(``views.PageForm``), not written out here: a parameter added to a FilterSet is swept too.
"""

from __future__ import annotations

import contextlib

import pytest
from django import forms
from django.urls import NoReverseMatch, reverse
from django_filters.fields import DateRangeField, RangeField

from debates.views import LISTINGS, MAX_PAGE_SIZE, PageForm

pytestmark = pytest.mark.django_db

NUMBER_GARBAGE = [
    "99999999999999999999",
    "-99999999999999999999",
    "9" * 400,
    "-1",
    "abc",
    "1e309",
    "nan",
    "inf",
    "1.5",
    "0x10",
    "12\x00",
]
# Odd, but numbers all the same (Arabic-Indic digits are twelve to int()): an answer, not a 500.
ODD_NUMBERS = ["\u0661\u0662", "0", " 7 ", "+3"]
DATE_GARBAGE = [
    "2004-13-45",
    "99999-01-01",
    "0000-00-00",
    "abc",
    "99999999999999999999",
    "2004-02-30",
    "\x00",
]
ANY_GARBAGE = ["", " ", "%", "' OR 1=1 --", '"', "\x00", "x" * 5000, "é\u202e", "<script>"]


def parameters() -> list[tuple[str, str, str, str]]:
    """(list, parameter, field name, what it holds) for every parameter of every list.

    Read from the FilterSets' declared filters (no form is built: some load their choices
    from the database) and from the paging form.
    """
    found = []
    for name, listing in LISTINGS.items():
        for key, flt in listing.filterset.base_filters.items():
            field_class = flt.field_class
            if issubclass(field_class, RangeField):
                # A range is two parameters, named by its widget's suffixes (date_after, date_before).
                kind = "date" if issubclass(field_class, DateRangeField) else "number"
                widget = flt.extra.get("widget") or field_class.widget
                for suffix in widget.suffixes:
                    found.append((name, f"{key}_{suffix}", key, kind))
                continue
            kind = (
                "date"
                if issubclass(field_class, forms.DateField)
                else "number"
                if issubclass(field_class, NUMBER_FIELDS)
                else "text"
            )
            found.append((name, key, key, kind))
        for key in PageForm.base_fields:
            found.append((name, key, key, "number"))
    return found


NUMBER_FIELDS = (forms.IntegerField, forms.DecimalField, forms.FloatField)


def endpoints(name: str) -> list[tuple[str, str]]:
    """The list's page and API endpoint where it has them, and its two downloads."""
    urls = []
    with contextlib.suppress(NoReverseMatch):  # the votes have no page of their own
        urls.append(("page", reverse(f"debates:{name[:-1]}-list")))
    with contextlib.suppress(NoReverseMatch):  # not every list has an API endpoint (yet)
        urls.append(("api", reverse("debates:api-list", kwargs={"name": name})))
    for fmt in ("csv", "json"):
        urls.append(("export", reverse("debates:export", kwargs={"name": name, "fmt": fmt})))
    return urls


PARAMETERS = parameters()


def test_the_sweep_finds_the_parameters_of_every_list():
    names = {(listing, param) for listing, param, _, _ in PARAMETERS}
    assert {("statements", "year"), ("statements", "date_after"), ("meetings", "date_before")} <= names
    assert {("decisions", "page_size"), ("speakers", "page"), ("items", "q")} <= names
    assert {kind for *_, kind in PARAMETERS} == {"date", "number", "text"}
    assert [where for where, _ in endpoints("statements")] == ["page", "api", "export", "export"]
    assert all(any(where == "page" for where, _ in endpoints(name)) for name in ("meetings", "items"))


@pytest.mark.parametrize(("listing", "param", "field", "kind"), PARAMETERS, ids=lambda v: str(v))
def test_garbage_is_a_400_with_a_message_or_an_answer_never_a_500(
    client, archive, listing, param, field, kind
):
    garbage = {"number": NUMBER_GARBAGE, "date": DATE_GARBAGE, "text": ANY_GARBAGE}[kind]
    for where, url in endpoints(listing):
        for value in garbage + ANY_GARBAGE[:3] + (ODD_NUMBERS if kind == "number" else []):
            response = client.get(url, {param: value})  # a 500 raises here
            assert response.status_code in (200, 400), (url, param, value, response.status_code)
            malformed = value in garbage and kind != "text" and value.strip() != ""
            paged = param in PageForm.base_fields
            if not malformed or (paged and where == "export"):
                continue  # downloads are not paged: they ignore paging parameters
            assert response.status_code == 400, f"{url}?{param}={value!r} was accepted"
            # Named by its form field (date for date_after) or, refused before any form, by itself.
            if where == "api":
                assert {field, param} & set(response.json()["errors"])
            elif where == "export":
                assert response.content.decode().startswith((f"{field}: ", f"{param}: "))
            else:
                assert 'role="alert"' in response.content.decode()


@pytest.mark.parametrize(
    "url", ["/api/statements", "/api/meetings", "/statements/", "/meetings/", "/decisions/"]
)
def test_page_size_is_capped_and_checked(client, archive, url):
    assert client.get(url, {"page_size": MAX_PAGE_SIZE}).status_code == 200
    for value in (str(MAX_PAGE_SIZE + 1), "0", "lots"):
        response = client.get(url, {"page_size": value})
        assert response.status_code == 400, value
    if url.startswith("/api/"):
        errors = client.get(url, {"page_size": "1000"}).json()["errors"]
        assert errors == {"page_size": [f"Ensure this value is less than or equal to {MAX_PAGE_SIZE}."]}
        assert len(client.get(url, {"page_size": "2"}).json()["results"]) == 2


def test_a_page_past_the_end_is_the_last_page(client, archive):
    data = client.get("/api/statements", {"page_size": 4, "page": 999}).json()
    assert (data["page"], data["pages"], len(data["results"])) == (2, 2, 2)


def test_an_id_too_large_for_the_database_is_a_404(client, archive):
    assert client.get("/statements/99999999999999999999/").status_code == 404
    assert client.get("/statements/999999999999999999/").status_code == 404
