"""The verbatim-record parser on the shipped S/PV records: cover page, speeches, votes."""

from __future__ import annotations

import datetime
import functools
import json
import re
from pathlib import Path

import pytest

from debates.parsing.verbatim import VerbatimError, find_invitations, parse_record, parse_symbol
from debates.parsing.verbatim.headings import parse_heading
from debates.parsing.verbatim.phrases import on_behalf_of, split_capacity
from tests.pdfs import make_pdf, make_record

CORPUS = Path(__file__).resolve().parent.parent / "corpus" / "verbatim"
GOLDEN = json.loads((Path(__file__).parent / "fixtures" / "verbatim" / "speakers.json").read_text())
RECORDS = sorted(path.name for path in CORPUS.glob("*.pdf"))


@functools.cache
def record(name: str):
    return parse_record((CORPUS / name).read_bytes(), name)


def test_every_shipped_record_has_a_golden_speaker_list():
    assert sorted(GOLDEN) == RECORDS


@pytest.mark.parametrize("name", RECORDS)
def test_speeches_come_in_the_order_the_record_prints_them(name):
    parsed = record(name)

    assert parsed.symbol == GOLDEN[name]["symbol"]
    assert [speech.label for speech in parsed.speeches] == GOLDEN[name]["speeches"]
    assert [speech.position for speech in parsed.speeches] == list(range(1, len(parsed.speeches) + 1))


def test_s_pv_8701_has_two_speeches_by_the_president_and_the_adoption_of_resolution_2505():
    parsed = record("S_PV.8701_E.pdf")

    assert [(s.heading, s.person, s.country, s.capacity) for s in parsed.speeches] == [
        ("The President", "Mr. Dang", "Viet Nam", "president"),
        ("The President", "Mr. Dang", "Viet Nam", "president"),
    ]
    [vote] = parsed.votes
    assert vote.resolution_symbol == "S/RES/2505 (2020)"
    assert vote.draft_symbol == "S/2020/27"
    assert vote.adopted and vote.unanimous
    assert vote.announced == (15, 0, 0)
    assert vote.in_favour == [member.country for member in parsed.members] + ["Viet Nam"]
    assert len(vote.in_favour) == 15 and vote.against == [] and vote.abstaining == []


def test_the_cover_page_gives_the_meeting_president_members_and_agenda():
    parsed = record("S_PV.8701_E.pdf")

    assert (parsed.meeting_number, parsed.resumption, parsed.date) == (8701, 0, datetime.date(2020, 1, 13))
    assert (parsed.time, parsed.place) == ("10 a.m.", "New York")
    assert (parsed.president_person, parsed.president_country) == ("Mr. Dang", "Viet Nam")
    assert len(parsed.members) == 14
    assert (parsed.members[0].country, parsed.members[0].person) == ("Belgium", "Mr. Pecsteen de Buytswerve")
    assert (parsed.members[-2].country, parsed.members[-2].person) == (
        "United Kingdom of Great Britain and Northern Ireland",
        "Ms. Pierce",
    )
    [item] = parsed.agenda
    assert item.title == "The situation in the Middle East"
    assert item.details == [
        "Letter dated 14 October 2019 from the Secretary-General addressed to the President of the "
        "Security Council (S/2019/823)"
    ]
    assert parsed.documents == ["S/2019/823", "S/2020/27"]


def test_an_agenda_title_set_over_several_lines_is_one_item():
    [item] = record("S_PV.8702_E.pdf").agenda

    assert item.title.startswith("Identical letters dated 19 January 2016 from the Permanent Representative")
    assert item.title.endswith("and the President of the Security Council (S/2016/53)")
    assert item.details == [
        "Report of the Secretary-General on the United Nations Verification Mission in Colombia (S/2019/988)"
    ]


def test_a_resumption_belongs_to_its_meeting():
    parsed = record("S_PV.8699(Resumption1)_E.pdf")

    assert (parsed.symbol, parsed.meeting_number, parsed.resumption) == ("S/PV.8699 (Resumption 1)", 8699, 1)
    assert parsed.date == datetime.date(2020, 1, 10)
    assert parsed.speeches[1].heading == "Ms. Bavdaž Kuret (Slovenia)"
    assert parsed.speeches[1].text.startswith("I wish to thank the Viet Nam presidency")


