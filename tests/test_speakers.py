"""Names resolve to speakers through the database's aliases, then the shipped gazetteer."""

import pytest

from debates.gazetteer import Gazetteer
from debates.models import Speaker, SpeakerAlias
from debates.speakers import SpeakerResolver


@pytest.mark.parametrize(
    ("name", "canonical", "kind", "iso3"),
    [
        ("Libyan Arab Jamahiriya", "Libya", "state", "LBY"),
        ("the United Kingdom", "United Kingdom of Great Britain and Northern Ireland", "state", "GBR"),
        ("Viet Nam", "Viet Nam", "state", "VNM"),
        ("Côte d’Ivoire", "Côte d'Ivoire", "state", "CIV"),
        ("USSR", "Union of Soviet Socialist Republics", "state", "SUN"),
        ("Zaire", "Zaire", "state", "ZAR"),
        ("Burma", "Myanmar", "state", "MMR"),
        ("United Republic of Tanzania", "United Republic of Tanzania", "state", "TZA"),
        ("Organization of the Islamic Conference", "Organization of Islamic Cooperation", "organization", ""),
        ("NATO", "North Atlantic Treaty Organization", "organization", ""),
        ("Secretary-General", "Secretary-General", "un", ""),
    ],
)
def test_the_gazetteer_knows_current_historical_and_variant_names(name, canonical, kind, iso3):
    entry = Gazetteer.default().lookup(name)
    assert (entry.name, entry.kind, entry.iso3) == (canonical, kind, iso3)


def test_the_gazetteer_finds_names_in_running_text():
    text = (
        "the Commissioner for Peace and Security of the African\nUnion, "
        "Romania and the Democratic Republic of the Congo"
    )
    found = [(m.text, m.entry.name) for m in Gazetteer.default().find(text)]
    assert found == [
        ("African\nUnion", "African Union"),
        ("Romania", "Romania"),
        ("Democratic Republic of the Congo", "Democratic Republic of the Congo"),
    ]
    assert Gazetteer.default().lookup("Ibid") is None


@pytest.mark.django_db
def test_one_speaker_per_state_whatever_the_name():
    resolver = SpeakerResolver()
    assert resolver.resolve("Libyan Arab Jamahiriya") == resolver.resolve("Libya")
    assert SpeakerResolver().resolve("LIBYA").slug == "libya"
    assert Speaker.objects.filter(iso3="LBY").count() == 1


@pytest.mark.django_db
def test_an_unknown_name_becomes_a_speaker_to_review():
    speaker = SpeakerResolver().resolve("Chairman of the Imaginary Commission")
    assert speaker.needs_review and speaker.kind == "other"
    assert SpeakerResolver().resolve("chairman of the imaginary  commission") == speaker
    assert SpeakerResolver().lookup("Somebody Else") is None


@pytest.mark.django_db
def test_an_alias_in_the_database_wins_over_the_gazetteer():
    libya = SpeakerResolver().resolve("Libya")
    SpeakerAlias.objects.create(speaker=libya, name="Chairman of the Imaginary Commission")
    assert SpeakerResolver().resolve("Chairman of the Imaginary Commission") == libya
