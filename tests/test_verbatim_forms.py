"""The verbatim-record parser on every form of the record, drawn with fpdf2 (``tests/verbatim_forms.py``).

A record is written here in code (headings and speeches, as today's records print them), drawn
as a born-digital record, a 1990s typescript, an OCR'd scan of the printed Official Records and
a videoconference letter, and read back.
"""

from __future__ import annotations

import datetime
import difflib
import functools
from pathlib import Path

import pytest

from debates.parsing.verbatim import parse_record
from tests.verbatim_forms import (
    MEMBERS_2020,
    GoldRecord,
    GoldSpeech,
    Score,
    old_heading,
    ordinal_words,
    read_unscd,
    render,
    score,
    speaker_key,
)

UNSCD = Path(__file__).resolve().parent.parent / "corpus" / "unscd-2020"

OPENING = (
    "In accordance with rule 39 of the Council's provisional rules of procedure, I invite the following "
    "briefers to participate in this meeting: Mr. Martin Griffiths, Special Envoy of the Secretary-General "
    "for Yemen; and Ms. Henrietta Fore, Executive Director of the United Nations Children's Fund. "
    "I give the floor to Mr. Griffiths."
)
SPEECHES = [
    ("The President", OPENING),
    ("Mr. Griffiths", "The situation calls for dialogue. We must act now, before the fighting spreads any "
     "further. The parties have told me that they are ready to meet. I urge them to do so without delay."),
    ("The President", "I thank Mr. Griffiths for his briefing. I now give the floor to Ms. Fore."),
    ("Ms. Fore", "Children pay the highest price in this war. Schools and hospitals have been struck. "
     "Humanitarian access must be restored at once."),
    ("Monsignor Hansen (Holy See)", "The Holy See thanks the presidency for convening this debate. Peace "
     "is possible when dialogue is sincere."),
    ("Ms. Juul (Norway)", "I have the honour to speak on behalf of the Nordic countries, namely, Denmark, "
     "Finland, Iceland, Sweden and my own country, Norway. We thank the briefers. The Nordic countries "
     "support the Special Envoy in every way."),
    ("Mr. Abarry (Niger) (spoke in French and English)", "I am pleased to make this statement on behalf of "
     "the three African members of the Security Council - the Niger, South Africa and Tunisia - as well "
     "as Saint Vincent and the Grenadines. We welcome the briefings. Our countries stand ready to help."),
    ("Sheikha Alya Ahmed Saif Al-Thani (Qatar) (spoke in Arabic)", "Qatar supports the efforts of the "
     "Special Envoy. We call on all parties to engage in good faith."),
    ("His Excellency Mr. Ralph Everard Gonsalves-Wellington de la Fuente y Bartholomew (Saint Vincent and "
     "the Grenadines) (spoke in Spanish and English)", "Saint Vincent and the Grenadines thanks the "
     "briefers. We call for a ceasefire."),
    ("Mx. Doe (Ireland)", "Ireland thanks the briefers for their sobering words. Accountability matters."),
    ("Judge Yusuf (International Court of Justice)", "The Court stands ready to settle disputes between "
     "States. Its judgments are binding."),
    ("The President", "I thank the Judge. In my national capacity, I would like to say a few words. Viet "
     "Nam supports dialogue and the peaceful settlement of disputes. I shall now resume my functions as "
     "President of the Council. There are no more names inscribed on the list of speakers. The meeting "
     "rose at 1.05 p.m."),
]  # fmt: skip
EXPECTED = [
    ("The President", "president"),
    ("Mr. Griffiths", "briefer"),
    ("The President", "president"),
    ("Ms. Fore", "briefer"),
    ("Monsignor Hansen (Holy See)", "invited"),
    ("Ms. Juul (Norway)", "invited"),
    ("Mr. Abarry (Niger) (spoke in French and English)", "national"),
    ("Sheikha Alya Ahmed Saif Al-Thani (Qatar) (spoke in Arabic)", "invited"),
    (SPEECHES[8][0], "national"),
    ("Mx. Doe (Ireland)", "invited"),
    ("Judge Yusuf (International Court of Justice)", "invited"),
    ("The President", "president"),
    ("The President", "national"),
    ("The President", "president"),
]


def members(president: str = "Viet Nam") -> list[tuple[str, str]]:
    return [
        (country, f"Mr. Member{index}") for index, country in enumerate(MEMBERS_2020) if country != president
    ]


def scripted_record(symbol: str = "S/PV.9100") -> GoldRecord:
    return GoldRecord(
        symbol=symbol,
        date=datetime.date(2020, 6, 30),
        topic="The situation in the Middle East",
        speeches=[GoldSpeech(heading, text) for heading, text in SPEECHES],
        president=("Mr. Dang", "Viet Nam"),
        members=members(),
    )


