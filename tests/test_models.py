"""Constraints on natural keys hold in the database itself, on SQLite and PostgreSQL alike."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from debates.models import Decision, Meeting, Speaker, SpeakerAlias, Statement

pytestmark = pytest.mark.django_db


def make_meeting(number=5007, **kwargs):
    return Meeting.objects.create(
        number=number, slug=str(number), date=datetime.date(2004, 7, 20), record=f"S/PV.{number}", **kwargs
    )


def test_a_duplicate_meeting_number_is_rejected():
    make_meeting(5007)
    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.create(number=5007, slug="5007-bis", date=datetime.date(2004, 7, 21))
    assert Meeting.objects.count() == 1


def test_unnumbered_videoconferences_can_coexist():
    Meeting.objects.create(slug="vtc-2020-04-09-a", date=datetime.date(2020, 4, 9))
    Meeting.objects.create(slug="vtc-2020-04-09-b", date=datetime.date(2020, 4, 9))
    assert Meeting.objects.filter(number__isnull=True).count() == 2


def test_a_duplicate_decision_symbol_is_rejected():
    Decision.objects.create(symbol="S/RES/1631 (2005)", slug="s-res-1631-2005", kind="resolution")
    with pytest.raises(IntegrityError), transaction.atomic():
        Decision.objects.create(symbol="S/RES/1631 (2005)", slug="other", kind="resolution")


def test_only_one_unnamed_decision_of_a_kind_per_meeting():
    meeting = make_meeting()
    Decision.objects.create(slug="5007-prst", kind="presidential_statement", meeting=meeting)
    with pytest.raises(IntegrityError), transaction.atomic():
        Decision.objects.create(slug="5007-prst-2", kind="presidential_statement", meeting=meeting)
    # Named decisions of the same kind at the same meeting are fine.
    Decision.objects.create(symbol="S/PRST/2004/27", slug="a", kind="presidential_statement", meeting=meeting)
    Decision.objects.create(symbol="S/PRST/2004/28", slug="b", kind="presidential_statement", meeting=meeting)


def test_one_speaker_per_iso_code_and_codes_only_for_states():
    Speaker.objects.create(kind="state", name="Libya", slug="libya", iso3="LBY")
    with pytest.raises(IntegrityError), transaction.atomic():
        Speaker.objects.create(kind="state", name="Libyan Arab Jamahiriya", slug="laj", iso3="LBY")
    with pytest.raises(IntegrityError), transaction.atomic():
        Speaker.objects.create(kind="organization", name="African Union", slug="au", iso3="AFU")


def test_an_alias_names_one_speaker_whatever_its_case_or_accents():
    libya = Speaker.objects.create(kind="state", name="Libya", slug="libya", iso3="LBY")
    SpeakerAlias.objects.create(speaker=libya, name="Libyan Arab Jamahiriya")
    other = Speaker.objects.create(kind="other", name="Someone", slug="someone")
    with pytest.raises(IntegrityError), transaction.atomic():
        SpeakerAlias.objects.create(speaker=other, name="  LIBYAN arab  jamahiriya ")


def test_a_statement_is_unique_at_its_place_in_its_source(django_assert_num_queries):
    from debates.models import SourceDocument

    doc = SourceDocument.objects.create(name="rep.txt", checksum="0" * 64, kind="repertoire")
    meeting = make_meeting()
    france = Speaker.objects.create(kind="state", name="France", slug="france", iso3="FRA")
    values = {"meeting": meeting, "speaker": france, "label": "The representative of France", "text": "…",
              "source": "repertoire", "source_document": doc, "source_key": "49A:6:0",
              "record": "S/PV.5007 (Resumption 1)", "pages": "10"}  # fmt: skip
    statement = Statement.objects.create(**values)
    assert statement.citation == "S/PV.5007 (Resumption 1), p. 10"
    with pytest.raises(IntegrityError), transaction.atomic():
        Statement.objects.create(**values)


def test_meeting_records_list_the_resumptions():
    meeting = make_meeting(resumptions=1)
    assert meeting.records == ["S/PV.5007", "S/PV.5007 (Resumption 1)"]
    assert meeting.get_absolute_url() == "/meetings/5007/"
