"""Correcting attributions: the admin form, bulk actions, speaker merge, history, public page."""

import datetime
import io
import json

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from debates.models import Decision, Meeting, Speaker, SpeakerAlias, Statement, Vote
from tests.corrections_factory import (
    change_url,
    form_data,
    make_document,
    make_meeting,
    make_speaker,
    make_statement,
    make_user,
    statement_values,
)

pytestmark = pytest.mark.django_db

REPERTOIRE = "repertoire_2004-2007_items-49-50.txt"


@pytest.fixture
def editor(client):
    user = make_user("editor", editor=True)
    client.force_login(user)
    return user


def test_an_edit_records_who_when_the_old_and_new_values_and_the_reason(client, editor):
    benin, ghana = make_speaker("Benin"), make_speaker("Ghana")
    statement = make_statement(benin)

    response = client.post(
        change_url(statement),
        form_data(statement, speaker=ghana.pk, pages="11", change_reason="Footnote 12 cites Ghana"),
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    statement.refresh_from_db()
    assert (statement.speaker, statement.pages, statement.status) == (ghana, "11", "corrected")
    change, created = statement.history.order_by("-history_date")[:2]
    assert change.history_user == editor
    assert change.history_change_reason == "Footnote 12 cites Ghana"
    delta = change.diff_against(created)
    assert {c.field: (c.old, c.new) for c in delta.changes} == {
        "speaker": (benin.pk, ghana.pk),
        "pages": ("10", "11"),
        "status": ("parsed", "corrected"),
    }


def test_the_history_page_shows_before_after_who_and_why(client, editor):
    benin, ghana = make_speaker("Benin"), make_speaker("Ghana")
    statement = make_statement(benin)
    client.post(
        change_url(statement), form_data(statement, speaker=ghana.pk, change_reason="Misread footnote")
    )

    response = client.get(reverse("admin:debates_statement_history", args=[statement.pk]))

    assert response.status_code == 200
    correction = response.context["page_obj"][0]
    assert correction.history_delta_changes == [
        {"field": "Speaker", "old": "Benin", "new": "Ghana"},
        {"field": "Status", "old": "parsed", "new": "corrected"},
    ]
    row = " ".join(response.text.split())
    assert "<strong>Speaker:</strong> Benin &nbsp;&rarr;&nbsp;&nbsp;Ghana" in row
    assert "Misread footnote" in row
    assert f'<a href="/admin/auth/user/{editor.pk}/change/">editor</a>' in row


def test_reverting_to_an_earlier_version_is_recorded_and_kept_as_a_correction(client, editor):
    benin, ghana = make_speaker("Benin"), make_speaker("Ghana")
    statement = make_statement(benin)
    client.post(change_url(statement), form_data(statement, speaker=ghana.pk))
    ingested = statement.history.earliest()
    statement.refresh_from_db()

    response = client.post(
        reverse("admin:debates_statement_simple_history", args=[statement.pk, ingested.history_id]),
        form_data(statement, speaker=benin.pk, status="parsed", change_reason="Undo"),
    )

    assert response.status_code == 302
    statement.refresh_from_db()
    # Back to the parsed speaker, but as a staff decision that re-ingestion keeps.
    assert (statement.speaker, statement.status) == (benin, "corrected")
    latest = statement.history.latest()
    assert (latest.history_user, latest.history_change_reason, latest.prev_record.speaker_id) == (
        editor,
        "Undo",
        ghana.pk,
    )


def test_a_statement_inserted_without_history_gets_its_ingested_state_recorded_first(client, editor):
    benin, ghana = make_speaker("Benin"), make_speaker("Ghana")
    # Loaders may bulk-insert, which records no history.
    (statement,) = Statement.objects.bulk_create(
        [Statement(source_document=make_document(), source_key="bulk/1", **statement_values(benin))]
    )
    assert not statement.history.exists()

    client.post(change_url(statement), form_data(statement, speaker=ghana.pk))

    after, before = statement.history.order_by("-history_date")
    assert (before.speaker_id, before.status, before.history_user) == (benin.pk, "parsed", None)
    assert (after.speaker_id, after.status, after.history_user) == (ghana.pk, "corrected", editor)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("person", "Mr. Adekanye"),
        ("capacity", "president"),
        ("record", "S/PV.5007 (Resumption 1)"),
        ("text", "A different summary."),
        ("pages", "12-13"),
    ],
)
def test_any_change_to_the_attribution_marks_the_statement_corrected(client, editor, field, value):
    statement = make_statement(make_speaker("Benin"))

    client.post(change_url(statement), form_data(statement, **{field: value}))

    statement.refresh_from_db()
    assert getattr(statement, field) == value
    assert statement.status == Statement.Status.CORRECTED