@functools.cache
def parsed(form: str, symbol: str = "S/PV.9100"):
    record = scripted_record(symbol)
    return record, parse_record(render(record, form), f"{symbol.replace('/', '_')}.pdf")


def expected_for(form: str) -> list[tuple[tuple[str, str], str]]:
    return [(speaker_key(heading), capacity) for heading, capacity in EXPECTED]


@pytest.mark.parametrize("form", ["born-digital", "typescript", "scan"])
def test_every_form_gives_the_same_speeches(form):
    record, result = parsed(form)

    assert [(speaker_key(s.heading), s.capacity) for s in result.speeches] == expected_for(form)
    assert result.unread == []
    assert score(record, result).precision == score(record, result).recall == 1.0
    assert (result.meeting_number, result.resumption, result.date) == (9100, 0, datetime.date(2020, 6, 30))
    assert (result.president_country, len(result.members)) == ("Viet Nam", 14)
    # Everyone the President invited speaks for the office the invitation names.
    griffiths, fore = result.speeches[1], result.speeches[3]
    assert similar(griffiths.role, "Special Envoy of the Secretary-General for Yemen")
    assert similar(fore.role, "Executive Director of the United Nations Children's Fund")


def similar(found: str, expected: str) -> bool:
    """Equal, but for the letter an OCR engine misread now and then."""
    return difflib.SequenceMatcher(a=found, b=expected).ratio() > 0.95


@pytest.mark.parametrize("form", ["born-digital", "typescript", "scan"])
def test_groups_and_several_states_are_read_in_every_form(form):
    _, result = parsed(form)
    by_heading = {s.heading.split(" (")[0].upper(): s for s in result.speeches}

    # The speaker's own State is listed too; the loader leaves out the speaker itself.
    assert by_heading["MS. JUUL"].on_behalf_of == [
        "Nordic countries", "Denmark", "Finland", "Iceland", "Sweden", "Norway"
    ]  # fmt: skip
    expected = [
        "Three African members of the Security Council (A3)",
        "Niger",
        "South Africa",
        "Tunisia",
        "Saint Vincent and the Grenadines",
    ]
    found = by_heading["MR. ABARRY"].on_behalf_of
    if form == "scan":
        # An OCR slip in a name ("Grcnadines") loses that State, and no other.
        assert found[0] == expected[0] and set(found) <= set(expected) and len(found) >= len(expected) - 1
    else:
        assert found == expected
    assert by_heading["MONSIGNOR HANSEN"].on_behalf_of == []


def test_the_typescript_prints_the_old_headings():
    _, result = parsed("typescript")

    assert [s.heading for s in result.speeches[:2]] == ["The PRESIDENT", "Mr. GRIFFITHS"]
    abarry = result.speeches[6]
    assert (abarry.heading, abarry.language) == (
        "Mr. ABARRY (Niger) (interpretation from French and English)",
        "French and English",
    )
    assert result.form == "text-only" and result.speeches[0].section == "THE SITUATION IN THE MIDDLE EAST"
    # The Official Records' paragraph numbers are not part of what was said.
    assert not any(s.text[:3].rstrip(".").isdigit() for s in result.speeches)


def test_the_scan_has_no_font_numbered_paragraphs_and_a_debate_starting_on_its_cover():
    _, result = parsed("scan")

    assert result.form == "text-only"
    assert result.speeches[0].heading == "The PRESIDENT" and result.speeches[0].page_start == 1
    assert all(not s.text.split()[0].rstrip(".").isdigit() for s in result.speeches)
    assert result.speeches[8].language == "Spanish and English"


def test_a_heading_over_more_than_three_lines_is_read_whole():
    _, result = parsed("born-digital")
    long = result.speeches[8]

    assert long.heading == SPEECHES[8][0]
    assert (long.country, long.language) == ("Saint Vincent and the Grenadines", "Spanish and English")
    assert long.text.startswith("Saint Vincent and the Grenadines thanks the briefers.")


def test_the_president_s_national_statement_within_a_paragraph():
    _, result = parsed("born-digital")
    national, resumed = result.speeches[-2:]

    assert national.continued and national.text.startswith("In my national capacity, I would like to")
    assert resumed.text.startswith("I shall now resume my functions as President of the Council.")
    assert "The meeting rose" not in resumed.text


@pytest.mark.parametrize(
    ("printed", "symbol", "resumption", "kind"),
    [
        ("S/PV.9100 (Resumption)", "S/PV.9100 (Resumption 1)", 1, "resumption"),
        ("S/PV.9100 (Resumption I)", "S/PV.9100 (Resumption 1)", 1, "resumption"),
        ("S/PV.9100 (Resumption2)", "S/PV.9100 (Resumption 2)", 2, "resumption"),
        ("S/PV.9100 (Part II)", "S/PV.9100 (Part II)", 1, "part"),
    ],
)
def test_every_form_of_a_resumption_s_symbol(printed, symbol, resumption, kind):
    _, result = parsed("born-digital", printed)

    assert (result.symbol, result.meeting_number, result.resumption, result.kind) == (
        symbol,
        9100,
        resumption,
        kind,
    )


