"""An editor corrects a misattributed statement in the admin, in a real Chromium."""

import re

import pytest
from django.urls import reverse

from debates.models import Statement
from tests.corrections_factory import PASSWORD, make_speaker, make_statement, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_editor_corrects_the_speaker_of_a_statement(live_server, page):
    from playwright.sync_api import expect

    editor = make_user("editor", editor=True)
    benin, ghana = make_speaker("Benin"), make_speaker("Ghana")
    statement = make_statement(benin, label="the representative of Ghana")
    change = reverse("admin:debates_statement_change", args=[statement.pk])

    page.goto(f"{live_server.url}{reverse('admin:login')}?next={change}")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    # The label as printed is shown beside the form.
    expect(page.locator("fieldset.source-panel")).to_contain_text("the representative of Ghana")
    # Choose the right speaker with the autocomplete, give a reason, save.
    page.locator("#select2-id_speaker-container").click()
    # The open dropdown's search box (the on-behalf-of field has one of its own, inline).
    page.locator(".select2-dropdown .select2-search__field").fill("Gha")
    page.locator(".select2-results__option", has_text="Ghana").click()
    expect(page.locator("#select2-id_speaker-container")).to_have_text(re.compile("Ghana"))
    page.get_by_label("Reason for the change").fill("The printed label names Ghana")
    page.locator("input[name=_save]").click()

    expect(page.locator(".messagelist .success")).to_contain_text("was changed successfully")
    statement.refresh_from_db()
    assert (statement.speaker, statement.status) == (ghana, Statement.Status.CORRECTED)
    latest = statement.history.latest()
    assert (latest.history_user, latest.history_change_reason) == (editor, "The printed label names Ghana")

    page.goto(live_server.url + reverse("admin:debates_statement_history", args=[statement.pk]))
    expect(page.locator("#change-history")).to_contain_text("The printed label names Ghana")
    expect(page.locator("#change-history li").first).to_contain_text(
        re.compile(r"Speaker:\s*Benin\s*→\s*Ghana")
    )

    page.goto(live_server.url + statement.get_absolute_url())
    expect(page.locator("h1")).to_contain_text("Ghana")
    expect(page.locator(".correction-note")).to_contain_text("corrected the attribution")


def test_an_editor_merges_an_unresolved_speaker_from_its_page(live_server, page):
    from playwright.sync_api import expect

    make_user("editor", editor=True)
    benin = make_speaker("Benin", iso3="BEN")
    make_speaker("Bhutan", iso3="BTN")
    duplicate = make_speaker("Benin (Republic of)", needs_review=True)
    statement = make_statement(duplicate)
    change = reverse("admin:debates_speaker_change", args=[duplicate.pk])

    page.goto(f"{live_server.url}{reverse('admin:login')}?next={change}")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("link", name="Merge into another speaker…").click()

    expect(page.locator(".selected-objects")).to_contain_text("Benin (Republic of)")
    page.locator(".select2-selection").click()
    page.locator(".select2-search__field").fill("Be")
    page.locator(".select2-results__option").get_by_text("Benin", exact=True).click()
    page.get_by_label("Reason").fill("Same State")
    page.get_by_role("button", name="Merge speakers").click()

    expect(page.locator(".messagelist .success")).to_contain_text(
        "Merged 1 speaker into Benin: aliases: 1, statements: 1"
    )
    expect(page.locator("h2").first).to_have_text("Benin")
    statement.refresh_from_db()
    assert statement.speaker == benin
    assert list(benin.aliases.values_list("name", flat=True)) == ["Benin (Republic of)"]
