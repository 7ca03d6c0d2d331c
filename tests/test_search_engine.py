"""
The statements' search index (``debates.searchindex``): the same lists as the database gives,
never stale after an ingest, a correction, a merge or a retirement, and the database answering
whenever the index is not exactly up to date.
"""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client

from debates import searchindex
from debates.models import Meeting, SearchChange, SearchOrigin, Speaker, Statement
from tests import factories as f
from tests.conftest import build_archive
from tests.large_archive import build as build_large_archive

pytestmark = pytest.mark.skipif(searchindex.tantivy is None, reason="the tantivy package is not installed")

# Every search kind of the benchmark, each filter the index holds, paging and both sorts.
URLS = [
    "/statements/",
    "/statements/?q=security",
    "/statements/?q=sanctions",
    "/statements/?q=sanctions+OR+embargo",
    "/statements/?q=%22security+council%22",
    "/statements/?q=%22Security+Council%22+-%22peace+and+security%22",
    "/statements/?q=council+-sanctions",
    "/statements/?q=peace&country=FRA",
    "/statements/?q=council&speaker=african-union&speaker=france",
    "/statements/?q=security&sort=-date",
    "/statements/?q=security&sort=date&page=2",
    "/statements/?q=council&page_size=7&page=3&sort=-date",
    "/statements/?country=FRA",
    "/statements/?country=FRA&sort=-date",
    "/statements/?language=french",
    "/statements/?language=English",
    "/statements/?year=2021&capacity=president",
    "/statements/?date_after=2021-03-01&date_before=2021-06-30",
    "/statements/?item=items-relating-to-regional-organizations",
    "/statements/?source=verbatim&status=parsed",
    "/statements/?speaker_kind=organization",
    "/statements/?meeting=5007",
    "/statements/?on_behalf_of=african-union",
    "/statements/?q=sanctions&on_behalf_of=african-union",
]


def lists(client: Client, url: str, engine: bool, settings) -> dict:
    settings.SEARCH_ENGINE = engine
    response = client.get(url)
    assert response.status_code == 200, url
    page = response.context["page_obj"]
    return {
        "engine": page.engine,
        "count": page.paginator.count,
        "ids": [statement.pk for statement in page],
        "ranked": page.ranked,
        "facets": response.context["facets"],
    }


def every_match(client: Client, url: str, engine: bool, settings) -> list[int]:
    """The ids of every page of a list, sorted."""
    found, number = [], 1
    while True:
        page = lists(client, f"{url}&page_size=100&page={number}", engine, settings)
        found += page["ids"]
        if len(found) >= page["count"]:
            return sorted(found)
        number += 1


@pytest.fixture
def indexed(db, settings, tmp_path):
    """The conftest archive and a generated year of debates (shared passages, languages,
    resumptions), indexed in a folder of this test's own."""
    settings.SEARCH_INDEX_DIR = tmp_path / "search-index"
    archive = build_archive()
    build_large_archive(meetings=12, per_meeting=30, year=2021, seed=3)
    au = archive["speakers"]["au"]
    spoken_for = Statement.objects.filter(text__icontains="sanctions").order_by("pk")[:9]
    Statement.objects.filter(pk__in=spoken_for).sync_on_behalf({s.pk: {au.pk} for s in spoken_for})
    searchindex.rebuild()
    return archive


def test_both_paths_give_the_same_lists_counts_and_facets(indexed, client, settings):
    assert Statement.objects.exclude(group_key="").count() > 10  # shared passages are exercised
    for url in URLS:
        engine = lists(client, url, True, settings)
        database = lists(client, url, False, settings)
        assert engine["engine"] and not database["engine"], url
        assert engine["count"] == database["count"], url
        assert engine["facets"] == database["facets"], url
        if engine["ranked"]:
            # Both rank by relevance, each with its own scoring: the same statements are found.
            assert every_match(client, url, True, settings) == every_match(client, url, False, settings), url
        else:
            assert engine["ids"] == database["ids"], url
    assert lists(client, "/statements/?q=security", True, settings)["count"] > 25


