"""The research pages: filters, search results, detail pages, citations; on both databases."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from debates.models import Statement
from debates.views import MEETING_PAGE_SIZE
from tests import factories as f


def speakers_listed(response) -> list[str]:
    """Speakers of the statements on a list page, in order."""
    return [s.speaker.name for s in response.context["page_obj"]]


def pks(response) -> set[int]:
    return {obj.pk for obj in response.context["page_obj"]}


class TestStatementFilters:
    def test_country(self, client, archive):
        s = archive["statements"]
        response = client.get("/statements/", {"country": "FRA"})
        assert pks(response) == {s["fra1"].pk, s["fra2"].pk, s["fra3"].pk}
        assert "3 statements" in response.content.decode()

    def test_several_countries_in_lower_case(self, client, archive):
        s = archive["statements"]
        response = client.get("/statements/?country=gbr&country=rus")
        assert pks(response) == {s["gbr1"].pk, s["rus2"].pk}

    def test_unknown_country_is_a_message_not_a_500(self, client, archive):
        response = client.get("/statements/", {"country": "XXX"})
        assert response.status_code == 400
        assert pks(response) == set()
        assert "XXX is not one of the available choices" in response.content.decode()

    def test_several_speakers_including_an_organization(self, client, archive):
        s = archive["statements"]
        response = client.get("/statements/?speaker=african-union&speaker=russian-federation")
        assert pks(response) == {s["au1"].pk, s["rus2"].pk}

    def test_item_includes_its_sub_items(self, client, archive):
        response = client.get("/statements/", {"item": archive["items"]["parent"].slug})
        assert len(pks(response)) == 5
        response = client.get("/statements/", {"item": archive["items"]["sub"].slug})
        assert len(pks(response)) == 3

    def test_meeting_person_source_status_capacity(self, client, archive):
        s = archive["statements"]
        assert pks(client.get("/statements/", {"meeting": "5282"})) == {s["rus2"].pk, s["fra2"].pk}
        assert pks(client.get("/statements/", {"person": "sablière"})) == {s["fra1"].pk}
        assert pks(client.get("/statements/", {"source": "verbatim"})) == {s["fra3"].pk}
        assert pks(client.get("/statements/", {"status": "verified"})) == {s["rus2"].pk}
        assert pks(client.get("/statements/", {"capacity": "briefer"})) == {s["au1"].pk}
        assert pks(client.get("/statements/", {"speaker_kind": "organization"})) == {s["au1"].pk}

    def test_dates_and_year(self, client, archive):
        s = archive["statements"]
        assert pks(client.get("/statements/", {"year": 2005})) == {s["rus2"].pk, s["fra2"].pk}
        assert pks(client.get("/statements/", {"date_after": "2005-01-01"})) == {
            s["rus2"].pk,
            s["fra2"].pk,
            s["fra3"].pk,
        }
        assert pks(client.get("/statements/", {"date_before": "2004-12-31"})) == {
            s["fra1"].pk,
            s["gbr1"].pk,
            s["au1"].pk,
        }
        response = client.get("/statements/", {"date_after": "not a date"})
        assert response.status_code == 400 and "Enter a valid date" in response.content.decode()

    def test_combined_filters(self, client, archive):
        s = archive["statements"]
        response = client.get(
            "/statements/", {"country": "FRA", "date_after": "2005-01-01", "source": "repertoire"}
        )
        assert pks(response) == {s["fra2"].pk}
        response = client.get("/statements/", {"q": "sanctions", "country": "FRA", "year": 2004})
        assert pks(response) == {s["fra1"].pk}

    def test_default_order_is_by_date_and_position(self, client, archive):
        response = client.get("/statements/", {"meeting": "5007"})
        assert speakers_listed(response) == [
            "France",
            "United Kingdom of Great Britain and Northern Ireland",
            "African Union",
        ]
        newest = client.get("/statements/", {"sort": "-date"})
        assert newest.context["page_obj"][0] == archive["statements"]["fra3"]


class TestStatementSearch:
    def test_results_are_ranked_and_highlighted(self, client, archive):
        response = client.get("/statements/", {"q": "sanctions"})
        page = list(response.context["page_obj"])
        assert page == [archive["statements"]["gbr1"], archive["statements"]["fra1"]]
        html = response.content.decode()
        assert "<mark>Sanctions</mark>" in html or "<mark>sanctions</mark>" in html
        assert "2 statements matching <q>sanctions</q>" in html

    def test_sorted_by_date(self, client, archive):
        response = client.get("/statements/", {"q": "sanctions", "sort": "date"})
        assert list(response.context["page_obj"]) == [
            archive["statements"]["fra1"],
            archive["statements"]["gbr1"],
        ]

    def test_phrase_and_exclusion(self, client, archive):
        s = archive["statements"]
        assert pks(client.get("/statements/", {"q": '"regional organizations"'})) == {s["fra1"].pk}
        assert pks(client.get("/statements/", {"q": "peacekeeping -embargo"})) == {s["fra2"].pk}
        assert pks(client.get("/statements/", {"q": "embargo OR charter"})) == {s["rus2"].pk, s["fra3"].pk}

    def test_malformed_query_gets_a_helpful_message(self, client, archive):
        response = client.get("/statements/", {"q": '"sanctions'})
        assert response.status_code == 400
        assert "A quotation mark is not closed" in response.content.decode()
        assert pks(response) == set()

    def test_script_in_a_statement_is_escaped(self, client, archive):
        response = client.get("/statements/", {"q": "peacekeeping"})
        html = response.content.decode()
        assert "<script>alert" not in html
        detail = client.get(archive["statements"]["fra2"].get_absolute_url()).content.decode()
        assert "<script>alert" not in detail
        assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in detail

    def test_script_in_the_query_is_escaped(self, client, archive):
        response = client.get("/statements/", {"q": "<script>alert(1)</script> peacekeeping"})
        html = response.content.decode()
        assert "<script>alert(1)" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html

    def test_facets_count_the_current_query(self, client, archive):
        response = client.get("/statements/", {"q": "peacekeeping OR sanctions"})
        facets = response.context["facets"]
        assert {row["value"]: row["count"] for row in facets["speaker"]} == {"FRA": 2, "GBR": 1, "RUS": 1}
        assert {row["value"]: row["count"] for row in facets["year"]} == {2004: 2, 2005: 2}
        assert 'href="?q=peacekeeping+OR+sanctions&amp;country=FRA"' in response.content.decode()


class TestQueryCounts:
    """The number of queries a list costs does not grow with the page size."""

    @pytest.fixture
    def many(self, archive):
        m = archive["meetings"]["m2"]
        for i in range(40):
            speaker = f.speaker(f"State {i}", iso3=f"S{i:02d}")
            f.statement(m, speaker, f"Statement number {i} about sanctions and peacekeeping.")
        return archive

    @pytest.mark.parametrize(
        "url",
        [
            "/statements/?q=sanctions",
            "/statements/?country=FRA&country=S01",
            "/statements/?speaker=france",
            "/meetings/",
            "/decisions/?q=council",
            "/api/statements?q=sanctions",
            "/api/meetings",
            "/api/decisions",
        ],
    )
    def test_lists(self, client, many, url):
        counts = []
        for size in (3, 40):
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url + ("&" if "?" in url else "?") + f"page_size={size}")
            assert response.status_code == 200
            counts.append(len(queries))
        assert counts[0] == counts[1]
        # On PostgreSQL the planner's estimate comes first (an EXPLAIN). The statements page adds
        # the matches' ids and its six facets, the passages' attributions, the speakers' votes and
        # whom the statements speak for (one query each).
        limit = 20 if url.startswith("/statements/") else 10
        assert counts[1] <= limit + (1 if connection.vendor == "postgresql" else 0)

    def test_meeting_page(self, client, many):
        """A meeting of 42 statements costs as many queries as one of 3 (and 2 pages as one).

        Two of them say who sat on the Council (membership terms, voters), one each record's day
        and President, one whom the statements speak for: none per statement; one reads the
        archive's version for the page's ETag.
        """
        counts = {}
        for url in ("/meetings/5007/", "/meetings/5282/", "/meetings/5282/?page=2"):
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            counts[url] = len(queries)
        assert counts["/meetings/5282/"] == counts["/meetings/5007/"] <= 15, counts
        assert counts["/meetings/5282/?page=2"] <= counts["/meetings/5282/"]
        assert response.context["total"] == 42
        shown = [s for section in response.context["sections"] for s in section["statements"]]
        assert len(shown) == 42 - MEETING_PAGE_SIZE  # the second page

    def test_statement_and_speaker_pages(self, client, many, django_assert_max_num_queries):
        # One of them: whom the statement speaks for; one reads the archive's version for the ETag.
        with django_assert_max_num_queries(8):
            client.get(many["statements"]["fra1"].get_absolute_url())
        # Three of them: the States it succeeded, its Council terms, its representatives.
        with django_assert_max_num_queries(9):
            client.get("/speakers/france/")


class TestDetailPages:
    def test_meeting_page(self, client, archive):
        html = client.get("/meetings/5007/").content.decode()
        assert 'href="https://undocs.org/S/PV.5007"' in html
        assert 'href="https://undocs.org/S/PV.5007(Resumption1)"' in html
        assert "Russian Federation" in html  # presided
        assert "5007th meeting" in html
        # Statements in order, with capacity, the label as printed and the citation.
        order = [
            html.index(name) for name in ("France supported", "The United Kingdom said", "The African Union")
        ]
        assert order == sorted(order)
        assert "Printed as “United Kingdom”" in html
        assert "Briefer" in html
        assert "S/PV.5007, pp. 11-12" in html
        assert "S/PRST/2007/42" in html
        assert "Cite this" in html and "@misc{unsc-meeting-5007" in html

    def test_meeting_page_shows_votes(self, client, archive):
        html = client.get("/meetings/8699/").content.decode()
        assert "13 in favour, 1 against, 1 abstaining (not adopted)" in html
        assert "Russian Federation: Against (veto)" in html

    def test_statement_permalink(self, client, archive):
        s = archive["statements"]
        response = client.get(f"/statements/{s['fra1'].pk}/")
        html = response.content.decode()
        assert "S/PV.5007 (Resumption 1), p. 10" in html
        assert "Repertoire footnote 3" in html
        assert 'href="https://undocs.org/S/PV.5007(Resumption1)#page=10"' in html
        assert response.context["group"] == []  # a statement of its own (tests/test_passages.py)
        assert [o.pk for o in response.context["after"]] == [s["gbr1"].pk, s["au1"].pk]
        assert (
            "Mr. de La Sablière (France), statement at the 5007th meeting of the United Nations Security "
            "Council, S/PV.5007 (Resumption 1), p. 10, 20 July 2004. Summarised in the Repertoire of the "
            "Practice of the Security Council, footnote 3. http://testserver/statements/"
        ) in html
        assert re.search(r"@misc\{unsc-statement-\d+,", html)
        assert "footnote 3" in response.context["cite_bibtex"]

    def test_speaker_page(self, client, archive):
        response = client.get("/speakers/france/")
        html = response.content.decode()
        assert response.context["total"] == 3
        assert [row["year"] for row in response.context["per_year"]] == [2004, 2005, 2020]
        assert '<svg class="chart" role="img"' in html
        assert html.count("<rect ") == 2020 - 2004 + 1
        assert "S/RES/1631 (2005)" in html  # how it voted
        response = client.get("/speakers/russian-federation/")
        assert "(veto)" in response.content.decode()

    def test_decision_page(self, client, archive):
        html = client.get("/decisions/s-2020-27/").content.decode()
        assert "Not adopted" in html
        assert "Against <strong>(veto)</strong>" in html
        prst = client.get("/decisions/s-prst-2007-42/").content.decode()
        assert "recalls &lt;b&gt;its&lt;/b&gt; primary responsibility" in prst
        assert 'href="https://undocs.org/S/PRST/2007/42"' in prst
        assert "@misc{unsc-s-prst-2007-42" in prst

    def test_item_pages(self, client, archive):
        html = client.get("/items/").content.decode()
        assert "49.A. Cooperation with the African Union" in html
        detail = client.get(f"/items/{archive['items']['parent'].slug}/")
        assert {m.slug for m in detail.context["meetings"]} == {"5007", "5282"}

    def test_missing_objects_are_404(self, client, archive):
        assert client.get("/meetings/1/").status_code == 404
        assert client.get("/statements/999999/").status_code == 404
        assert client.get("/speakers/nobody/").status_code == 404


class TestListPages:
    def test_home(self, client, archive):
        response = client.get("/")
        html = response.content.decode()
        assert "<search" in html
        assert "6</strong> statements" in html
        assert "3</strong> meetings" in html
        assert 'href="/meetings/?year=2004"' in html
        assert 'aria-current="page"' in html

    def test_meetings_filters(self, client, archive):
        def slugs(params):
            return [m.slug for m in client.get("/meetings/", params).context["page_obj"]]

        assert slugs({}) == ["8699", "5282", "5007"]
        assert slugs({"year": 2005}) == ["5282"]
        assert slugs({"country": "GBR"}) == ["5007"]
        assert slugs({"speaker": "african-union"}) == ["5007"]
        assert slugs({"source": "verbatim"}) == ["8699"]
        assert slugs({"decision_kind": "draft_resolution"}) == ["8699"]
        assert slugs({"item": archive["items"]["parent"].slug}) == ["5282", "5007"]
        assert slugs({"date_after": "2005-01-01", "date_before": "2019-12-31"}) == ["5282"]
        assert slugs({"sort": "date"}) == ["5007", "5282", "8699"]
        assert slugs({"country": "FRA", "year": 2020}) == ["8699"]

    def test_decisions_search_and_filters(self, client, archive):
        d = archive["decisions"]
        response = client.get("/decisions/", {"q": "peacekeeping"})
        assert list(response.context["page_obj"]) == [d["res"]]
        assert "<mark>peacekeeping</mark>" in response.content.decode()
        assert pks(client.get("/decisions/", {"kind": "draft_resolution"})) == {d["draft"].pk}
        assert pks(client.get("/decisions/", {"country": "RUS"})) == {d["draft"].pk}  # vetoed by
        assert pks(client.get("/decisions/", {"year": 2005})) == {d["res"].pk}

    def test_speakers_index(self, client, archive):
        response = client.get("/speakers/")
        assert set(response.context["groups"]) == {"State", "Organization"}
        assert [s.name for s in client.get("/speakers/", {"q": "AU"}).context["groups"]["Organization"]] == [
            "African Union"
        ]

    def test_paging_keeps_the_filters(self, client, archive):
        for i in range(30):
            f.statement(archive["meetings"]["m3"], archive["speakers"]["fra"], f"More text {i}.")
        html = client.get("/statements/", {"country": "FRA"}).content.decode()
        assert 'href="?country=FRA&amp;page=2"' in html
        assert "33 statements" in html


def test_the_statements_list_says_whom_each_statement_speaks_for(client, db):
    eu, nordic = f.speaker("European Union"), f.speaker("Nordic countries")
    norway = f.speaker("Norway", iso3="NOR")
    statement = f.statement(f.meeting(8699, "2020-01-09"), norway, "We align ourselves.")
    statement.on_behalf_of.set([nordic, eu])

    html = client.get("/statements/", {"country": "NOR"}).content.decode()

    assert "On behalf of European Union, Nordic countries." in html


@pytest.mark.django_db
def test_statement_counts_are_pluralised(client):
    m = f.meeting(1, "1946-01-17")
    f.statement(m, f.speaker("Australia", iso3="AUS"), "Only one.")
    assert "1 statement." in client.get("/statements/").content.decode()
    assert Statement.objects.count() == 1


class TestLargeResults:
    """Past COUNT_LIMIT matches a list estimates its count and facets, and ranks the most recent."""

    @pytest.fixture
    def small_limit(self, monkeypatch):
        from debates import paging

        monkeypatch.setattr(paging, "COUNT_LIMIT", 2)

    def test_a_large_search_is_estimated_and_still_ranked_and_faceted(self, client, archive, small_limit):
        response = client.get("/statements/", {"q": "peacekeeping OR sanctions OR charter"})
        html = response.content.decode()
        page = response.context["page_obj"]
        assert page.capped and page.ranked
        # Four match: more than 2, so "about", and the estimate is at least the limit.
        assert page.estimate >= 3
        assert f"About {page.estimate} statements matching" in html
        assert "are estimated" in html
        # Only the most recent matches are ranked, and the page says so.
        assert page.ranked_window
        assert "among the 2,000 most recent" in html
        # Facets for every query (here the matches are fewer than a sample: counted).
        facets = response.context["facets"]
        assert sum(entry["count"] for entry in facets["year"]) >= 3
        assert facets["speaker"]

    def test_a_small_search_is_still_ranked(self, client, archive, small_limit):
        response = client.get("/statements/", {"q": "sanctions"})
        assert response.context["page_obj"].ranked
        assert list(response.context["page_obj"]) == [
            archive["statements"]["gbr1"],
            archive["statements"]["fra1"],
        ]

    def test_newest_first_looks_back_as_far_as_needed(self, client, db, monkeypatch):
        import datetime

        from debates import paging

        monkeypatch.setattr(paging, "COUNT_LIMIT", 30)
        france = f.speaker("France", iso3="FRA")
        start = datetime.date(1990, 1, 1)
        for n in range(1, 301):
            m = f.meeting(n, start + datetime.timedelta(days=n))
            # Only the 40 oldest meetings mention a blockade: the newest 256 do not.
            f.statement(m, france, "A naval blockade." if n <= 40 else "Nothing of the kind.")
        response = client.get("/statements/", {"q": "blockade", "sort": "-date", "page": 2})
        numbers = [s.meeting.number for s in response.context["page_obj"]]
        # 40 matches, counted up to 30: page 2 holds the 26th to the 30th newest.
        assert numbers == [15, 14, 13, 12, 11]
        assert response.context["page_obj"].capped and not response.context["page_obj"].ranked

    def test_the_api_says_the_count_is_capped(self, client, archive, small_limit):
        data = client.get("/api/statements", {"country": "FRA"}).json()
        assert data["count"] == 2 and data["count_is_capped"] is True
        data = client.get("/api/statements", {"country": "GBR"}).json()
        assert data["count"] == 1 and data["count_is_capped"] is False

    def test_an_inflated_planner_estimate_is_not_trusted_alone(
        self, client, archive, small_limit, monkeypatch
    ):
        # Statistics of a bloated or unanalysed table can put thousands of rows where there is one.
        from debates import paging

        monkeypatch.setattr(paging, "planner_estimate", lambda qs: 10_000)
        monkeypatch.setattr(paging, "sample_count", lambda qs: 10_000)
        data = client.get("/api/statements", {"country": "GBR"}).json()
        assert data["count"] == 1 and data["count_is_capped"] is False
        data = client.get("/api/statements", {"country": "FRA"}).json()
        assert data["count"] == 2 and data["count_is_capped"] is True


def test_estimates_are_rounded_to_two_figures():
    from debates.paging import about

    assert [about(n) for n in (7, 99, 123, 5_049, 123_456, 987_654)] == [7, 99, 120, 5_000, 120_000, 990_000]


@pytest.mark.django_db
def test_a_count_past_the_limit_is_an_estimate_from_a_sample(monkeypatch):
    from debates import paging

    france = f.speaker("France", iso3="FRA")
    meeting = f.meeting(1, "2000-01-01")
    for n in range(600):
        f.statement(meeting, france, f"Statement {n}.", position=n)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE debates_statement")  # as autovacuum would have
    monkeypatch.setattr(paging, "COUNT_LIMIT", 100)
    paginator = paging.CappedPaginator(Statement.objects.all(), 10)
    assert paginator.count == 100 and paginator.capped
    # PostgreSQL's planner or a sample of the ids: about 600, never less than the limit.
    assert 300 <= paginator.estimate <= 1200
