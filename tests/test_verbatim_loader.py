"""Verbatim records into the database: statements, enriched meetings, votes, idempotency, bad files."""

from __future__ import annotations

import datetime
import json
import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from debates.ingest import IngestError, Report, ingest_file
from debates.loaders.common import upsert_decision, upsert_meeting
from debates.models import Decision, Item, Meeting, MeetingMember, SourceDocument, Speaker, Statement, Vote
from debates.parsing.verbatim import parse_record
from tests.pdfs import encrypt, make_pdf, make_record

pytestmark = pytest.mark.django_db

CORPUS = Path(__file__).resolve().parent.parent / "corpus" / "verbatim"
GOLDEN = json.loads((Path(__file__).parent / "fixtures" / "verbatim" / "speakers.json").read_text())


def ingest(*paths: Path, force: bool = False) -> str:
    out = StringIO()
    call_command("ingest", *map(str, paths), force=force, stdout=out, stderr=out)
    return out.getvalue()


def snapshot() -> tuple:
    return (
        list(Meeting.objects.order_by("pk").values()),
        list(Statement.objects.order_by("pk").values()),
        list(Decision.objects.order_by("pk").values()),
        list(Vote.objects.order_by("pk").values()),
        list(Speaker.objects.order_by("pk").values()),
        list(Item.objects.order_by("pk").values()),
        list(MeetingMember.objects.order_by("pk").values()),
    )


def test_the_whole_sample_loads_with_every_speech_in_order():
    ingest(CORPUS)

    assert sorted(Meeting.objects.values_list("number", flat=True)) == [8698, 8699, 8700, 8701, 8702, 8703]
    for name, golden in GOLDEN.items():
        statements = Statement.objects.filter(source_document__name=name).order_by("position")
        assert [f"{s.label} | {s.capacity}" for s in statements] == golden["speeches"], name
        assert {s.record for s in statements} == {golden["symbol"]}
    meeting = Meeting.objects.get(number=8699)
    # The resumptions' speeches follow the meeting's own, in one meeting.
    assert meeting.statements.count() == sum(
        len(GOLDEN[n]["speeches"])
        for n in ("S_PV.8699_E.pdf", "S_PV.8699(Resumption1)_E.pdf", "S_PV.8699(Resumption2)_E.pdf")
    )
    records = list(meeting.statements.order_by("position").values_list("record", flat=True))
    assert records == sorted(records, key=lambda r: ("Resumption" in r, r))
    assert (meeting.date, meeting.resumptions, meeting.record) == (datetime.date(2020, 1, 9), 2, "S/PV.8699")
    assert meeting.records[-1] == "S/PV.8699 (Resumption 2)"

    # Every speech by a Council member (or any State) resolves to its State.
    members = {m.country for name in GOLDEN for m in parse_record((CORPUS / name).read_bytes(), name).members}
    by_state = Statement.objects.exclude(capacity=Statement.Capacity.BRIEFER).select_related("speaker")
    for statement in by_state:
        assert statement.speaker.kind == Speaker.Kind.STATE, statement.label
        assert statement.speaker.iso3 and not statement.speaker.needs_review, statement.label
    member_speakers = {s.speaker.name for s in by_state}
    assert members <= member_speakers | {"United Kingdom of Great Britain and Northern Ireland"}
    uk = Statement.objects.filter(label="Ms. Pierce (United Kingdom)").first()
    assert uk.speaker.iso3 == "GBR"
    # Each statement is filed under the agenda item its speech comes under.
    assert not Statement.objects.filter(item__isnull=True).exclude(meeting__number=8698).exists()
    assert Statement.objects.filter(item__isnull=True).count() == 2
    assert meeting.items.get().statements.count() == meeting.statements.count()


def test_s_pv_8701_records_resolution_2505_with_each_member_s_vote():
    ingest(CORPUS / "S_PV.8701_E.pdf")

    statements = Statement.objects.filter(meeting__number=8701).select_related("speaker")
    assert [(s.speaker.iso3, s.capacity, s.person) for s in statements] == [
        ("VNM", "president", "Mr. Dang"),
        ("VNM", "president", "Mr. Dang"),
    ]
    assert statements[0].citation == "S/PV.8701, p. 2"
    resolution = Decision.objects.get(symbol="S/RES/2505 (2020)")
    assert (resolution.kind, resolution.number, resolution.year, resolution.draft_symbol) == (
        "resolution",
        2505,
        2020,
        "S/2020/27",
    )
    assert (resolution.votes_for, resolution.votes_against, resolution.abstentions) == (15, 0, 0)
    assert resolution.adopted and resolution.unanimous
    assert resolution.meeting.number == 8701 and resolution.date == datetime.date(2020, 1, 13)
    votes = resolution.votes.select_related("speaker")
    assert len(votes) == 15 and {v.choice for v in votes} == {"yes"}
    assert {v.speaker.iso3 for v in votes} == {
        "BEL", "CHN", "DOM", "EST", "FRA", "DEU", "IDN", "NER",
        "RUS", "VCT", "ZAF", "TUN", "GBR", "USA", "VNM",
    }  # fmt: skip


