"""The Council record parsers (tables, veto list, resolutions, statements) on excerpts of real files."""

import datetime
import re
from pathlib import Path

import pytest

from debates.parsing.html_table import read_rows
from debates.parsing.meeting_tables import TableError, parse_meeting_table, parse_outcomes, parse_veto_list
from debates.parsing.presidential_statements import parse_statement
from debates.parsing.resolutions import ResolutionError, clean_text, decode, parse_resolution

FIXTURES = Path(__file__).parent / "fixtures" / "council"


def table(name):
    return parse_meeting_table((FIXTURES / name).read_text(encoding="utf-8"), name=name)


def meetings_by_slug(name):
    return {m.slug: m for m in table(name).meetings()}


def test_a_resumption_is_merged_into_its_meeting():
    meeting = meetings_by_slug("scact2004_excerpt.html")["5007"]
    assert meeting.date == datetime.date(2004, 7, 20)
    assert meeting.resumptions == 1
    assert meeting.record == "S/PV.5007"
    assert meeting.press_release == "SC/8153"
    assert meeting.topics == [
        "Cooperation between the United Nations and regional organizations in stabilization processes"
    ]
    assert [(o.kind, o.symbol) for o in meeting.outcomes] == [("presidential_statement", "S/PRST/2004/27")]


def test_closed_meetings_place_and_communique():
    meetings = meetings_by_slug("scact2004_excerpt.html")
    assert meetings["5081"].closed and meetings["5081"].place == "Nairobi"
    assert not meetings["5080"].closed and meetings["5080"].place == "Nairobi"
    assert [(o.kind, o.symbol) for o in meetings["5098"].outcomes] == [("communique", None)]
    assert meetings["5098"].press_release == ""  # "None issued"


def test_rowspan_rows_give_one_meeting_with_two_topics():
    meetings = meetings_by_slug("scact1955_excerpt.html")
    assert list(meetings) == ["707", "706", "705"]
    assert meetings["707"].topics == [
        "The Palestine question",
        "Proposal to call a general conference of the Members of the United Nations for the purpose of "
        "reviewing the Charter",
    ]
    (resolution,) = meetings["707"].outcomes
    assert (resolution.symbol, resolution.votes_for, resolution.votes_against, resolution.abstentions) == (
        "S/RES/110 (1955)", 9, 1, 1,
    )  # fmt: skip


def test_drafts_not_adopted_with_votes_and_vetoing_members():
    vetoed, rejected = meetings_by_slug("scact1955_excerpt.html")["706"].outcomes
    assert (vetoed.kind, vetoed.symbol, vetoed.adopted, vetoed.vetoed_by) == (
        "draft_resolution", "S/3510", False, ["USSR"],
    )  # fmt: skip
    assert (vetoed.votes_for, vetoed.votes_against, vetoed.abstentions) == (10, 1, 0)
    assert (rejected.symbol, rejected.vetoed_by, rejected.votes_for, rejected.abstentions) == (
        "S/3512",
        [],
        1,
        10,
    )


def test_videoconferences_are_keyed_on_date_and_letter():
    parsed = table("scact2020_covid_excerpt.html")
    # The page kept the title of the 2021 page; its documents say 2020.
    assert parsed.year == 2020
    assert any("title says 2021" in note for note in parsed.notes)
    meetings = {m.slug: m for m in parsed.meetings()}
    vtc = meetings["vtc-2020-12-29-s-2020-1305"]
    assert vtc.number is None and vtc.videoconference
    assert vtc.letters == ["S/2020/1305", "S/2020/1311"]
    assert [o.symbol for o in vtc.outcomes] == ["S/RES/2560 (2020)"]
    vetoed = meetings["vtc-2020-08-31-s-2020-865"].outcomes[0]
    assert (vetoed.symbol, vetoed.vetoed_by) == ("S/2020/852", ["USA"])
    # S/PV.8773 ran over two days: one meeting, on its first day.
    assert meetings["8773"].date == datetime.date(2020, 11, 11)


def test_a_changed_layout_is_refused():
    html = (FIXTURES / "scact2004_excerpt.html").read_text(encoding="utf-8")
    with pytest.raises(TableError, match="changed layout"):
        parse_meeting_table(html.replace(">Topic<", ">Subject<"))
    # Same header, rows of another shape: refused rather than loaded in part.
    with pytest.raises(
        TableError, match=r"changed layout: 6 of 6 rows unreadable \(row \d+: unreadable date"
    ):
        parse_meeting_table(re.sub(r"<td>(\d+) (July|November|December)</td>", r"<td>2004-\1</td>", html))
    with pytest.raises(TableError, match="not a table of Security Council meetings"):
        parse_meeting_table("<html><table><tr><td>x</td></tr></table></html>")