def test_the_api_lists_every_attribution_from_the_index_as_from_the_database(indexed, client, settings):
    for url in (
        "/api/statements?q=council&sort=date&page=2",
        "/api/statements?q=sanctions&sort=-date&page=2",
    ):
        found = {}
        for engine in (True, False):
            settings.SEARCH_ENGINE = engine
            data = client.get(url).json()
            found[engine] = (data["count"], [row["id"] for row in data["results"]])
        assert found[True] == found[False]
        assert found[True][0] > 25


def test_a_query_the_index_cannot_match_exactly_goes_to_the_database(indexed, client, settings):
    statement = indexed["statements"]["fra1"]
    statement.text = "As stated in S/PV.5007, the peace-keeping operation continues."
    statement.save()
    searchindex.apply_pending()
    for url in (
        "/statements/?q=%22S%2FPV.5007%22",
        "/statements/?q=peace-keeping",
        "/statements/?person=Sabli",
    ):
        page = lists(client, url, True, settings)
        assert not page["engine"], url
        assert page["ids"] == [statement.pk], url


def test_every_filter_of_the_statement_list_is_answered_by_the_index_or_left_to_the_database():
    from debates.filters import StatementFilter

    assert set(StatementFilter.base_filters) - searchindex.HANDLED_FILTERS == {"person"}


def test_a_correction_is_never_served_stale(indexed, client, settings):
    statement = indexed["statements"]["rus2"]
    statement.text = "The Russian Federation spoke of zanzibarite deposits."
    statement.speaker = indexed["speakers"]["gbr"]
    statement.save_correction(reason="Misattributed")
    # The change is in the outbox, not yet in the index: the database answers, and is right.
    assert SearchChange.objects.filter(statement_id=statement.pk).exists()
    page = lists(client, "/statements/?q=zanzibarite&country=GBR", True, settings)
    assert (page["engine"], page["ids"]) == (False, [statement.pk])
    figures = searchindex.apply_pending()
    assert figures["changes"] >= 1
    page = lists(client, "/statements/?q=zanzibarite&country=GBR", True, settings)
    assert (page["engine"], page["ids"]) == (True, [statement.pk])
    assert lists(client, "/statements/?q=embargo&country=RUS", True, settings)["count"] == 0


def test_retirements_merges_and_bulk_writes_reach_the_index(indexed, client, settings):
    fra, gbr = indexed["speakers"]["fra"], indexed["speakers"]["gbr"]
    retired = indexed["statements"]["fra3"]
    retired.retire(reason="A duplicate")
    # A bulk update sends no signal; the triggers still write the outbox.
    Statement.objects.filter(pk=indexed["statements"]["au1"].pk).update(text="Quokkas and the Council.")
    duplicate = f.speaker("Royaume-Uni")
    f.statement(indexed["meetings"]["m3"], duplicate, "The Royaume-Uni spoke of quokkas.")
    duplicate.merge_into(gbr, reason="The same State")
    moved = Meeting.objects.get(pk=indexed["meetings"]["m1"].pk)
    moved.date = datetime.date(1999, 1, 5)
    moved.save()
    searchindex.apply_pending()
    assert lists(client, "/statements/?q=charter&country=FRA&sort=date", True, settings)["ids"] == []
    quokkas = lists(client, "/statements/?q=quokkas&sort=date", True, settings)
    assert quokkas["engine"] and quokkas["count"] == 2
    assert lists(client, "/statements/?q=quokkas&country=GBR", True, settings)["count"] == 1
    for url in ("/statements/?country=FRA", "/statements/?q=sanctions&sort=-date", "/statements/?year=1999"):
        engine, database = lists(client, url, True, settings), lists(client, url, False, settings)
        assert engine["engine"], url
        assert (engine["count"], engine["ids"], engine["facets"]) == (
            database["count"],
            database["ids"],
            database["facets"],
        ), url
    assert fra.statements.count() == 2


def test_an_index_of_another_database_is_never_read(indexed, client, settings):
    SearchOrigin.objects.update(token="another-database")
    assert not lists(client, "/statements/?q=security", True, settings)["engine"]
    # Not rebuilt behind anyone's back after a commit; the command rebuilds it.
    assert searchindex.apply_pending(rebuild_unusable=False).get("unusable")
    call_command("searchindex", verbosity=0)
    assert lists(client, "/statements/?q=security", True, settings)["engine"]


