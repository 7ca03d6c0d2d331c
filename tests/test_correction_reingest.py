"""Re-ingestion never overwrites a correction, and a merged name resolves to its speaker next time."""

import io

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils.html import escape

from debates.ingest import Report, ingest_file
from debates.loaders.common import sync_statements
from debates.models import CorrectionReview, RetiredStatement, Speaker, Statement
from debates.speakers import SpeakerResolver
from tests.corrections_factory import make_document, make_speaker, make_user, statement_values

pytestmark = pytest.mark.django_db


def row(resolver, label: str, **values) -> dict:
    """A parsed statement as a loader gives it to ``sync_statements`` (column values by attname)."""
    speaker = resolver.resolve(label)
    fields = statement_values(speaker, label=label, **values)
    meeting = fields.pop("meeting")
    fields.pop("speaker")
    return {"meeting_id": meeting.pk, "speaker_id": speaker.pk, **fields}


def ingest(document, *rows, allow_removals: bool = False) -> Report:
    """What a loader does with a new version of ``document``: sync its statements."""
    report = Report(allow_removals=allow_removals)
    sync_statements(document, report, list(rows))
    return report


def only(document) -> Statement:
    return Statement.objects.get(source_document=document)


def test_a_corrected_statement_is_kept_and_reported_on_re_ingest():
    document = make_document()
    ingest(document, row(SpeakerResolver(), "Benin"))
    statement = only(document)
    ghana = make_speaker("Ghana", iso3="GHA")
    statement.speaker = ghana
    statement.person = "Mr. Effah-Apenteng"
    statement.save_correction(user=make_user("editor", editor=True), reason="Footnote cites Ghana")

    report = ingest(document, row(SpeakerResolver(), "Benin", pages="11"))

    statement.refresh_from_db()
    assert (statement.speaker, statement.person, statement.status, statement.pages) == (
        ghana,
        "Mr. Effah-Apenteng",
        "corrected",
        "10",
    )
    assert report.notes == [f"kept correction of statement {statement.pk}"]
    assert report.counts["corrections kept"] == 1
    assert not CorrectionReview.objects.exists(), "the passage did not change: nothing to review"


def test_a_verified_statement_is_kept_on_re_ingest():
    document = make_document()
    ingest(document, row(SpeakerResolver(), "Benin"))
    statement = only(document)
    Statement.objects.filter(pk=statement.pk).mark_verified()

    report = ingest(document, row(SpeakerResolver(), "Benin", pages="99"))

    statement.refresh_from_db()
    assert (statement.pages, statement.status) == ("10", "verified")
    assert report.notes == [f"kept correction of statement {statement.pk}"]


def test_a_parsed_statement_is_refreshed_by_re_ingest():
    document = make_document()
    ingest(document, row(SpeakerResolver(), "Benin"))
    statement = only(document)

    report = ingest(document, row(SpeakerResolver(), "Benin", pages="11"))

    assert only(document).pk == statement.pk
    assert only(document).pages == "11"
    assert report.notes == [] and report.counts["statements updated"] == 1


def test_a_corrected_statement_the_new_version_no_longer_contains_is_kept_and_flagged():
    document = make_document()
    resolver = SpeakerResolver()
    ingest(document, row(resolver, "Benin", text="Benin spoke first."), row(resolver, "Togo"))
    corrected = Statement.objects.get(label="Benin")
    stale = Statement.objects.get(label="Togo")
    corrected.person = "Mr. Adekanye"
    corrected.save_correction()

    report = ingest(document, allow_removals=True)

    assert list(Statement.objects.all()) == [corrected]
    assert RetiredStatement.objects.get(pk=stale.pk).label == "Togo"
    assert report.notes == [f"kept correction of statement {corrected.pk} (no longer in {document.name})"]
    review = CorrectionReview.objects.get(statement=corrected)
    assert (review.change, review.passage_then, review.passage_now) == ("gone", "Benin spoke first.", "")


def test_a_merged_name_resolves_to_the_target_on_the_next_ingest():
    document = make_document()
    misspelt = "Libyan Arab Jamahiriyah"
    ingest(document, row(SpeakerResolver(), misspelt))
    statement = only(document)
    duplicate = statement.speaker
    assert duplicate.needs_review, "the misspelt name should be unknown to the gazetteer"
    libya = SpeakerResolver().resolve("Libya")
    assert libya.iso3 == "LBY"

    duplicate.merge_into(libya, user=make_user("editor", editor=True))

    assert SpeakerResolver().lookup(misspelt) == libya
    ingest(document, row(SpeakerResolver(), misspelt), row(SpeakerResolver(), misspelt, text="More."))
    again, other = Statement.objects.order_by("pk")
    assert again.pk == statement.pk
    assert (again.speaker, other.speaker) == (libya, libya)
    assert not Speaker.objects.filter(needs_review=True).exists()


# End to end through the real loaders, for every shipped document kind that has statements.
SHIPPED = [
    "repertoire/repertoire_2004-2007_items-49-50.txt",
    "verbatim/S_PV.8699(Resumption1)_E.pdf",
]


@pytest.mark.parametrize("name", SHIPPED)
def test_a_forced_re_ingest_of_a_shipped_document_keeps_every_correction(name):
    path = settings.CORPUS_DIR / name
    document, _ = ingest_file(path)
    statements = list(Statement.objects.filter(source_document=document).order_by("position")[:3])
    assert len(statements) == 3, f"{name} should give statements"
    first, second, third = statements
    editor = make_user("editor", editor=True)
    other = make_speaker("Correction target", kind=Speaker.Kind.OTHER)
    Statement.objects.filter(pk=first.pk).reassign(other, user=editor, reason="Test correction")
    second.person = "Corrected Person"
    second.save_correction(user=editor)
    Statement.objects.filter(pk=third.pk).mark_verified(user=editor)
    before = {s.pk: s for s in Statement.objects.filter(pk__in=[first.pk, second.pk, third.pk])}

    out = io.StringIO()
    call_command("ingest", str(path), "--force", stdout=out)

    after = {s.pk: s for s in Statement.objects.filter(pk__in=before)}
    assert set(after) == set(before)
    printed = out.getvalue().splitlines()
    for pk, kept in before.items():
        for field in (*Statement.ATTRIBUTION_FIELDS, "status"):
            assert getattr(after[pk], field) == getattr(kept, field), (pk, field)
        assert f"  kept correction of statement {pk}" in printed
    assert after[first.pk].speaker == other
    assert (after[second.pk].person, after[third.pk].status) == ("Corrected Person", "verified")


def test_the_admin_shows_an_ingested_statement_in_its_source_passage(client):
    path = settings.CORPUS_DIR / SHIPPED[0]
    document, _ = ingest_file(path)
    statement = Statement.objects.filter(source_document=document, source_start__isnull=False).first()
    source = path.read_text(encoding="utf-8-sig")
    client.force_login(make_user("editor", editor=True))

    response = client.get(reverse("admin:debates_statement_change", args=[statement.pk]))

    passage = source[statement.source_start : statement.source_end]
    assert passage.split()[:6] == statement.text.split()[:6]
    assert f"<mark>{escape(passage)}</mark>" in response.text
    # No statement was ever written with history: the first correction records its ingested state.
    statement.person = "Mr. Annan"
    statement.save_correction(reason="Named in the record")
    assert [r.person for r in statement.history.order_by("history_date")] == ["", "Mr. Annan"]