def test_a_heading_broken_over_two_lines_gives_country_and_language():
    speeches = record("S_PV.8699(Resumption2)_E.pdf").speeches
    bolivia = next(s for s in speeches if s.country and "Bolivia" in s.country)

    assert bolivia.country == "Plurinational State of Bolivia"
    assert bolivia.language == "Spanish"
    assert bolivia.text.startswith("At the outset, I would")


def test_language_and_country_come_from_the_heading():
    tunisia = record("S_PV.8701_E.pdf"), record("S_PV.8702_E.pdf")
    baati = next(s for s in tunisia[1].speeches if s.person == "Mr. Baati")

    assert (baati.heading, baati.country, baati.language, baati.capacity) == (
        "Mr. Baati (Tunisia) (spoke in Arabic)",
        "Tunisia",
        "Arabic",
        "national",
    )
    craft = next(s for s in tunisia[1].speeches if s.person == "Mrs. Craft")
    assert (craft.country, craft.language) == ("United States of America", "")


def test_a_speaker_without_a_country_speaks_for_the_office_of_their_invitation():
    parsed = record("S_PV.8702_E.pdf")
    briefer = parsed.speeches[1]

    assert (briefer.heading, briefer.country, briefer.capacity) == ("Mr. Ruiz Massieu", None, "briefer")
    assert briefer.role == (
        "Special Representative of the Secretary-General and Head of the United Nations Verification "
        "Mission in Colombia"
    )


def test_invitations_list_several_people_in_one_sentence():
    invitations = record("S_PV.8699_E.pdf").invitations

    assert [(i.person, i.role) for i in invitations] == [
        ("Mr. Olof Skoog", "Head of Delegation of the European Union to the United Nations"),
        (
            "Mr. Robert Mardini",
            "Permanent Observer of the International Committee of the Red Cross to the United Nations",
        ),
        ("Mrs. Mary Robinson", "Chair of The Elders"),
    ]


def test_find_invitations_reads_the_issue_s_example():
    [invitation] = find_invitations(
        [
            "In accordance with rule 39 of the Council’s provisional rules of procedure, I invite "
            "Mr. Martin Griffiths, Special Envoy of the Secretary-General for Yemen, to participate "
            "in this meeting."
        ]
    )

    assert (invitation.person, invitation.role) == (
        "Mr. Martin Griffiths",
        "Special Envoy of the Secretary-General for Yemen",
    )
    assert invitation.matches("Mr. Griffiths") and not invitation.matches("Mr. Smith")


def test_the_president_s_national_statement_is_told_apart_from_the_presidency():
    speeches = record("S_PV.8702_E.pdf").speeches
    national, resumed = speeches[17], speeches[18]

    assert (national.heading, national.capacity) == ("The President", "national")
    assert national.country == "Viet Nam"
    assert national.text.startswith("I shall now make a statement in my capacity as the representative")
    assert "resume my functions" not in national.text
    assert (resumed.capacity, resumed.pages) == ("president", "18")
    assert resumed.text.startswith("I now resume my functions as President of the Council.")


def test_a_failed_amendment_and_an_adopted_draft_with_abstentions():
    amendment, draft = record("S_PV.8700_E.pdf").votes

    assert (amendment.subject, amendment.adopted, amendment.announced) == ("amendment", False, (3, 7, 5))
    assert amendment.in_favour == ["China", "Russian Federation", "Viet Nam"]
    assert len(amendment.against) == 7 and len(amendment.abstaining) == 5
    assert (draft.draft_symbol, draft.resolution_symbol, draft.adopted, draft.unanimous) == (
        "S/2020/24",
        "S/RES/2504 (2020)",
        True,
        False,
    )
    assert (len(draft.in_favour), draft.against, len(draft.abstaining)) == (11, [], 4)
    assert draft.announced == (11, 0, 4)


def test_the_presidential_statement_issued_at_the_meeting():
    assert record("S_PV.8699_E.pdf").presidential_statements == ["S/PRST/2020/1"]


def test_a_speech_cites_the_pages_it_spans():
    speeches = record("S_PV.8702_E.pdf").speeches

    assert (speeches[1].page_start, speeches[1].page_end, speeches[1].pages) == (2, 4, "2-4")
    assert speeches[0].pages == "2"


