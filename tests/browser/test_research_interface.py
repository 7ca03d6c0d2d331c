"""The research interface for a whole archive, in a real Chromium: shared passages, filters and
chips, the keyboard, narrow screens, the meeting page, the calendar, copying a citation, and the
axe-core audit of the new pages and of the admin pages staff use to correct attributions."""

import re

import pytest
from django.urls import reverse

from tests import factories as f
from tests.conftest import build_archive
from tests.corrections_factory import PASSWORD, make_speaker, make_statement, make_user
from tests.large_archive import build as build_large_archive

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PARAGRAPH = (
    "The representative of Japan, echoed by others, welcomed the increased involvement of regional "
    "organizations in the work of the Security Council."
)


@pytest.fixture
def archive(transactional_db):
    built = build_archive()
    m = built["meetings"]["m2"]
    for position, (name, code, pages) in enumerate(
        [("Japan", "JPN", "20"), ("Mexico", "MEX", "23"), ("Chile", "CHL", "30"), ("Benin", "BEN", "31")], 10
    ):
        speaker = f.speaker(name, iso3=code)
        f.statement(m, speaker, PARAGRAPH, pages=pages, footnote=34, group_key="fn34", position=position)
    return built


def narrow(browser, live_server, **options):
    context = browser.new_context(
        viewport={"width": 375, "height": 812}, base_url=live_server.url, is_mobile=True, **options
    )
    return context, context.new_page()


def test_the_top_hits_are_not_one_paragraph_four_times(page, archive):
    page.goto("/statements/?q=%22regional+organizations%22")
    results = page.locator("#results > li")
    texts = [t.strip() for t in results.locator(".text, .snippet").all_inner_texts()]
    assert len(texts) == len(set(texts))
    shared = results.filter(has=page.locator(".badge", has_text="Shared position"))
    assert shared.count() == 1
    assert shared.locator(".attributions li").all_inner_texts() == [
        "Japan: S/PV.5282, p. 20", "Mexico: S/PV.5282, p. 23", "Chile: S/PV.5282, p. 30",
        "Benin: S/PV.5282, p. 31",
    ]  # fmt: skip


def test_the_first_result_is_three_key_presses_away(page, archive):
    page.goto("/statements/?q=sanctions")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to the results"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.closest('#results > li') !== null")
    assert focused
    assert page.evaluate("document.activeElement.tagName") == "A"


def test_on_a_narrow_screen_the_filters_fold_and_the_results_come_first(
    browser, live_server, archive, tmp_path
):
    context, page = narrow(browser, live_server)
    page.goto("/statements/?country=FRA")
    assert page.locator(".filter-panel").get_attribute("open") is None
    assert page.locator(".facets").get_attribute("open") is None
    top = page.evaluate("document.querySelector('#results').getBoundingClientRect().top")
    assert top < 812, "the results start within the first screen"
    assert page.evaluate("document.documentElement.scrollWidth") <= 375  # no sideways scrolling
    # The chips say which filters are active; the panel opens on demand.
    assert "Country: France" in page.locator(".chips a.chip").inner_text()
    page.get_by_text("Filters", exact=True).click()
    assert page.get_by_label("Country", exact=True).is_visible()
    page.screenshot(path=tmp_path / "statements-375.png", full_page=True)
    context.close()
    # On a wide screen both panels are open beside the results.
    wide = browser.new_context(viewport={"width": 1400, "height": 900}, base_url=live_server.url)
    page = wide.new_page()
    page.goto("/statements/?country=FRA")
    assert page.locator(".filter-panel").get_attribute("open") == ""
    sidebar = page.locator(".sidebar").bounding_box()
    results = page.locator(".results").bounding_box()
    assert sidebar["x"] + sidebar["width"] <= results["x"] and abs(sidebar["y"] - results["y"]) < 5
    wide.close()


def test_chips_remove_one_filter_each(page, archive):
    page.goto("/statements/?country=FRA&country=GBR&year=2004")
    assert page.get_by_role("status").inner_text() == "2 statements."
    page.get_by_role("link", name=re.compile(r"Year: 2004")).click()
    page.wait_for_url(re.compile(r"country=GBR$"))
    assert page.get_by_role("status").inner_text() == "4 statements."
    page.get_by_role("link", name=re.compile(r"Country: France")).click()
    assert page.get_by_role("status").inner_text() == "1 statement."


def test_a_suggestion_from_the_list_is_added_by_name(page, archive):
    page.goto("/statements/")
    box = page.get_by_label("Speaker", exact=True)
    assert page.locator("#id_speaker-list option[value='African Union']").count() == 1
    box.fill("African Union")
    box.press("Enter")
    page.wait_for_url(re.compile(r"speaker=African\+Union"))
    assert page.get_by_role("status").inner_text() == "1 statement."
    assert page.get_by_role("checkbox", name="African Union").is_checked()


def test_speeches_expand_in_place_without_javascript(browser, live_server, archive):
    meeting = archive["meetings"]["m3"]
    long = f.statement(meeting, archive["speakers"]["gbr"], "A long speech. " * 300, source="verbatim")
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/meetings/8699/")
    article = page.locator(f"#statement-{long.pk}")
    rest = article.locator("details.more-text")
    assert not rest.locator("p").first.is_visible()
    rest.locator("summary").click()
    assert rest.locator("p").first.is_visible()
    assert page.url.endswith("/meetings/8699/")  # in place
    context.close()


