"""The Repertoire parser: the shipped extract against its reviewed golden output, and each rule on
small documents built here in the extract's layout."""

import json
import re
from datetime import date
from pathlib import Path

import pytest

from debates.parsing.repertoire import (
    ParseError,
    decode,
    parse_citations,
    parse_repertoire,
    speaker_name,
)

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "corpus" / "repertoire" / "repertoire_2004-2007_items-49-50.txt"
GOLDEN = ROOT / "tests" / "fixtures" / "repertoire_items-49-50.expected.json"


@pytest.fixture(scope="module")
def sample_text():
    return SAMPLE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def sample(sample_text):
    return parse_repertoire(sample_text)


def statements(result, **where):
    return [s for s in result.statements if all(getattr(s, k) == v for k, v in where.items())]


def one(result, **where):
    found = statements(result, **where)
    assert len(found) == 1, found
    return found[0]


# -- the shipped extract ------------------------------------------------------------------------


def test_the_sample_matches_its_reviewed_golden_output(sample):
    expected = json.loads(GOLDEN.read_text(encoding="utf-8"))
    actual = json.loads(json.dumps(sample.to_dict(), ensure_ascii=False))
    for part in ("items", "meetings", "decisions", "unattributed", "warnings", "footnotes"):
        assert actual[part] == expected[part], part
    assert len(actual["statements"]) == len(expected["statements"])
    for got, want in zip(actual["statements"], expected["statements"], strict=True):
        assert got == want, want["key"]


def test_the_sample_has_items_49_with_sub_items_a_to_d_and_50(sample):
    assert [i.code for i in sample.items] == ["49", "49.A", "49.B", "49.C", "49.D", "50"]
    assert sample.items[0].title == (
        "Items relating to the role of regional and subregional organizations in the maintenance of "
        "international peace and security"
    )
    assert sample.items[-1].title == "Civilian aspects of conflict management and peacebuilding"


def test_the_sample_has_its_six_meetings_with_their_dates(sample):
    assert [(m.number, m.date) for m in sample.meetings] == [
        (5007, date(2004, 7, 20)),
        (5282, date(2005, 10, 17)),
        (5529, date(2006, 9, 20)),
        (5649, date(2007, 3, 28)),
        (5776, date(2007, 11, 6)),
        (5041, date(2004, 9, 22)),
    ]
    assert [m.item for m in sample.meetings] == ["49.A", "49.B", "49.B", "49.C", "49.D", "50"]


def test_the_sample_has_its_decisions_and_invents_no_symbol(sample):
    got = [(d.symbol, d.kind, d.meeting, d.date) for d in sample.decisions]
    assert got == [
        ("S/PRST/2004/27", "presidential_statement", 5007, date(2004, 7, 20)),
        ("S/RES/1631 (2005)", "resolution", 5282, date(2005, 10, 17)),
        ("S/PRST/2006/39", "presidential_statement", 5529, date(2006, 9, 20)),
        ("S/PRST/2007/7", "presidential_statement", 5649, date(2007, 3, 28)),
        ("S/PRST/2007/42", "presidential_statement", 5776, date(2007, 11, 6)),
        (None, "presidential_statement", 5041, date(2004, 9, 22)),
    ]
    resolution = sample.decisions[1]
    assert (
        resolution.unanimous and resolution.adopted and (resolution.number, resolution.year) == (1631, 2005)
    )
    assert not any(d.unanimous for d in sample.decisions if d.kind == "presidential_statement")
    # The 5041st meeting's statement is cut off by the extract: kind, date and meeting, nothing more.
    assert sample.decisions[-1].summary == "" and sample.decisions[-1].number is None


def test_decision_summaries_are_the_councils_points_without_markers(sample):
    prst = sample.decisions[0]
    points = prst.summary.split("\n")
    assert len(points) == 5
    assert points[0] == (
        "Acknowledged the important role that could be played by regional organizations in the prevention, "
        "resolution and management of conflicts, including by addressing their root causes;"
    )
    assert points[1].startswith("[Noted that Member States and heads of regional organizations] stressed")
    assert len(sample.decisions[1].summary.split("\n")) == 11
    last = sample.decisions[4].summary
    # "… of 28 March 2007108 a recommendation": marker 108 glued to the year is gone.
    assert "statement by its President of 28 March 2007 a recommendation" in last
    assert "recently adopted note by the President, to expand" in sample.decisions[2].summary


