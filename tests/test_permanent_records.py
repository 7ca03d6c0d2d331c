"""Permanent records: no ingest may re-point, delete or duplicate what researchers cite.

Each modified document is written here from a shipped one (pages cut from a
real record, a real Repertoire text cut or edited), as tests/pdfs.py does.
"""

from __future__ import annotations

import io
import shutil
from io import StringIO

import pypdf
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.urls import reverse

from debates.models import CorrectionReview, RetiredStatement, SourceDocument, Speaker, Statement
from debates.speakers import SpeakerResolver
from tests.corrections_factory import make_user

pytestmark = pytest.mark.django_db

VERBATIM = settings.CORPUS_DIR / "verbatim"
REPERTOIRE = settings.CORPUS_DIR / "repertoire" / "repertoire_2004-2007_items-49-50.txt"


def without_pages(source, first: int, last: int) -> bytes:
    """The PDF without its pages ``first`` to ``last`` (1-based, as printed on the record)."""
    reader = pypdf.PdfReader(source)
    writer = pypdf.PdfWriter()
    for number, page in enumerate(reader.pages, start=1):
        if not first <= number <= last:
            writer.add_page(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def ingest(*paths, **options) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("ingest", *map(str, paths), stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def refused(*paths, **options) -> str:
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("ingest", *map(str, paths), stdout=StringIO(), stderr=err, **options)
    return err.getvalue()


def permalinks() -> dict[int, tuple[str, str]]:
    """Every statement's id with what it says: speaker as printed and the start of its text."""
    return {s.pk: (s.label, s.text[:200]) for s in Statement.objects.all()}


def answers(client, pk: int):
    return client.get(reverse("debates:statement-detail", kwargs={"pk": pk}))


@pytest.fixture
def record_8703(tmp_path):
    path = tmp_path / "S_PV.8703_E.pdf"
    shutil.copy(VERBATIM / path.name, path)
    return path


@pytest.fixture
def repertoire(tmp_path, settings):
    """A copy of the shipped Repertoire text, in a corpus folder of its own (the admin reads it there)."""
    settings.CORPUS_DIR = tmp_path
    path = tmp_path / REPERTOIRE.name
    shutil.copy(REPERTOIRE, path)
    return path


class TestPagesLostFromARecord:
    def test_the_new_version_is_refused_with_one_line_naming_the_file_and_the_counts(self, record_8703):
        ingest(record_8703)
        before = permalinks()
        record_8703.write_bytes(without_pages(VERBATIM / record_8703.name, 5, 7))

        errors = refused(record_8703).splitlines()

        line = next(line for line in errors if line.startswith(str(record_8703)))
        assert "S/PV.8703 would remove" in line and f"of its {len(before)} statements" in line
        assert "--allow-removals" in line
        assert permalinks() == before
        document = SourceDocument.objects.get(identity="S/PV.8703")
        assert document.message.startswith("last ingest failed: the new version of S/PV.8703 would remove")

    def test_allowed_it_never_shows_another_speech_under_an_old_permalink(self, client, record_8703):
        ingest(record_8703)
        before = permalinks()
        corrected = Statement.objects.filter(record="S/PV.8703").order_by("-position").first()
        corrected.person = "Corrected by staff"
        corrected.save_correction(user=make_user("editor", editor=True))
        record_8703.write_bytes(without_pages(VERBATIM / record_8703.name, 5, 7))

        out, _ = ingest(record_8703, allow_removals=True)

        retired = set(RetiredStatement.objects.values_list("pk", flat=True))
        assert retired and "statements retired" in out
        for pk, (label, text) in before.items():
            response = answers(client, pk)
            if pk in retired:
                assert response.status_code == 410
                assert label in response.text
                continue
            assert response.status_code == 200
            statement = response.context["statement"]
            # The same speaker as printed; the same words where the speech was not cut.
            assert statement.label == label, f"/statements/{pk}/ now shows another speaker"
            assert statement.text[:100] == text[:100] or statement.text[:40] == text[:40]
        # The correction exists once: no parsed twin of it was created.
        twins = Statement.objects.filter(
            source_document=corrected.source_document, label=corrected.label, text=corrected.text
        )
        assert list(twins) == [corrected]
        assert Statement.objects.get(pk=corrected.pk).person == "Corrected by staff"

    def test_the_dry_run_lists_what_would_be_removed_and_writes_nothing(self, record_8703):
        ingest(record_8703)
        before = permalinks()
        record_8703.write_bytes(without_pages(VERBATIM / record_8703.name, 5, 7))

        out, _ = ingest(record_8703, dry_run=True, allow_removals=True)

        removed = [line for line in out.splitlines() if line.startswith("  removed ")]
        assert removed, out
        pk = int(removed[0].split()[1].rstrip(":"))
        assert before[pk][0] in removed[0]
        assert "checked (dry run, nothing written)" in out
        assert permalinks() == before and not RetiredStatement.objects.exists()


class TestRepertoireVersions:
    def test_the_text_cut_in_half_under_its_own_name_is_refused(self, repertoire):
        ingest(repertoire)
        before = permalinks()
        text = repertoire.read_text(encoding="utf-8")
        repertoire.write_text(text[: len(text) // 2], encoding="utf-8")

        line = refused(repertoire).splitlines()[0]

        assert line.startswith(f"{repertoire}: the new version of Repertoire items 49, 50")
        assert f"of its {len(before)} statements" in line
        assert permalinks() == before

    def test_the_dry_run_of_a_cut_text_names_each_statement_it_would_remove(self, repertoire):
        ingest(repertoire)
        before = permalinks()
        text = repertoire.read_text(encoding="utf-8")
        repertoire.write_text(text[: len(text) // 2], encoding="utf-8")

        out, _ = ingest(repertoire, dry_run=True, allow_removals=True)

        removed = {int(line.split()[1].rstrip(":")) for line in out.splitlines() if "  removed " in line}
        assert len(removed) > len(before) // 10 and removed <= set(before)
        assert permalinks() == before

    def test_an_edited_passage_and_footnote_keep_every_id(self, repertoire):
        ingest(repertoire)
        before = permalinks()
        france = Statement.objects.get(footnote=6, item__letter="A")
        text = repertoire.read_text(encoding="utf-8")
        edited = text.replace("pivotal role to play", "central role to play")
        # A footnote corrected: another page of the same record.
        edited = edited.replace("S/PV.5007 (Resumption 1), p. 10.", "S/PV.5007 (Resumption 1), p. 11.", 1)
        assert edited.count("central role") == 1 and edited != text
        repertoire.write_text(edited, encoding="utf-8")

        out, _ = ingest(repertoire)

        assert set(permalinks()) == set(before)
        assert not RetiredStatement.objects.exists()
        assert "statements changed" in out and "statements created" not in out
        france.refresh_from_db()
        assert "central role to play" in france.text and france.pages == "11"

    def test_a_cut_copy_under_a_new_name_adds_nothing(self, repertoire, tmp_path):
        ingest(repertoire)
        before = permalinks()
        text = repertoire.read_text(encoding="utf-8")
        copy = tmp_path / "repertoire_copy.txt"
        copy.write_text(text[: len(text) // 2], encoding="utf-8")

        line = refused(copy).splitlines()[0]

        assert line.startswith(f"{copy}: the new version of Repertoire items 49, 50")
        assert permalinks() == before


class TestCopiesAndReloads:
    def test_a_byte_identical_copy_under_another_name_is_skipped_with_a_line(self, tmp_path):
        original = tmp_path / "S_PV.8701_E.pdf"
        shutil.copy(VERBATIM / original.name, original)
        ingest(original)
        before = permalinks()
        copy = tmp_path / "S_PV.8701_E (1).pdf"
        shutil.copy(original, copy)

        out, _ = ingest(copy)

        assert (
            f"{copy.name}: the same bytes as {original.name} (S/PV.8701), loaded before: "
            "a copy under another name, skipped"
        ) in out
        assert permalinks() == before and SourceDocument.objects.count() == 1

    def test_a_changed_copy_under_another_name_is_a_new_version(self, tmp_path):
        original = tmp_path / "S_PV.8701_E.pdf"
        shutil.copy(VERBATIM / original.name, original)
        ingest(original)
        before = permalinks()
        copy = tmp_path / "record-8701.pdf"
        reader = pypdf.PdfReader(original)
        writer = pypdf.PdfWriter(clone_from=reader)
        writer.add_metadata({"/Title": "Downloaded again"})  # other bytes, the same record
        with copy.open("wb") as file:
            writer.write(file)

        out, _ = ingest(copy)

        assert "a new version of S/PV.8701, last loaded as S_PV.8701_E.pdf" in out
        assert permalinks() == before
        assert SourceDocument.objects.get().name == copy.name

    def test_a_document_deleted_and_loaded_again_gets_its_old_ids_back(self, client, tmp_path):
        path = tmp_path / "S_PV.8702_E.pdf"
        shutil.copy(VERBATIM / path.name, path)
        ingest(path)
        before = permalinks()
        document = SourceDocument.objects.get()
        document.statements.all().delete()
        document.delete()
        assert answers(client, next(iter(before))).status_code == 410

        ingest(path)

        assert permalinks() == before
        assert not RetiredStatement.objects.exists()
        assert all(answers(client, pk).status_code == 200 for pk in list(before)[:3])


class TestCorrectionsToReview:
    def test_a_correction_whose_passage_disappears_is_kept_flagged_and_never_shown_elsewhere(
        self, client, repertoire
    ):
        ingest(repertoire)
        france = Statement.objects.get(footnote=6, item__letter="A")
        as_parsed = france.text
        editor = make_user("editor", editor=True)
        france.speaker = SpeakerResolver().resolve("Belgium")
        france.save_correction(user=editor, reason="The footnote cites Belgium")
        text = repertoire.read_text(encoding="utf-8")
        repertoire.write_text(
            text.replace("The representative of France noted", "It was noted"), encoding="utf-8"
        )

        out, _ = ingest(repertoire)

        assert f"kept correction of statement {france.pk} (no longer in {repertoire.name})" in out
        france.refresh_from_db()
        assert (france.status, france.speaker.iso3) == ("corrected", "BEL")
        assert Statement.objects.filter(text=as_parsed).count() == 1
        review = CorrectionReview.objects.get(statement=france)
        assert (review.change, review.passage_then, review.passage_now) == ("gone", as_parsed, "")

        client.force_login(editor)
        queue = client.get(reverse("admin:debates_correctionreview_changelist"))
        assert queue.status_code == 200
        assert as_parsed[:60] in queue.text and "No longer in the source." in queue.text
        form = client.get(reverse("admin:debates_statement_change", args=[france.pk]))
        assert "<mark>" not in form.text, "the admin must not show another passage as the source"
        assert "is no longer in the current version of the source" in form.text

        done = client.post(
            reverse("admin:debates_correctionreview_changelist"),
            {"action": "mark_reviewed", "_selected_action": [review.pk]},
        )
        assert done.status_code == 302
        review.refresh_from_db()
        assert review.reviewed is not None and review.reviewed_by == editor
        assert as_parsed[:60] not in client.get(reverse("admin:debates_correctionreview_changelist")).text

    def test_a_correction_whose_passage_changed_shows_it_then_and_now(self, client, repertoire):
        ingest(repertoire)
        france = Statement.objects.get(footnote=6, item__letter="A")
        as_parsed = france.text
        france.person = "Mr. de La Sablière"
        france.save_correction()
        text = repertoire.read_text(encoding="utf-8")
        repertoire.write_text(text.replace("pivotal role to play", "central role to play"), encoding="utf-8")

        ingest(repertoire)

        france.refresh_from_db()
        assert france.text == as_parsed and france.person == "Mr. de La Sablière"
        review = CorrectionReview.objects.get(statement=france)
        assert review.change == "changed" and review.passage_then == as_parsed
        assert "central role to play" in review.passage_now
        client.force_login(make_user("editor", editor=True))
        form = client.get(reverse("admin:debates_statement_change", args=[france.pk]))
        # The source panel shows the statement's passage where it now is, and says it changed.
        assert "central role to play" in form.text
        assert "changed in the current version of the source since it was corrected" in form.text

    def test_the_admin_shows_no_passage_from_a_file_that_is_not_the_version_loaded(self, client, repertoire):
        ingest(repertoire)
        statement = Statement.objects.get(footnote=6, item__letter="A")
        client.force_login(make_user("editor", editor=True))
        url = reverse("admin:debates_statement_change", args=[statement.pk])
        assert "<mark>" in client.get(url).text
        repertoire.write_text("Another text altogether.\n" * 2000, encoding="utf-8")
        assert "<mark>" not in client.get(url).text


class TestTombstones:
    def test_a_retired_statement_answers_410_saying_what_it_was(self, client, archive):
        statement = archive["statements"]["fra1"]
        meeting = statement.meeting
        tombstone = statement.retire(reason="Not in the new version of the document.")

        response = answers(client, tombstone.pk)

        assert response.status_code == 410
        text = " ".join(response.text.split())
        assert "France" in text and "S/PV.5007 (Resumption 1), p. 10" in text
        assert "Not in the new version of the document." in text
        assert f'href="{meeting.get_absolute_url()}"' in text
        assert "France supported targeted sanctions" in text

    def test_a_statement_retired_with_a_successor_redirects_along_the_chain(self, client, archive):
        first, second, third = (archive["statements"][k] for k in ("fra1", "gbr1", "au1"))
        old = first.retire(reason="Another reading of the same speech.", successor=second)
        second.retire(reason="Merged.", successor=third)

        response = answers(client, old.pk)

        assert response.status_code == 301
        assert response["Location"] == third.get_absolute_url()

    def test_a_chain_that_ends_in_a_retired_statement_is_gone(self, client, archive):
        first, second = archive["statements"]["fra1"], archive["statements"]["gbr1"]
        old = first.retire(reason="Replaced.", successor=second)
        second.retire(reason="Withdrawn.")
        assert answers(client, old.pk).status_code == 410
        assert answers(client, 999_999).status_code == 404

    def test_a_statement_deleted_in_the_admin_leaves_a_tombstone(self, client, archive):
        statement = archive["statements"]["gbr1"]
        client.force_login(make_user("root", superuser=True))
        client.post(reverse("admin:debates_statement_delete", args=[statement.pk]), {"post": "yes"})
        assert not Statement.objects.filter(pk=statement.pk).exists()
        assert answers(client, statement.pk).status_code == 410

    def test_retired_statements_are_not_counted_or_listed(self, client, archive):
        statement = archive["statements"]["fra1"]
        url, total = statement.get_absolute_url(), Statement.objects.count()
        tombstone = statement.retire(reason="Gone.")
        assert Statement.objects.count() == total - 1
        assert f'href="{url}"' not in client.get(reverse("debates:statement-list")).text
        assert not Speaker.objects.get(name="France").statements.filter(pk=tombstone.pk).exists()
