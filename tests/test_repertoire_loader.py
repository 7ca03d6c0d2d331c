"""Ingesting the Repertoire: rows, attributions, idempotency, corrections, failures, the PDF route."""

import datetime
import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from debates import reconcile
from debates.ingest import IngestError, Report, ingest_file
from debates.loaders.common import upsert_decision, upsert_meeting
from debates.models import (
    Decision,
    Item,
    Meeting,
    MembershipTerm,
    RetiredStatement,
    SourceDocument,
    Speaker,
    Statement,
)
from debates.speakers import SpeakerResolver

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "corpus" / "repertoire" / "repertoire_2004-2007_items-49-50.txt"
PDF = ROOT / "tests" / "fixtures" / "repertoire_items-49-50.pdf"


@pytest.fixture
def sample(tmp_path):
    path = tmp_path / SAMPLE.name
    shutil.copy(SAMPLE, path)
    return path


def rows():
    """Everything the Repertoire writes, ids included."""
    return (
        list(Statement.objects.order_by("id").values_list()),
        list(Meeting.objects.order_by("id").values_list("id", "number", "date", "record", "president_id")),
        list(Decision.objects.order_by("id").values_list("id", "symbol", "meeting_id", "summary")),
        list(Item.objects.order_by("id").values_list("id", "key", "parent_id")),
        list(Speaker.objects.order_by("id").values_list("id", "name", "iso3", "needs_review")),
    )


def test_the_sample_becomes_items_meetings_decisions_and_statements(sample):
    document, report = ingest_file(sample)
    assert document.kind == "repertoire" and document.outcome == "loaded"
    assert report.counts["statements created"] == 257
    assert report.counts["meetings created"] == 6 and report.counts["decisions created"] == 6
    assert Statement.objects.count() == 257
    assert sorted(Meeting.objects.values_list("number", flat=True)) == [5007, 5041, 5282, 5529, 5649, 5776]
    assert Meeting.objects.get(number=5282).date == datetime.date(2005, 10, 17)
    items = {(i.number, i.letter): i for i in Item.objects.all()}
    assert sorted(items) == [(49, ""), (49, "A"), (49, "B"), (49, "C"), (49, "D"), (50, "")]
    assert {items[49, letter].parent for letter in "ABCD"} == {items[49, ""]}
    assert list(Meeting.objects.get(number=5529).items.all()) == [items[49, "B"]]


def test_attributions_that_must_hold(sample):
    ingest_file(sample)
    mexico = Statement.objects.filter(speaker__iso3="MEX", meeting__number=5007)
    assert {("S/PV.5007", "5-6", 4), ("S/PV.5007", "5", 5)} <= set(
        mexico.values_list("record", "pages", "footnote")
    )
    france = Statement.objects.get(footnote=6, item__letter="A")
    assert (france.speaker.iso3, france.record, france.pages, france.page_start) == (
        "FRA",
        "S/PV.5007 (Resumption 1)",
        "10",
        10,
    )
    cis, greece = Statement.objects.filter(footnote=33, item__letter="B").order_by("position")
    assert (cis.speaker.acronym, cis.record, cis.pages) == ("CIS", "S/PV.5282", "17")
    assert (greece.speaker.iso3, greece.record, greece.pages) == ("GRC", "S/PV.5282 (Resumption 1)", "2")
    assert not Statement.objects.filter(speaker__name__icontains="ibid").exists()
    assert not Statement.objects.filter(text__contains="S/PV").exists()


def test_speakers_resolve_through_the_gazetteer_and_labels_stay_as_printed(sample):
    ingest_file(sample)
    libya = Statement.objects.get(footnote=86, item__letter="C")
    assert (libya.speaker.iso3, libya.speaker.name, libya.label) == (
        "LBY",
        "Libya",
        "representative of the Libyan Arab Jamahiriya",
    )
    france = Statement.objects.get(footnote=6, item__letter="A")
    assert france.label == "representative of France"
    cis, greece = Statement.objects.filter(footnote=33, item__letter="B").order_by("source_key")
    assert cis.label == greece.label == "representatives of CIS and Greece"
    uk = Statement.objects.filter(footnote=29, speaker__iso3="GBR").get()
    assert ([s.name for s in uk.on_behalf_of.all()], uk.capacity, uk.label) == (
        ["European Union"],
        "national",
        "United Kingdom, on behalf of the European Union",
    )
    assert uk.date == uk.meeting.date
    au = Statement.objects.filter(footnote=10, label="African Union Commissioner").get()
    assert (au.speaker.kind, au.speaker.name) == ("organization", "African Union")
    sg = Statement.objects.get(footnote=3, item__letter="A")
    assert (sg.speaker.kind, sg.capacity) == ("un", "briefer")
    assert Meeting.objects.get(number=5649).president.iso3 == "ZAF"
    assert Meeting.objects.get(number=5041).president is None


