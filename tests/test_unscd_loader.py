"""The UNSC Debates corpus loaded into the archive: real rows of the shipped 2020 part, one record per
transaction, the UN's own PDF preferred in either order, re-imports, new releases and bad input."""

from __future__ import annotations

import importlib.util
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from debates.models import (
    CorrectionReview,
    Meeting,
    MeetingRecord,
    RetiredStatement,
    SourceDocument,
    Speaker,
    Statement,
)
from tests.test_unscd_parser import COLUMN, edit_field, excerpt

ROOT = Path(__file__).resolve().parent.parent
PDF = ROOT / "corpus" / "verbatim"

pytestmark = pytest.mark.django_db


def ingest(*paths, **options) -> tuple[str, str]:
    """``manage.py ingest``: (stdout, stderr); a failure raises CommandError after printing."""
    out, err = StringIO(), StringIO()
    call_command("ingest", *map(str, paths), stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def failing_ingest(*paths, **options) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError):
        call_command("ingest", *map(str, paths), stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def of(record: str):
    return Statement.objects.filter(record=record).select_related("speaker", "meeting").order_by("position")


def corpus_statements():
    return Statement.objects.filter(source_document__kind=SourceDocument.Kind.UNSCD)


# --- Each speech, one statement -----------------------------------------------------------


def test_each_speech_becomes_a_statement_at_its_meeting_and_record_in_order(tmp_path):
    folder = excerpt(tmp_path / "unscd", ["S/PV.8698", "S/PV.8699 (Resumption 2)"])

    out, err = ingest(folder)

    assert err == ""  # no progress bar off a terminal
    summary = out.splitlines()[0]
    assert "2 records, " in summary and "66 speeches" in summary and "0 rows skipped" not in summary
    statements = list(of("S/PV.8698"))
    # 20 speeches; the President's last one holds a national statement, cut as the PDF prints it.
    assert len(statements) == 21
    assert {s.meeting.number for s in statements} == {8698}
    assert [s.position for s in statements] == list(range(1, 22))
    niger = statements[5]
    assert (niger.label, niger.person, niger.speaker.iso3, niger.language, niger.capacity) == (
        "Mr. Abarry (Niger) (spoke in French)",
        "Mr. Abarry",
        "NER",
        "French",
        "national",
    )
    assert niger.text.startswith("Allow me first") and "(spoke in French)" not in niger.text
    national, presiding = statements[-2:]
    assert (national.capacity, presiding.capacity) == ("national", "president")
    assert national.speaker == presiding.speaker == Speaker.objects.get(iso3="VNM")
    assert presiding.text.startswith("I now resume my functions as President of the Council.")
    assert "The meeting rose" not in presiding.text

    resumption = list(of("S/PV.8699 (Resumption 2)"))
    assert len(resumption) >= 46 and {s.meeting.number for s in resumption} == {8699}
    assert resumption[0].position == 2001 and resumption[0].date.isoformat() == "2020-01-13"
    assert MeetingRecord.objects.get(symbol="S/PV.8699 (Resumption 2)").sequence == 2
    # The topic is the meeting's item, placed in the classification.
    meeting = Meeting.objects.get(number=8698)
    assert [i.title for i in meeting.items.all()] == ["Peace consolidation in West Africa"]
    assert statements[0].item.title == "Peace consolidation in West Africa"
    assert statements[0].item.parent is not None


def test_a_statements_page_says_whose_reading_it_is_and_the_day_it_was_made(tmp_path, client):
    ingest(excerpt(tmp_path / "unscd", ["S/PV.8699", "S/PV.8699 (Resumption 2)"]))
    statement = of("S/PV.8699 (Resumption 2)").first()

    html = client.get(statement.get_absolute_url()).content.decode()

    assert "The UN Security Council Debates corpus: its reading of S/PV.8699 (Resumption 2)" in html
    assert "The verbatim record" not in html
    # Made on the 13th, at a meeting that began on the 9th: each day once, under its own name.
    assert html.count("<dt>Date</dt>") == 1
    assert '<dt>Date</dt><dd><time datetime="2020-01-13">' in html
    assert '<dt>Meeting began</dt><dd><time datetime="2020-01-09">' in html


def test_a_videoconference_letter_is_a_statement_at_its_meeting_with_the_letter_cited(tmp_path):
    ingest(excerpt(tmp_path / "unscd", ["S/2020/594"]))

    statements = list(of("S/2020/594"))
    meeting = statements[0].meeting
    # In no table of videoconferences: the letter is the archive's only source for the meeting.
    assert (meeting.kind, meeting.number, meeting.slug) == (
        "videoconference",
        None,
        "vtc-2020-06-23-s-2020-594",
    )
    assert {s.meeting_id for s in statements} == {meeting.pk}
    covering = statements[0]
    assert (covering.speaker.iso3, covering.capacity, covering.label) == ("FRA", "president", "")
    assert covering.text.startswith("I have the honour to refer to the video-teleconference")
    assert MeetingRecord.objects.get(symbol="S/2020/594").kind == "letter"


def test_a_videoconferences_page_names_it_once_and_prints_no_empty_heading(tmp_path, client):
    ingest(excerpt(tmp_path / "unscd", ["S/2020/594"]))
    meeting = of("S/2020/594").first().meeting

    html = client.get(meeting.get_absolute_url()).content.decode()

    # No table of meetings is loaded: the letter is its record, not yet its name.
    assert '<h1>Videoconference, <time datetime="2020-06-23">23 June 2020</time></h1>' in html
    assert "Printed as “”" not in html


def test_a_letter_numbered_from_zero_with_gaps_keeps_every_speech_in_the_tables_order(tmp_path):
    ingest(excerpt(tmp_path / "unscd", ["S/2020/340"]))

    rows = [line for line in (tmp_path / "unscd" / "speaker.tsv").read_text().splitlines()[1:] if line]
    numbers = sorted(int(line.split("\t")[COLUMN["speech_number"]]) for line in rows)
    statements = list(of("S/2020/340"))
    assert len(statements) >= len(rows) and numbers[:2] == [1, 2]
    assert [s.position for s in statements] == list(range(1, len(statements) + 1))


# --- Golden rows: one per published defect -------------------------------------------------


def test_variants_of_one_states_name_are_one_speaker(tmp_path):
    def written(name):
        return [
            line
            for line in (ROOT / "corpus/unscd-2020/speaker.tsv").read_text().splitlines()
            if f"\t{name}\t" in line
        ]

    uk_short = written("United Kingdom")[0].split("\t")[COLUMN["document_symbol"]]
    uk_long = written("United Kingdom of Great Britain and Northern Ireland")[0].split("\t")[
        COLUMN["document_symbol"]
    ]
    svg = written("Saint Vincent and Grenadines")[0].split("\t")[COLUMN["document_symbol"]]
    ingest(excerpt(tmp_path / "unscd", sorted({uk_short, uk_long, svg})))

    gbr = Speaker.objects.get(iso3="GBR")
    assert Statement.objects.filter(speaker=gbr, record=uk_short).exists()
    assert Statement.objects.filter(speaker=gbr, record=uk_long).exists()
    assert Statement.objects.filter(speaker__iso3="VCT", record=svg).exists()
    assert not Speaker.objects.filter(needs_review=True, name__icontains="Kingdom").exists()


def test_a_language_marker_in_country_org_speaks_for_the_headings_state(tmp_path):
    ingest(excerpt(tmp_path / "unscd", ["S/PV.8724"]))

    michon = of("S/PV.8724").get(label="Mr. Michon (spoke in French) (France)")
    # The corpus marks him a guest; France holds a permanent seat.
    assert (michon.speaker.iso3, michon.language, michon.capacity) == ("FRA", "French", "national")


def test_ocr_debris_in_country_org_is_dropped_before_resolving(tmp_path):
    ingest(excerpt(tmp_path / "unscd", ["S/2020/346"]))

    assert of("S/2020/346").filter(speaker__iso3="SLV").count() == 1
    assert not Speaker.objects.filter(name__contains="]").exists()


def test_words_caught_inside_the_language_marker_go_back_to_the_text(tmp_path):
    ingest(excerpt(tmp_path / "unscd", ["S/PV.8713"]))

    s = of("S/PV.8713")[5]
    assert (s.label, s.language, s.capacity) == ("The President (spoke in French)", "French", "president")
    assert s.text.startswith("I thank Mr. Spleeters for his briefing.")


def test_participanttype_noise_and_na_and_doubled_apostrophes(tmp_path):
    def r_style(lines):
        edited = [lines[0]]
        for line in lines[1:]:
            line = line.replace("\tThe President\t", "\tThe PRESIDENT\t")
            edited.append(edit_field(line, COLUMN["role"], "NA"))
        edited[2] = edit_field(edited[2], COLUMN["speaker"], "Mr. D''Souza")
        return edited

    ingest(excerpt(tmp_path / "unscd", ["S/PV.8701"], rows=r_style))

    first, second = of("S/PV.8701")
    assert [first.capacity, second.capacity] == ["president", "president"]
    assert second.person == "Mr. D'Souza"
    assert first.speaker.iso3 == "VNM"


def test_an_empty_speaker_takes_the_heading_and_a_row_split_over_two_lines_is_rejoined(tmp_path):
    def damaged(lines):
        lines = [lines[0]] + [edit_field(line, COLUMN["speaker"], "") for line in lines[1:]]
        # A literal newline inside the topic, as in every row of S/PV.5225.
        lines[3] = lines[3].replace("Peace consolidation in", "Peace consolidation\nin")
        return lines

    out, _ = ingest(excerpt(tmp_path / "unscd", ["S/PV.8698"], rows=damaged))

    assert "20 speeches" in out
    statements = list(of("S/PV.8698"))
    assert len(statements) == 21
    assert statements[5].person == "Mr. Abarry"


# --- One record, one set of speeches --------------------------------------------------------


def test_corpus_first_then_the_pdf_leaves_the_pdfs_reading_and_redirects_the_corpus_permalinks(
    tmp_path, client
):
    ingest(excerpt(tmp_path / "unscd", ["S/PV.8698"]))
    corpus_ids = list(of("S/PV.8698").values_list("pk", flat=True))

    out, _ = ingest(PDF / "S_PV.8698_E.pdf")

    assert "21 statements superseded" in out
    live = list(of("S/PV.8698"))
    assert len(live) == 21
    assert {s.source_document.identity for s in live} == {"S/PV.8698"}
    assert not Statement.objects.filter(pk__in=corpus_ids).exists()
    tombstone = RetiredStatement.objects.get(pk=corpus_ids[5])
    assert tombstone.label == "Mr. Abarry (Niger) (spoke in French)"  # the corpus's reading, kept
    successor = Statement.objects.get(pk=tombstone.successor)
    assert successor.speaker.iso3 == "NER" and successor.source_document.identity == "S/PV.8698"
    response = client.get(reverse("debates:statement-detail", args=[corpus_ids[5]]))
    assert response.status_code == 301 and response["Location"].endswith(f"/statements/{successor.pk}/")

    # The corpus again (a new release of it): still one set of speeches.
    ingest(tmp_path / "unscd", force=True)
    assert of("S/PV.8698").count() == 21 and not corpus_statements().filter(record="S/PV.8698").exists()


def test_the_pdf_first_then_the_corpus_writes_no_second_set(tmp_path):
    ingest(PDF / "S_PV.8698_E.pdf")
    pdf_reading = list(of("S/PV.8698").values_list("pk", "text"))

    out, _ = ingest(excerpt(tmp_path / "unscd", ["S/PV.8698", "S/PV.8701"]))

    assert "speeches read in the UN's record instead" in out
    assert list(of("S/PV.8698").values_list("pk", "text")) == pdf_reading
    assert of("S/PV.8701").count() == 2  # a record with no PDF: the corpus's reading
    assert SourceDocument.objects.get(identity="unscd:S/PV.8698").outcome == "loaded"


def test_a_correction_of_the_corpus_reading_is_carried_over_to_the_pdfs(tmp_path):
    ingest(excerpt(tmp_path / "unscd", ["S/PV.8698"]))
    corrected = of("S/PV.8698")[5]
    corrected.person = "Mr. Abdou Abarry"
    corrected.status = Statement.Status.CORRECTED
    corrected.save()

    ingest(PDF / "S_PV.8698_E.pdf")

    successor = Statement.objects.get(pk=RetiredStatement.objects.get(pk=corrected.pk).successor)
    assert (successor.person, successor.status) == ("Mr. Abdou Abarry", "corrected")
    review = CorrectionReview.objects.get(statement=successor, reviewed__isnull=True)
    assert review.change == "superseded" and review.passage_then == corrected.text
    assert RetiredStatement.objects.get(pk=corrected.pk).status == "corrected"


def test_a_correction_of_the_pdfs_reading_is_untouched_by_the_corpus(tmp_path):
    ingest(PDF / "S_PV.8698_E.pdf")
    corrected = of("S/PV.8698")[3]
    corrected.person = "Corrected by staff"
    corrected.status = Statement.Status.CORRECTED
    corrected.save()

    ingest(excerpt(tmp_path / "unscd", ["S/PV.8698"]))

    corrected.refresh_from_db()
    assert (corrected.person, corrected.status) == ("Corrected by staff", "corrected")
    assert of("S/PV.8698").count() == 21


# --- Re-imports and new releases ------------------------------------------------------------


def test_the_same_release_again_changes_nothing(tmp_path):
    folder = excerpt(tmp_path / "unscd", ["S/PV.8698", "S/2020/594"])
    ingest(folder)
    before = list(
        Statement.objects.order_by("pk").values_list("pk", "source_key", "speaker_id", "capacity", "text")
    )

    out, _ = ingest(folder)
    forced, _ = ingest(folder, force=True)

    assert "1 unchanged" in out
    # Forced: every record read and written again, and not one statement differs.
    assert "2 records loaded" in forced and "statements" not in forced.splitlines()[0]
    after = list(
        Statement.objects.order_by("pk").values_list("pk", "source_key", "speaker_id", "capacity", "text")
    )
    assert after == before


def test_a_new_release_updates_adds_and_removes_and_keeps_the_permalinks(tmp_path, client):
    old = excerpt(tmp_path / "v1", ["S/PV.8699", "S/PV.8698", "S/PV.8701"])
    ingest(old)
    s8699 = list(of("S/PV.8699"))
    kept_ids = {s.pk for s in of("S/PV.8698")}
    edited_before = next(s for s in s8699 if s.text.startswith(_speech_text(old, "S/PV.8699", 10)[:60]))
    removed_row = 50

    def rows(lines):
        out = []
        for line in lines:
            fields = line.split("\t")
            if line is lines[0] or fields[COLUMN["document_symbol"]] == "S/PV.8698":
                out.append(line)
            elif fields[COLUMN["document_symbol"]] == "S/PV.8699":
                if int(fields[COLUMN["speech_number"]]) != removed_row:
                    out.append(line)
                if int(fields[COLUMN["speech_number"]]) == 23:
                    added = edit_field(line, COLUMN["speech_number"], "102")
                    out.append(edit_field(added, COLUMN["filename"], "UNSC_2020_SPV.8699_spch102.txt"))
        return out  # S/PV.8701 is gone from the new release

    def texts(chosen):
        chosen = dict(chosen)
        name = "UNSC_2020_SPV.8699_spch010.txt"
        chosen[name] = chosen[name] + b" We stand ready to help."
        chosen["UNSC_2020_SPV.8699_spch102.txt"] = (
            b"Mr. Szijjarto (Hungary): A further statement on the Charter, never made before."
        )
        return chosen

    removed = next(s for s in s8699 if s.text.startswith(_speech_text(old, "S/PV.8699", removed_row)[:60]))
    new = excerpt(tmp_path / "v2", ["S/PV.8699", "S/PV.8698", "S/PV.8701"], rows=rows, texts=texts)

    out, _ = ingest(new)

    summary = out.splitlines()[0]
    for what in ("1 statements changed", "1 statements created", "3 statements retired", "1 records removed"):
        assert what in summary, summary
    assert "1 records unchanged" in summary
    assert {s.pk for s in of("S/PV.8698")} == kept_ids
    edited = Statement.objects.get(pk=edited_before.pk)
    assert edited.text != edited_before.text and edited.text.endswith("We stand ready to help.")
    assert of("S/PV.8699").filter(text__startswith="A further statement on the Charter").count() == 1
    assert not of("S/PV.8701").exists()
    assert client.get(reverse("debates:statement-detail", args=[removed.pk])).status_code == 410


def _speech_text(folder: Path, symbol: str, number: int) -> str:
    from debates.parsing.unscd import read_corpus

    with read_corpus(folder) as corpus:
        for record in corpus.records():
            if record.symbol == symbol:
                return next(s.text for s in record.speeches if s.position == number)
    raise AssertionError(symbol)


def test_a_release_that_would_remove_many_statements_is_refused_without_allow_removals(tmp_path):
    ingest(excerpt(tmp_path / "v1", ["S/PV.8698", "S/PV.8701"]))

    def halve(lines):
        # Ten of S/PV.8698's twenty speeches; S/PV.8701 whole.
        return [lines[0], *[line for line in lines[1:] if "S/PV.8698" in line][:10]] + [
            line for line in lines[1:] if "S/PV.8701" in line
        ]

    _, err = failing_ingest(excerpt(tmp_path / "v2", ["S/PV.8698", "S/PV.8701"], rows=halve))

    assert "would remove" in err and "--allow-removals" in err
    assert of("S/PV.8698").count() == 21 and of("S/PV.8701").count() == 2

    ingest(tmp_path / "v2", allow_removals=True)
    assert of("S/PV.8698").count() == 10


def test_a_release_of_other_years_leaves_the_records_of_the_years_it_does_not_cover(tmp_path):
    ingest(excerpt(tmp_path / "v1", ["S/PV.8698", "S/PV.8701"]))

    def later(lines):
        return [lines[0]] + [
            edit_field(edit_field(line, COLUMN["date"], "2021-01-13"), COLUMN["year"], "2021")
            for line in lines[1:]
        ]

    def later_meta(lines):
        return [lines[0]] + [edit_field(line, 2, "2021-01-13") for line in lines[1:]]

    out, _ = ingest(excerpt(tmp_path / "v2", ["S/PV.8701"], rows=later, meta=later_meta))

    assert "records removed" not in out and "retired" not in out
    assert of("S/PV.8698").count() == 21
    assert {s.date.year for s in of("S/PV.8701")} == {2021}
    releases = SourceDocument.objects.filter(kind="unscd").exclude(identity__startswith="unscd:")
    assert sorted(releases.values_list("identity", flat=True)) == ["unscd 2020", "unscd 2021"]


def test_a_dry_run_writes_nothing(tmp_path):
    out, _ = ingest(excerpt(tmp_path / "unscd", ["S/PV.8698"]), dry_run=True)

    assert "21 statements created" in out and "created: Mr. Abarry" in out
    assert not Statement.objects.exists() and not SourceDocument.objects.exists()


# --- Speakers: resolved, or flagged and reported once --------------------------------------


def test_unresolved_speakers_are_flagged_never_states_and_reported_once_with_their_count(tmp_path):
    def atlantis(lines):
        out = [lines[0]]
        for line in lines[1:]:
            if "\tNiger\t" in line:
                line = edit_field(line, COLUMN["country_org"], "Republic of Atlantis")
            out.append(line)
        return out

    out, _ = ingest(excerpt(tmp_path / "unscd", ["S/PV.8698", "S/2020/254"], rows=atlantis))

    lines = [line for line in out.splitlines() if "Atlantis" in line]
    assert lines == [
        "  country_org 'Republic of Atlantis': 2 speech(es), not resolved: speaker flagged for review"
    ]
    atlantis = Speaker.objects.get(name="Republic of Atlantis")
    assert atlantis.needs_review and atlantis.kind == Speaker.Kind.OTHER
    assert of("S/PV.8698").filter(speaker=atlantis).count() == 1
    assert of("S/2020/254").filter(speaker=atlantis).count() == 1
    summary = out.splitlines()[0]
    assert "speakers flagged" in summary and "speakers resolved" in summary


# --- Bad input --------------------------------------------------------------------------------


def test_a_folder_without_meta_tsv_is_refused_in_one_line(tmp_path):
    folder = excerpt(tmp_path / "unscd", ["S/PV.8701"])
    (folder / "meta.tsv").unlink()

    _, err = failing_ingest(folder)

    assert err.splitlines()[0] == f"{folder}: not a whole release of the UNSC Debates corpus: no meta.tsv"
    assert not SourceDocument.objects.exists()


def test_a_table_not_tab_separated_is_refused(tmp_path):
    folder = excerpt(tmp_path / "unscd", ["S/PV.8701"])
    path = folder / "speaker.tsv"
    path.write_text(path.read_text().replace("\t", ","))

    _, err = failing_ingest(folder)

    assert err.splitlines()[0].startswith(f"{folder}: speaker.tsv")
    assert not Statement.objects.exists()


def test_a_truncated_tar_is_refused_and_nothing_is_written(tmp_path):
    folder = excerpt(tmp_path / "unscd", ["S/PV.8698"])
    tar = folder / "speeches.tar"
    tar.write_bytes(tar.read_bytes()[: tar.stat().st_size // 2])

    _, err = failing_ingest(folder)

    assert "speeches.tar: cut short inside speeches/UNSC_2020_SPV.8698_spch" in err.splitlines()[0]
    assert not Statement.objects.exists() and not Meeting.objects.exists()


def test_a_text_not_utf8_is_named_the_rest_is_loaded_and_the_exit_fails(tmp_path):
    def latin(chosen):
        chosen = dict(chosen)
        chosen["UNSC_2020_SPV.8698_spch006.txt"] = "Mr. Abarry (Niger): Décidé.".encode("cp1252")
        return chosen

    out, err = failing_ingest(excerpt(tmp_path / "unscd", ["S/PV.8698", "S/PV.8701"], texts=latin))

    assert (
        f"{tmp_path / 'unscd'}: speeches.tar: speeches/UNSC_2020_SPV.8698_spch006.txt (speaker.tsv line 7): "
        "not UTF-8 (byte 0xe9 at offset 21)"
    ) in err.splitlines()
    assert of("S/PV.8698").count() == 20 and of("S/PV.8701").count() == 2
    assert "1 rows skipped" in out


def test_a_record_read_in_part_later_leaves_the_loaded_record_as_it_was(tmp_path):
    ingest(excerpt(tmp_path / "v1", ["S/PV.8698"]))
    before = list(of("S/PV.8698").values_list("pk", "text"))

    def missing(chosen):
        return {name: data for name, data in chosen.items() if not name.endswith("spch006.txt")}

    _, err = failing_ingest(excerpt(tmp_path / "v2", ["S/PV.8698"], texts=missing))

    assert "missing: the row names a text the release does not hold" in err
    assert "S/PV.8698: some of its rows could not be read" in err
    assert list(of("S/PV.8698").values_list("pk", "text")) == before


def test_a_record_that_fails_rolls_back_alone(tmp_path, monkeypatch):
    from debates.loaders import unscd

    real = unscd.sync_statements

    def broken(document, report, rows):
        if document.identity == "unscd:S/PV.8701":
            raise RuntimeError("disk full")
        real(document, report, rows)

    monkeypatch.setattr(unscd, "sync_statements", broken)

    _, err = failing_ingest(excerpt(tmp_path / "unscd", ["S/PV.8698", "S/PV.8701"]))

    assert "S/PV.8701: could not be loaded: RuntimeError: disk full" in err
    assert not Meeting.objects.filter(number=8701).exists()
    assert not SourceDocument.objects.filter(identity="unscd:S/PV.8701").exists()
    assert of("S/PV.8698").count() == 21
    # The release is not recorded as loaded: the next run tries again, and skips what loaded.
    monkeypatch.setattr(unscd, "sync_statements", real)
    out, _ = ingest(tmp_path / "unscd")
    assert "1 records loaded" in out and "1 records unchanged" in out
    assert of("S/PV.8701").count() == 2


# --- Records the project never saw -------------------------------------------------------------


@pytest.fixture
def synth():
    spec = importlib.util.spec_from_file_location("synth_unscd", ROOT / "bench" / "synth_unscd.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["synth_unscd"] = module
    spec.loader.exec_module(module)
    yield module
    del sys.modules["synth_unscd"]


def test_records_never_seen_import_with_every_speech_and_their_speakers(synth, tmp_path):
    written = synth.write_corpus(tmp_path / "unscd", 400, seed=7)

    out, _ = ingest(tmp_path / "unscd")

    assert f"{written['speeches']} speeches" in out and "rows skipped" not in out.splitlines()[0]
    from debates.parsing.unscd import read_corpus

    with read_corpus(tmp_path / "unscd") as corpus:
        for record in corpus.records():
            statements = of(record.symbol)
            parts = sum(len(s.presidency_parts()) for s in record.speeches)
            assert statements.count() == parts, record.symbol
            # The corpus's President speaks for the presiding State, in each record.
            presiding = statements.filter(capacity="president").values_list("speaker__iso3", flat=True)
            assert len(set(presiding)) <= 1 and "" not in presiding, record.symbol
    assert not corpus_statements().filter(capacity="national").exclude(speaker__kind="state").exists()
    assert corpus_statements().filter(speaker__needs_review=True).count() < 0.02 * written["speeches"]