def test_must_hold_mexico_france_cis_and_greece(sample):
    mexico = statements(sample, name="Mexico", meeting=5007)
    assert {(s.record, s.pages, s.footnote) for s in mexico} >= {
        ("S/PV.5007", "5-6", 4),
        ("S/PV.5007", "5", 5),
    }
    france = one(sample, footnote=6, item="49.A")
    assert (france.name, france.record, france.pages) == ("France", "S/PV.5007 (Resumption 1)", "10")
    assert france.text.startswith("The representative of France noted that")
    cis, greece = statements(sample, footnote=33, item="49.B")
    assert (cis.name, cis.record, cis.pages) == ("CIS", "S/PV.5282", "17")
    assert (greece.name, greece.record, greece.pages) == ("Greece", "S/PV.5282 (Resumption 1)", "2")


def test_no_statement_text_holds_a_footnote_marker_or_footnote_text(sample):
    glued = re.compile(r"(?:[^\W\d_]|[.;:\u201d\u2019)]|(?<!\d),)\d{1,3}\b")
    for s in sample.statements:
        assert not glued.search(s.text), (s.key, glued.search(s.text).group())
        for footnote_text in ("S/PV", "Ibid", "For more information", "see chap.", "____", "S/2004/546"):
            assert footnote_text not in s.text, (s.key, footnote_text)
        assert "Ibid" not in s.name and "Ibid" not in s.label


def test_statements_per_meeting(sample):
    counts = {}
    for s in sample.statements:
        counts[s.meeting] = counts.get(s.meeting, 0) + 1
    assert counts == {5007: 80, 5282: 46, 5529: 67, 5649: 55, 5776: 8, 5041: 1}


def test_every_statement_cites_a_record_of_its_own_meeting(sample):
    for s in sample.statements:
        assert re.fullmatch(rf"S/PV\.{s.meeting}(?: \(Resumption 1\))?", s.record), s.key
        assert s.page_start <= s.page_end and s.pages


def test_offsets_point_at_the_statement_text_in_the_source(sample, sample_text):
    # The range may hold footnote blocks that cut the passage: compare its two ends.
    for s in sample.statements:
        first_word = s.text.split()[0]
        assert sample_text[s.start : s.start + len(first_word)] == first_word, s.key
        assert sample_text[s.end - 1] == s.text[-1] and s.start < s.end, s.key
        # Every letter of the text, in order, within the range (footnote blocks may sit in between).
        source = iter(re.sub(r"[^A-Za-z]", "", sample_text[s.start : s.end]))
        assert all(letter in source for letter in re.sub(r"[^A-Za-z]", "", s.text)), s.key


def test_real_line_end_hyphens_are_kept_and_none_invented(sample):
    texts = " ".join(s.text for s in sample.statements) + " ".join(u.text for u in sample.unattributed)
    for word in (
        "post-conflict",
        "case-by-case",
        "capacity-building",
        "confidence-building",
        "Secretary-General",
    ):
        assert word in texts
    assert not re.search(r"\w- \w", texts)
    # A line break without a hyphen is a space, never a joined word.
    assert "internal conflicts, the existence" in one(sample, key="49.A/fn5/1").text


def test_a_footnote_block_cutting_a_sentence_is_taken_out(sample):
    # Lines 109-114: "…such as internal" / footnotes 3 and 4 / "conflicts, the existence …".
    text = one(sample, key="49.A/fn5/2").text
    assert "new challenges, such as internal conflicts, the existence of \u201cfailed States\u201d" in text
    # Lines 349-358: a page break inside a list of participants.
    assert "representative of the Chairperson of the African Union Commission" in " ".join(
        sample.meetings[1].participants
    )