def test_the_repertoires_africa_union_is_the_african_union(sample):
    """The extract misprints "Africa Union": a known variant, not a new speaker to review."""
    _, report = ingest_file(sample)
    typo = Statement.objects.get(footnote=83, item__letter="C")
    assert (typo.speaker.name, typo.speaker.needs_review, typo.label) == (
        "African Union",
        False,
        "Commissioner for Peace and Security of the Africa Union",
    )
    assert not any("Africa Union" in note for note in report.notes)
    assert not Speaker.objects.filter(needs_review=True).exists()


def test_decisions_with_and_without_symbol(sample):
    ingest_file(sample)
    resolution = Decision.objects.get(symbol="S/RES/1631 (2005)")
    assert (resolution.kind, resolution.unanimous, resolution.adopted, resolution.meeting.number) == (
        "resolution",
        True,
        True,
        5282,
    )
    assert resolution.summary.startswith("Expressed its determination to take appropriate steps")
    unnamed = Decision.objects.get(meeting__number=5041)
    assert (unnamed.symbol, unnamed.kind, unnamed.date) == (
        None,
        "presidential_statement",
        datetime.date(2004, 9, 22),
    )
    assert set(Decision.objects.exclude(symbol=None).values_list("symbol", flat=True)) == {
        "S/PRST/2004/27",
        "S/RES/1631 (2005)",
        "S/PRST/2006/39",
        "S/PRST/2007/7",
        "S/PRST/2007/42",
    }


def test_provenance_and_groups(sample):
    document, _ = ingest_file(sample)
    text = SAMPLE.read_text(encoding="utf-8")
    france = Statement.objects.get(footnote=6, item__letter="A")
    # Keyed on content: the record cited, the speaker as printed, a digest of the passage.
    assert (france.source, france.source_document) == ("repertoire", document)
    assert france.source_key.startswith("S/PV.5007 (Resumption 1)|representative-of-france|")
    assert france.source_key.endswith("|1")
    assert text[france.source_start : france.source_end].startswith("The representative of France noted")
    group = Statement.objects.filter(footnote=5, item__letter="A").order_by("position")
    assert (
        group.count() == 8
        and len({s.group_key for s in group}) == 1
        and group[0].group_key.endswith("49.A/fn5")
    )
    assert france.group_key == ""
    positions = list(
        Statement.objects.filter(meeting__number=5007).order_by("position").values_list("position", flat=True)
    )
    assert positions == list(range(1, 81))


def test_ingesting_again_changes_nothing(sample):
    ingest_file(sample)
    before = rows()
    _, report = ingest_file(sample)
    assert report.skipped
    _, report = ingest_file(sample, force=True)
    assert "statements created" not in report.counts and "statements updated" not in report.counts
    assert "meetings created" not in report.counts and "decisions created" not in report.counts
    assert rows() == before


def test_a_corrected_statement_survives_reingestion(sample):
    ingest_file(sample)
    statement = Statement.objects.get(footnote=6, item__letter="A")
    chile = SpeakerResolver().resolve("Chile")
    Statement.objects.filter(pk=statement.pk).update(speaker=chile, status="corrected", text="Corrected.")
    verified = Statement.objects.get(footnote=7, item__letter="A")
    Statement.objects.filter(pk=verified.pk).update(status="verified")
    _, report = ingest_file(sample, force=True)
    statement.refresh_from_db()
    assert (statement.speaker, statement.text, statement.status) == (chile, "Corrected.", "corrected")
    assert f"kept correction of statement {statement.pk}" in report.notes
    assert f"kept correction of statement {verified.pk}" in report.notes
    assert report.counts["corrections kept"] == 2 and Statement.objects.count() == 257


def test_a_changed_document_updates_parsed_statements_in_place(sample):
    ingest_file(sample)
    france = Statement.objects.get(footnote=6, item__letter="A")
    sample.write_text(
        SAMPLE.read_text(encoding="utf-8").replace("pivotal role to play", "central role to play"),
        encoding="utf-8",
    )
    _, report = ingest_file(sample)
    # An edited passage is the same statement, changed: same id, nothing created or removed.
    assert report.counts["statements changed"] == 1
    assert "statements created" not in report.counts and "statements retired" not in report.counts
    assert report.plan == [f"changed {france.pk}: {france.label}, S/PV.5007 (Resumption 1), p. 10"]
    france.refresh_from_db()
    assert "central role to play" in france.text and Statement.objects.count() == 257