def test_staff_may_mark_a_corrected_statement_verified_in_the_same_edit(client, editor):
    statement = make_statement(make_speaker("Benin"))

    client.post(change_url(statement), form_data(statement, person="Mr. Adekanye", status="verified"))

    statement.refresh_from_db()
    assert (statement.person, statement.status) == ("Mr. Adekanye", "verified")


def test_a_change_outside_the_attribution_leaves_a_parsed_statement_parsed(client, editor):
    statement = make_statement(make_speaker("Benin"))

    client.post(change_url(statement), form_data(statement, language="French"))

    statement.refresh_from_db()
    assert (statement.language, statement.status) == ("French", "parsed")
    assert statement.history.count() == 2


def test_the_form_shows_the_label_as_printed_the_source_passage_and_links(client, editor):
    text = (make_document(REPERTOIRE).find_file()).read_text(encoding="utf-8-sig")
    passage = "Council members"
    start = text.index(passage)
    speaker = make_speaker("Benin")
    statement = make_statement(
        speaker,
        document=make_document(REPERTOIRE),
        label="the representative of Benin",
        record="S/PV.5007 (Resumption 1)",
        source_start=start,
        source_end=start + len(passage),
    )

    response = client.get(change_url(statement))

    assert response.status_code == 200
    assert "the representative of Benin" in response.text
    assert f"<mark>{passage}</mark>" in response.text
    assert text[start - 40 : start].split("\n")[-1] in response.text
    assert 'href="https://undocs.org/S/PV.5007(Resumption1)"' in response.text
    assert (
        reverse("admin:debates_sourcedocument_change", args=[statement.source_document_id]) in response.text
    )
    # Speakers are chosen with the admin's autocomplete.
    assert response.text.count('class="admin-autocomplete') == 2


def test_without_offsets_the_form_shows_the_parsed_text(client, editor):
    statement = make_statement(make_speaker("Benin"), text="Benin & its neighbours <welcomed> it.")

    response = client.get(change_url(statement))

    assert "Benin &amp; its neighbours &lt;welcomed&gt; it." in response.text
    assert "the parsed text is shown" in response.text


def test_reassign_action_asks_for_a_speaker_and_a_reason_then_records_each_change(client, editor):
    benin, ghana, other = make_speaker("Benin"), make_speaker("Ghana"), make_speaker("Chile")
    chosen = [make_statement(benin), make_statement(benin)]
    untouched = make_statement(benin)
    changelist = reverse("admin:debates_statement_changelist")
    selection = {"action": "reassign_speaker", ACTION_CHECKBOX_NAME: [s.pk for s in chosen]}

    page = client.post(changelist, {**selection, "index": 0})

    assert page.status_code == 200
    assert "csrfmiddlewaretoken" in page.text
    assert "Reassign statements" in page.text
    assert Statement.objects.filter(speaker=benin).count() == 3

    done = client.post(changelist, {**selection, "apply": "1", "speaker": ghana.pk, "reason": "Ghana spoke"})

    assert done.status_code == 302
    assert set(Statement.objects.filter(speaker=ghana)) == set(chosen)
    assert all(s.status == "corrected" for s in Statement.objects.filter(speaker=ghana))
    untouched.refresh_from_db()
    assert (untouched.speaker, untouched.status) == (benin, "parsed")
    for statement in chosen:
        latest = statement.history.latest()
        assert (latest.history_user, latest.history_change_reason) == (editor, "Ghana spoke")
        assert latest.prev_record.speaker_id == benin.pk
    assert not Statement.objects.filter(speaker=other).exists()