def test_a_draft_with_abstentions_and_a_failed_amendment_are_recorded():
    ingest(CORPUS / "S_PV.8700_E.pdf")

    adopted = Decision.objects.get(symbol="S/RES/2504 (2020)")
    assert (adopted.votes_for, adopted.votes_against, adopted.abstentions, adopted.unanimous) == (
        11,
        0,
        4,
        False,
    )
    assert sorted(adopted.votes.filter(choice="abstain").values_list("speaker__iso3", flat=True)) == [
        "CHN", "GBR", "RUS", "USA",
    ]  # fmt: skip
    amendment = Decision.objects.get(meeting__number=8700, kind=Decision.Kind.OTHER)
    assert (amendment.adopted, amendment.votes_for, amendment.votes_against, amendment.abstentions) == (
        False,
        3,
        7,
        5,
    )


def test_a_briefer_speaks_for_the_office_or_organization_that_invited_them():
    ingest(CORPUS / "S_PV.8699_E.pdf", CORPUS / "S_PV.8703_E.pdf")

    def speaker_of(label):
        return Statement.objects.select_related("speaker").get(label=label).speaker

    assert (speaker_of("Mr. Skoog").name, speaker_of("Mr. Skoog").kind) == ("European Union", "organization")
    assert speaker_of("The Secretary-General").kind == "un"
    assert speaker_of("Mr. Lacroix (spoke in French)").name == "Under-Secretary-General for Peace Operations"
    elders = speaker_of("Mrs. Robinson")
    assert elders.name == "The Elders" and elders.needs_review  # unknown to the gazetteer: left for review


@pytest.mark.parametrize("first_main", [True, False], ids=["meeting-first", "resumption-first"])
def test_a_resumption_s_speaker_invited_on_the_first_day_resolves_in_either_order(first_main):
    main, resumption = CORPUS / "S_PV.8699_E.pdf", CORPUS / "S_PV.8699(Resumption1)_E.pdf"
    ingest(*((main, resumption) if first_main else (resumption, main)))

    mardini = Statement.objects.select_related("speaker").get(label="Mr. Mardini")
    assert mardini.speaker.name == "International Committee of the Red Cross"
    assert not Speaker.objects.filter(name="Mr. Mardini").exists()
    meeting = Meeting.objects.get(number=8699)
    assert (meeting.date, meeting.time, meeting.resumptions) == (datetime.date(2020, 1, 9), "10 a.m.", 1)
    assert meeting.president_person == "Mr. Pham Binh Minh/Mr. Dang"


def test_ingesting_a_record_twice_changes_nothing():
    paths = [CORPUS / "S_PV.8700_E.pdf", CORPUS / "S_PV.8702_E.pdf"]
    ingest(*paths)
    before = snapshot()

    output = ingest(*paths, force=True)

    assert snapshot() == before
    assert "nothing" in output


def test_a_meeting_known_from_the_tables_is_enriched_not_duplicated():
    table = SourceDocument.objects.create(
        name="scact2020_table_en.html", checksum="1" * 64, kind="meeting_table"
    )
    report = Report()
    meeting = upsert_meeting(
        table,
        report,
        number=8701,
        date=datetime.date(2020, 1, 13),
        press_release="SC/14074",
        title="Middle East",
    )
    upsert_decision(
        table, report, kind="resolution", symbol="S/RES/2505 (2020)", meeting=meeting, votes_for=15
    )

    ingest(CORPUS / "S_PV.8701_E.pdf")

    assert Meeting.objects.filter(number=8701).count() == 1
    meeting = Meeting.objects.get(number=8701)
    assert meeting.press_release == "SC/14074"  # kept from the table
    assert (meeting.time, meeting.president.iso3, meeting.president_person) == ("10 a.m.", "VNM", "Mr. Dang")
    assert meeting.statements.count() == 2
    assert set(meeting.source_documents.values_list("name", flat=True)) == {
        "scact2020_table_en.html",
        "S_PV.8701_E.pdf",
    }
    assert Decision.objects.filter(number=2505).count() == 1
    resolution = Decision.objects.get(symbol="S/RES/2505 (2020)")
    assert (resolution.draft_symbol, resolution.votes.count()) == ("S/2020/27", 15)


def test_a_corrected_statement_is_never_overwritten(tmp_path):
    ingest(CORPUS / "S_PV.8701_E.pdf")
    statement = Statement.objects.get(record="S/PV.8701", position=1)
    statement.text = "Corrected by staff."
    statement.status = Statement.Status.CORRECTED
    statement.save()

    _, report = ingest_file(CORPUS / "S_PV.8701_E.pdf", force=True)

    statement.refresh_from_db()
    assert statement.text == "Corrected by staff."
    assert f"kept correction of statement {statement.pk}" in report.notes