def test_a_failing_document_leaves_nothing_behind(sample, monkeypatch):
    def fail(rows):
        raise RuntimeError("disk full")

    monkeypatch.setattr("debates.loaders.common.insert_statements", fail)
    with pytest.raises(IngestError, match="could not be loaded: RuntimeError: disk full"):
        ingest_file(sample)
    assert not Meeting.objects.exists() and not Decision.objects.exists() and not Item.objects.exists()
    assert not Statement.objects.exists() and not Speaker.objects.exists()
    assert SourceDocument.objects.get(name=sample.name).outcome == "failed"


def test_the_batch_goes_on_after_bad_files_and_exits_non_zero(sample, tmp_path):
    text = SAMPLE.read_text(encoding="utf-8")
    (tmp_path / "a_broken_repertoire.txt").write_text(
        text.replace("At its 5282nd meeting", "At its 5283rd meeting"), encoding="utf-8"
    )
    (tmp_path / "b_latin1_repertoire.txt").write_bytes(
        text.replace("“", "\u00ab").encode("latin-1", "replace")
    )
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError, match="2 document"):
        call_command("ingest", str(tmp_path), stdout=out, stderr=err)
    errors = err.getvalue().splitlines()
    assert (
        f"{tmp_path / 'a_broken_repertoire.txt'}: decision heading names meeting 5282 but the paragraph at "
        "offset 12754 describes meeting 5283"
    ) in errors
    assert any(
        line.startswith(f"{tmp_path / 'b_latin1_repertoire.txt'}: unreadable encoding") for line in errors
    )
    assert f"{sample.name} [repertoire]: 6 decisions created, 6 meetings created, 257 statements created" in (
        out.getvalue()
    )
    assert Meeting.objects.count() == 6 and Statement.objects.count() == 257
    assert set(Statement.objects.values_list("source_document__name", flat=True)) == {sample.name}


def test_dry_run_writes_nothing(sample):
    out = StringIO()
    call_command("ingest", str(sample), "--dry-run", stdout=out)
    assert "257 statements" in out.getvalue() and "6 unattributed passages" in out.getvalue()
    assert not SourceDocument.objects.exists() and not Meeting.objects.exists()


def test_a_meeting_and_decision_known_from_another_source_are_merged(sample):
    table = SourceDocument.objects.create(
        name="scact2004_table_en.html", checksum="0" * 64, kind="meeting_table"
    )
    report = Report()
    meeting = upsert_meeting(
        table, report, number=5007, date=datetime.date(2004, 7, 20), title="Regional organizations"
    )
    decision = upsert_decision(
        table, report, kind="presidential_statement", symbol="S/PRST/2004/27", meeting=meeting
    )
    unnamed = upsert_decision(
        table, report, kind="presidential_statement", symbol="S/PRST/2004/33",
        meeting=upsert_meeting(table, report, number=5041, date=datetime.date(2004, 9, 22)),
    )  # fmt: skip
    _, report = ingest_file(sample)
    assert Meeting.objects.count() == 6 and Meeting.objects.get(number=5007).pk == meeting.pk
    # The more authoritative table keeps its title; the disagreement is recorded.
    assert Meeting.objects.get(number=5007).title == "Regional organizations"
    assert any("title" in note for note in report.notes)
    decision.refresh_from_db()
    assert decision.summary.startswith("Acknowledged the important role") and Decision.objects.count() == 6
    # The 22 September 2004 statement the extract gives no symbol for is the table's S/PRST/2004/33.
    unnamed.refresh_from_db()
    assert unnamed.date == datetime.date(2004, 9, 22) and not Decision.objects.filter(symbol=None).exists()
    assert Statement.objects.filter(meeting=meeting).count() == 80


def test_the_pdf_gives_the_same_statements_as_the_text(sample, tmp_path):
    pdf = tmp_path / "repertoire_items-49-50.pdf"
    shutil.copy(PDF, pdf)

    def statements():
        return list(
            Statement.objects.order_by("source_key")
            .values_list("pk", "source_key", "meeting__number", "speaker_id", "on_behalf_of", "label",
                         "record", "pages", "footnote", "text", "position", "date")
        )  # fmt: skip

    text_document, _ = ingest_file(sample)
    from_text = statements()
    # The same items as a PDF: the same document in another format, not a second copy.
    pdf_document, report = ingest_file(pdf)
    assert pdf_document == text_document and pdf_document.name == pdf.name
    assert report.notes[0] == f"a new version of {text_document.identity}, last loaded as {sample.name}"
    assert not {"statements created", "statements changed", "statements retired"} & set(report.counts)
    assert statements() == from_text and len(from_text) == 257
    assert Meeting.objects.count() == 6 and Decision.objects.count() == 6


