"""Loading the Council's record: meeting tables, veto list, resolution texts, presidential statements."""

import datetime
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from debates.gazetteer import Gazetteer
from debates.ingest import IngestError, Report, ingest_file
from debates.loaders.common import upsert_decision, upsert_meeting
from debates.loaders.meeting_tables import entries
from debates.models import Decision, Discrepancy, Item, Meeting, SourceDocument, Vote
from debates.parsing.meeting_tables import parse_meeting_table

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
FIXTURES = Path(__file__).parent / "fixtures" / "council"
TABLES = sorted((CORPUS / "meetings").glob("scact*_table_en.html"))


def snapshot():
    return (
        sorted(
            map(repr, Meeting.objects.values_list("number", "slug", "date", "resumptions", "closed", "title"))
        ),
        sorted(
            map(
                repr,
                Decision.objects.values_list(
                    "symbol", "slug", "kind", "date", "meeting__number", "votes_for"
                ),
            )
        ),
        sorted(map(repr, Vote.objects.values_list("decision__slug", "speaker__iso3", "veto"))),
        sorted(Item.objects.values_list("key", flat=True)),
        sorted(
            map(repr, Discrepancy.objects.values_list("object_key", "field", "kept_value", "other_value"))
        ),
    )


def delete_items():
    """Items from the leaves up: a parent is protected while it has children."""
    for kind in ("topic", "item", "group"):
        Item.objects.filter(kind=kind).delete()


def load_repertoire_like():
    """What the Repertoire says of meeting 5007: a day later, under its own title, an unnamed statement."""
    document = SourceDocument.objects.get_or_create(
        name="repertoire.txt", defaults={"checksum": "1" * 64, "kind": SourceDocument.Kind.REPERTOIRE}
    )[0]
    report = Report()
    meeting = upsert_meeting(
        document, report, number=5007, date=datetime.date(2004, 7, 21), title="Regional organizations"
    )
    upsert_decision(document, report, kind=Decision.Kind.PRESIDENTIAL_STATEMENT, meeting=meeting)


def test_the_table_excerpt_loads_meetings_items_and_decisions():
    ingest_file(FIXTURES / "scact2004_excerpt.html")
    meeting = Meeting.objects.get(number=5007)
    assert (meeting.date, meeting.resumptions, meeting.record) == (datetime.date(2004, 7, 20), 1, "S/PV.5007")
    assert [i.title for i in meeting.items.all()] == [
        "Cooperation between the United Nations and regional organizations in stabilization processes"
    ]
    assert meeting.decisions.get().symbol == "S/PRST/2004/27"
    closed = Meeting.objects.get(number=5081)
    assert closed.closed and closed.kind == Meeting.Kind.CLOSED and closed.place == "Nairobi"
    assert closed.decisions.get().kind == Decision.Kind.COMMUNIQUE
    # "Sudan" at two meetings is one Item.
    assert Item.objects.get(key="sudan").meetings.count() == 2


def test_reingest_is_idempotent():
    ingest_file(FIXTURES / "scact2004_excerpt.html")
    ingest_file(FIXTURES / "scact1955_excerpt.html")
    before = snapshot()
    ingest_file(FIXTURES / "scact2004_excerpt.html", force=True)
    ingest_file(FIXTURES / "scact1955_excerpt.html", force=True)
    assert snapshot() == before


@pytest.mark.parametrize("repertoire_first", [True, False])
def test_order_does_not_matter_and_conflicts_are_recorded(repertoire_first):
    if repertoire_first:
        load_repertoire_like()
    ingest_file(FIXTURES / "scact2004_excerpt.html")
    ingest_file(FIXTURES / "S_PRST_2007_42.txt")
    if not repertoire_first:
        load_repertoire_like()
    meeting = Meeting.objects.get(number=5007)
    # The table outranks the Repertoire: its date stays, the other is recorded.
    assert meeting.date == datetime.date(2004, 7, 20)
    assert Discrepancy.objects.filter(object_key="5007", field="date", other_value="2004-07-21").exists()
    # The Repertoire's unnamed statement is the table's S/PRST/2004/27: one row.
    assert list(meeting.decisions.values_list("symbol", flat=True)) == ["S/PRST/2004/27"]
    statement = Decision.objects.get(symbol="S/PRST/2007/42")
    assert statement.meeting.number == 5776 and "regional and subregional organizations" in statement.text