FURNITURE = re.compile(
    r"S/PV\.\d+ \S.* \d\d/\d\d/\d{4}|\d\d/\d\d/\d{4} .* S/PV\.\d+|\b\d{1,2}/\d{1,2} \d\d-\d{5}\b"
    r"|\b\d\d-\d{5} \d{1,2}/\d{1,2}\b|\d\d-\d{5} \(E\)|\*\d{7}\*"
)
HEADING_INSIDE = re.compile(r"\n(?:The President|(?:Mr|Mrs|Ms)\. [^\n:()]{1,40}(?: \([^)\n]+\))*):")


@pytest.mark.parametrize("name", RECORDS)
def test_no_speech_contains_page_furniture_or_the_next_heading(name):
    parsed = record(name)
    for speech in parsed.speeches:
        assert not FURNITURE.search(speech.text), (speech.position, FURNITURE.search(speech.text))
        assert not HEADING_INSIDE.search(speech.text), speech.position
        assert not re.search(r"^\d{1,2}/\d{1,2}$", speech.text, re.MULTILINE)
        # Stage directions are not part of what was said.
        assert "The meeting rose at" not in speech.text
        assert "A vote was taken by show of hands" not in speech.text
        assert "(spoke in " not in speech.text
    for speech, following in zip(parsed.speeches, parsed.speeches[1:], strict=False):
        assert following.text[:60] not in speech.text


def test_paragraphs_are_joined_across_columns_and_pages():
    speeches = record("S_PV.8698_E.pdf").speeches
    chambas = speeches[3]

    # Page 3 ends in the middle of a sentence that page 4 finishes.
    assert "\n\n" in chambas.text
    assert all(not paragraph.endswith(("-", " ")) for paragraph in chambas.text.split("\n\n"))
    assert "the Secretary-General on the activities of the United Nations Office" in chambas.text
    # A compound word broken at its hyphen keeps it; no line break inside a paragraph.
    assert "counter-terrorism" in record("S_PV.8698_E.pdf").speeches[3].text
    assert all("\n" not in paragraph for paragraph in chambas.text.split("\n\n"))


def test_a_pdf_that_is_not_a_verbatim_record_is_refused_by_name():
    data = make_pdf([[(72, 700, "Minutes of the annual general meeting of the chess club")]])

    with pytest.raises(VerbatimError, match=r"^club\.pdf: not a verbatim record of the Security Council"):
        parse_record(data, "club.pdf")


def test_a_speaker_invited_by_name_speaks_for_the_office_in_the_invitation():
    parsed = parse_record(make_record(), "S_PV.9001_E.pdf")

    assert [s.label for s in parsed.speeches] == [
        "The President | president",
        "Mr. Griffiths | briefer",
        "Mr. Baati (Tunisia) (spoke in Arabic) | national",
        "The President | president",
        "The President | president",
        "Mr. Nebenzia (Russian Federation) (spoke in Russian) | national",
    ]
    griffiths = parsed.speeches[1]
    assert (griffiths.person, griffiths.country) == ("Mr. Griffiths", None)
    assert griffiths.role == "Special Envoy of the Secretary-General for Yemen"
    # A paragraph goes on from the left column into the right; a compound keeps its hyphen.
    assert griffiths.text == (
        "The situation calls for counter-terrorism measures and for dialogue.\n\n"
        "We must act now, before the fighting spreads any further."
    )
    # The President's announcement runs onto the next page.
    assert parsed.speeches[4].pages == "2-3"
    assert parsed.speeches[4].text.endswith("owing to the negative vote of a permanent member.")


def test_a_vetoed_draft_is_not_adopted():
    [vote] = parse_record(make_record(), "S_PV.9001_E.pdf").votes

    assert (vote.draft_symbol, vote.adopted, vote.resolution_symbol) == ("S/2020/99", False, "")
    assert (len(vote.in_favour), vote.against, vote.abstaining) == (
        13,
        ["Russian Federation"],
        ["United States of America"],
    )
    assert vote.announced == (13, 1, 1)


