"""A shared position is one passage with many attributions: shown once, exported per attribution."""

import csv
import io

import pytest

from debates.models import Statement
from tests import factories as f

pytestmark = pytest.mark.django_db

PARAGRAPH = (
    "The representative of Japan, echoed by others, welcomed the increased involvement of regional "
    "organizations in the work of the Security Council."
)


@pytest.fixture
def shared(archive):
    """One Repertoire paragraph cited for four speakers, each at its own page, and a statement of its own."""
    m = archive["meetings"]["m2"]
    japan = f.speaker("Japan", iso3="JPN")
    eu = f.speaker("European Union", acronym="EU")
    lead = f.statement(m, japan, PARAGRAPH, pages="20-21", footnote=34, group_key="fn34", position=10)
    rows = [lead]
    for position, (speaker, pages) in enumerate(
        [(eu, "23"), (archive["speakers"]["fra"], "30"), (archive["speakers"]["rus"], "31")], start=11
    ):
        rows.append(
            f.statement(m, speaker, PARAGRAPH, pages=pages, footnote=34, group_key="fn34", position=position)
        )
    own = f.statement(m, japan, "Japan on its own about regional organizations.", position=20)
    return {"passage": rows, "own": own, "japan": japan, "eu": eu}


def test_a_search_shows_a_shared_paragraph_once(client, shared):
    response = client.get("/statements/", {"q": "regional organizations"})
    rows = response.context["rows"]
    texts = [s.text for s in rows]
    assert texts.count(PARAGRAPH) == 1
    passage = next(s for s in rows if s.text == PARAGRAPH)
    assert passage.shared
    assert [(a.speaker.name, a.pages) for a in passage.attributions] == [
        ("Japan", "20-21"), ("European Union", "23"), ("France", "30"), ("Russian Federation", "31"),
    ]  # fmt: skip
    html = response.content.decode()
    assert html.count('<span class="badge">Shared position</span>') == 1
    for name, page in (("European Union", "S/PV.5282, p. 23"), ("France", "S/PV.5282, p. 30")):
        assert f"{name}</a>: <cite>{page}</cite>" in html
    # Counted once as well.
    assert response.context["page_obj"].paginator.count == len(rows)


def test_filtering_by_a_speaker_shows_the_passages_citing_it_marked_shared(client, shared):
    response = client.get("/statements/", {"country": "FRA", "meeting": "5282"})
    rows = response.context["rows"]
    passage = [s for s in rows if s.text == PARAGRAPH]
    assert len(passage) == 1 and passage[0].shared
    assert passage[0].speaker.name == "France"  # the attribution that matched
    assert len(passage[0].attributions) == 4
    # Two States of the same passage: still once.
    both = client.get("/statements/", {"country": ["FRA", "RUS"], "q": "echoed"}).context["rows"]
    assert len(both) == 1 and both[0].speaker.name == "France"
    # A speaker that is not the first cited finds it too.
    eu = client.get("/statements/", {"speaker": "european-union"}).context["rows"]
    assert [s.pk for s in eu] == [shared["passage"][1].pk]


def test_facets_count_passages_and_their_links_agree(client, shared):
    facets = client.get("/statements/", {"meeting": "5282"}).context["facets"]
    speakers = {row["label"]: row["count"] for row in facets["speaker"]}
    assert speakers["Japan"] == 2 and speakers["European Union"] == 1 and speakers["France"] == 2
    years = {row["value"]: row["count"] for row in facets["year"]}
    # rus2, fra2, the shared paragraph (once) and Japan's own statement.
    assert years == {2005: 4}
    for row in facets["speaker"]:
        listed = client.get("/statements/", {"meeting": "5282", row["param"]: row["value"]})
        assert listed.context["page_obj"].paginator.count == row["count"], row


def test_the_meeting_page_shows_the_passage_once(client, shared):
    response = client.get("/meetings/5282/")
    shown = [s for section in response.context["sections"] for s in section["statements"]]
    assert [s.text for s in shown].count(PARAGRAPH) == 1
    assert response.context["total"] == 7 and response.context["passages"] == 4
    # Every speaker of the passage is in the index, pointing at the passage.
    index = {s["name"]: [link["pk"] for link in s["statements"]] for s in response.context["speakers"]}
    lead = shared["passage"][0].pk
    assert index["European Union"] == [lead] and lead in index["France"]


def test_a_statement_page_names_the_others_sharing_the_passage(client, shared):
    eu = shared["passage"][1]
    response = client.get(eu.get_absolute_url())
    assert [s.speaker.name for s in response.context["group"]] == ["Japan", "France", "Russian Federation"]
    assert "A shared position" in response.content.decode()


def test_one_per_passage_keeps_statements_of_their_own(shared):
    qs = Statement.objects.filter(meeting__slug="5282").order_by("position")
    assert qs.count() == 7
    assert qs.one_per_passage().count() == 4


def test_downloads_and_the_api_keep_one_row_per_attribution(client, shared):
    lead = shared["passage"][0].pk
    text = b"".join(client.get("/export/statements.csv", {"meeting": "5282"}).streaming_content).decode()
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 7
    passage = [row for row in rows if row["passage"] == str(lead)]
    assert [(row["speaker"], row["country"], row["pages"]) for row in passage] == [
        ("Japan", "JPN", "20-21"), ("European Union", "", "23"), ("France", "FRA", "30"),
        ("Russian Federation", "RUS", "31"),
    ]  # fmt: skip
    own = next(row for row in rows if row["id"] == str(shared["own"].pk))
    assert own["passage"] == own["id"]
    api = client.get("/api/statements", {"meeting": "5282", "country": "FRA"}).json()
    assert sorted(row["passage"] for row in api["results"]) == sorted([lead, api["results"][0]["id"]])