def test_group_positions_become_one_statement_per_listed_speaker(sample):
    group = statements(sample, footnote=5, item="49.A")
    assert [(s.name, s.record, s.pages) for s in group] == [
        ("Mexico", "S/PV.5007", "5"),
        ("Benin", "S/PV.5007", "10"),
        ("China", "S/PV.5007", "13"),
        ("League of Arab States", "S/PV.5007", "14"),
        ("Algeria", "S/PV.5007", "22"),
        ("Angola", "S/PV.5007 (Resumption 1)", "5"),
        ("France", "S/PV.5007 (Resumption 1)", "10"),
        ("Romania", "S/PV.5007 (Resumption 1)", "16"),
    ]
    assert {s.group_key for s in group} == {"49.A/fn5"} and len({s.text for s in group}) == 1
    assert group[0].text.startswith("Speakers unanimously affirmed")
    assert one(sample, key="49.A/fn6/1").group_key == ""
    # Two speakers on one page: "p. 17 (France, Panama)".
    assert [(s.name, s.pages) for s in statements(sample, footnote=85, item="49.C")][2:4] == [
        ("France", "17"),
        ("Panama", "17"),
    ]


def test_echoed_by_and_respectively(sample):
    chile = one(sample, footnote=7, item="49.A")
    assert (chile.name, chile.record, chile.pages) == ("Chile", "S/PV.5007", "8")
    assert chile.text.startswith("This was echoed by the representative of Chile")
    china, csto = statements(sample, footnote=64, item="49.B")
    assert (china.name, china.pages, csto.name, csto.pages) == (
        "China",
        "6",
        "Collective Security Treaty Organization",
        "33",
    )
    # Two citations for "the representatives of the European Union and Benin", in order.
    eu, benin = statements(sample, footnote=40, item="49.B")
    assert (eu.name, eu.record, eu.pages) == ("European Union", "S/PV.5282", "23")
    assert (benin.name, benin.record, benin.pages) == ("Benin", "S/PV.5282 (Resumption 1)", "6")


def test_on_behalf_of(sample):
    uk = statements(sample, footnote=29, name="United Kingdom")[0]
    assert (uk.label, uk.on_behalf_of, uk.capacity) == (
        "United Kingdom, on behalf of the European Union",
        "European Union",
        "on_behalf",
    )
    congo = one(sample, footnote=62, item="49.B")
    assert (congo.name, congo.on_behalf_label, congo.on_behalf_of) == (
        "Congo",
        "Chairman of the African Union",
        "African Union",
    )
    assert congo.text.startswith("In this context, the representative of the Congo, speaking on behalf")


def test_titles_naming_an_organization_give_the_organization_and_keep_the_label(sample):
    commissioner = statements(sample, footnote=10, item="49.A")[1]
    assert (commissioner.label, commissioner.name) == ("African Union Commissioner", "African Union")
    chair = statements(sample, footnote=10, item="49.A")[10]
    assert (chair.label, chair.name) == ("African Union Chair", "African Union")
    # The extract prints "Africa Union": kept as printed, for staff to review, never corrected by guess.
    au = one(sample, footnote=83, item="49.C")
    assert (au.label, au.name) == ("Commissioner for Peace and Security of the Africa Union", "Africa Union")
    presidency = statements(sample, footnote=52, item="49.B")[1]
    assert (presidency.label, presidency.name) == ("Presidency of the European Union", "European Union")


def test_the_president_in_national_capacity_is_that_state(sample):
    romania = one(sample, footnote=27, item="49.B")
    assert (romania.label, romania.name, romania.capacity) == ("President (Romania)", "Romania", "national")
    greece = one(sample, footnote=49, item="49.B")
    assert (greece.label, greece.name, greece.capacity) == ("President of the Council", "Greece", "national")
    assert [m.president for m in sample.meetings] == [
        "Romania",
        "Romania",
        "Greece",
        "South Africa",
        "Indonesia",
        "",
    ]


def test_un_officials(sample):
    sg = one(sample, footnote=3, item="49.A")
    assert (sg.name, sg.official, sg.capacity, sg.record, sg.pages) == (
        "Secretary-General",
        True,
        "briefer",
        "S/PV.5007",
        "3-4",
    )
    asg = one(sample, footnote=82, item="49.C")
    assert (asg.label, asg.name) == (
        "Assistant Secretary-General",
        "Assistant Secretary-General for Peacekeeping Operations",
    )
    item50 = one(sample, item="50")
    assert (item50.name, item50.record, item50.pages, item50.footnote) == (
        "Secretary-General",
        "S/PV.5041",
        "2-3",
        3,
    )


