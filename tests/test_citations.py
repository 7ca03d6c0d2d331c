"""Citations read like references: who (person and State), the meeting, the record, the page, the date."""

import pytest

from debates import citations
from debates.models import Statement
from tests import factories as f

pytestmark = pytest.mark.django_db

URL = "https://archive.example.org/statements/1/"


@pytest.fixture
def speech(db):
    fra = f.speaker("France", iso3="FRA")
    meeting = f.meeting(8699, "2020-01-09")
    label = "Mr. De Rivière (France) (spoke in French)"
    return f.statement(
        meeting, fra, "Thank you.", person="Mr. De Rivière", label=label, language="French", pages="12",
        source=Statement.Source.VERBATIM,
    )  # fmt: skip


def test_plain_text(speech):
    assert citations.statement_text(speech, URL) == (
        "Mr. De Rivière (France), statement at the 8699th meeting of the United Nations Security Council, "
        f"S/PV.8699, p. 12, 9 January 2020. {URL}"
    )


def test_bibtex_author_is_the_person_with_the_state_as_organization(speech):
    bibtex = citations.statement_bibtex(speech, URL)
    assert "  author = {{De Rivière}},\n  organization = {France}," in bibtex
    assert "howpublished = {S/PV.8699, p. 12}" in bibtex and "date = {2020-01-09}" in bibtex


def test_the_president_and_several_people(speech):
    speech.capacity = Statement.Capacity.PRESIDENT
    speech.person = "Mr. Pham Binh Minh/Mr. Dang"
    assert citations.statement_text(speech, URL).startswith(
        "Mr. Pham Binh Minh/Mr. Dang (France), President of the Security Council, statement at"
    )
    assert "author = {{Pham Binh Minh} and {Dang}}" in citations.statement_bibtex(speech, URL)


def test_an_office_and_a_state_without_a_person(speech, db):
    sg = f.speaker("Secretary-General", kind="un")
    speech.speaker, speech.person = sg, "The Secretary-General"
    assert citations.statement_text(speech, URL).startswith("The Secretary-General, statement at")
    speech.speaker, speech.person = f.speaker("Chile", iso3="CHL"), ""
    assert citations.statement_text(speech, URL).startswith("Chile, statement at")
    assert "author = {{Chile}}" in citations.statement_bibtex(speech, URL)


def test_the_page_shows_one_date_format_no_file_name_and_copy_buttons(client, speech):
    html = client.get(speech.get_absolute_url()).content.decode()
    assert "S_PV" not in html and "repertoire.txt" not in html
    assert "9 January 2020" in html and "09 January" not in html
    assert 'data-copy="Copy the citation"' in html and 'data-copy="Copy the BibTeX"' in html
    assert '<script src="/static/js/site.js" defer></script>' in html
    # The record, opened at the statement's page.
    assert 'href="https://undocs.org/S/PV.8699#page=12"' in html
