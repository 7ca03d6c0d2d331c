"""The sources reconciled, on the shipped corpus: predecessor States, vetoes, tallies, titles,
membership and Presidents, items, votes in the API. Each case is one a new user met."""

import datetime
import re
from pathlib import Path

import pytest
from django.core.management import call_command

from debates import reconcile
from debates.ingest import ingest_file
from debates.models import Decision, Discrepancy, Item, Meeting, MembershipTerm, Presidency, Speaker, Vote
from debates.parsing.meeting_tables import parse_meeting_table
from debates.parsing.resolutions import parse_resolution
from debates.parsing.text import has_mojibake, repair_mojibake

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
TABLES = sorted((CORPUS / "meetings").glob("scact*_table_en.html"))


@pytest.fixture(scope="module")
def corpus(django_db_setup, django_db_blocker):
    """The meeting tables, the veto list, the membership list and the Repertoire, loaded once."""
    with django_db_blocker.unblock():
        for path in [
            *TABLES,
            CORPUS / "reference" / "council_membership.csv",
            *(CORPUS / "repertoire").glob("*"),
        ]:
            ingest_file(path)
        reconcile.run()
        yield
        call_command("flush", interactive=False, verbosity=0)


pytestmark = pytest.mark.django_db


def test_the_ussr_is_a_speaker_of_its_own_and_casts_its_vetoes(corpus, client):
    ussr = Speaker.objects.get(iso3="SUN")
    assert ussr.name == "Union of Soviet Socialist Republics"
    first = Decision.objects.filter(votes__speaker=ussr, votes__veto=True).order_by("date").first()
    assert first.date == datetime.date(1946, 2, 16)
    assert not Vote.objects.filter(speaker__iso3="RUS", decision__date__year__lt=1992).exists()
    for query in ("USSR", "Soviet"):
        html = client.get("/speakers/", {"q": query}).content.decode()
        assert ussr.get_absolute_url() in html
    page = client.get(ussr.get_absolute_url()).content.decode()
    assert "USSR (until 1991; succeeded by the Russian Federation)" in page


def test_a_country_filter_takes_in_predecessors_only_when_asked(corpus, client):
    def count(**params):
        return client.get("/api/decisions", params).json()["count"]

    only_russia = count(country="RUS")
    with_ussr = count(country="RUS", predecessors="true")
    assert (
        with_ussr
        == only_russia
        + Decision.objects.filter(votes__speaker__iso3="SUN", votes__veto=True).distinct().count()
    )
    assert with_ussr > only_russia > 0
    vetoes = client.get("/api/votes", {"country": "RUS", "veto": "true"}).json()["count"]
    with_ussr = client.get("/api/votes", {"country": "RUS", "predecessors": "true", "veto": "true"}).json()
    assert with_ussr["count"] == vetoes + Vote.objects.filter(speaker__iso3="SUN", veto=True).count()
    assert with_ussr["filters"] == {"country": "RUS", "predecessors": "true", "veto": "true"}


def test_every_vetoed_draft_is_a_decision_of_its_own(corpus):
    assert (
        Decision.objects.filter(meeting__number=443, kind="draft_resolution", votes__veto=True).count() == 7
    )
    oral = Decision.objects.filter(meeting__number=57, votes__veto=True, symbol__isnull=True)
    assert oral.count() == 3
    # 1946-1950: the veto list's 44 USSR vetoes, each a decision; where the table lacks one, a discrepancy.
    drafts = Decision.objects.filter(
        date__year__lte=1950, votes__speaker__iso3="SUN", votes__veto=True
    ).distinct()
    assert drafts.count() == 44
    only_listed = Discrepancy.objects.filter(
        kind="veto", object_key__in=[d.key for d in drafts], kept_value="meeting table: none"
    )
    assert only_listed.count() == 4
    assert Discrepancy.objects.filter(kind="veto", object_key="S/18087/Rev.1").exists()


def test_a_tally_that_contradicts_its_member_votes_is_recorded_and_shown(corpus, client):
    discrepancy = Discrepancy.objects.get(kind="tally", object_key="S/2022/431")
    assert discrepancy.kept_value.startswith("13-0-2 (meeting table")
    assert "China, Russian Federation against" in discrepancy.other_value
    html = client.get("/decisions/s-2022-431/").content.decode()
    assert "The sources disagree" in html and "13-0-2 (meeting table" in html
    assert "meeting table, UN library veto list" in html or "UN library table of meetings" in html