def test_numbering_restarts_in_each_item(sample):
    assert [f.number for f in sample.footnotes["50"]] == [1, 2, 3]
    assert sample.footnotes["50"][0].symbol == "S/2004/722"
    assert len(sample.footnotes["49"]) == 108


def test_meetings_documents_participants_and_kind(sample):
    m5007 = sample.meetings[0]
    assert m5007.documents == ["S/2004/546"] and m5007.all_members and m5007.kind == "debate"
    assert m5007.participants[:3] == ["Mexico", "Netherlands", "Secretary-General"]
    assert "Commissioner for Peace, Security and Political Affairs of the African Union" in m5007.participants
    assert m5007.resumptions == 1
    assert sample.meetings[2].documents == ["S/2006/590", "S/2006/719"]
    assert sample.meetings[4].kind == "open_debate"
    assert (
        "Kyrgyzstan (on behalf of the Collective Security Treaty Organization)"
        in sample.meetings[4].participants
    )
    assert sample.meetings[5].president == "" and sample.meetings[5].documents == ["S/2004/722"]


def test_unattributed_passages_are_reported_with_their_reason(sample):
    reasons = [(u.meeting, u.footnote, u.reason) for u in sample.unattributed]
    assert len(reasons) == 6
    assert (5649, 84, "footnote 84 cites no record") in reasons
    first = sample.unattributed[0]
    assert first.text.startswith("The representatives of regional organizations, in their statements")
    assert first.reason == "no footnote cites a record for this passage"
    # The extract ends in the middle of the Commissioner's paragraph, before its footnote.
    assert sample.unattributed[-1].meeting == 5041
    assert sample.unattributed[-1].text.endswith("Finally, he noted that the")


def test_text_without_indentation_or_blank_lines_gives_the_same_result(sample, sample_text):
    """What a PDF's text layer holds: the parser must find paragraphs and headings without layout."""
    flat = parse_repertoire("\n".join(line.strip() for line in sample_text.split("\n") if line.strip()))
    fields = ("key", "meeting", "name", "label", "on_behalf_of", "record", "pages", "footnote", "text")
    assert [[getattr(s, f) for f in fields] for s in flat.statements] == [
        [getattr(s, f) for f in fields] for s in sample.statements
    ]
    assert [(d.symbol, d.summary) for d in flat.decisions] == [
        (d.symbol, d.summary) for d in sample.decisions
    ]
    assert [(m.number, m.president, m.documents) for m in flat.meetings] == [
        (m.number, m.president, m.documents) for m in sample.meetings
    ]


# -- citations ---------------------------------------------------------------------------------


def test_a_single_citation():
    footnote, last = parse_citations("S/PV.5007, pp. 3-4.", None)
    assert footnote.kind == "citation" and last == "S/PV.5007"
    [cite] = footnote.citations
    assert (cite.record, cite.pages, cite.page_start, cite.page_end, cite.speakers) == (
        "S/PV.5007",
        "3-4",
        3,
        4,
        [],
    )


def test_ibid_lists_and_a_change_of_record():
    text = (
        "Ibid., p. 5 (Mexico); p. 10 (Benin); p. 13 (China); p. 14 (League of Arab States); p. 22 "
        "(Algeria); S/PV.5007 (Resumption 1), p. 5 (Angola); p. 10 (France); and p. 16 (Romania)."
    )
    footnote, last = parse_citations(text, "S/PV.5007")
    assert [(c.record, c.pages, c.speakers) for c in footnote.citations] == [
        ("S/PV.5007", "5", ["Mexico"]),
        ("S/PV.5007", "10", ["Benin"]),
        ("S/PV.5007", "13", ["China"]),
        ("S/PV.5007", "14", ["League of Arab States"]),
        ("S/PV.5007", "22", ["Algeria"]),
        ("S/PV.5007 (Resumption 1)", "5", ["Angola"]),
        ("S/PV.5007 (Resumption 1)", "10", ["France"]),
        ("S/PV.5007 (Resumption 1)", "16", ["Romania"]),
    ]
    # The next "Ibid." refers to the last record cited.
    assert last == "S/PV.5007 (Resumption 1)"
    assert parse_citations("Ibid., p. 8.", last)[0].citations[0].record == "S/PV.5007 (Resumption 1)"