def test_the_calendar_leads_to_a_day(page, archive):
    for n, day in enumerate(["2020-01-13", "2020-01-13", "2020-01-21", "2020-02-04"], start=1):
        f.meeting(8700 + n, day)
    page.goto("/meetings/?year=2020")
    page.get_by_role("link", name=re.compile(r"^Jan")).click()
    page.wait_for_url(re.compile(r"month=1"))
    assert page.get_by_role("heading", level=1).inner_text() == "Meetings, January 2020"
    page.get_by_role("link", name=re.compile(r"^13 January: 2 meetings")).click()
    assert page.url.endswith("#day-2020-01-13")
    assert page.locator("#day-2020-01-13").is_visible()
    page.get_by_role("link", name="February 2020").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Meetings, February 2020"


def test_copy_a_citation(browser, live_server, archive):
    context = browser.new_context(base_url=live_server.url, permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(archive["statements"]["fra3"].get_absolute_url())
    from playwright.sync_api import expect

    page.get_by_role("button", name="Copy the citation").click()
    expect(page.get_by_role("status").filter(has_text="Copied.")).to_be_visible()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("France, statement at the 8699th meeting of the United Nations Security Council")
    context.close()


def test_no_serious_violations_on_the_new_pages(page, archive, axe):
    f.meeting(8701, "2020-01-10")
    urls = [
        "/statements/?q=%22regional+organizations%22",
        "/statements/?country=FRA&country=GBR&year=2004",
        "/statements/?country=zz",
        "/meetings/?year=2020",
        "/meetings/?year=2020&month=1",
        "/meetings/5282/",
        "/decisions/?q=2020/27",
        "/decisions/s-res-1631-2005/",
        archive["statements"]["fra3"].get_absolute_url(),
        "/api/",
        "/no/such/page/",
    ]
    found = {}
    for width in (1400, 375):
        page.set_viewport_size({"width": width, "height": 900})
        for url in urls:
            page.goto(url)
            violations = axe(page)
            if violations:
                found[(width, url)] = violations
    assert found == {}


def test_no_serious_violations_on_the_admin_statement_form_and_speaker_merge(live_server, page, axe):
    make_user("editor", editor=True)
    benin = make_speaker("Benin", iso3="BEN")
    duplicate = make_speaker("Benin (Republic of)", needs_review=True)
    statement = make_statement(benin, label="the representative of Benin")
    page.goto(reverse("admin:login"))
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    found = {}
    for url in (
        reverse("admin:debates_statement_change", args=[statement.pk]),
        reverse("admin:debates_speaker_merge", args=[duplicate.pk]),
        reverse("admin:debates_speaker_change", args=[duplicate.pk]),
        reverse("admin:debates_statement_changelist"),
    ):
        page.goto(url)
        # The names of the autocomplete boxes come once the admin's scripts have drawn them.
        page.wait_for_function("!document.querySelector('.select2-selection:not([aria-labelledby*=label])')")
        violations = axe(page)
        if violations:
            found[url] = violations
    assert found == {}
    # The autocomplete box is named by its label, before and after a choice.
    from playwright.sync_api import expect

    page.goto(reverse("admin:debates_speaker_merge", args=[duplicate.pk]))
    expect(page.get_by_role("combobox", name="Merge into")).to_have_count(1)
    page.locator(".select2-selection").click()
    page.locator(".select2-search__field").fill("Ben")
    page.locator(".select2-results__option").get_by_text("Benin", exact=True).click()
    assert axe(page) == []


def test_a_large_archive_holds_up(browser, live_server, axe, tmp_path):
    """A year of 40 meetings of 60 statements each: lists, a long meeting, facets and the calendar."""
    build_large_archive(meetings=40, per_meeting=60, year=2021)
    for width in (1400, 375):
        context = browser.new_context(viewport={"width": width, "height": 900}, base_url=live_server.url)
        page = context.new_page()
        page.goto("/statements/?year=2021")
        # 2,400: past the exact count's limit of 2,000, the list says "About 2,400" (an estimate).
        assert re.match(r"(About )?2,\d00 statements", page.get_by_role("status").inner_text())
        assert page.locator("#results > li").count() == 25
        assert page.locator(".facets section").count() == 6
        assert axe(page) == []
        page.goto("/meetings/20000/")
        assert page.locator(".statements > li").count() == 30
        # The resumption begins on the second page; the index says where.
        page.locator(".meeting-index").get_by_role("link", name="S/PV.20000 (Resumption 1)").click()
        page.wait_for_url(re.compile(r"\?page=2#record-spv20000-resumption-1$"))
        assert page.locator(".record-section h3").all_inner_texts() == ["S/PV.20000 (Resumption 1)"]
        heights = page.evaluate("document.documentElement.scrollHeight")
        assert heights < 60_000
        assert axe(page) == []
        page.goto("/meetings/?year=2021&month=3")
        if width < 800:  # folded on a narrow screen, open on demand
            assert not page.locator("table.calendar").is_visible()
            page.locator(".calendar-panel > summary").click()
        assert page.locator("table.calendar").is_visible()
        assert axe(page) == []
        page.screenshot(path=tmp_path / f"meetings-{width}.png", full_page=True)
        context.close()