def test_veto_list_names_members_and_oral_drafts():
    vetoes = parse_veto_list((FIXTURES / "veto_excerpt.html").read_text(encoding="utf-8")).vetoes
    assert (vetoes[0].symbol, vetoes[0].meeting, vetoes[0].members) == (
        "S/2022/431",
        9048,
        ["China", "Russian Federation"],
    )
    oral = [v for v in vetoes if v.meeting == 57]
    assert len(oral) == 3 and all(v.symbol is None and v.members == ["USSR"] for v in oral)
    assert [v.members for v in vetoes if v.meeting == 49] == [["USSR"], ["France", "USSR"], ["USSR"]]


@pytest.mark.parametrize(
    ("name", "encoding"),
    [
        ("S-RES-204(1965).txt", "utf-8-sig"),
        ("S-RES-736(1992).txt", "cp1252"),
        ("S-RES-352(1974).txt", "latin-1"),
        ("S-RES-279(1970).txt", "utf-8"),
        ("S-RES-1(1946).txt", "ascii"),
    ],
)
def test_each_encoding_is_detected_without_mojibake(name, encoding):
    parsed = parse_resolution((FIXTURES / name).read_bytes(), name=name)
    assert parsed.encoding == encoding
    for bad in ("\ufffd", "Ã©", "â€", "\r", "\ufeff"):
        assert bad not in parsed.text


def test_windows_1252_quotes_become_real_quotes():
    text = parse_resolution((FIXTURES / "S-RES-736(1992).txt").read_bytes(), name="S-RES-736(1992).txt").text
    assert any(ch in text for ch in "\u2018\u2019\u201c\u201d\u2013\u2014")


def test_page_furniture_is_removed():
    raw = (FIXTURES / "S-RES-1751(2007).txt").read_bytes()
    assert b"*07" in raw
    parsed = parse_resolution(raw, name="S-RES-1751(2007).txt")
    assert "*07" not in parsed.text
    assert not any(
        line.strip()[:2].isdigit() and "-" in line[:9] and len(line) < 40 for line in parsed.text.splitlines()
    )
    assert parsed.text.count("S/RES/1751 (2007)") == 1
    assert (parsed.meeting, parsed.date) == (5660, datetime.date(2007, 4, 13))


def test_document_number_lines_and_barcodes_in_all_their_forms():
    text = (
        "S/RES/1794 (2007)\r\nCommending the efforts of\r\n07-65572 (E)\r\n*0765572*\r\n\r\n"
        "S/RES/1794 (2007)\r\ncombatants in Ituri,\r\n2 07-65572\r\n/...\r\nS/RES/1794 (2007) Page 3\r\n"
        "1/3 05-55012\r\n2/5\r\nDecides to remain seized.\r\n3 07-65572United Nations\r\n"
    )
    # The running heads go, the symbol heading the first page stays, and the
    # paragraph the page break cut is whole again.
    assert clean_text(text) == (
        "S/RES/1794 (2007)\nCommending the efforts of combatants in Ituri,\n\n"
        "Decides to remain seized.\nUnited Nations\n"
    )


def test_refworld_header_is_removed_and_its_date_used():
    parsed = parse_resolution((FIXTURES / "S-RES-279(1970).txt").read_bytes(), name="S-RES-279(1970).txt")
    assert "refworld" not in parsed.text and "Cite as" not in parsed.text
    assert parsed.symbol == "S/RES/279 (1970)"
    assert parsed.date is not None and parsed.date.year == 1970


def test_the_oldest_form_resolution_of_date():
    parsed = parse_resolution((FIXTURES / "S-RES-1(1946).txt").read_bytes(), name="S-RES-1(1946).txt")
    assert (parsed.symbol, parsed.date) == ("S/RES/1 (1946)", datetime.date(1946, 1, 25))


def test_unknown_encodings_and_wrong_kinds_are_refused():
    with pytest.raises(ResolutionError, match="unknown encoding"):
        decode("Résolution".encode("utf-16"))
    with pytest.raises(ResolutionError, match="unknown encoding"):
        decode(b"The Security Council \x81\x8d\x93")  # bytes Windows-1252 leaves undefined
    with pytest.raises(ResolutionError, match="not a resolution text"):
        parse_resolution(b"Minutes of a committee meeting.\n", name="notes.txt")