def test_respectively_and_speakers_sharing_a_page():
    footnote, last = parse_citations(
        "S/PV.5282, p. 17; and S/PV.5282 (Resumption 1), p. 2, respectively.", None
    )
    assert footnote.respectively and last == "S/PV.5282 (Resumption 1)"
    assert [(c.record, c.pages) for c in footnote.citations] == [
        ("S/PV.5282", "17"),
        ("S/PV.5282 (Resumption 1)", "2"),
    ]
    footnote, _ = parse_citations("Ibid., p. 6 and p. 33, respectively.", "S/PV.5529")
    assert [c.pages for c in footnote.citations] == ["6", "33"]
    footnote, _ = parse_citations("S/PV.5649, p. 17 (France, Panama); and p. 10 (Congo, Ghana).", None)
    assert [c.speakers for c in footnote.citations] == [["France", "Panama"], ["Congo", "Ghana"]]


def test_speakers_on_behalf_of_others_are_not_split():
    footnote, _ = parse_citations(
        "Ibid., p. 17 (Congo, on behalf of the Chairman of the African Union); p. 22 (United Kingdom, on "
        "behalf of the European Union); and p. 33 (Collective Security Treaty Organization).",
        "S/PV.5529",
    )
    assert [c.speakers for c in footnote.citations] == [
        ["Congo, on behalf of the Chairman of the African Union"],
        ["United Kingdom, on behalf of the European Union"],
        ["Collective Security Treaty Organization"],
    ]


def test_page_without_space_and_en_dash_ranges():
    assert parse_citations("Ibid., p.29.", "S/PV.5649")[0].citations[0].pages == "29"
    cite = parse_citations("S/PV.5649, pp. 16\u201317.", None)[0].citations[0]
    assert (cite.pages, cite.page_start, cite.page_end) == ("16-17", 16, 17)


@pytest.mark.parametrize(
    ("text", "kind", "symbol"),
    [
        (
            "For more information on the discussion at this meeting, see chap. XII, part III, sect. A.",
            "note",
            "",
        ),
        ("S/2004/546.", "document", "S/2004/546"),
        ("S/2006/507", "document", "S/2006/507"),
        ("S/PRST/2004/27.", "document", "S/PRST/2004/27"),
        ("General Assembly resolution 60/1.", "note", ""),
        (
            "The Minister for Foreign Affairs of Romania was invited to participate; see S/2006/757.",
            "note",
            "",
        ),
    ],
)
def test_footnotes_that_attribute_nothing(text, kind, symbol):
    footnote, last = parse_citations(text, "S/PV.5007")
    assert (footnote.kind, footnote.symbol, footnote.citations, last) == (kind, symbol, [], None)


def test_ibid_after_a_document_cites_no_record():
    footnote, last = parse_citations("Ibid., para. 5.", None)
    assert footnote.kind == "note" and last is None


# -- speaker names ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("France", ("France", "", "")),
        (
            "United Kingdom, on behalf of the European Union",
            ("United Kingdom", "European Union", "European Union"),
        ),
        (
            "Congo, on behalf of the Chairman of the African Union",
            ("Congo", "Chairman of the African Union", "African Union"),
        ),
        ("Germany (on behalf of the European Union)", ("Germany", "European Union", "European Union")),
        ("African Union Commissioner", ("African Union", "", "")),
        ("African Union Commission", ("African Union", "", "")),
        ("Presidency of the European Union", ("European Union", "", "")),
        ("Commissioner for Peace and Security of the African Union", ("African Union", "", "")),
        (
            "Permanent Observer of the Organization of the Islamic Conference",
            ("Organization of the Islamic Conference", "", ""),
        ),
        ("representative of the Chair of the African Union", ("African Union", "", "")),
        ("Minister for Foreign Affairs of Mexico", ("Mexico", "", "")),
        ("President (Romania)", ("Romania", "", "")),
        ("Secretary-General", ("Secretary-General", "", "")),
        ("Assistant Secretary-General", ("Assistant Secretary-General", "", "")),
        ("Secretary-General of the League of Arab States", ("League of Arab States", "", "")),
        ("the Libyan Arab Jamahiriya", ("Libyan Arab Jamahiriya", "", "")),
    ],
)
def test_speaker_name(label, expected):
    assert speaker_name(label) == expected