def test_a_pdf_that_is_not_readable_is_a_one_line_error(tmp_path):
    path = tmp_path / "repertoire_broken.pdf"
    path.write_bytes(PDF.read_bytes()[:2000])
    with pytest.raises(IngestError) as failure:
        ingest_file(path)
    assert "repertoire_broken.pdf" in str(failure.value) and "\n" not in str(failure.value)
    assert not Meeting.objects.exists()


def test_the_export_carries_what_researchers_cite(sample):
    ingest_file(sample)
    out = StringIO()
    call_command("export", "statements", "--format", "jsonl", stdout=out)
    import json

    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    mexico = next(r for r in rows if r["footnote"] == 4 and r["country"] == "MEX")
    assert (mexico["meeting"], mexico["date"], mexico["record"], mexico["pages"], mexico["source"]) == (
        5007,
        "2004-07-20",
        "S/PV.5007",
        "5-6",
        "repertoire",
    )
    assert mexico["label"] == "Minister for Foreign Affairs of Mexico" and mexico["speaker_kind"] == "state"
    assert (
        mexico["item"]
        == "Cooperation between the United Nations and regional organizations in stabilization processes"
    )


CROSS_MEETING = """   7. Items relating to a test of the loader

  Decision of 1 March 2005 (5100th meeting):
statement by the President

 At its 5100th meeting, on 1 March 2005,1 the Council
held a debate.

 The representative of Peru recalled what he had said
at the previous meeting.2
__________________

 1 For more information, see chap. XII.
 2 S/PV.5099, p. 4.
"""


def test_a_statement_citing_another_meeting_goes_to_that_meeting_or_nowhere(tmp_path):
    path = tmp_path / "repertoire_cross.txt"
    path.write_text(CROSS_MEETING, encoding="utf-8")
    _, report = ingest_file(path)
    # The record says meeting 5099, which no source describes: never filed under 5100.
    assert not Statement.objects.exists()
    assert "statement 7/fn2/1 cites S/PV.5099, a meeting nothing describes: not loaded" in report.notes
    assert "item 7: footnote 2 cites S/PV.5099 under meeting 5100" in report.notes

    table = SourceDocument.objects.create(
        name="scact2005_table_en.html", checksum="0" * 64, kind="meeting_table"
    )
    upsert_meeting(table, Report(), number=5099, date=datetime.date(2005, 2, 28))
    ingest_file(path, force=True)
    statement = Statement.objects.get()
    assert (statement.meeting.number, statement.speaker.iso3, statement.pages) == (5099, "PER", "4")


def test_a_statement_gone_from_the_new_version_is_removed_unless_corrected(sample):
    ingest_file(sample)
    chile = Statement.objects.get(footnote=7, item__letter="A")
    Statement.objects.filter(pk=chile.pk).update(status="verified")
    edited = SAMPLE.read_text(encoding="utf-8")
    edited = edited.replace("The representative of France noted", "It was noted")
    edited = edited.replace("echoed by the \nrepresentative of Chile, who said", "echoed by one who said")
    sample.write_text(edited, encoding="utf-8")
    _, report = ingest_file(sample)
    assert not Statement.objects.filter(footnote=6, item__letter="A").exists()
    assert Statement.objects.filter(pk=chile.pk).exists()
    assert f"kept correction of statement {chile.pk} (no longer in {sample.name})" in report.notes
    assert report.counts["statements retired"] == 1 and Statement.objects.count() == 256
    assert RetiredStatement.objects.get().label == "representative of France"