def test_same_database_in_either_order():
    ingest_file(FIXTURES / "scact2004_excerpt.html")
    load_repertoire_like()
    ingest_file(FIXTURES / "veto_excerpt.html")
    ingest_file(FIXTURES / "scact1955_excerpt.html")
    first = snapshot()
    for model in (Vote, Decision, Discrepancy):
        model.objects.all().delete()
    Meeting.objects.all().delete()
    delete_items()
    SourceDocument.objects.all().delete()
    ingest_file(FIXTURES / "scact1955_excerpt.html")
    ingest_file(FIXTURES / "veto_excerpt.html")
    load_repertoire_like()
    ingest_file(FIXTURES / "scact2004_excerpt.html")
    assert snapshot() == first


def test_vetoes_become_votes_on_the_draft():
    ingest_file(FIXTURES / "veto_excerpt.html")
    draft = Decision.objects.get(symbol="S/2022/431")
    assert sorted(draft.votes.filter(veto=True).values_list("speaker__iso3", flat=True)) == ["CHN", "RUS"]
    # Three applications vetoed orally at the 57th meeting: three symbol-less drafts, each the USSR's veto.
    oral = Decision.objects.filter(meeting__number=57, kind=Decision.Kind.DRAFT_RESOLUTION).order_by("entry")
    assert [(d.symbol, d.entry) for d in oral] == [(None, "veto-1"), (None, "veto-2"), (None, "veto-3")]
    for draft in oral:
        assert list(draft.votes.values_list("speaker__iso3", "choice", "veto")) == [("SUN", "no", True)]
    assert set(Vote.objects.filter(decision__meeting__number=49).values_list("speaker__iso3", flat=True)) == {
        "FRA",
        "SUN",
    }


def test_resolution_text_date_and_meeting():
    ingest_file(CORPUS / "resolutions" / "S-RES-1631(2005).txt")
    resolution = Decision.objects.get(symbol="S/RES/1631 (2005)")
    assert (resolution.meeting.number, resolution.date) == (5282, datetime.date(2005, 10, 17))
    assert resolution.text.startswith("United Nations")
    assert "Chapter VIII of the Charter" in resolution.text


def test_bad_documents_fail_alone_with_one_line_and_write_nothing(tmp_path):
    html = (FIXTURES / "scact2004_excerpt.html").read_text(encoding="utf-8")
    (tmp_path / "scact2004_table_en.html").write_text(html.replace(">Topic<", ">Subject<"), encoding="utf-8")
    (tmp_path / "S-RES-9999(2030).txt").write_bytes(
        "The Security Council, S/RES/9999 (2030)".encode("utf-16")
    )
    (tmp_path / "S-RES-9998(2030).txt").write_bytes(b"S/RES/9998 (2030) The Security Council \x81\x8d")
    (tmp_path / "S-RES-9997(2030).txt").write_text("Minutes of the 12th meeting of the Staff Committee.\n")
    (tmp_path / "notes.txt").write_text("Nothing any loader knows.\n")
    shutil.copy(FIXTURES / "scact1955_excerpt.html", tmp_path / "scact1955_table_en.html")
    for name, message in [
        ("scact2004_table_en.html", "changed layout"),
        ("S-RES-9999(2030).txt", "unknown encoding"),
        ("S-RES-9998(2030).txt", "unknown encoding"),
        ("S-RES-9997(2030).txt", "not a resolution text"),
        ("notes.txt", "not a recognised document"),
    ]:
        with pytest.raises(IngestError, match=message) as error:
            ingest_file(tmp_path / name)
        assert "\n" not in str(error.value)
    assert not Meeting.objects.exists() and not Decision.objects.exists()
    with pytest.raises(CommandError, match="4 document"):
        call_command("ingest", str(tmp_path), verbosity=0)
    # The good table went in; the bad ones left only their failure records.
    assert Meeting.objects.count() == 3
    assert SourceDocument.objects.filter(outcome="failed").count() == 4