# -- small documents built for one rule each ------------------------------------------------------

OPENING = """   7. Items relating to a test of the parser

  Initial proceedings

  Decision of 1 March 2005 (5100th meeting):
statement by the President

 At its 5100th meeting, on 1 March 2005,1 the
Security Council held a debate, presided over by the
Minister for Foreign Affairs of Benin.
"""
FIRST_NOTE = """__________________

 1 For more information, see chap. XII.
"""


def build(*parts: str) -> str:
    return "\n".join(parts)


def test_a_sentence_cut_by_a_footnote_block_is_joined():
    text = build(
        OPENING,
        " The representative of France said that the",
        FIRST_NOTE,
        " peace process in the post-",
        "conflict phase was a case-by- ",
        "case matter.2",
        "__________________",
        "",
        " 2 S/PV.5100, p. 3.",
    )
    result = parse_repertoire(text)
    [s] = result.statements
    assert s.text == (
        "The representative of France said that the peace process in the post-conflict phase was a "
        "case-by-case matter."
    )
    assert (s.name, s.record, s.pages, s.footnote, s.meeting) == ("France", "S/PV.5100", "3", 2, 5100)
    assert not result.warnings


def test_a_block_after_a_finished_paragraph_starts_a_new_one():
    text = build(
        OPENING,
        " The representative of France said that all was well.2",
        "",
        FIRST_NOTE.rstrip() + "\n 2 S/PV.5100, p. 3.\n",
        " The representative of Chile disagreed.3",
        "__________________",
        " 3 Ibid., p. 4.",
    )
    result = parse_repertoire(text)
    assert [(s.name, s.pages, s.text) for s in result.statements] == [
        ("France", "3", "The representative of France said that all was well."),
        ("Chile", "4", "The representative of Chile disagreed."),
    ]


@pytest.mark.parametrize(
    ("phrase", "kept"),
    [
        ("in line with resolution 1540 (2004).2", "in line with resolution 1540 (2004)."),
        ("to sustain the processes.2", "to sustain the processes."),
        ("in the field of security,2 and more", "in the field of security, and more"),
        ("as stated on 28 March 20072 in the letter", "as stated on 28 March 2007 in the letter"),
        ("for \u201cburden-sharing\u201d.2", "for \u201cburden-sharing\u201d."),
    ],
)
def test_glued_markers_are_removed(phrase, kept):
    text = build(OPENING, f" The representative of Peru spoke {phrase}", FIRST_NOTE + " 2 S/PV.5100, p. 9.\n")
    [s] = parse_repertoire(text).statements
    assert s.text.endswith(kept) and (s.name, s.pages) == ("Peru", "9")


def test_real_numbers_are_not_markers():
    text = build(
        OPENING,
        " The representative of Peru recalled resolution 1631 (2005), the 5007th meeting,",
        "brigades of 3,500 to 5,000 men, document S/2004/546 and Article 53 in",
        "its 2004th statement.2",
        FIRST_NOTE + " 2 S/PV.5100, p. 9.\n",
    )
    result = parse_repertoire(text)
    [s] = result.statements
    assert (
        "resolution 1631 (2005), the 5007th meeting, brigades of 3,500 to 5,000 men, document S/2004/546"
        in s.text
    )
    assert s.text.endswith("its 2004th statement.") and not result.warnings


def test_a_missing_marker_is_reported_and_later_ones_still_found():
    text = build(
        OPENING,
        " The representative of Peru spoke without a marker.",
        " The representative of Chile spoke.3",
        FIRST_NOTE.rstrip(),
        " 2 S/PV.5100, p. 2.",
        " 3 Ibid., p. 3.",
        " The representative of Togo spoke.4",
        "__________________",
        " 4 Ibid., p. 4.",
    )
    result = parse_repertoire(text)
    # Marker 2 is missing: the parser says so and still finds marker 3 and the later ones.
    assert "item 7: no marker found for footnote 2" in result.warnings
    assert [(s.name, s.footnote, s.pages) for s in result.statements] == [("Chile", 3, "3"), ("Togo", 4, "4")]
    assert result.warnings == ["item 7: no marker found for footnote 2"]