def test_presidential_statement_symbol_meeting_and_date():
    parsed = parse_statement((FIXTURES / "S_PRST_2007_42.txt").read_bytes(), name="S_PRST_2007_42.txt")
    # S/PRST/2007/7, recalled in the body, is not this statement's symbol.
    assert (parsed.symbol, parsed.meeting, parsed.date) == (
        "S/PRST/2007/42",
        5776,
        datetime.date(2007, 11, 6),
    )
    assert parsed.item.startswith("The role of regional and subregional organizations")


def test_outcome_entries_of_every_kind():
    def outcomes(html):
        return [
            (o.kind, o.symbol, o.adopted, o.votes_for, o.vetoed_by)
            for o in parse_outcomes(read_rows(f"<table><tr><td>{html}</td></tr></table>")[0][0])
        ]

    assert outcomes("<a>S/RES/15 (1946)</a> <br> adopted unanimously") == [
        ("resolution", "S/RES/15 (1946)", True, None, [])
    ]
    assert outcomes("<a>S/17575</a> (PRST)") == [("presidential_statement", "S/17575", True, None, [])]
    assert outcomes("S/PV.1922 (PRST)") == [("presidential_statement", None, True, None, [])]
    assert outcomes("Draft resolution S/PV.57 (Transjordan) vetoed by USSR<br>8-2-1") == [
        ("draft_resolution", None, False, 8, ["USSR"])
    ]
    assert outcomes("Draft resolution S/2019/961 vetoed by Russian Federation and China 11-2-2") == [
        ("draft_resolution", "S/2019/961", False, 11, ["Russian Federation", "China"])
    ]
    assert outcomes("S/RES/1578 (2004)<br/>15-0-0<br/><a>S/PRST/2004/47</a>") == [
        ("resolution", "S/RES/1578 (2004)", True, 15, []),
        ("presidential_statement", "S/PRST/2004/47", True, None, []),
    ]
    assert outcomes("Note (S/1994/1176)") == [("other", "S/1994/1176", None, None, [])]
    assert outcomes("2-0-13") == [("draft_resolution", None, False, 2, [])]
    assert outcomes("--") == []


def test_the_veto_list_agrees_with_the_reference_data_set():
    """The library's list, parsed, against the independently compiled CSV of vetoes (1946-2022)."""
    import csv
    from collections import Counter

    from debates.gazetteer import Gazetteer

    corpus = Path(__file__).resolve().parent.parent / "corpus"
    gazetteer = Gazetteer.default()

    def members(names):
        return frozenset(gazetteer.lookup(name).iso3 for name in names if name)

    vetoes = parse_veto_list((corpus / "meetings" / "scact_veto_table_en.html").read_text(encoding="utf-8"))
    assert vetoes.skipped == []
    listed = Counter((v.date, members(v.members)) for v in vetoes.vetoes)
    reference = Counter()
    with open(corpus / "reference" / "unsc_vetoes_1946_sept2022.csv", newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            month, day, year = (int(part) for part in row["date"].split("/"))
            vetoing = [row["member_veto1"], row["member_veto2"], row["member_veto3"]]
            reference[(datetime.date(year, month, day), members(vetoing))] += 1
    assert sum(listed.values()) == 213
    # Where the two sources disagree: France's vote on the Spanish question,
    # the date of one 2001 veto, and the CSV's veto of July 2022, after the list.
    assert listed - reference == Counter(
        {
            (datetime.date(1946, 6, 26), frozenset({"FRA", "SUN"})): 1,
            (datetime.date(2001, 3, 28), frozenset({"USA"})): 1,
        }
    )
    assert reference - listed == Counter(
        {
            (datetime.date(1946, 6, 26), frozenset({"SUN"})): 1,
            (datetime.date(2001, 4, 12), frozenset({"USA"})): 1,
            (datetime.date(2022, 7, 8), frozenset({"RUS"})): 1,
        }
    )


def as_json(value):
    """Parsed dataclasses as the plain JSON of the golden files."""
    import dataclasses
    import json

    return json.loads(
        json.dumps(dataclasses.asdict(value) if dataclasses.is_dataclass(value) else value, default=str)
    )


@pytest.mark.parametrize(
    "name",
    ["scact1955_excerpt.html", "scact2004_excerpt.html", "scact2020_covid_excerpt.html", "veto_excerpt.html"],
)
def test_golden_files(name):
    """Each excerpt parses to the checked-in JSON next to it (reviewed by hand against the page)."""
    import json

    html = (FIXTURES / name).read_text(encoding="utf-8")
    if name.startswith("veto"):
        parsed = as_json(parse_veto_list(html))
    else:
        parsed = as_json({"meetings": [as_json(m) for m in parse_meeting_table(html, name=name).meetings()]})
    expected = json.loads((FIXTURES / name.replace(".html", ".expected.json")).read_text(encoding="utf-8"))
    assert parsed == expected