def test_the_whole_record_holds():
    """The real tables, the veto list and a sample of resolution texts: the counts the issue asks for."""
    for path in TABLES:
        ingest_file(path)
    sample = [
        "S-RES-1631(2005).txt",
        "S-RES-1794(2007).txt",
        "S-RES-663(1990).txt",
        "S-RES-666(1990).txt",
        "S-RES-231(1965).txt",
        "S-RES-1(1946).txt",
    ]
    for name in sample:
        ingest_file(CORPUS / "resolutions" / name)
    ingest_file(CORPUS / "decisions" / "S_PRST_2007_42.txt")

    meeting = Meeting.objects.get(number=5007)
    assert (meeting.date, meeting.resumptions) == (datetime.date(2004, 7, 20), 1)
    assert meeting.items.filter(title__icontains="regional organizations").exists()
    assert meeting.decisions.filter(symbol="S/PRST/2004/27").exists()

    resolution = Decision.objects.get(symbol="S/RES/1631 (2005)")
    assert (resolution.meeting.number, resolution.date) == (5282, datetime.date(2005, 10, 17))
    assert (resolution.votes_for, resolution.votes_against, resolution.abstentions) == (15, 0, 0)
    assert resolution.text.startswith("United Nations\nSecurity Council\n\nS/RES/1631 (2005)")
    assert resolution.text.rstrip().endswith("12. Decides to remain seized of the matter.")

    known = Decision.objects.get(symbol="S/RES/2505 (2020)")
    assert known.meeting.number == 8701 and known.text == ""

    videoconference = Meeting.objects.get(slug="vtc-2020-12-29-s-2020-1305")
    assert videoconference.number is None and videoconference.kind == Meeting.Kind.VIDEOCONFERENCE
    assert (videoconference.letter, videoconference.documents) == (
        "S/2020/1305",
        ["S/2020/1305", "S/2020/1311"],
    )
    assert list(videoconference.decisions.values_list("symbol", "votes_for")) == [("S/RES/2560 (2020)", 15)]

    # Per-year counts: one meeting per number (resumptions are not meetings,
    # closed meetings are), one per videoconference without a number.
    expected: Counter[int] = Counter()
    symbols: set[str] = set()
    for path in TABLES:
        if "veto" in path.name:
            continue
        table = parse_meeting_table(path.read_text(encoding="utf-8"), name=path.name)
        expected[table.year] += len(table.meetings())
        symbols |= {o.symbol for m in table.meetings() for o in m.outcomes if o.kind == "resolution"}
    actual = Counter(Meeting.objects.values_list("date__year", flat=True))
    assert actual == expected
    assert sum(expected.values()) > 9000

    # Every S/RES of the tables is a Decision.
    assert len(symbols) > 2600
    assert set(Decision.objects.filter(symbol__in=symbols).values_list("symbol", flat=True)) == symbols

    # Every vetoed draft names its vetoing members: those the table's outcome
    # column and the veto list give, as veto votes on the draft's Decision.
    gazetteer = Gazetteer.default()
    expected_vetoes: dict[tuple, set[str]] = {}
    for path in TABLES:
        if "veto" in path.name:
            continue
        for meeting in parse_meeting_table(path.read_text(encoding="utf-8"), name=path.name).meetings():
            for outcome, entry in entries(meeting.outcomes):
                if outcome.vetoed_by:
                    key = (outcome.symbol,) if outcome.symbol else (meeting.number, entry)
                    members = {gazetteer.lookup(m, meeting.date).iso3 for m in outcome.vetoed_by}
                    expected_vetoes.setdefault(key, set()).update(members)
    assert len(expected_vetoes) > 190
    for key, members in expected_vetoes.items():
        if isinstance(key[0], str):
            draft = Decision.objects.get(symbol=key[0])
        else:
            draft = Decision.objects.get(meeting__number=key[0], entry=key[1], symbol__isnull=True)
        vetoes = set(draft.votes.filter(veto=True, choice="no").values_list("speaker__iso3", flat=True))
        assert vetoes == members, (key, vetoes, members)

    # The table misprints S/RES/666 (1990) as 663; the resolution text settles where 663 was adopted.
    assert Decision.objects.get(symbol="S/RES/663 (1990)").meeting.number == 2936
    assert Discrepancy.objects.filter(object_key="S/RES/663 (1990)", field="meeting").exists()
    assert Decision.objects.get(symbol="S/RES/666 (1990)").meeting.number == 2939
    # The file S-RES-231(1965).txt holds resolution 231 (1966), which the 1966 table lists.
    assert Decision.objects.get(symbol="S/RES/231 (1966)").text
    assert not Decision.objects.filter(symbol="S/RES/231 (1965)").exists()

    for text in Decision.objects.exclude(text="").values_list("text", flat=True):
        assert not re.search(r"\ufffd|Ã©|â€|\*\d{7}\*|^\s*\d{2}-\d{5}", text, re.M)


