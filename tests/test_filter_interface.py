"""Filters: searchable lists without JavaScript, removable chips, language and capacity, skip links."""

import pytest

from tests import factories as f

pytestmark = pytest.mark.django_db


def pks(response) -> set[int]:
    return {s.pk for s in response.context["rows"]}


def test_countries_and_speakers_by_name_code_or_part(client, archive):
    s = archive["statements"]
    france = {s["fra1"].pk, s["fra2"].pk, s["fra3"].pk}
    assert pks(client.get("/statements/", {"country": "France"})) == france
    assert pks(client.get("/statements/", {"country": "fra"})) == france
    assert pks(client.get("/statements/", {"speaker": "African Union"})) == {s["au1"].pk}
    assert pks(client.get("/statements/", {"speaker": "african"})) == {s["au1"].pk}
    # The empty text box of the form sends an empty value: ignored.
    assert pks(client.get("/statements/?country=FRA&country=")) == france


def test_an_ambiguous_name_lists_the_candidates(client, archive):
    response = client.get("/statements/", {"country": "united"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Several countries match" not in html  # only one State has "united" in its name here
    f.speaker("United States of America", iso3="USA")
    response = client.get("/statements/", {"country": "united"})
    assert "Several countries match “united”: United Kingdom" in response.content.decode()
    assert client.get("/api/statements", {"country": "united"}).status_code == 400


def test_the_searchable_list_needs_no_javascript(client, archive):
    html = client.get("/statements/", {"country": "FRA"}).content.decode()
    # The chosen country stays ticked; a text box with suggestions adds another.
    assert '<input type="checkbox" name="country" value="FRA" checked> France' in html
    assert '<input type="text" name="country" id="id_country" list="id_country-list"' in html
    assert '<option value="Russian Federation">RUS</option>' in html
    assert '<option value="African Union">' in html  # speakers' list


def test_active_filters_are_removable_chips(client, archive):
    response = client.get("/statements/", {"q": "sanctions", "country": ["FRA", "GBR"], "year": 2004})
    chips = {(c["label"], c["value"]): c["remove"] for c in response.context["chips"]}
    assert chips[("Country", "France")] == "?q=sanctions&country=GBR&year=2004"
    assert chips[("Country", "United Kingdom of Great Britain and Northern Ireland")] == (
        "?q=sanctions&country=FRA&year=2004"
    )
    assert chips[("Year", "2004")] == "?q=sanctions&country=FRA&country=GBR"
    html = response.content.decode()
    assert "Country: <strong>France</strong>" in html and "(remove this filter)" in html
    speaker = client.get("/statements/", {"speaker": "african-union"}).context["chips"]
    assert [(c["label"], c["value"]) for c in speaker] == [("Speaker", "African Union")]


def test_language_filter_and_facet(client, archive):
    s = archive["statements"]
    s["fra2"].language = "French"
    s["fra2"].save()
    assert pks(client.get("/statements/", {"language": "French"})) == {s["fra2"].pk}
    assert pks(client.get("/statements/", {"language": "french"})) == {s["fra2"].pk}
    # English: a verbatim speech with no interpretation noted.
    assert pks(client.get("/statements/", {"language": "English"})) == {s["fra3"].pk}
    assert client.get("/api/statements", {"language": "Klingon"}).status_code == 400
    facets = client.get("/statements/").context["facets"]
    assert {(r["value"], r["count"]) for r in facets["language"]} == {("French", 1), ("English", 1)}
    assert {(r["value"], r["count"]) for r in facets["capacity"]} == {("national", 5), ("briefer", 1)}
    assert {(r["value"], r["count"]) for r in facets["source"]} == {("repertoire", 5), ("verbatim", 1)}
    items = {r["label"] for r in facets["item"]}
    assert items == {"Cooperation with the African Union", "Items relating to regional organizations",
                     "Civilian aspects of conflict management"}  # fmt: skip


def test_facets_sit_beside_the_results_and_filters_collapse(client, archive):
    html = client.get("/statements/").content.decode()
    sidebar = html.index('<div class="sidebar">')
    results = html.index('<div class="results">')
    assert sidebar < html.index('<details class="panel facets" open data-collapse-narrow>') < results
    assert '<details class="panel filter-panel" open data-collapse-narrow>' in html
    for facet in ("speaker", "year", "item", "language", "capacity", "source"):
        assert f">By {facet}</h2>" in html


def test_a_skip_link_leads_to_the_results(client, archive):
    html = client.get("/statements/").content.decode()
    assert html.index('<a class="skip-link" href="#results">Skip to the results</a>') < html.index("<header")
    assert 'id="results" tabindex="-1"' in html
    for url in ("/meetings/", "/decisions/"):
        assert 'href="#results"' in client.get(url).content.decode()