def test_no_title_in_the_shipped_corpus_carries_mojibake(corpus):
    for model in (Meeting, Item, Decision):
        assert not [t for t in model.objects.values_list("title", flat=True) if has_mojibake(t)], model
    assert Decision.objects.get(symbol="S/RES/2627 (2022)").title == (
        "Non-proliferation/Democratic People\u2019s Republic of Korea"
    )
    # Every source file as each loader reads it: tables, resolutions.
    for path in TABLES:
        if "veto" not in path.name:
            table = parse_meeting_table(repair_mojibake(path.read_text(encoding="utf-8"))[0], name=path.name)
            assert not [t for m in table.meetings() for t in m.topics if has_mojibake(t)], path.name
    for path in (CORPUS / "resolutions").glob("*.txt"):
        assert not has_mojibake(parse_resolution(path.read_bytes(), name=path.name).text), path.name


def test_membership_and_presidents_come_from_sources(corpus, client):
    assert MembershipTerm.objects.filter(seat="elected").count() == 166
    meeting = Meeting.objects.get(number=8699)
    council = meeting.council()
    assert council["complete"] and len(council["members"]) == 15
    assert "Viet Nam" in {m.name for m in council["members"]}
    # The rotation, anchored on the Repertoire's Presidents, gives January 2020 to Viet Nam.
    assert Presidency.objects.get(month=datetime.date(2020, 1, 1)).speaker.name == "Viet Nam"
    assert Meeting.objects.get(number=8699).president.name == "Viet Nam"
    assert Meeting.objects.filter(president__isnull=False).count() > 4000
    assert not Discrepancy.objects.filter(kind="president").exists()
    # Before the membership list: the Charter's permanent members, and "not known" for the others.
    early = Meeting.objects.get(number=443).council()
    assert not early["complete"] and {m.iso3 for m in early["members"]} >= {"SUN", "CHN", "FRA", "GBR", "USA"}
    html = client.get("/meetings/443/").content.decode()
    assert "the other members are not known" in html
    assert re.search(r"<dt>President</dt><dd>Not known</dd>", html)


def test_items_follow_the_classification_and_repairs_are_recorded(corpus, client):
    admission = Item.objects.get(key="admission of new members")
    assert (admission.kind, admission.parent.title, admission.parent.parent.title) == (
        "topic",
        "Admission of new Members",
        "Other matters",
    )
    assert Discrepancy.objects.filter(kind="title", other_value="Admision of new Members").exists()
    assert Item.objects.filter(key="spanish question").exists()
    assert (
        "The Iranian question The Spanish question"
        in Meeting.objects.filter(title__contains="The Iranian question The Spanish question").first().title
    )
    assert not Item.objects.filter(kind="topic", parent__isnull=True).exists()
    # "sanction": one item per matter, each a classification item.
    response = client.get("/items/", {"q": "sanction"})
    titles = [i.title for items in response.context["groups"].values() for i in items]
    assert "General issues relating to sanctions" in titles and len(titles) == len(set(titles))
    assert all(i.kind == "item" for items in response.context["groups"].values() for i in items)
    groups = [g.title for g in Item.objects.filter(kind="group").order_by("position")]
    assert groups[:5] == ["Africa", "Americas", "Asia", "Europe", "Middle East"]
    assert client.get("/items/", {"group": "africa"}).context["page_obj"].paginator.count > 30


def test_votes_in_the_api_and_exports(corpus, client):
    rows = client.get("/api/votes", {"decision": "s-2022-431"}).json()["results"]
    assert {(r["country"], r["choice"], r["veto"]) for r in rows} == {
        ("CHN", "no", True),
        ("RUS", "no", True),
    }
    response = client.get("/export/decisions.csv", {"year": 2022})
    csv = b"".join(response.streaming_content).decode()
    assert "vetoed_by" in csv.splitlines()[0] and "CHN; RUS" in csv


def test_audit_prints_disagreements_by_kind(corpus, capsys):
    call_command("audit", "--no-check")
    out = capsys.readouterr().out
    assert re.search(r"\d+  veto: The veto list and the meeting tables disagree", out)
    assert re.search(r"1  tally: A tally disagrees with the member votes", out)
