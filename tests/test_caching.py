"""HTTP caching and the page cache: ETag and Last-Modified from the archive's last committed change."""

import pytest
from django.core.cache import cache

from debates.caching import archive_version
from debates.models import Statement
from tests import factories as f


@pytest.fixture
def page_cache(settings):
    settings.REPERTOIRE_PAGE_CACHE = True
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def meeting(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        fra = f.speaker("France", iso3="FRA")
        m = f.meeting(5007, "2004-07-20")
        f.statement(m, fra, "France supported targeted sanctions.")
    return m


def test_every_committed_change_moves_the_version(meeting, django_capture_on_commit_callbacks):
    before, _ = archive_version()
    assert before >= 1
    with django_capture_on_commit_callbacks(execute=True):
        statement = Statement.objects.get()
        statement.text = "France opposed the sanctions."
        statement.save()
        statement.save()
    # One transaction, one change, however many rows it saved.
    assert archive_version()[0] == before + 1


def test_a_public_page_has_an_etag_last_modified_and_cache_control(client, meeting):
    response = client.get("/meetings/5007/")
    version, changed = archive_version()
    assert response["ETag"].startswith(f'"{version}-')
    assert response["Last-Modified"]
    assert "public" in response["Cache-Control"]
    assert "Cookie" in response["Vary"]


def test_a_revalidation_is_a_304_until_the_archive_changes(
    client, meeting, django_capture_on_commit_callbacks
):
    etag = client.get("/meetings/5007/")["ETag"]
    assert client.get("/meetings/5007/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    with django_capture_on_commit_callbacks(execute=True):
        Statement.objects.update(text="Corrected.")
        # A bulk update sends no signal: a correction saves, as the admin does.
        Statement.objects.get().save()
    response = client.get("/meetings/5007/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert response["ETag"] != etag


def test_the_page_cache_serves_the_same_page_until_a_correction(
    client, meeting, page_cache, django_capture_on_commit_callbacks, django_assert_num_queries
):
    first = client.get("/meetings/5007/")
    assert b"France supported targeted sanctions." in first.content
    # From the cache: the archive's version, nothing else.
    with django_assert_num_queries(1):
        again = client.get("/meetings/5007/")
    assert again.content == first.content and again["Content-Type"] == first["Content-Type"]

    with django_capture_on_commit_callbacks(execute=True):
        statement = Statement.objects.get()
        statement.text = "France opposed the sanctions."
        statement.save_correction(reason="misread")
    assert b"France opposed the sanctions." in client.get("/meetings/5007/").content


def test_staff_and_unsafe_requests_are_never_cached(admin_client, client, meeting, page_cache):
    response = admin_client.get("/meetings/5007/")
    assert "ETag" not in response
    assert "ETag" not in admin_client.get("/admin/")
    assert "ETag" not in client.get("/export/statements.csv")
    assert "ETag" not in client.post("/meetings/5007/")


def test_only_whole_successful_pages_are_cached(client, meeting, page_cache):
    assert client.get("/meetings/9999/").status_code == 404
    client.get("/export/statements.csv")
    assert len(cache._cache) == 0
    client.get("/meetings/5007/")
    assert len(cache._cache) == 1
