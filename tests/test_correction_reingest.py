"""Re-ingestion never overwrites a correction, and a merged name resolves to its speaker next time."""

import io

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils.html import escape

from debates.ingest import Report, detect, ingest_file
from debates.loaders.common import remove_stale_statements, upsert_statement
from debates.models import Speaker, Statement
from debates.speakers import SpeakerResolver
from tests.corrections_factory import make_document, make_speaker, make_user, statement_values

pytestmark = pytest.mark.django_db


def ingest_once(document, resolver, label: str, key: str = "item49/5007/1", **values) -> tuple:
    """What a loader does for one statement: resolve the printed label, upsert by source key."""
    report = Report()
    speaker = resolver.resolve(label)
    statement = upsert_statement(document, report, key, statement_values(speaker, label=label, **values))
    return statement, report


def test_a_corrected_statement_is_kept_and_reported_on_re_ingest():
    document = make_document()
    statement, _ = ingest_once(document, SpeakerResolver(), "Benin")
    ghana = make_speaker("Ghana", iso3="GHA")
    statement.speaker = ghana
    statement.person = "Mr. Effah-Apenteng"
    statement.save_correction(user=make_user("editor", editor=True), reason="Footnote cites Ghana")

    again, report = ingest_once(document, SpeakerResolver(), "Benin", text="The re-parsed summary.")

    assert again.pk == statement.pk
    statement.refresh_from_db()
    assert (statement.speaker, statement.person, statement.status) == (
        ghana,
        "Mr. Effah-Apenteng",
        "corrected",
    )
    assert statement.text != "The re-parsed summary."
    assert report.notes == [f"kept correction of statement {statement.pk}"]
    assert report.counts["corrections kept"] == 1


def test_a_verified_statement_is_kept_on_re_ingest():
    document = make_document()
    statement, _ = ingest_once(document, SpeakerResolver(), "Benin")
    Statement.objects.filter(pk=statement.pk).mark_verified()

    _, report = ingest_once(document, SpeakerResolver(), "Benin", pages="99")

    statement.refresh_from_db()
    assert (statement.pages, statement.status) == ("10", "verified")
    assert report.notes == [f"kept correction of statement {statement.pk}"]


def test_a_parsed_statement_is_refreshed_by_re_ingest():
    document = make_document()
    statement, _ = ingest_once(document, SpeakerResolver(), "Benin")

    _, report = ingest_once(document, SpeakerResolver(), "Benin", pages="11")

    statement.refresh_from_db()
    assert (statement.pages, statement.status) == ("11", "parsed")
    assert report.notes == []


def test_a_corrected_statement_the_new_version_no_longer_contains_is_kept():
    document = make_document()
    corrected, _ = ingest_once(document, SpeakerResolver(), "Benin", key="a")
    stale, _ = ingest_once(document, SpeakerResolver(), "Benin", key="b")
    corrected.person = "Mr. Adekanye"
    corrected.save_correction()
    report = Report()

    remove_stale_statements(document, report, seen_keys=set())

    assert list(Statement.objects.all()) == [corrected]
    assert not Statement.objects.filter(pk=stale.pk).exists()
    assert report.notes == [f"kept correction of statement {corrected.pk} (no longer in {document.name})"]


def test_a_merged_name_resolves_to_the_target_on_the_next_ingest():
    document = make_document()
    misspelt = "Libyan Arab Jamahiriyah"
    statement, _ = ingest_once(document, SpeakerResolver(), misspelt)
    duplicate = statement.speaker
    assert duplicate.needs_review, "the misspelt name should be unknown to the gazetteer"
    libya = SpeakerResolver().resolve("Libya")
    assert libya.iso3 == "LBY"

    duplicate.merge_into(libya, user=make_user("editor", editor=True))

    assert SpeakerResolver().lookup(misspelt) == libya
    again, report = ingest_once(document, SpeakerResolver(), misspelt, key="item49/5007/1")
    other, _ = ingest_once(document, SpeakerResolver(), misspelt, key="item49/5007/2")
    assert again.pk == statement.pk
    assert Statement.objects.get(pk=statement.pk).speaker == libya
    assert other.speaker == libya
    assert not Speaker.objects.filter(needs_review=True).exists()


# End to end through the real loaders, for every shipped document kind that has statements.
SHIPPED = [
    "repertoire/repertoire_2004-2007_items-49-50.txt",
    "verbatim/S_PV.8699(Resumption1)_E.pdf",
]


@pytest.mark.parametrize("name", SHIPPED)
def test_a_forced_re_ingest_of_a_shipped_document_keeps_every_correction(name):
    path = settings.CORPUS_DIR / name
    if detect(path.name, path.read_bytes()) is None:
        pytest.skip(f"no loader for {path.name} in this build")
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
    if detect(path.name, path.read_bytes()) is None:
        pytest.skip(f"no loader for {path.name} in this build")
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