def test_an_invitation_list_runs_to_the_end_of_its_sentence():
    invitations = find_invitations(
        [
            "I also invite the following to participate in this meeting: Her Excellency Mrs. Amina "
            "Mohammed, Deputy Secretary-General; and Ms. Bineta Diop, Special Envoy of the Chairperson "
            "of the African Union Commission on Women, Peace and Security. The Security Council will "
            "now begin its consideration of the item on its agenda."
        ]
    )

    assert [(i.person, i.role) for i in invitations] == [
        ("Mrs. Amina Mohammed", "Deputy Secretary-General"),
        (
            "Ms. Bineta Diop",
            "Special Envoy of the Chairperson of the African Union Commission on Women, Peace and Security",
        ),
    ]


def test_headings_in_the_body_end_a_speech_s_text_and_name_its_item():
    speeches = record("S_PV.8698_E.pdf").speeches

    assert speeches[0].text.endswith("to the work of the Council during their terms.")
    assert speeches[1].text.endswith("with which they conducted the Council’s business last month.")
    assert (speeches[0].section, speeches[0].item) == (
        "Expression of welcome to the new members of the Security Council and of thanks to the "
        "outgoing members",
        "",
    )
    assert speeches[1].section == "Expression of thanks to the outgoing President"
    assert {s.item for s in speeches[2:]} == {"Peace consolidation in West Africa"}
    for name in RECORDS:
        for speech in record(name).speeches:
            assert "Adoption of the agenda" not in speech.text


def test_a_resumption_s_speeches_are_on_the_meeting_s_item():
    speeches = record("S_PV.8699(Resumption2)_E.pdf").speeches

    assert {s.item for s in speeches} == {"Maintenance of international peace and security"}


def test_a_block_quotation_is_a_paragraph_of_its_own():
    speeches = record("S_PV.8700_E.pdf").speeches

    assert speeches[1].text.split("\n\n") == [
        "The Russian Federation should like to propose an oral amendment to paragraph 6 of the draft "
        "resolution contained in document S/2020/24. We propose that the words",
        "“and in accordance with the humanitarian principles of humanity, neutrality, impartiality and "
        "independence”",
        "be deleted from the current text and replaced with the following phrase:",
        "“and in accordance with the guiding principles of humanitarian emergency assistance, as contained "
        "in United Nations General Assembly resolution 46/182”.",
    ]


def test_an_italic_citation_inside_a_quotation_is_kept():
    text = record("S_PV.8699(Resumption2)_E.pdf").speeches[41].text

    assert "for all countries...” (A/74/PV.9, p. 36).\n\nOur delegation wishes to thank" in text


# --- Headings, symbols and phrasings of every period -------------------------------------------


@pytest.mark.parametrize(
    ("printed", "name", "country"),
    [
        ("Monsignor Hansen (Holy See)", "Monsignor Hansen", "Holy See"),
        ("Msgr. Hansen (Holy See)", "Msgr. Hansen", "Holy See"),
        ("Sheikha Alya Ahmed Saif Al-Thani (Qatar)", "Sheikha Alya Ahmed Saif Al-Thani", "Qatar"),
        ("Mx. Doe (Ireland)", "Mx. Doe", "Ireland"),
        ("H.E. Mr. Ali (Egypt)", "H.E. Mr. Ali", "Egypt"),
        ("His Excellency Mr. Bhattarai (Nepal)", "His Excellency Mr. Bhattarai", "Nepal"),
        ("Her Excellency Ms. Blum de Barberi (Colombia)", "Her Excellency Ms. Blum de Barberi", "Colombia"),
        ("Bishop Dowd (Ireland)", "Bishop Dowd", "Ireland"),
        ("Father Aloysius (Holy See)", "Father Aloysius", "Holy See"),
        ("Imam Adam", "Imam Adam", None),
        ("Rabbi Schneier", "Rabbi Schneier", None),
        ("Judge Yusuf (International Court of Justice)", "Judge Yusuf", "International Court of Justice"),
        ("Professor Sachs", "Professor Sachs", None),
        ("General Baldé (Guinea-Bissau)", "General Baldé", "Guinea-Bissau"),
        ("King Philippe", "King Philippe", None),
        ("Queen Mathilde", "Queen Mathilde", None),
        ("Mr. de GUIRINGAUD (France)", "Mr. de GUIRINGAUD", "France"),
        ("Mr. A. J. GOLDBERG (United States of America)", "Mr. A. J. GOLDBERG", "United States of America"),
    ],
)
def test_a_heading_with_any_title_of_the_council_s_record(printed, name, country):
    heading = parse_heading(f"{printed}: I thank you, Mr. President.")

    assert (heading.printed, heading.name, heading.country, heading.rest) == (
        printed,
        name,
        country,
        "I thank you, Mr. President.",
    )