def test_reassign_action_without_a_speaker_changes_nothing(client, editor):
    benin = make_speaker("Benin")
    statement = make_statement(benin)

    response = client.post(
        reverse("admin:debates_statement_changelist"),
        {"action": "reassign_speaker", ACTION_CHECKBOX_NAME: [statement.pk], "apply": "1", "speaker": ""},
    )

    assert response.status_code == 200
    assert "This field is required" in response.text
    statement.refresh_from_db()
    assert (statement.speaker, statement.status) == (benin, "parsed")


def test_mark_verified_action(client, editor):
    benin = make_speaker("Benin")
    statements = [make_statement(benin), make_statement(benin)]

    response = client.post(
        reverse("admin:debates_statement_changelist"),
        {"action": "mark_verified", ACTION_CHECKBOX_NAME: [s.pk for s in statements], "index": 0},
    )

    assert response.status_code == 302
    for statement in statements:
        statement.refresh_from_db()
        assert statement.status == "verified"
        latest = statement.history.latest()
        assert (latest.history_user, latest.prev_record.status) == (editor, "parsed")


def make_duplicate_world():
    """Libya, and the same State created again from a name the gazetteer did not know."""
    libya = make_speaker("Libya", iso3="LBY")
    duplicate = make_speaker("Libyan Arab Jamahiriyah", needs_review=True)
    SpeakerAlias.objects.create(speaker=duplicate, name="Jamahiriya")
    chile = make_speaker("Chile")
    meeting = make_meeting(5100, president=duplicate)
    spoken = [make_statement(duplicate, meeting=meeting), make_statement(duplicate, meeting=meeting)]
    for_it = make_statement(chile, meeting=meeting, capacity="on_behalf", on_behalf_of=duplicate)
    resolution = Decision.objects.create(
        symbol="S/RES/1631 (2005)", slug="s-res-1631-2005", kind="resolution"
    )
    draft = Decision.objects.create(symbol="S/2005/1", slug="s-2005-1", kind="draft_resolution")
    Vote.objects.create(decision=resolution, speaker=duplicate, choice="yes")
    Vote.objects.create(decision=resolution, speaker=libya, choice="yes")
    Vote.objects.create(decision=draft, speaker=duplicate, choice="abstain")
    return libya, duplicate, meeting, spoken, for_it


def test_merge_moves_everything_to_the_target_and_keeps_the_names_as_aliases(editor):
    libya, duplicate, meeting, spoken, for_it = make_duplicate_world()
    duplicate_id = duplicate.pk

    moved = duplicate.merge_into(libya, user=editor, reason="Same State")

    assert not Speaker.objects.filter(pk=duplicate_id).exists()
    assert set(libya.statements.all()) == set(spoken)
    assert list(libya.statements_on_behalf.all()) == [for_it]
    assert Meeting.objects.get(pk=meeting.pk).president == libya
    assert sorted(libya.votes.values_list("decision__symbol", "choice")) == [
        ("S/2005/1", "abstain"),
        ("S/RES/1631 (2005)", "yes"),
    ]
    assert sorted(libya.aliases.values_list("name", flat=True)) == ["Jamahiriya", "Libyan Arab Jamahiriyah"]
    assert moved == {
        "statements": 2,
        "statements on behalf": 1,
        "votes": 1,
        "duplicate votes": 1,
        "meetings": 1,
        "aliases": 2,
    }
    # Each moved statement's history says who merged, why and from which speaker.
    latest = spoken[0].history.latest()
    assert (latest.history_user, latest.history_change_reason) == (editor, "Same State")
    assert latest.prev_record.speaker_id == duplicate_id
    # Merging is not a correction of the attribution: a re-ingest resolves the alias the same way.
    assert Statement.objects.get(pk=spoken[0].pk).status == "parsed"
    # The target's history records the merge; the duplicate's history its deletion.
    assert libya.history.latest().history_change_reason == "Same State"
    assert Speaker.history.filter(id=duplicate_id).latest().history_type == "-"