def test_a_footnote_continues_after_a_blank_line_and_ends_without_a_period_before_a_heading():
    text = build(
        OPENING,
        " Speakers agreed.2 The representative of Peru spoke.3",
        FIRST_NOTE.rstrip(),
        " 2 S/PV.5100, p. 5 (Chile); and p. 6",
        "",
        "(Peru).",
        " 3 S/2005/1",
        "  8. Another item",
        "",
        "  Decision of 2 March 2005 (5101st meeting):",
        "statement by the President",
        "",
        " At its 5101st meeting, on 2 March 2005, the Council met.",
    )
    result = parse_repertoire(text)
    assert [(s.name, s.pages, s.group_key) for s in result.statements] == [
        ("Chile", "5", "7/fn2"),
        ("Peru", "6", "7/fn2"),
    ]
    assert result.meetings[0].documents == ["S/2005/1"]
    assert [i.code for i in result.items] == ["7", "8"] and result.meetings[1].item == "8"


def test_a_passage_naming_two_speakers_for_one_citation_is_not_attributed():
    text = build(
        OPENING,
        " The representative of Peru and the representative of Chile spoke.2",
        FIRST_NOTE + " 2 S/PV.5100, p. 9.\n",
    )
    result = parse_repertoire(text)
    assert result.statements == []
    [u] = result.unattributed
    assert u.footnote == 2 and u.reason == "the passage names 2 speakers but the footnote gives 1 citations"


def test_a_citation_for_a_passage_that_names_nobody_is_not_attributed():
    text = build(OPENING, " He then spoke at length.2", FIRST_NOTE + " 2 S/PV.5100, p. 9.\n")
    result = parse_repertoire(text)
    assert result.statements == [] and result.unattributed[0].reason == "the passage names no speaker"


def test_the_secretary_general_as_an_object_is_not_a_speaker():
    text = build(
        OPENING,
        " The representative of Peru called for an agreement with the Secretary-General.2",
        FIRST_NOTE + " 2 S/PV.5100, p. 9.\n",
    )
    [s] = parse_repertoire(text).statements
    assert s.name == "Peru"


def test_the_president_speaks_for_the_presiding_state():
    text = build(
        OPENING,
        " Speaking in her national capacity, the President said so.2 The President then",
        "made a remark.3",
        FIRST_NOTE.rstrip(),
        " 2 S/PV.5100, p. 2.",
        " 3 Ibid., p. 4.",
    )
    first, second = parse_repertoire(text).statements
    assert (first.name, first.capacity) == ("Benin", "national")
    assert (second.name, second.capacity) == ("Benin", "president")


def test_a_resolution_adopted_unanimously_with_its_points():
    text = build(
        "   7. A test item",
        "",
        "  Decision of 1 March 2005 (5100th meeting):",
        "resolution 1600 (2005)",
        "",
        " At its 5100th meeting, on 1 March 2005, the Council adopted unanimously",
        "resolution 1600 (2005), by which it, inter alia:",
        "",
        " Urged all States to act;",
        "",
        " Decided to remain seized of the matter.",
    )
    [decision] = parse_repertoire(text).decisions
    assert (decision.symbol, decision.unanimous, decision.number, decision.year) == (
        "S/RES/1600 (2005)",
        True,
        1600,
        2005,
    )
    assert decision.summary == "Urged all States to act;\nDecided to remain seized of the matter."


def test_a_decision_heading_contradicted_by_its_meeting_paragraph_is_an_error():
    text = OPENING.replace("At its 5100th meeting", "At its 5200th meeting")
    with pytest.raises(ParseError, match="decision heading names meeting 5100"):
        parse_repertoire(text)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty file"),
        (b"\x00\x01\x02binary", "binary file"),
        ("caf\u00e9".encode("latin-1"), "unreadable encoding"),
    ],
)
def test_undecodable_input_is_a_one_line_error(data, message):
    with pytest.raises(ParseError, match=message):
        decode(data)


