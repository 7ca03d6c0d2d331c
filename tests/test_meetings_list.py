"""Meetings by year, month and calendar; each row with its statements and outcome; decisions by number."""

import pytest

from debates.models import Decision
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def january(archive):
    m1 = f.meeting(8700, "2020-01-10", title="Middle East")
    m2 = f.meeting(8701, "2020-01-10", title="Cyprus")
    m3 = f.meeting(8710, "2020-02-03", title="Libya")
    res = f.decision(
        "S/RES/2505 (2020)", Decision.Kind.RESOLUTION, m2, number=2505, year=2020, adopted=True,
        votes_for=15, votes_against=0, abstentions=0, title="Cyprus",
    )  # fmt: skip
    for n in range(3):
        f.statement(m1, archive["speakers"]["fra"], f"Statement {n}.", source="verbatim")
    return {"m1": m1, "m2": m2, "m3": m3, "res": res}


def slugs(response) -> list[str]:
    return [m.slug for m in response.context["rows"]]


def test_year_and_month(client, january):
    assert slugs(client.get("/meetings/", {"year": 2020, "month": 1})) == ["8701", "8700", "8699"]
    assert slugs(client.get("/meetings/", {"year": 2020, "month": 2})) == ["8710"]
    response = client.get("/meetings/", {"year": 2020, "month": 13})
    assert "Ensure this value is less than or equal to 12" in response.content.decode()
    api = client.get("/api/meetings", {"year": 2020, "month": 1}).json()
    assert [m["number"] for m in api["results"]] == [8701, 8700, 8699]
    assert client.get("/api/meetings", {"month": "january"}).status_code == 400


def test_month_strip_and_calendar(client, january):
    response = client.get("/meetings/", {"year": 2020})
    months = {m["number"]: m["n"] for m in response.context["months"]}
    assert months[1] == 3 and months[2] == 1 and months[3] == 0
    html = response.content.decode()
    assert 'href="?year=2020&amp;month=1"' in html and "<h1>Meetings, 2020</h1>" in html
    assert 'href="?year=2005" rel="prev">‹ 2005</a>' in html  # the previous year with meetings
    response = client.get("/meetings/", {"year": 2020, "month": 1})
    html = response.content.decode()
    assert "<h1>Meetings, January 2020</h1>" in html
    days = {d["date"].day: d["n"] for week in response.context["weeks"] for d in week if d["in_month"]}
    assert days[9] == 1 and days[10] == 2 and days[11] == 0 and len(days) == 31
    # A day with meetings links to the first of them on the page.
    assert 'href="#day-2020-01-10"' in html and 'id="day-2020-01-10"' in html
    assert 'href="?year=2019&amp;month=12" rel="prev"' in html
    assert 'href="?year=2020&amp;month=2" rel="next"' in html


def test_rows_show_statement_counts_and_outcomes(client, archive, january):
    response = client.get("/meetings/", {"year": 2020})
    rows = {m.slug: m for m in response.context["rows"]}
    assert rows["8700"].n_statements == 3 and rows["8699"].n_statements == 1
    html = response.content.decode()
    assert "S/RES/2505 (2020)</a> adopted (15–0–0)" in html
    assert "S/2020/27</a> not adopted: vetoed by Russian Federation" in html


@pytest.mark.parametrize("query", ["2505", "S/RES/2505", "resolution 2505", "S/RES/2505 (2020)", "res. 2505"])
def test_a_decision_is_found_by_its_number(client, january, query):
    response = client.get("/decisions/", {"q": query})
    assert list(response.context["rows"]) == [january["res"]]
    html = response.content.decode()
    assert "found by number for" in html
    assert "Adopted at the" in html and 'href="/meetings/8701/"' in html
    api = client.get("/api/decisions", {"q": query}).json()
    assert [d["symbol"] for d in api["results"]] == ["S/RES/2505 (2020)"]


def test_the_meeting_that_adopted_a_resolution_is_found_and_shown(client, january):
    assert "8701" in slugs(client.get("/meetings/", {"q": "2505"}))
    assert slugs(client.get("/meetings/", {"q": "resolution 2505"})) == ["8701"]
    html = client.get(january["res"].get_absolute_url()).content.decode()
    assert 'Adopted at the <a href="/meetings/8701/">8701st meeting</a> (S/PV.8701)' in html
    assert "10 January 2020" in html


def test_other_symbols_and_quoted_numbers(client, archive, january):
    d = archive["decisions"]
    assert list(client.get("/decisions/", {"q": "S/PRST/2007/42"}).context["rows"]) == [d["prst"]]
    assert list(client.get("/decisions/", {"q": "S/2020/27"}).context["rows"]) == [d["draft"]]
    # A number no decision has is searched in the texts; quotes force a text search.
    assert list(client.get("/decisions/", {"q": "1631"}).context["rows"]) == [d["res"]]
    assert client.get("/decisions/", {"q": '"2505"'}).context["referenced"] is False


def test_the_calendar_keeps_the_other_filters(client, january):
    response = client.get("/meetings/", {"q": "Cyprus", "kind": "", "sort": "date", "year": 2020, "page": 1})
    html = response.content.decode()
    # Each month, year and calendar link chooses another date and keeps the search and the order.
    assert 'href="?q=Cyprus&amp;kind=&amp;sort=date&amp;year=2020&amp;month=1"' in html
    assert 'href="?year=2020&amp;month=1"' not in html
    # No earlier year has a meeting on Cyprus (2005 has others).
    assert "‹ 2005" not in html and [row["year"] for row in response.context["years"]] == [2020]
    assert 'href="/meetings/?q=Cyprus&amp;kind=&amp;sort=date">All years</a>' in html
    # Its counts are of the meetings the filters select: one on Cyprus in January, none in February.
    months = {m["number"]: m["n"] for m in response.context["months"]}
    assert (months[1], months[2]) == (1, 0)
    assert 'month=2"' not in html

    following = client.get("/meetings/", {"q": "Cyprus", "year": 2020, "month": 1})
    assert slugs(following) == ["8701"]
    html = following.content.decode()
    assert 'href="?q=Cyprus&amp;year=2019&amp;month=12" rel="prev"' in html
    assert 'href="?q=Cyprus&amp;year=2020&amp;month=2" rel="next"' in html
    days = {d["date"].day: d["n"] for week in following.context["weeks"] for d in week if d["in_month"]}
    assert (days[9], days[10]) == (0, 1)


def test_the_calendar_counts_the_meetings_where_a_country_spoke(client, archive, january):
    response = client.get("/meetings/", {"country": "FRA", "year": 2020})
    months = {m["number"]: m["n"] for m in response.context["months"]}
    assert (months[1], months[2]) == (2, 0)  # 8699 and 8700; France did not speak at 8701 or 8710
    years = {row["year"]: row["n"] for row in response.context["years"]}
    assert years == {2004: 1, 2005: 1, 2020: 2}
    html = response.content.decode()
    assert 'href="?country=FRA&amp;year=2020&amp;month=1"' in html
    assert slugs(client.get("/meetings/", {"country": "FRA", "year": 2020, "month": 1})) == ["8700", "8699"]


def test_a_date_range_and_the_page_give_way_to_the_calendar(client, january):
    response = client.get(
        "/meetings/", {"date_after": "2020-01-01", "date_before": "2020-01-31", "page": 1, "q": "Cyprus"}
    )
    html = response.content.decode()
    assert 'href="?q=Cyprus&amp;year=2020"' in html
    assert "date_after=2020-01-01&amp;q=Cyprus&amp;year" not in html