def test_merge_refuses_speakers_that_voted_differently_and_changes_nothing(editor):
    libya, duplicate, meeting, spoken, for_it = make_duplicate_world()
    draft = Decision.objects.get(symbol="S/2005/1")
    Vote.objects.create(decision=draft, speaker=libya, choice="no")

    with pytest.raises(ValidationError, match="voted differently"):
        duplicate.merge_into(libya, user=editor)

    assert Speaker.objects.filter(pk=duplicate.pk).exists()
    assert duplicate.statements.count() == 2
    assert not libya.aliases.exists()


def test_a_speaker_cannot_be_merged_into_itself():
    benin = make_speaker("Benin")
    with pytest.raises(ValidationError, match="itself"):
        benin.merge_into(Speaker.objects.get(pk=benin.pk))
    assert Speaker.objects.filter(pk=benin.pk).exists()


def test_merge_action_in_the_admin(client, editor):
    libya, duplicate, meeting, spoken, for_it = make_duplicate_world()
    other = make_speaker("Libyan Arab Jamahiriya (the)", needs_review=True)
    make_statement(other, meeting=meeting)
    changelist = reverse("admin:debates_speaker_changelist")
    selection = {"action": "merge_speakers", ACTION_CHECKBOX_NAME: [duplicate.pk, other.pk]}

    page = client.post(changelist, {**selection, "index": 0})
    assert page.status_code == 200
    assert "Merge into" in page.text

    done = client.post(changelist, {**selection, "apply": "1", "speaker": libya.pk, "reason": "Old name"})

    assert done.status_code == 302
    assert not Speaker.objects.filter(pk__in=[duplicate.pk, other.pk]).exists()
    assert libya.statements.count() == 3
    assert set(libya.aliases.values_list("key", flat=True)) >= {
        "libyan arab jamahiriyah",
        "libyan arab jamahiriya (the)",
    }


def test_a_failed_merge_in_the_admin_merges_none_of_the_selection(client, editor):
    libya, duplicate, meeting, spoken, for_it = make_duplicate_world()
    clean = make_speaker("Libia", needs_review=True)
    make_statement(clean)
    Vote.objects.create(decision=Decision.objects.get(symbol="S/2005/1"), speaker=libya, choice="no")

    response = client.post(
        reverse("admin:debates_speaker_changelist"),
        {
            "action": "merge_speakers",
            ACTION_CHECKBOX_NAME: [clean.pk, duplicate.pk],
            "apply": "1",
            "speaker": libya.pk,
        },
    )

    assert response.status_code == 200
    assert "voted differently" in response.text
    assert Speaker.objects.filter(pk__in=[clean.pk, duplicate.pk]).count() == 2
    assert not libya.statements.exists()


def test_the_public_page_says_when_the_attribution_was_corrected(client, editor):
    benin, ghana = make_speaker("Benin"), make_speaker("Ghana")
    statement = make_statement(benin)
    untouched = make_statement(benin)

    client.post(change_url(statement), form_data(statement, speaker=ghana.pk))
    statement.refresh_from_db()
    correction = statement.history.latest()

    response = client.get(statement.get_absolute_url())
    assert "corrected the attribution of this statement on" in response.text
    assert f'datetime="{correction.history_date.isoformat()}"' in response.text
    assert statement.correction_date == correction.history_date
    assert "corrected the attribution" not in client.get(untouched.get_absolute_url()).text


def test_only_a_change_of_attribution_counts_as_a_correction():
    benin = make_speaker("Benin")
    statement = make_statement(benin)
    statement.language = "French"
    statement.save_correction(reason="Language")
    assert statement.last_correction is None

    del statement.last_correction
    Statement.objects.filter(pk=statement.pk).mark_verified()
    statement.refresh_from_db()
    assert statement.status == "verified"
    assert statement.last_correction is None


def test_the_public_page_costs_no_extra_query_for_a_parsed_statement(client):
    statement = make_statement(make_speaker("Benin"))
    with CaptureQueriesContext(connection) as parsed:
        client.get(statement.get_absolute_url())
    statement.person = "Mr. Adekanye"
    statement.save_correction()
    with CaptureQueriesContext(connection) as corrected:
        client.get(statement.get_absolute_url())
    assert len(corrected) == len(parsed) + 1