def test_text_that_is_not_a_repertoire_is_an_error():
    with pytest.raises(ParseError, match="not a Repertoire extract"):
        parse_repertoire("Shopping list\nbread\nmilk\n")
    with pytest.raises(ParseError, match="no meeting"):
        parse_repertoire("   7. An item\n\n Some text.\n")


def test_deliberations_and_other_kinds_of_decision():
    text = build(
        "   7. A test item",
        "",
        "  Deliberations of 27 February 2005 (5099th meeting)",
        "",
        " At its 5099th meeting, on 27 February 2005, the Council heard a briefing.",
        "",
        "  Decision of 1 March 2005 (5100th meeting): rejection",
        "of a draft resolution",
        "",
        " At its 5100th meeting, on 1 March 2005, the Council voted.",
        "",
        "  Decision of 2 March 2005 (5101st meeting): letter",
        "from the President",
        "",
        " At its 5101st meeting, on 2 March 2005, the Council met.",
    )
    for variant in (text, "\n".join(line.strip() for line in text.split("\n") if line.strip())):
        result = parse_repertoire(variant)
        assert [(m.number, m.date) for m in result.meetings] == [
            (5099, date(2005, 2, 27)),
            (5100, date(2005, 3, 1)),
            (5101, date(2005, 3, 2)),
        ]
        assert [(d.meeting, d.kind, d.symbol, d.adopted) for d in result.decisions] == [
            (5100, "draft_resolution", None, False),
            (5101, "other", None, True),
        ]
        [warning] = result.warnings
        assert warning.endswith("of a kind not known: \u201cletter from the President\u201d")


def test_ibid_chains_across_page_breaks(sample):
    notes = {f.number: f for f in sample.footnotes["49"]}
    # Footnotes 35, 53 and 68 open their blocks: "Ibid." is the last record of the block before.
    assert [(c.record, c.pages) for c in notes[35].citations] == [("S/PV.5282", "29")]
    assert [(c.record, c.pages) for c in notes[53].citations] == [("S/PV.5529", "5")]
    assert [(c.record, c.pages) for c in notes[68].citations] == [("S/PV.5529", "31")]
    # After a citation of a resumption, "Ibid." is that resumption.
    assert [(c.record, c.pages) for c in notes[21].citations] == [("S/PV.5007 (Resumption 1)", "8")]
    assert [(c.record, c.pages) for c in notes[90].citations] == [("S/PV.5649 (Resumption 1)", "15")]
    assert (one(sample, footnote=21, item="49.A").name, one(sample, footnote=35, item="49.B").name) == (
        "ECOWAS",
        "Philippines",
    )


def test_the_generated_pdf_gives_the_same_result_as_the_text(sample):
    from debates.parsing.pdf import extract_lines
    from debates.parsing.repertoire import text_from_pdf_lines

    pdf = ROOT / "tests" / "fixtures" / "repertoire_items-49-50.pdf"
    result = parse_repertoire(text_from_pdf_lines(extract_lines(pdf.read_bytes(), pdf.name)))
    fields = ("key", "meeting", "name", "label", "on_behalf_of", "record", "pages", "footnote", "text")
    assert [[getattr(s, f) for f in fields] for s in result.statements] == [
        [getattr(s, f) for f in fields] for s in sample.statements
    ]
    assert [(d.symbol, d.summary) for d in result.decisions] == [
        (d.symbol, d.summary) for d in sample.decisions
    ]
    assert [u.text for u in result.unattributed] == [u.text for u in sample.unattributed]
    assert [(m.number, m.president, m.documents, m.participants) for m in result.meetings] == [
        (m.number, m.president, m.documents, m.participants) for m in sample.meetings
    ]


def test_running_heads_and_page_numbers_of_a_pdf_are_left_out():
    from debates.parsing.pdf import Line
    from debates.parsing.repertoire import text_from_pdf_lines

    pages = [
        [
            Line("Repertoire of the Practice of the Security Council", margin=True),
            Line("The representative of France said that the", indent=18.0),
            Line("peace process was over.", indent=0.4),
            Line("1207", margin=True),
        ]
    ]
    assert (
        text_from_pdf_lines(pages) == " The representative of France said that the\npeace process was over."
    )