@pytest.mark.parametrize(
    ("printed", "role", "languages", "number"),
    [
        ("The President", "president", [], None),
        ("The PRESIDENT (interpretation from French)", "president", ["French"], None),
        ("The Acting President", "president", [], None),
        ("The Vice-President (spoke in Spanish)", "president", ["Spanish"], None),
        ("12. The PRESIDENT (translated from Russian)", "president", ["Russian"], 12),
        ("The SECRETARY-GENERAL (interpretation fron Arabic)", "secretary-general", ["Arabic"], None),
        ("Mr. Abarry (Niger) (spoke in French and English)", "", ["French", "English"], None),
    ],
)
def test_roles_and_languages_in_the_words_of_each_period(printed, role, languages, number):
    heading = parse_heading(f"{printed}: Thank you.")

    assert (heading.role, heading.languages, heading.number) == (role, languages, number)


@pytest.mark.parametrize(
    "sentence",
    [
        "Mr. President, I thank you: the Council must act.",
        "Thus: the Council must act.",
        "The President of the Republic (my country) said: act now.",
        "Mr. Smith said that (in his view): nothing changes.",
    ],
)
def test_prose_is_no_heading(sentence):
    assert parse_heading(sentence) is None


@pytest.mark.parametrize(
    ("printed", "symbol", "sequence"),
    [
        ("S/PV.8699", "S/PV.8699", 0),
        ("S/PV.8699 (Resumption 1)", "S/PV.8699 (Resumption 1)", 1),
        ("S/PV.4753 (Resumption)", "S/PV.4753 (Resumption 1)", 1),
        ("S/PV.3046 (Resumption I)", "S/PV.3046 (Resumption 1)", 1),
        ("S/PV.3046 (Resumption IV)", "S/PV.3046 (Resumption 4)", 4),
        ("S/PV.5474 (Resumption2)", "S/PV.5474 (Resumption 2)", 2),
        ("S/PV.2977 (Part I)", "S/PV.2977 (Part I)", 0),
        ("S/PV.2977 (Part II)", "S/PV.2977 (Part II)", 1),
        ("S/PV,1300", "S/PV.1300", 0),  # a scan's comma
    ],
)
def test_every_printed_form_of_a_record_s_symbol(printed, symbol, sequence):
    parsed = parse_symbol(f"United Nations {printed} Security Council")

    assert (parsed.symbol, parsed.sequence) == (symbol, sequence)


@pytest.mark.parametrize(
    ("paragraph", "changes"),
    [
        ("I shall now make a statement in my capacity as the representative of Viet Nam.", ["national"]),
        ("I thank him. In my national capacity, I would like to add a word.", [None, "national"]),
        ("I will now make a statement in my national capacity. Peace matters.", ["national"]),
        ("I shall now make a statement as the representative of France.", ["national"]),
        ("I now resume my functions as President of the Council.", ["president"]),
        ("Peace matters. I shall now resume my functions as President.", [None, "president"]),
        ("I will now return to my functions as President of the Council.", ["president"]),
        ("I should like to make a statement in my capacity as Chair of the 1267 Committee.", [None]),
    ],
)
def test_the_president_s_change_of_capacity_in_every_phrasing(paragraph, changes):
    assert [change for change, _ in split_capacity(paragraph)] == changes


@pytest.mark.parametrize(
    "words",
    [
        "I invite the following briefers to participate in this meeting: Mr. Martin Griffiths, Special Envoy "
        "of the Secretary-General for Yemen; and Mr. Mark Lowcock, Under-Secretary-General for Humanitarian "
        "Affairs.",
        "In accordance with rule 39 of the Council's provisional rules of procedure, I invite the following "
        "to participate in this meeting: Mr. Martin Griffiths, Special Envoy of the Secretary-General for "
        "Yemen, and Mr. Mark Lowcock, Under-Secretary-General for Humanitarian Affairs.",
        "If I hear no objection, I shall take it that the Council agrees to extend an invitation under rule "
        "39 of its provisional rules of procedure to Mr. Martin Griffiths, Special Envoy of the "
        "Secretary-General for Yemen. I also invite Mr. Mark Lowcock, Under-Secretary-General for "
        "Humanitarian Affairs, to participate in this meeting.",
        "I warmly welcome Mr. Martin Griffiths, Special Envoy of the Secretary-General for Yemen, who is "
        "joining us via video-teleconference. I invite Mr. Mark Lowcock, Under-Secretary-General for "
        "Humanitarian Affairs, to brief the Council.",
    ],
)
def test_invitations_in_every_phrasing_give_briefers_their_office(words):
    invitations = {i.person: i.role for i in find_invitations([words])}

    assert invitations == {
        "Mr. Martin Griffiths": "Special Envoy of the Secretary-General for Yemen",
        "Mr. Mark Lowcock": "Under-Secretary-General for Humanitarian Affairs",
    }