def test_a_statement_without_symbol_is_matched_by_its_meeting(tmp_path):
    ingest_file(CORPUS / "meetings" / "scact2007_table_en.html")
    unnamed = tmp_path / "statement-of-6-november-2007.txt"
    shutil.copy(FIXTURES / "S_PRST_2007_42.txt", unnamed)
    ingest_file(unnamed)
    statement = Decision.objects.get(symbol="S/PRST/2007/42")
    assert statement.meeting.number == 5776 and statement.date == datetime.date(2007, 11, 6)
    assert statement.text.startswith("At the 5776th meeting of the Security Council")
    assert not Decision.objects.filter(kind="presidential_statement", symbol__isnull=True).exists()


def test_the_early_years_and_the_veto_list_give_one_database_in_either_order():
    """1946-1948: oral drafts beside named ones (the 351st meeting: one put orally, vetoed, and S/974)."""
    documents = [CORPUS / "meetings" / f"scact{year}_table_en.html" for year in (1946, 1947, 1948)]
    veto_list = CORPUS / "meetings" / "scact_veto_table_en.html"
    resolution = CORPUS / "resolutions" / "S-RES-52(1948).txt"

    def load(paths):
        for model in (Vote, Decision, Discrepancy, Meeting):
            model.objects.all().delete()
        delete_items()
        SourceDocument.objects.all().delete()
        for path in paths:
            ingest_file(path)
        return snapshot()

    first = load([*documents, veto_list, resolution])
    assert load([resolution, veto_list, *reversed(documents)]) == first
    drafts = Decision.objects.filter(meeting__number=351, kind="draft_resolution")
    assert sorted(map(repr, drafts.values_list("symbol", "votes__veto"))) == [
        "('S/974', None)",
        "(None, True)",
    ]


@pytest.mark.parametrize("text_first", [True, False])
def test_the_tables_link_a_resolution_whose_text_misprints_its_meeting(text_first):
    """S/RES/246 (1968): "adopted at the 1387th meeting", dated as the 1397th, where the table has it."""
    documents = [
        CORPUS / "meetings" / "scact1968_table_en.html",
        CORPUS / "resolutions" / "S-RES-246(1968).txt",
    ]
    for path in reversed(documents) if text_first else documents:
        ingest_file(path)
    resolution = Decision.objects.get(symbol="S/RES/246 (1968)")
    assert (resolution.meeting.number, resolution.date) == (1397, datetime.date(1968, 3, 14))
    assert resolution.meeting.date == datetime.date(1968, 3, 14)
    assert Meeting.objects.get(number=1387).date == datetime.date(1968, 1, 25)  # not moved by the text
    assert list(Discrepancy.objects.values_list("object_key", "field", "kept_value", "other_value")) == [
        ("S/RES/246 (1968)", "meeting", "S/PV.1397 (14 March 1968)", "S/PV.1387 (25 January 1968)")
    ]
