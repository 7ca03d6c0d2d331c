"""The research interface in a real Chromium: search, filter, browse, cite, download, accessibility."""

import csv
import io
import re

import pytest

from tests.conftest import build_archive

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def archive(transactional_db):
    return build_archive()


def test_search_from_the_home_page(page, archive):
    page.goto("/")
    page.get_by_label("Search statements").fill('sanctions -"nothing at all"')
    page.get_by_label("Search statements").press("Enter")
    page.wait_for_url(re.compile(r"/statements/\?q="))
    assert page.get_by_role("status").inner_text() == (
        '2 statements matching sanctions -"nothing at all", most relevant first.'
    )
    marks = page.locator(".snippet mark").all_inner_texts()
    assert {mark.lower() for mark in marks} == {"sanctions"}
    # Ranked: the United Kingdom's statement repeats the word.
    first = page.locator(".statement-list > li").first
    assert "United Kingdom" in first.inner_text()


def test_malformed_query_shows_a_message(page, archive):
    page.goto("/statements/?q=%22unclosed")
    assert "A quotation mark is not closed" in page.locator(".field-q .error").inner_text()


def test_filter_by_country_without_javascript(browser, live_server, archive):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/statements/")
    page.get_by_label("Country", exact=True).fill("France")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_url(re.compile(r"country=France"))
    assert page.get_by_role("status").inner_text() == "3 statements."
    headings = page.locator(".statement-list .statement-head > a").all_inner_texts()
    assert headings == ["France", "France", "France"]
    # The chosen country stays ticked; unticking it and applying removes it.
    page.get_by_role("checkbox", name="France").uncheck()
    page.get_by_role("button", name="Apply").click()
    page.wait_for_load_state()
    assert page.get_by_role("status").inner_text() == "6 statements."
    context.close()


def test_open_a_meeting_and_follow_a_statement_permalink(page, archive):
    page.goto("/meetings/")
    page.get_by_role("link", name="S/PV.5007", exact=True).click()
    page.wait_for_url("**/meetings/5007/")
    assert page.get_by_role("heading", level=1).inner_text() == "5007th meeting, 20 July 2004"
    resumption = page.locator("dl.facts").get_by_role("link", name="S/PV.5007 (Resumption 1)", exact=True)
    assert resumption.get_attribute("href") == "https://undocs.org/S/PV.5007(Resumption1)"
    page.get_by_role("link", name="Permalink to the statement by France").click()
    page.wait_for_url(re.compile(r"/statements/\d+/$"))
    assert page.url.endswith(f"/statements/{archive['statements']['fra1'].pk}/")
    assert "S/PV.5007 (Resumption 1), p. 10" in page.locator(".facts").inner_text()
    assert "@misc{unsc-statement-" in page.locator(".cite-bibtex").inner_text()
    # The others who shared the position.
    assert page.locator(".cite-text").inner_text().startswith("Mr. de La Sablière (France), statement at")


def test_download_a_csv(page, archive, tmp_path):
    page.goto("/statements/?country=FRA")
    with page.expect_download() as info:
        page.get_by_role("link", name="CSV", exact=True).click()
    download = info.value
    assert re.fullmatch(r"repertoire-statements-\d{8}-\d{6}\.csv", download.suggested_filename)
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("id,passage,meeting,")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [row["country"] for row in rows] == ["FRA", "FRA", "FRA"]
    with page.expect_download() as info:
        page.get_by_role("link", name="CSV for spreadsheets").click()
    path = tmp_path / "spreadsheet.csv"
    info.value.save_as(path)
    assert path.read_bytes().startswith(b"\xef\xbb\xbfid,passage,")


def test_no_serious_accessibility_violations(page, archive, axe):
    statement = archive["statements"]["fra1"]
    urls = [
        "/",
        "/statements/",
        "/statements/?q=sanctions",
        "/statements/?q=%22unclosed",
        statement.get_absolute_url(),
        "/meetings/",
        "/meetings/5007/",
        "/speakers/",
        "/speakers/france/",
        "/items/",
        archive["items"]["parent"].get_absolute_url(),
        "/decisions/",
        "/decisions/s-2020-27/",
        "/api/",
    ]
    found = {}
    for url in urls:
        page.goto(url)
        violations = axe(page)
        if violations:
            found[url] = violations
    assert found == {}


def test_the_audit_does_find_violations(page, axe):
    """The audit above would fail on a real problem: an image without text, an unlabelled input."""
    page.set_content('<html lang="en"><body><main><img src="x.png"><input type="text"></main></body></html>')
    assert {violation["id"] for violation in axe(page)} >= {"image-alt", "label"}