def test_pages_and_filters_reflect_a_correction_at_once(client, editor):
    benin, ghana = make_speaker("Benin", iso3="BEN"), make_speaker("Ghana", iso3="GHA")
    statement = make_statement(benin, meeting=make_meeting(5282, date=datetime.date(2005, 10, 17)))
    meeting = str(statement.meeting)
    assert list(Statement.objects.by_country("GHA")) == []
    assert meeting not in client.get(ghana.get_absolute_url()).text

    client.post(change_url(statement), form_data(statement, speaker=ghana.pk))

    assert list(Statement.objects.by_country("GHA")) == [statement]
    assert list(Statement.objects.by_country("BEN")) == []
    assert meeting in client.get(ghana.get_absolute_url()).text
    assert meeting not in client.get(benin.get_absolute_url()).text
    assert "Ghana" in client.get(statement.get_absolute_url()).context["statement"].speaker.name
    statement_list = reverse("debates:statement-list")
    assert statement.get_absolute_url() in client.get(statement_list, {"speaker": ghana.slug}).text
    assert statement.get_absolute_url() not in client.get(statement_list, {"speaker": benin.slug}).text


def test_exports_reflect_a_correction_at_once(client, editor):
    benin, ghana = make_speaker("Benin", iso3="BEN"), make_speaker("Ghana", iso3="GHA")
    statement = make_statement(benin)

    client.post(change_url(statement), form_data(statement, speaker=ghana.pk, person="Mr. Effah-Apenteng"))

    out = io.StringIO()
    call_command("export", "statements", "--format", "jsonl", stdout=out)
    (row,) = [json.loads(line) for line in out.getvalue().splitlines()]
    assert (row["id"], row["speaker"], row["country"], row["person"], row["status"]) == (
        statement.pk,
        "Ghana",
        "GHA",
        "Mr. Effah-Apenteng",
        "corrected",
    )


def test_search_reflects_a_corrected_text_at_once(client, editor):
    statement = make_statement(make_speaker("Benin"), text="The Council discussed piracy off Somalia.")
    assert list(Statement.objects.search("piracy")) == [statement]

    client.post(
        change_url(statement), form_data(statement, text="The Council discussed drought in the Sahel.")
    )

    assert list(Statement.objects.search("piracy")) == []
    assert list(Statement.objects.search("drought")) == [statement]


def test_a_speaker_edit_records_its_reason(client, editor):
    speaker = make_speaker("Libia", needs_review=True)
    data = {
        "kind": "state",
        "name": "Libya",
        "slug": "libya",
        "iso3": "LBY",
        "acronym": "",
        "change_reason": "Misspelt by the source",
        "aliases-TOTAL_FORMS": "0",
        "aliases-INITIAL_FORMS": "0",
    }

    response = client.post(reverse("admin:debates_speaker_change", args=[speaker.pk]), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    latest = Speaker.history.filter(id=speaker.pk).latest()
    assert (latest.name, latest.needs_review, latest.history_user) == ("Libya", False, editor)
    assert latest.history_change_reason == "Misspelt by the source"


def test_a_speaker_is_merged_from_its_own_page(client, editor):
    libya, duplicate, meeting, spoken, for_it = make_duplicate_world()
    change = client.get(reverse("admin:debates_speaker_change", args=[duplicate.pk]))
    merge = reverse("admin:debates_speaker_merge", args=[duplicate.pk])
    assert f'<a href="{merge}">Merge into another speaker…</a>' in change.text

    page = client.get(merge)
    assert "Libyan Arab Jamahiriyah" in page.text
    done = client.post(merge, {"apply": "1", "speaker": libya.pk, "reason": "Old spelling"})

    assert done.status_code == 302
    assert done.url == reverse("admin:debates_speaker_change", args=[libya.pk])
    assert set(libya.statements.all()) == set(spoken)
    assert libya.history.latest().history_change_reason == "Old spelling"
