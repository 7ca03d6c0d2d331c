"""The meeting page: an index of speakers, the records as sections, speeches that expand in place, pages."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from debates.models import Meeting, Statement
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def debate(db):
    """A long meeting with a resumption, the President in the chair and a vote in the middle."""
    viet = f.speaker("Viet Nam", iso3="VNM")
    fra = f.speaker("France", iso3="FRA")
    rus = f.speaker("Russian Federation", iso3="RUS")
    others = [f.speaker(f"State {n}", iso3=f"S{n:02d}") for n in range(60)]
    meeting = f.meeting(8699, "2020-01-09", resumptions=1, title="Upholding the Charter")
    meeting.president, meeting.president_person = viet, "Mr. Dang"
    meeting.save()
    doc = f.source_document("S_PV.8699_E.pdf", kind="verbatim")
    verbatim = {"source": Statement.Source.VERBATIM, "source_document": doc}

    def say(speaker, text, record="S/PV.8699", **fields):
        return f.statement(meeting, speaker, text, record=record, **{**verbatim, **fields})

    rows = {"open": say(viet, "The meeting is called to order.", capacity="president", person="Mr. Dang")}
    rows["fra_before"] = say(
        fra, "France will vote in favour. " + "Long speech. " * 200, person="Mr. De Rivière"
    )
    result = "The draft resolution received 13 votes in favour. The draft resolution has not been adopted."
    rows["result"] = say(viet, result, capacity="president")
    rows["rus_after"] = say(rus, "We voted against.", language="Russian")
    for n, state in enumerate(others):
        say(state, f"Statement number {n}.", record="S/PV.8699 (Resumption 1)" if n >= 20 else "S/PV.8699")
    rows["fra_again"] = say(fra, "France again.", record="S/PV.8699 (Resumption 1)")
    draft = f.decision("S/2020/27", "draft_resolution", meeting, adopted=False, votes_for=13, votes_against=1)
    f.vote(draft, fra)
    f.vote(draft, rus, "no", veto=True)
    return {"meeting": meeting, "rows": rows, "draft": draft}


def test_index_of_speakers_with_anchors(client, debate):
    response = client.get("/meetings/8699/")
    index = {s["name"]: s["statements"] for s in response.context["speakers"]}
    rows = debate["rows"]
    assert [link["pk"] for link in index["France"]] == [rows["fra_before"].pk, rows["fra_again"].pk]
    html = response.content.decode()
    assert f'<a href="#statement-{rows["fra_before"].pk}">France</a>' in html
    # France's second statement, the 65th, is on the last page (30 statements a page).
    assert (
        f'<a href="?page=3#statement-{rows["fra_again"].pk}" aria-label="France, statement 2">2</a>' in html
    )
    assert f'id="statement-{rows["fra_before"].pk}"' in html


def test_records_are_sections_with_their_president(client, debate):
    first = client.get("/meetings/8699/")
    assert [s["record"] for s in first.context["sections"]] == ["S/PV.8699", "S/PV.8699 (Resumption 1)"]
    html = first.content.decode()
    assert '<h3 id="record-spv8699-resumption-1">' in html
    assert 'President: <a href="/speakers/viet-nam/">Viet Nam</a> (Mr. Dang)' in html
    second = client.get("/meetings/8699/", {"page": 2})
    sections = second.context["sections"]
    assert [(s["record"], s["continued"]) for s in sections] == [("S/PV.8699 (Resumption 1)", True)]
    assert "S/PV.8699 (Resumption 1)</a> (continued)" in second.content.decode()
    assert 'href="?page=1#record-spv8699-resumption-1"' not in html  # on page 1 already


def test_the_president_is_asked_for_each_record(client, debate, monkeypatch):
    asked = []

    def presiding(self, record=""):
        asked.append(record)
        return self.president, f"President of {record}"

    monkeypatch.setattr(Meeting, "presiding", presiding)
    html = client.get("/meetings/8699/").content.decode()
    assert asked == ["S/PV.8699", "S/PV.8699 (Resumption 1)"]
    assert "(President of S/PV.8699 (Resumption 1))" in html


def test_long_speeches_expand_in_place_without_javascript(client, debate):
    html = client.get("/meetings/8699/").content.decode()
    article = html[html.index(f'id="statement-{debate["rows"]["fra_before"].pk}"') :]
    article = article[: article.index("</article>")]
    assert '<details class="more-text"><summary>Read the whole statement' in article
    assert article.count("Long speech.") == 200  # all of it is on the page, none cut with "…"
    short = html[html.index(f'id="statement-{debate["rows"]["rus_after"].pk}"') :]
    assert "<details" not in short[: short.index("</article>")]


def test_long_meetings_are_paginated(client, debate):
    first = client.get("/meetings/8699/")
    assert first.context["page_obj"].paginator.num_pages == 3
    assert first.context["total"] == 65
    assert 'href="?page=2" rel="next"' in first.content.decode()


def test_statements_link_to_the_vote_of_their_speaker(client, debate):
    rows = debate["rows"]
    response = client.get("/meetings/8699/")
    shown = {s.pk: s for section in response.context["sections"] for s in section["statements"]}
    assert shown[rows["fra_before"].pk].vote_timing == "before"
    assert shown[rows["rus_after"].pk].vote_timing == "after"
    assert shown[rows["result"].pk].vote_timing == ""  # the President's announcement
    assert [v.choice for v in shown[rows["fra_before"].pk].votes] == ["yes"]
    html = response.content.decode()
    assert (
        '<span class="badge">Before the vote</span> France voted <a href="/decisions/s-2020-27/#votes">'
        in html
    )
    assert "Explanation of vote after the vote" in html
    assert "against (veto) on S/2020/27" in html
    detail = client.get(rows["rus_after"].get_absolute_url()).content.decode()
    assert "Explanation of vote, after the vote; voted" in detail


def test_query_count_does_not_grow_with_the_meeting(client, debate):
    with CaptureQueriesContext(connection) as long_meeting:
        client.get("/meetings/8699/")
    small = f.meeting(1, "1946-01-17")
    f.statement(small, debate["rows"]["fra_before"].speaker, "Only one.")
    with CaptureQueriesContext(connection) as short_meeting:
        client.get("/meetings/1/")
    assert len(long_meeting) <= len(short_meeting) + 2  # the votes, which the small meeting has not


def test_a_statement_page_links_to_its_place_in_the_meeting(client, debate):
    late = debate["rows"]["fra_again"]
    html = client.get(late.get_absolute_url()).content.decode()
    assert f'href="/meetings/8699/?page=3#statement-{late.pk}">All statements of this meeting' in html
    early = debate["rows"]["fra_before"]
    html = client.get(early.get_absolute_url()).content.decode()
    assert f'href="/meetings/8699/#statement-{early.pk}">All statements of this meeting' in html


def test_the_page_costs_a_fixed_number_of_queries(client, debate, django_assert_num_queries):
    # The archive's version (ETag); the meeting and its President; the outline of all its
    # statements; the page's statements with their speakers; the decisions and their votes
    # (which also give each statement its votes, and the Council's voting members); whom
    # statements speak for; the records' Presidents; the members named by the record (none
    # here, so the membership terms); the items. Page 1 shows votes: when they were cast.
    client.get("/meetings/8699/")
    with django_assert_num_queries(11):
        assert client.get("/meetings/8699/?page=2").status_code == 200
    with django_assert_num_queries(12):
        assert client.get("/meetings/8699/").status_code == 200


def test_the_council_read_from_the_decisions_at_hand_is_the_council(debate):
    meeting = Meeting.objects.get(number=8699)
    decisions = list(meeting.decisions.prefetch_related("votes__speaker"))
    assert meeting.council(decisions) == meeting.council()
    assert {s.name for s in meeting.council(decisions)["members"]} >= {"France", "Russian Federation"}