def bad_pdfs(folder: Path) -> dict[str, str]:
    """Damaged files named like verbatim records, each with the reason it must be refused."""
    record = make_pdf([[(72, 700, "S/PV.9001"), (72, 680, "Security Council")]])
    files = {
        "S_PV.9001_E.pdf": (encrypt(record), "encrypted PDF (a password is required to read it)"),
        "S_PV.9002_E.pdf": (make_pdf([[], []]), "no text layer on any of its 2 page(s) (a scan?)"),
        "S_PV.9003_E.pdf": (record[: len(record) // 2], "truncated PDF (no %%EOF marker at the end)"),
        "S_PV.9004_E.pdf": (
            make_pdf([[(72, 700, "Minutes of the chess club")]]),
            "not a verbatim record of the Security Council (no S/PV symbol on page 1)",
        ),
    }
    for name, (data, _) in files.items():
        (folder / name).write_bytes(data)
    return {name: reason for name, (_, reason) in files.items()}


def test_bad_pdfs_get_a_one_line_error_write_nothing_and_the_batch_goes_on(tmp_path):
    reasons = bad_pdfs(tmp_path)
    shutil.copy(CORPUS / "S_PV.8701_E.pdf", tmp_path)
    out = StringIO()

    with pytest.raises(CommandError, match="4 document"):
        call_command("ingest", str(tmp_path), stdout=out, stderr=out)

    lines = out.getvalue().splitlines()
    for name, reason in reasons.items():
        assert f"{tmp_path / name}: {reason}" in lines
        assert SourceDocument.objects.get(name=name).outcome == SourceDocument.Outcome.FAILED
    assert list(Meeting.objects.values_list("number", flat=True)) == [8701]
    assert not Statement.objects.exclude(source_document__name="S_PV.8701_E.pdf").exists()
    assert "1 document(s) loaded, 0 unchanged, 0 skipped, 4 failed" in out.getvalue()


def test_a_pdf_that_is_no_record_is_not_claimed(tmp_path):
    path = tmp_path / "chess-club.pdf"
    path.write_bytes(make_pdf([[(72, 700, "Minutes of the chess club")]]))

    with pytest.raises(IngestError, match="not a recognised document"):
        ingest_file(path)
    assert not SourceDocument.objects.exists()


def test_a_renamed_record_is_recognised_by_its_first_page(tmp_path):
    path = tmp_path / "record.pdf"
    shutil.copy(CORPUS / "S_PV.8701_E.pdf", path)

    document, report = ingest_file(path)

    assert document.kind == SourceDocument.Kind.VERBATIM
    assert report.counts["statements created"] == 2


def test_a_veto_and_a_briefer_invited_by_name(tmp_path):
    path = tmp_path / "S_PV.9001_E.pdf"
    path.write_bytes(make_record())

    ingest_file(path)

    draft = Decision.objects.get(symbol="S/2020/99")
    assert (draft.kind, draft.adopted, draft.votes_for, draft.votes_against, draft.abstentions) == (
        "draft_resolution",
        False,
        13,
        1,
        1,
    )
    assert list(draft.votes.filter(veto=True).values_list("speaker__iso3", flat=True)) == ["RUS"]
    assert draft.votes.filter(choice="abstain", veto=False).get().speaker.iso3 == "USA"
    griffiths = Statement.objects.select_related("speaker").get(person="Mr. Griffiths")
    # The gazetteer knows the office by the invitation's words.
    assert (griffiths.speaker.name, griffiths.speaker.kind, griffiths.capacity) == (
        "Special Envoy of the Secretary-General for Yemen",
        "un",
        "briefer",
    )
    assert Meeting.objects.get(number=9001).statements.count() == 6


def test_the_cover_page_s_members_and_representatives_are_kept():
    ingest(CORPUS / "S_PV.8701_E.pdf")
    members = dict(MeetingMember.objects.filter(meeting__number=8701).values_list("speaker__iso3", "person"))
    assert len(members) == 15
    assert members["VNM"] == "Mr. Dang"  # the President, listed apart on the cover page
    assert members["FRA"] == "Mrs. Gueguen"
    assert members["GBR"] == "Ms. Pierce"
    assert members["RUS"] == "Mr. Repkin"
    ingest(CORPUS / "S_PV.8701_E.pdf", force=True)
    assert MeetingMember.objects.count() == 15


def test_the_meeting_page_lists_members_and_their_representatives(client):
    ingest(CORPUS / "S_PV.8701_E.pdf")
    html = client.get("/meetings/8701/").content.decode()
    assert "15 members and their representatives" in html
    assert "Saint Vincent and the Grenadines</a>: Ms. King" in html
