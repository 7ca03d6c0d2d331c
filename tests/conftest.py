import pytest
from django.conf import settings as django_settings

from debates.models import Decision, Statement, Vote
from tests import factories as f


@pytest.fixture(autouse=True, scope="session")
def _no_search_index(tmp_path_factory):
    """No test reads a search index built for another database (a developer's): lists are answered
    by the database unless a test builds an index (``tests/test_search_engine.py``)."""
    django_settings.SEARCH_INDEX_DIR = tmp_path_factory.mktemp("search") / "none"


@pytest.fixture
def archive(db):
    """A small archive: two meetings, States, an organization, decisions with votes, a group position."""
    return build_archive()


def build_archive() -> dict:
    fra = f.speaker("France", iso3="FRA")
    gbr = f.speaker("United Kingdom of Great Britain and Northern Ireland", iso3="GBR")
    rus = f.speaker("Russian Federation", iso3="RUS")
    au = f.speaker("African Union", acronym="AU")
    parent = f.item("Items relating to regional organizations", number=49)
    sub = f.item("Cooperation with the African Union", number=49, letter="A", parent=parent)
    other = f.item("Civilian aspects of conflict management", number=50)
    m1 = f.meeting(
        5007, "2004-07-20", resumptions=1, title="Cooperation with regional organizations", items=[sub]
    )
    m1.president = rus
    m1.save()
    m2 = f.meeting(5282, "2005-10-17", title="Regional organizations", items=[parent])
    m3 = f.meeting(8699, "2020-01-09", title="Maintenance of international peace", items=[other])
    verbatim = f.source_document("S_PV.8699_E.pdf", kind="verbatim")
    s = {
        "fra1": f.statement(
            m1, fra, "France supported targeted sanctions and cooperation with regional organizations.",
            item=sub, record="S/PV.5007 (Resumption 1)", pages="10", footnote=3, group_key="g1",
            person="Mr. de La Sablière",
        ),
        "gbr1": f.statement(
            m1, gbr, "The United Kingdom said sanctions must be targeted. Sanctions work when targeted.",
            item=sub, label="United Kingdom", pages="11-12", footnote=3,
        ),
        "au1": f.statement(
            m1, au, "The African Union stressed the Security Council partnership with regional bodies.",
            item=sub, capacity=Statement.Capacity.BRIEFER, pages="2",
        ),
        "rus2": f.statement(
            m2, rus, "The Russian Federation welcomed the arms embargo and peacekeeping cooperation.",
            item=parent, status=Statement.Status.VERIFIED,
        ),
        "fra2": f.statement(
            m2, fra, "France <script>alert('x')</script> spoke about peacekeeping.", item=parent
        ),
        "fra3": f.statement(
            m3, fra, "France recalled the Charter and the peaceful settlement of disputes.",
            item=other, source=Statement.Source.VERBATIM, source_document=verbatim, pages="4",
        ),
    }  # fmt: skip
    res = f.decision(
        "S/RES/1631 (2005)", Decision.Kind.RESOLUTION, m2, number=1631, year=2005,
        title="Regional organizations",
        text="The Security Council welcomes cooperation with regional organizations in peacekeeping.",
        adopted=True, votes_for=15, votes_against=0, abstentions=0, unanimous=True,
    )  # fmt: skip
    for speaker in (fra, gbr, rus):
        f.vote(res, speaker)
    draft = f.decision(
        "S/2020/27", Decision.Kind.DRAFT_RESOLUTION, m3, title="Draft on sanctions", adopted=False,
        votes_for=13, votes_against=1, abstentions=1,
    )  # fmt: skip
    f.vote(draft, fra)
    f.vote(draft, rus, Vote.Choice.AGAINST, veto=True)
    f.vote(draft, gbr, Vote.Choice.ABSTAINING)
    prst = f.decision(
        "S/PRST/2007/42", Decision.Kind.PRESIDENTIAL_STATEMENT, m1, title="Peace and security in Africa",
        text="The Security Council recalls <b>its</b> primary responsibility.",
    )  # fmt: skip
    return {
        "speakers": {"fra": fra, "gbr": gbr, "rus": rus, "au": au},
        "items": {"parent": parent, "sub": sub, "other": other},
        "meetings": {"m1": m1, "m2": m2, "m3": m3},
        "statements": s,
        "decisions": {"res": res, "draft": draft, "prst": prst},
    }


@pytest.fixture
def staff_user(django_user_model):
    return django_user_model.objects.create_user("editor", password="a-long-test-password", is_staff=True)


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("root", "root@example.org", "a-long-test-password")


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    """Tests change rows without committing, so the archive's version never moves: no whole-page
    cache here, except in the tests of the cache itself (tests/test_caching.py), which commit.
    Each request reads the version afresh: every test begins with its own."""
    settings.REPERTOIRE_PAGE_CACHE = False
    settings.REPERTOIRE_FRAGMENT_CACHE = False
    settings.ARCHIVE_VERSION_TTL = 0