def letter_record() -> GoldRecord:
    intro = (
        "I have the honour to enclose herewith copies of the briefing provided by Mr. Martin Griffiths, "
        "Special Envoy of the Secretary-General for Yemen, as well as the statements delivered by the "
        "representatives of Belgium, China, France, the Niger (on behalf of the three African members of "
        "the Security Council - the Niger, South Africa and Tunisia - as well as Saint Vincent and the "
        "Grenadines) and Viet Nam, in connection with the video-teleconference convened on Tuesday, 7 April "
        "2020. A statement was also delivered by the representative of Yemen. In accordance with the "
        "procedure set out in the letter dated 2 April 2020 (S/2020/273), these briefings and statements "
        "will be issued as an official document of the Security Council."
    )
    speeches = [
        GoldSpeech("", intro, "Mr. Zhang Jun", "China", "The President"),
        GoldSpeech("", "The parties must return to the table.", "Martin Griffiths", "UN", "Guest"),
        GoldSpeech("", "Belgium thanks the Special Envoy.", "Philippe Kridelka", "Belgium", "Mentioned"),
        GoldSpeech("", "China supports the Special Envoy.", "Zhang Jun", "China", "The President"),
        GoldSpeech(
            "",
            "I have the honour to deliver this statement on behalf of the three African members of the "
            "Security Council, namely, the Niger, South Africa and Tunisia, as well as Saint Vincent and the "
            "Grenadines. We call for calm.",
            "Abdou Abarry",
            "Niger",
            "Mentioned",
        ),
        GoldSpeech("", "Yemen thanks the Council.", "Abdullah Al-Saadi", "Yemen", "Guest"),
    ]  # fmt: skip
    return GoldRecord(
        symbol="S/2020/286",
        date=datetime.date(2020, 4, 7),
        topic="The situation in the Middle East",
        speeches=speeches,
        president=("Zhang Jun", "China"),
    )


def test_a_videoconference_letter_gives_one_speech_per_annex():
    record = letter_record()
    result = parse_record(render(record, "letter"), "S_2020_286_E.pdf")

    assert (result.symbol, result.kind, result.meeting_number, result.date) == (
        "S/2020/286",
        "letter",
        None,
        datetime.date(2020, 4, 7),  # the day of the videoconference, not the letter's
    )
    assert [(s.person, s.country, s.capacity) for s in result.speeches] == [
        ("Zhang Jun", "China", "president"),
        ("Martin Griffiths", None, "briefer"),
        ("Philippe Kridelka", "Belgium", "national"),
        ("Zhang Jun", "China", "national"),
        ("Abdou Abarry", "Niger", "national"),
        ("Abdullah Al-Saadi", "Yemen", "invited"),  # "A statement was also delivered by …"
    ]
    assert result.speeches[4].on_behalf_of[0] == "Three African members of the Security Council (A3)"
    assert {s.date for s in result.speeches} == {datetime.date(2020, 4, 7)}
    assert result.unread == [] and score(record, result).recall == 1.0


def test_the_helpers_that_draw_the_old_forms():
    assert ordinal_words(3046) == "THREE THOUSAND AND FORTY-SIXTH"
    assert ordinal_words(8699) == "EIGHT THOUSAND SIX HUNDRED AND NINETY-NINTH"
    assert old_heading("Mr. De Rivière (France) (spoke in French)") == (
        "Mr. DE RIVIÈRE (France) (interpretation from French)"
    )


@functools.cache
def never_seen() -> list[GoldRecord]:
    """Two records the project ships no PDF of, one it does, and two videoconference letters."""
    return read_unscd(UNSCD, {"S/PV.8700", "S/PV.8710", "S/PV.8723", "S/2020/274", "S/2020/286"})


@pytest.mark.parametrize("form", ["born-digital", "typescript", "scan", "letter"])
def test_records_never_seen_align_with_the_corpus_in_every_form(form):
    """Records of the Debates corpus the project ships no PDF of, drawn in each form."""
    records = [
        r
        for r in never_seen()
        if (r.letter if form == "letter" else r.symbol in ("S/PV.8710", "S/PV.8723", "S/PV.8700"))
    ]
    total = Score()
    for record in records:
        total += score(record, parse_record(render(record, form), f"{record.symbol.replace('/', '_')}.pdf"))

    assert total.gold >= 30
    assert total.precision >= 0.98 and total.recall >= 0.98, total.misses
    assert total.unread == 0