def test_an_index_of_another_format_is_not_read_and_is_rebuilt(indexed, client, settings):
    import tantivy

    older = settings.SEARCH_INDEX_DIR / "index-older"
    older.mkdir()
    builder = tantivy.SchemaBuilder()
    builder.add_unsigned_field("id", indexed=True)
    tantivy.Index(builder.build(), path=str(older))
    (settings.SEARCH_INDEX_DIR / "current").unlink()
    (settings.SEARCH_INDEX_DIR / "current").symlink_to("index-older")
    page = lists(client, "/statements/?q=security", True, settings)
    assert not page["engine"] and page["count"] > 25
    assert "rebuilt" in searchindex.apply_pending()
    assert lists(client, "/statements/?q=security", True, settings)["engine"]


def test_an_index_ahead_of_the_database_it_reads_is_not_read(indexed, client, settings):
    """A replica behind the primary the index was brought up to date from: the database answers."""
    speaker = Speaker.objects.get(iso3="FRA")
    f.statement(indexed["meetings"]["m2"], speaker, "France on wombats.")
    searchindex.apply_pending()
    assert lists(client, "/statements/?q=wombats", True, settings)["engine"]
    SearchChange.objects.order_by("-pk").first().delete()  # as the replica sees it
    page = lists(client, "/statements/?q=wombats", True, settings)
    assert not page["engine"] and page["count"] == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="TRUNCATE is PostgreSQL's")
@pytest.mark.django_db(transaction=True)
def test_truncating_the_statements_renames_the_database():
    """A TRUNCATE writes no outbox row: the database takes a new name, which no index holds."""
    searchindex.ensure_origin("default")
    before = SearchOrigin.objects.get().token
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE debates_statement CASCADE")
    assert SearchOrigin.objects.get().token != before


def test_the_command_builds_applies_and_rebuilds(db, settings, tmp_path, capsys):
    settings.SEARCH_INDEX_DIR = tmp_path / "search-index"
    archive = build_archive()
    call_command("searchindex")
    assert "No usable index: indexed 6 statements" in capsys.readouterr().out
    archive["statements"]["fra2"].delete()
    call_command("searchindex")
    out = capsys.readouterr().out
    assert "Applied" in out and "changes" in out
    call_command("searchindex", "--rebuild")
    assert "Indexed 5 statements" in capsys.readouterr().out
    assert [
        p.name for p in (tmp_path / "search-index").iterdir() if p.name.startswith("index-")
    ].__len__() == 1


def test_extracts_mark_the_words_and_phrases_found_and_escape_the_text(indexed, client, settings):
    response = client.get('/statements/?q="arms embargo" peacekeeping')
    assert response.context["page_obj"].engine
    rus2 = indexed["statements"]["rus2"]
    (row,) = [row for row in response.context["rows"] if row.pk == rus2.pk]
    assert row.headline == (
        "The Russian Federation welcomed the <mark>arms embargo</mark> and "
        "<mark>peacekeeping</mark> cooperation."
    )
    response = client.get("/statements/?q=peacekeeping&country=FRA")
    (row,) = response.context["rows"]
    assert "&lt;/script&gt;" in row.headline and "</script>" not in row.headline
    assert "<mark>peacekeeping</mark>" in row.headline


def test_an_ingest_brings_the_index_up_to_date_once_at_its_end(db, settings, tmp_path, client):
    settings.SEARCH_INDEX_DIR = tmp_path / "search-index"
    searchindex.rebuild()
    path = settings.CORPUS_DIR / "repertoire" / "repertoire_2004-2007_items-49-50.txt"
    call_command("ingest", str(path), verbosity=0)
    assert Statement.objects.count() > 20
    url = "/statements/?q=council&sort=date"
    page = lists(client, url, True, settings)
    assert page["engine"] and page["count"] > 5
    assert (page["count"], page["ids"]) == (
        lists(client, url, False, settings)["count"],
        lists(client, url, False, settings)["ids"],
    )