@pytest.mark.parametrize(
    ("opening", "spoken_for"),
    [
        (
            "I have the honour to speak on behalf of the Nordic countries.",
            ["Nordic countries"],
        ),
        (
            "I deliver this statement on behalf of Brazil, India and South Africa.",
            ["Brazil", "India", "South Africa"],
        ),
        (
            "I speak on behalf of the European Union and its member States.",
            ["European Union"],
        ),
        (
            "I am pleased to speak on behalf of the three African members of the Council.",
            ["Three African members of the Security Council (A3)"],
        ),
        ("Romania aligns itself with the statement delivered on behalf of the European Union.", []),
        ("On behalf of the Council, I welcome the Minister.", []),
        ("On behalf of my Government, I thank you.", []),
    ],
)
def test_whom_a_speech_is_made_for(opening, spoken_for):
    from debates.parsing.verbatim import states_in

    assert on_behalf_of(f"{opening} We thank the briefers.", states_in) == spoken_for


def test_whoever_takes_the_chair_presides_until_the_president_returns():
    from tests.pdfs import _column

    cover = make_pdf_cover()
    page = _column(
        60,
        700,
        [
            (18, [("i", "The meeting was called to order at 10 a.m.")]),
            (18, [("b", "The President"), ("", ": I shall now leave the chair.")]),
            (18, [("i", "Mr. Heusgen (Germany), Vice-President, took the Chair.")]),
            (18, [("b", "The Acting President"), ("", ": I give the floor to the representative")]),
            "of Tunisia.",
            (18, [("b", "Mr. Baati"), ("", " (Tunisia): I thank you, Sir.")]),
            (18, [("i", "The President returned to the Chair.")]),
            (18, [("b", "The President"), ("", ": The meeting is adjourned.")]),
        ],
    )
    parsed = parse_record(make_pdf([cover, page]), "S_PV.9001_E.pdf")

    assert [(s.heading, s.person, s.country, s.capacity) for s in parsed.speeches] == [
        ("The President", "Mr. Tran", "Viet Nam", "president"),
        ("The Acting President", "Mr. Heusgen", "Germany", "president"),
        ("Mr. Baati (Tunisia)", "Mr. Baati", "Tunisia", "national"),
        ("The President", "Mr. Tran", "Viet Nam", "president"),
    ]
    assert parsed.unread == []


def make_pdf_cover() -> list:
    """The cover page of ``tests.pdfs.make_record``: meeting 9001, President Mr. Tran (Viet Nam)."""
    leader = ". " * 58
    return [
        (60, 740, "United Nations"),
        (480, 740, "S/PV.9001"),
        (128, 700, [("b", "Security Council")]),
        (128, 660, [("b", "9001st meeting")]),
        (128, 648, "Monday, 2 March 2020, 10 a.m."),
        (128, 636, "New York"),
        (64, 600, [("i", "President:"), ("", f" Mr. Tran{leader}(Viet Nam)")]),
        (64, 580, [("i", "Members:"), ("", f" Germany{leader}Mr. Heusgen")]),
        (128, 568, f"Tunisia{leader}Mr. Baati"),
    ]


def test_a_heading_misread_by_ocr_is_still_a_heading():
    heading = parse_heading("The PRESlDENT (lnterpretation frorn Frcnch): I thank him.")

    assert (heading.role, heading.languages, heading.rest) == ("president", ["French"], "I thank him.")
    assert parse_heading("Mr. NEBENZlA (Russian Federation) (spokc in Russian): We").name == "Mr. NEBENZIA"