def test_the_meeting_tables_after_the_repertoire_give_the_same_rows(sample):
    """The reverse order of test_a_meeting_and_decision_known_from_another_source_are_merged."""
    ingest_file(sample)
    meeting = Meeting.objects.get(number=5007)
    table = SourceDocument.objects.create(
        name="scact2004_table_en.html", checksum="0" * 64, kind="meeting_table"
    )
    report = Report()
    upsert_meeting(
        table, report, number=5007, date=datetime.date(2004, 7, 20), title="Regional organizations"
    )
    upsert_decision(table, report, kind="presidential_statement", symbol="S/PRST/2004/27", meeting=meeting)
    upsert_decision(
        table, report, kind="presidential_statement", symbol="S/PRST/2004/33",
        meeting=upsert_meeting(table, report, number=5041, date=datetime.date(2004, 9, 22)),
    )  # fmt: skip
    assert Meeting.objects.count() == 6 and Meeting.objects.get(number=5007).pk == meeting.pk
    assert Meeting.objects.get(number=5007).title == "Regional organizations"
    assert Decision.objects.count() == 6 and not Decision.objects.filter(symbol=None).exists()
    assert Decision.objects.get(symbol="S/PRST/2004/33").meeting.number == 5041
    assert Decision.objects.get(symbol="S/PRST/2004/27").summary.startswith("Acknowledged the important role")
    # Ingesting the Repertoire again keeps all that.
    ingest_file(sample, force=True)
    assert Meeting.objects.get(number=5007).title == "Regional organizations"
    assert Decision.objects.count() == 6 and not Decision.objects.filter(symbol=None).exists()


def test_only_states_speak_in_a_national_capacity(sample):
    ingest_file(sample)
    au = Statement.objects.filter(speaker__name="African Union", item__letter="A").first()
    assert au.capacity == "briefer"
    capacities = set(
        Statement.objects.exclude(speaker__kind="state").values_list("capacity", flat=True).distinct()
    )
    assert capacities == {"briefer"}
    assert Statement.objects.get(footnote=6, item__letter="A").capacity == "national"


MEMBERSHIP = ROOT / "corpus" / "reference" / "council_membership.csv"


def capacities_at(number: int) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for iso3, capacity in Statement.objects.filter(meeting__number=number, speaker__kind="state").values_list(
        "speaker__iso3", "capacity"
    ):
        found.setdefault(iso3, set()).add(capacity)
    return found


class TestStatesOnTheCouncilOrInvited:
    """The Repertoire says "representative of" for members and invited States alike: the Council's
    members that day tell them apart (the membership list, 1992-2023, and the Charter's seats)."""

    def test_a_state_not_on_the_council_that_day_speaks_as_invited(self, sample):
        ingest_file(MEMBERSHIP)
        ingest_file(sample)
        at_5007 = capacities_at(5007)  # 20 July 2004
        # Mexico's term ended in 2003; Benin and Brazil were elected for 2004-2005; France is permanent.
        assert at_5007["MEX"] == {"invited"}
        assert at_5007["BEN"] == at_5007["BRA"] == at_5007["FRA"] == at_5007["CHN"] == {"national"}
        # Greece sat in 2005-2006: at the 5282nd meeting (17 October 2005) it is a member.
        assert capacities_at(5282)["GRC"] == {"national"}
        # Whom a statement speaks for does not change the speaker's own seat.
        uk = Statement.objects.filter(footnote=29, speaker__iso3="GBR").get()
        assert (uk.capacity, [s.name for s in uk.on_behalf_of.all()]) == ("national", ["European Union"])
        invited = Statement.objects.filter(capacity="invited")
        assert invited.exists() and set(invited.values_list("speaker__kind", flat=True)) == {"state"}
        # Every invited State is one the membership list does not seat that year.
        for iso3, day in invited.values_list("speaker__iso3", "meeting__date").distinct():
            assert not MembershipTerm.objects.on(day).filter(speaker__iso3=iso3).exists(), (iso3, day)

    def test_the_membership_list_loaded_after_the_repertoire_gives_the_same_capacities(self, sample):
        ingest_file(sample)
        # Without the list the members are not all known: the Repertoire's word stands.
        assert capacities_at(5007)["MEX"] == {"national"}
        ingest_file(MEMBERSHIP)
        reconcile.run()
        after = sorted(Statement.objects.values_list("source_key", "capacity"))
        assert capacities_at(5007)["MEX"] == {"invited"}

        Statement.objects.all().delete()
        ingest_file(sample, force=True)
        assert sorted(Statement.objects.values_list("source_key", "capacity")) == after

    def test_a_corrected_capacity_is_left_alone(self, sample):
        ingest_file(sample)
        mexico = Statement.objects.filter(meeting__number=5007, speaker__iso3="MEX").first()
        mexico.capacity = Statement.Capacity.NATIONAL
        mexico.status = Statement.Status.CORRECTED
        mexico.save()
        ingest_file(MEMBERSHIP)
        reconcile.run()
        mexico.refresh_from_db()
        assert mexico.capacity == "national"
        others = Statement.objects.filter(meeting__number=5007, speaker__iso3="MEX").exclude(pk=mexico.pk)
        assert set(others.values_list("capacity", flat=True)) == {"invited"}
