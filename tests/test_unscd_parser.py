"""The reader of the UNSC Debates corpus on the shipped 2020 part, one test per published defect.

Where the shipped part lacks a defect of the full release (split rows, doubled
apostrophes, older column names, a truncated tar…), the test writes a small
copy of real rows and texts with that one thing changed. No database.
"""

from __future__ import annotations

import functools
import io
import json
import tarfile
from collections.abc import Callable
from pathlib import Path

import pytest

from debates.parsing.unscd import (
    Corpus,
    CorpusError,
    Record,
    looks_like_corpus,
    parse_heading,
    read_corpus,
    record_symbol,
)

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "corpus" / "unscd-2020"
GOLDEN = json.loads((Path(__file__).parent / "fixtures" / "verbatim" / "speakers.json").read_text())


@functools.cache
def shipped() -> dict[str, Record]:
    with read_corpus(SHIPPED) as corpus:
        records = {record.symbol: record for record in corpus.records()}
        assert corpus.problems == []
    return records


def speech(symbol: str, position: int):
    return next(s for s in shipped()[symbol].speeches if s.position == position)


# --- Small copies of the real files ----------------------------------------------------


@functools.cache
def real_lines(name: str) -> tuple[str, ...]:
    return tuple((SHIPPED / name).read_text(encoding="utf-8").split("\n"))


@functools.cache
def real_texts() -> dict[str, bytes]:
    with tarfile.open(SHIPPED / "speeches.tar") as tar:
        return {m.name.rsplit("/", 1)[-1]: tar.extractfile(m).read() for m in tar if m.isfile()}


def excerpt(
    folder: Path,
    symbols: list[str],
    *,
    rows: Callable[[list[str]], list[str]] | None = None,
    meta: Callable[[list[str]], list[str]] | None = None,
    texts: Callable[[dict[str, bytes]], dict[str, bytes]] | None = None,
    unpacked: bool = False,
) -> Path:
    """Write the rows and texts of the records ``symbols`` of the shipped part into ``folder``.

    ``rows`` and ``meta`` get the tables' lines (header first) to edit, ``texts``
    the texts by file name (in the tar's order, which the dict keeps).
    """
    folder.mkdir(parents=True, exist_ok=True)
    speaker_lines = [real_lines("speaker.tsv")[0]] + [
        line for line in real_lines("speaker.tsv")[1:] if line and line.split("\t")[23] in symbols
    ]
    names = [line.split("\t")[1] for line in speaker_lines[1:]]
    basenames = {name.rsplit("_spch", 1)[0] for name in names}
    meta_lines = [real_lines("meta.tsv")[0]] + [
        line for line in real_lines("meta.tsv")[1:] if line and line.split("\t")[1] in basenames
    ]
    chosen = {name: real_texts()[name] for name in names}
    speaker_lines = rows(speaker_lines) if rows else speaker_lines
    meta_lines = meta(meta_lines) if meta else meta_lines
    chosen = texts(chosen) if texts else chosen
    (folder / "speaker.tsv").write_text("\n".join(speaker_lines) + "\n", encoding="utf-8")
    (folder / "meta.tsv").write_text("\n".join(meta_lines) + "\n", encoding="utf-8")
    if unpacked:
        (folder / "speeches").mkdir()
        for name, data in chosen.items():
            (folder / "speeches" / name).write_bytes(data)
    else:
        with tarfile.open(folder / "speeches.tar", "w", format=tarfile.USTAR_FORMAT) as tar:
            for name, data in chosen.items():
                info = tarfile.TarInfo(f"speeches/{name}")
                info.size = len(data)
                tar.addfile(info, io.BytesIO(data))
    return folder


def read_all(folder: Path, **options) -> tuple[list[Record], Corpus]:
    corpus = read_corpus(folder, **options)
    return list(corpus.records()), corpus


def edit_field(line: str, column: int, value: str) -> str:
    fields = line.split("\t")
    fields[column] = value
    return "\t".join(fields)


COLUMN = {name: i for i, name in enumerate(real_lines("speaker.tsv")[0].split("\t"))}


# --- The shipped part ------------------------------------------------------------------


def test_the_shipped_part_reads_whole_record_by_record_in_the_files_order():
    records = list(shipped().values())

    assert len(records) == 144
    assert sum(len(r.speeches) for r in records) == 2473
    assert [r.symbol for r in records[:4]] == [
        "S/PV.8698",
        "S/PV.8699",
        "S/PV.8699 (Resumption 1)",
        "S/PV.8699 (Resumption 2)",
    ]
    for record in records:
        assert len(record.speeches) == record.expected, record.symbol
        assert [s.position for s in record.speeches] == list(range(1, len(record.speeches) + 1))
        assert {s.document_symbol for s in record.speeches} == {record.symbol}


def test_a_record_and_its_resumptions_are_records_of_one_meeting_each_on_its_own_day():
    first, resumed = shipped()["S/PV.8699"], shipped()["S/PV.8699 (Resumption 2)"]

    assert (first.meeting_number, first.resumption, str(first.date)) == (8699, 0, "2020-01-09")
    assert (resumed.meeting_number, resumed.resumption, str(resumed.date)) == (8699, 2, "2020-01-13")
    assert resumed.meeting_symbol == "S/PV.8699"
    assert {str(s.date) for s in resumed.speeches} == {"2020-01-13"}
    assert first.topic == "Maintenance of international peace and security"


def test_the_form_of_address_becomes_the_label_and_leaves_the_text():
    s = speech("S/PV.8698", 6)

    assert s.label == "Mr. Abarry (Niger) (spoke in French)"
    assert (s.person, s.heading_country, s.language, s.entity) == ("Mr. Abarry", "Niger", "French", "Niger")
    assert (s.participant, s.capacity) == ("member", "national")
    assert s.text.startswith("Allow me first")
    assert "(spoke in French)" not in s.text


def test_the_president_presides_and_speaks_for_the_presidents_state():
    opening = speech("S/PV.8698", 1)

    assert (opening.label, opening.person, opening.entity) == ("The President", "Mr. Dang", "Viet Nam")
    assert opening.capacity == "president"
    assert opening.text.startswith("As this is the first formal meeting of the Security Council this year")


def test_the_presidents_national_statement_is_national_and_its_parts_are_told_apart():
    closing = speech("S/PV.8698", 20)

    assert closing.capacity == "national"
    [(first, national), (then, presiding)] = closing.presidency_parts()
    assert (first, then) == ("national", "president")
    assert national.startswith(
        "I shall now make a statement in my capacity as the representative of Viet Nam."
    )
    assert presiding.startswith("I now resume my functions as President of the Council.")


def test_the_closing_stage_direction_is_not_part_of_the_last_speech():
    closing = speech("S/PV.8698", 20)

    assert closing.text.endswith("to continue our discussion on the subject.")
    assert "The meeting rose" not in closing.text


@pytest.mark.parametrize(
    ("symbol", "position", "ending"),
    [
        # "… on the subject. The meeting rose at 4.55 p.m. 21/21": the last page's number.
        ("S/PV.8731", 21, "continue our discussion on the subject."),
        # "… thus far. The meeting rose at 12.15 p.m. 20-00911": the document's job number.
        ("S/PV.8702", 19, "advances that have been made thus far."),
        # "… in Afghanistan. The meeting rose at 12.55 p.m. 17": a page number alone.
        ("S/PV.8759", 13, "aspiration for peace and stability in Afghanistan."),
    ],
)
def test_what_the_last_page_prints_below_the_closing_goes_with_it(symbol, position, ending):
    assert speech(symbol, position).text.endswith(ending)


def test_page_numbers_the_ocr_left_in_a_speech_are_taken_out_and_symbols_are_kept():
    # "… the current mandate. 3/26 4/26 Further, …": the foot of page 3 and the head of page 4.
    [letter] = [s for s in shipped()["S/2020/336"].speeches if "current mandate." in s.text]
    assert "the Mission's current mandate. Further, the rainy season" in letter.text
    assert "/26" not in letter.text
    # A General Assembly resolution is not a page: its denominator is not the record's.
    [cited] = [s for s in shipped()["S/2020/465"].speeches if "resolutions 71/205" in s.text]
    assert "resolutions 71/205, 72/190, 73/263 and 74/168" in cited.text


def test_a_speech_by_the_secretary_general_is_a_briefing():
    s = speech("S/PV.8699", 2)

    assert (s.label, s.entity, s.capacity) == ("The Secretary-General", "UN", "briefer")


def test_a_guest_state_is_invited_and_a_guest_named_alone_briefs():
    hungary, chambas, abbas = speech("S/PV.8699", 23), speech("S/PV.8698", 4), speech("S/PV.8717", 7)

    assert (hungary.label, hungary.participant, hungary.capacity) == (
        "Mr. Szijjarto (Hungary)",
        "guest",
        "invited",
    )
    assert (chambas.label, chambas.entity, chambas.capacity) == ("Mr. Chambas", "UN", "briefer")
    # A head of State printed by title alone.
    assert (abbas.label, abbas.entity, abbas.capacity) == (
        "President Abbas (spoke in Arabic)",
        "Palestine",
        "invited",
    )


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_the_records_also_shipped_as_pdf_pair_speech_by_speech_with_the_pdfs_reading(name):
    """S/PV.8698–8703 are in corpus/verbatim too: cut at the President's change
    of capacity, the corpus's speeches line up one to one with the PDF's."""
    golden = GOLDEN[name]
    ours = [
        (s.label, capacity)
        for s in shipped()[golden["symbol"]].speeches
        for capacity, _ in s.presidency_parts()
    ]
    theirs = [tuple(entry.rsplit(" | ", 1)) for entry in golden["speeches"]]

    def shape(label: str, capacity: str) -> tuple:
        heading, _ = parse_heading(f"{label}: …")
        # OCR loses accents ("Auvaart" for "Auväärt"); the PDF's reading predates invited States.
        return (
            heading.president,
            heading.country.replace("’", "'"),
            heading.language,
            capacity.replace("invited", "national"),
        )

    assert [shape(*pair) for pair in ours] == [shape(*pair) for pair in theirs]


# --- Defects of the real release, one by one --------------------------------------------


def test_words_caught_inside_the_language_marker_go_back_to_the_speech():
    """Real OCR noise: "The President (spoke I thank Mr. Spleeters for his briefing. in French):"."""
    s = speech("S/PV.8713", 6)

    assert s.label == "The President (spoke in French)"
    assert s.language == "French"
    assert s.text.startswith("I thank Mr. Spleeters for his briefing. I shall now give the floor")


def test_ocr_noise_in_the_interpretation_marker_of_older_records(tmp_path):
    """1990s records print "(interpretation from French)", often misread ("fron")."""

    def older(texts):
        name = "UNSC_2020_SPV.8698_spch006.txt"
        texts[name] = texts[name].replace(
            b"Mr. Abarry (Niger) (spoke in French):", b"Mr. ABARRY (Niger) (interpretation fron French):"
        )
        name = "UNSC_2020_SPV.8698_spch001.txt"
        texts[name] = texts[name].replace(b"The President:", b"The PRESIDENT (lnterpretation from Spanish):")
        return texts

    [record], corpus = read_all(excerpt(tmp_path, ["S/PV.8698"], texts=older))

    niger, president = record.speeches[5], record.speeches[0]
    assert (niger.label, niger.language, niger.heading_country) == (
        "Mr. ABARRY (Niger) (interpretation fron French)",
        "French",
        "Niger",
    )
    assert niger.text.startswith("Allow me first")
    assert (president.label, president.language, president.capacity) == (
        "The PRESIDENT (lnterpretation from Spanish)",
        "Spanish",
        "president",
    )
    assert corpus.problems == []


def test_a_language_marker_in_country_org_gives_way_to_the_headings_state():
    """A real row: heading "Mr. Michon (spoke in French) (France):", country_org "spoke in French"."""
    s = speech("S/PV.8724", 10)

    assert (s.country_org, s.entity) == ("spoke in French", "France")
    assert (s.label, s.language, s.heading_country) == (
        "Mr. Michon (spoke in French) (France)",
        "French",
        "France",
    )
    # The corpus marks the row a guest's: its heading did not match the cover
    # page. Whether France sat on the Council that day is the loader's to check
    # against the membership terms; the reader says what the source says.
    assert (s.participant, s.capacity) == ("guest", "invited")


def test_a_guest_of_the_presiding_state_speaks_for_it():
    """King Philippe at the meeting Belgium presides: a guest, but Belgium sits at the table."""
    s = speech("S/PV.8721", 8)

    assert (s.label, s.entity, s.participant, s.capacity) == (
        "King Philippe (spoke in French)",
        "Belgium",
        "guest",
        "national",
    )


def test_ocr_debris_in_country_org_is_dropped_from_the_name_to_resolve():
    s = next(s for s in shipped()["S/2020/346"].speeches if s.country_org == "El] Salvador")

    assert s.entity == "El Salvador"


def test_names_that_resemble_a_language_marker_are_names():
    """ "International …" is not "interpretation from …", OCR slips allowed or not."""
    red_cross, court = speech("S/PV.8723", 37), speech("S/2020/538", 2)

    assert (red_cross.label, red_cross.entity) == ("Mr. Mardini", "International Committee of the Red Cross")
    assert court.entity == "International Criminal Court"


def test_case_variants_and_aliases_of_country_org_are_kept_as_written_and_counted():
    with read_corpus(SHIPPED) as corpus:
        for _ in corpus.records():
            pass
    counts = corpus.country_orgs

    assert counts["United Kingdom"] == 58
    assert counts["United Kingdom of Great Britain and Northern Ireland"] == 45
    assert counts["Saint Vincent and Grenadines"] == 29
    assert counts["Saint Vincent and the Grenadines"] == 57
    assert (counts["Turkey"], counts["Russia"], counts["the Russian Federation"]) == (19, 1, 1)
    assert (counts["EU"], counts["UN"]) == (14, 126)
    assert counts["France"] == 124  # the 123 rows that say France, and the one that says "spoke in French"
    assert sum(counts.values()) == 2473


def test_participanttype_noise_is_read_whatever_its_case(tmp_path):
    def shout(lines):
        return [line.replace("\tThe President\t", "\tThe PRESIDENT\t") for line in lines]

    [record], corpus = read_all(excerpt(tmp_path, ["S/PV.8701"], rows=shout))

    assert [(s.participant, s.capacity) for s in record.speeches] == [("president", "president")] * 2
    assert corpus.problems == []


def test_an_unknown_participanttype_is_reported_and_the_heading_decides(tmp_path):
    def odd(lines):
        return [lines[0], edit_field(lines[1], COLUMN["participanttype"], "Chair"), *lines[2:]]

    [record], corpus = read_all(excerpt(tmp_path, ["S/PV.8701"], rows=odd))

    assert record.speeches[0].capacity == "president"
    assert [str(p) for p in corpus.problems] == [
        "speaker.tsv, line 2: participanttype 'Chair' is not one the reader knows"
    ]


def test_an_empty_speaker_takes_the_name_the_heading_prints(tmp_path):
    def anonymous(lines):
        return [lines[0]] + [edit_field(line, COLUMN["speaker"], "") for line in lines[1:]]

    [record], _ = read_all(excerpt(tmp_path, ["S/PV.8698"], rows=anonymous))

    assert record.speeches[5].person == "Mr. Abarry"
    assert record.speeches[0].person == ""  # "The President" names nobody


def test_an_empty_speaker_in_a_letter_leaves_the_person_unknown():
    s = next(s for s in shipped()["S/2020/341"].speeches if s.position == 20)

    assert (s.speaker, s.person, s.entity) == ("", "", "Movement of Non-Aligned Countries")
    assert s.text.startswith("I am honoured to speak on behalf of the 120 States members")


def test_doubled_apostrophes_are_undone(tmp_path):
    def r_style(lines):
        return [
            line.replace("Ja'afari", "Ja''afari").replace("Lao People's", "Lao People''s") for line in lines
        ]

    records, corpus = read_all(excerpt(tmp_path, ["S/PV.8700", "S/PV.8699 (Resumption 2)"], rows=r_style))

    syria = next(s for r in records for s in r.speeches if s.speaker == "Mr. Ja'afari")
    assert syria.entity == "Syrian Arab Republic"
    assert "Lao People's Democratic Republic" in corpus.country_orgs
    assert corpus.problems == []


def test_stray_quotation_marks_do_not_swallow_tabs(tmp_path):
    """Read with CSV quoting, a field opening with a quotation mark runs on over the tabs."""

    def quoted(lines):
        return [lines[0]] + [
            edit_field(
                edit_field(line, COLUMN["speaker"], '"Mr. Dang'),
                COLUMN["topic"],
                'The "situation in the Middle East',
            )
            for line in lines[1:]
        ]

    [record], corpus = read_all(excerpt(tmp_path, ["S/PV.8701"], rows=quoted))

    assert [s.speaker for s in record.speeches] == ['"Mr. Dang', '"Mr. Dang']
    assert record.speeches[0].topic == 'The "situation in the Middle East'
    assert record.symbol == "S/PV.8701" and str(record.date) == "2020-01-13"
    assert corpus.problems == []


def test_a_row_split_by_a_newline_inside_a_field_is_joined(tmp_path):
    """As all 36 rows of S/PV.5225 in the real release: a literal newline in a field."""

    def split(lines):
        out = [lines[0]]
        for line in lines[1:]:
            out.extend(
                line.replace("Peace consolidation in\t", "Peace consolidation in\n\t")
                .replace("Peace consolidation in West Africa", "Peace consolidation\nin West Africa")
                .split("\n")
            )
        return out

    [record], corpus = read_all(excerpt(tmp_path, ["S/PV.8698"], rows=split))

    assert len(record.speeches) == 20
    assert {s.topic for s in record.speeches} == {"Peace consolidation in West Africa"}
    assert [s.line for s in record.speeches[:3]] == [2, 4, 6]
    assert record.speeches[5].label == "Mr. Abarry (Niger) (spoke in French)"
    assert corpus.problems == []


def test_a_row_that_cannot_be_read_is_reported_with_its_line_and_the_rest_goes_on(tmp_path):
    def broken(lines):
        return [lines[0], lines[1], lines[2] + "\tone field too many", *lines[3:]]

    [record], corpus = read_all(excerpt(tmp_path, ["S/PV.8698"], rows=broken))

    assert [s.position for s in record.speeches] == [1, *range(3, 21)]
    assert [str(p) for p in corpus.problems] == [
        "speaker.tsv, line 3: 27 fields where the header has 26",
        "meta.tsv: record S/PV.8698: 19 speeches read, 20 announced",
        "speeches.tar: speeches/UNSC_2020_SPV.8698_spch002.txt: "
        "no readable row of speaker.tsv names this text",
    ]
    assert corpus.counts["rows skipped"] == 1


def test_a_missing_text_is_reported_and_the_record_goes_on(tmp_path):
    def lose(texts):
        del texts["UNSC_2020_SPV.8698_spch004.txt"]
        return texts

    [record], corpus = read_all(excerpt(tmp_path, ["S/PV.8698"], texts=lose))

    assert len(record.speeches) == 19 and 4 not in [s.position for s in record.speeches]
    assert str(corpus.problems[0]) == (
        "speeches.tar: UNSC_2020_SPV.8698_spch004.txt (speaker.tsv line 5): "
        "missing: the row names a text the release does not hold"
    )


def test_an_empty_text_is_reported(tmp_path):
    def empty(texts):
        texts["UNSC_2020_SPV.8701_spch002.txt"] = b"  \n"
        return texts

    [record], corpus = read_all(excerpt(tmp_path, ["S/PV.8701"], texts=empty))

    assert [s.position for s in record.speeches] == [1]
    assert str(corpus.problems[0]) == (
        "speeches.tar: speeches/UNSC_2020_SPV.8701_spch002.txt (speaker.tsv line 3): empty"
    )


def test_a_text_that_is_not_utf8_is_reported_with_its_row_and_the_rest_goes_on(tmp_path):
    def latin1(texts):
        name = "UNSC_2020_SPV.8698_spch010.txt"
        texts[name] = texts[name].decode("utf-8").replace("Estonia", "Estonia — Eesti Vabariik").encode(
            "cp1252", "replace"
        ) + "é".encode("latin-1")
        return texts

    [record], corpus = read_all(excerpt(tmp_path, ["S/PV.8698"], texts=latin1))

    assert len(record.speeches) == 19
    problem = str(corpus.problems[0])
    assert problem.startswith(
        "speeches.tar: speeches/UNSC_2020_SPV.8698_spch010.txt (speaker.tsv line 11): not UTF-8"
    )


def test_a_text_no_row_names_is_reported(tmp_path):
    def extra(texts):
        texts["UNSC_2020_SPV.8701_spch003.txt"] = b"The President: A speech the table forgot."
        return texts

    [record], corpus = read_all(excerpt(tmp_path, ["S/PV.8701"], texts=extra))

    assert len(record.speeches) == 2
    assert [str(p) for p in corpus.problems] == [
        "speeches.tar: speeches/UNSC_2020_SPV.8701_spch003.txt: "
        "no readable row of speaker.tsv names this text"
    ]


def test_rows_out_of_order_are_reported_and_the_record_is_handed_over_once_whole(tmp_path):
    def shuffle(lines):
        # The last row of S/PV.8701 moves after the rows of S/PV.8709.
        return [lines[0], lines[1], *lines[3:], lines[2]]

    records, corpus = read_all(excerpt(tmp_path, ["S/PV.8701", "S/PV.8709"], rows=shuffle))

    assert [(r.symbol, [s.position for s in r.speeches]) for r in records] == [
        ("S/PV.8709", [1, 2]),
        ("S/PV.8701", [1, 2]),
    ]
    assert [str(p) for p in corpus.problems] == [
        "speaker.tsv, line 3: a row of S/PV.8709 comes before the last row of S/PV.8701: a record's rows "
        "should be contiguous; S/PV.8701 is read whole all the same"
    ]


def test_a_speech_number_given_twice_keeps_the_first(tmp_path):
    def twice(lines):
        return [*lines, lines[2].replace("spch002", "spch003")]

    def third(texts):
        texts["UNSC_2020_SPV.8701_spch003.txt"] = b"The President: Said twice."
        return texts

    [record], corpus = read_all(excerpt(tmp_path, ["S/PV.8701"], rows=twice, texts=third))

    assert [s.filename for s in record.speeches] == [
        "UNSC_2020_SPV.8701_spch001.txt",
        "UNSC_2020_SPV.8701_spch002.txt",
    ]
    assert [str(p) for p in corpus.problems] == [
        "speaker.tsv, line 4: speech 2 of S/PV.8701 again (line 3): skipped"
    ]


def test_a_tar_in_another_order_than_the_table_reads_the_same_holding_texts_on_disk(tmp_path):
    expected = shipped()["S/PV.8698"]

    def backwards(texts):
        return dict(reversed(texts.items()))

    [record], corpus = read_all(excerpt(tmp_path, ["S/PV.8698"], texts=backwards), hold_in_memory=2000)

    assert [(s.label, s.text) for s in record.speeches] == [(s.label, s.text) for s in expected.speeches]
    assert corpus.problems == []


def test_an_unpacked_speeches_folder_reads_like_the_tar(tmp_path):
    expected = [shipped()["S/PV.8701"], shipped()["S/2020/594"]]

    records, corpus = read_all(excerpt(tmp_path, ["S/PV.8701", "S/2020/594"], unpacked=True))

    assert [(r.symbol, [(s.label, s.capacity, s.text) for s in r.speeches]) for r in records] == [
        (r.symbol, [(s.label, s.capacity, s.text) for s in r.speeches]) for r in expected
    ]
    assert corpus.problems == []


# --- Videoconferences -------------------------------------------------------------------


def test_a_videoconferences_statements_are_read_under_its_letter():
    letter = shipped()["S/2020/594"]

    assert (letter.letter, letter.meeting_number, letter.meeting_symbol) == (True, None, "S/2020/594")
    assert (str(letter.date), letter.topic, letter.speech_format) == (
        "2020-06-23",
        "Children and armed conflict",
        "VTC",
    )
    assert len(letter.speeches) == 74
    assert {s.label for s in letter.speeches} == {""}  # letters print no form of address


def test_capacities_in_a_videoconferences_letter():
    letter = {s.position: s for s in shipped()["S/2020/594"].speeches}

    # The President's covering letter presides; the President's own statement speaks for France.
    assert (letter[1].entity, letter[1].capacity) == ("France", "president")
    assert letter[1].text.startswith("I have the honour to refer to the video-teleconference")
    assert (letter[7].entity, letter[7].capacity) == ("France", "national")
    assert [(letter[n].entity, letter[n].capacity) for n in (2, 4, 5, 14)] == [
        ("UN", "briefer"),
        ("Individual", "briefer"),
        ("Belgium", "national"),
        ("Afghanistan", "invited"),
    ]


def test_a_letters_speeches_keep_the_speech_number_not_the_file_number():
    """S/2020/340 names its first text spch000 and has no spch001."""
    letter = shipped()["S/2020/340"]

    assert [(s.position, s.filename[-10:]) for s in letter.speeches[:3]] == [
        (1, "pch000.txt"),
        (2, "pch002.txt"),
        (3, "pch003.txt"),
    ]
    assert letter.topic == ""  # meta.tsv says "unknown"


# --- Layouts and refusals -----------------------------------------------------------------


def test_an_older_release_with_its_own_column_names_reads_the_same(tmp_path):
    def older(lines):
        header = lines[0].split("\t")
        renamed = {
            "document_symbol": "spv",
            "country_org": "country",
            "role": "role_in_un",
            "speech_number": "speech",
        }
        lines[0] = "\t".join(renamed.get(name, name) for name in header)
        spv = {"S/PV.8699 (Resumption 1)": "8699Resumption1", "S/2020/594": "2020_594"}
        return [lines[0]] + [
            edit_field(line, COLUMN["document_symbol"], spv[line.split("\t")[23]]) for line in lines[1:]
        ]

    records, corpus = read_all(excerpt(tmp_path, ["S/PV.8699 (Resumption 1)", "S/2020/594"], rows=older))

    assert corpus.older_release
    assert [(r.symbol, len(r.speeches)) for r in records] == [
        ("S/PV.8699 (Resumption 1)", 67),
        ("S/2020/594", 74),
    ]
    assert records[0].speeches[1].entity == shipped()["S/PV.8699 (Resumption 1)"].speeches[1].entity
    assert corpus.problems == []


def test_a_release_without_the_columns_it_needs_is_refused_naming_them(tmp_path):
    def stripped(lines):
        return [lines[0].replace("speech_number", "n").replace("country_org", "org"), *lines[1:]]

    folder = excerpt(tmp_path, ["S/PV.8701"], rows=stripped)

    with pytest.raises(CorpusError) as refused:
        read_corpus(folder)
    assert str(refused.value) == (
        "speaker.tsv, line 1: not a release this reader knows: "
        "no column speech_number (or speech), no column country_org (or country)"
    )


def test_a_header_without_the_row_number_column_is_read(tmp_path):
    """R's write.table names no column over the row numbers: the rows have one field more."""

    def unnamed(lines):
        return [lines[0].removeprefix("\t"), *lines[1:]]

    [record], corpus = read_all(excerpt(tmp_path, ["S/PV.8701"], rows=unnamed))

    assert [s.position for s in record.speeches] == [1, 2]
    assert corpus.problems == []


def test_a_table_that_is_not_tab_separated_is_refused(tmp_path):
    def commas(lines):
        return [line.replace("\t", ",") for line in lines]

    with pytest.raises(
        CorpusError,
        match=r"^speaker\.tsv, line 1: not tab-separated \(the header has no tab; it looks comma-separated",
    ):
        read_corpus(excerpt(tmp_path, ["S/PV.8701"], rows=commas))


@pytest.mark.parametrize("missing", ["meta.tsv", "speaker.tsv", "speeches.tar"])
def test_a_folder_that_looks_like_the_corpus_but_lacks_a_file_is_refused(tmp_path, missing):
    folder = excerpt(tmp_path / "unscd", ["S/PV.8701"])
    (folder / missing).unlink()

    assert looks_like_corpus(folder)
    with pytest.raises(CorpusError) as refused:
        read_corpus(folder)
    assert str(refused.value).startswith(
        f"{folder}: not a whole release of the UNSC Debates corpus: no {missing}"
    )


@pytest.mark.parametrize("cut", ["inside a text", "after a text"])
def test_a_truncated_tar_is_refused_before_any_record_naming_the_text_and_row(tmp_path, cut):
    folder = excerpt(tmp_path, ["S/PV.8698"])
    data = (folder / "speeches.tar").read_bytes()
    with tarfile.open(folder / "speeches.tar") as tar:
        member = list(tar)[9]  # speech 10, line 11
    end = member.offset_data + (100 if cut == "inside a text" else -(-member.size // 512) * 512)
    (folder / "speeches.tar").write_bytes(data[:end])

    with pytest.raises(CorpusError) as refused:
        read_corpus(folder)
    where = "inside" if cut == "inside a text" else "after"
    assert str(refused.value).startswith(
        f"speeches.tar: cut short {where} speeches/UNSC_2020_SPV.8698_spch010.txt (speaker.tsv line 11)"
    )


def test_a_corpus_streams_once(tmp_path):
    corpus = read_corpus(excerpt(tmp_path, ["S/PV.8701"]))
    list(corpus.records())

    with pytest.raises(RuntimeError):
        list(corpus.records())


# --- Pieces -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "filename", "symbol"),
    [
        ("S/PV.8699 (Resumption 1)", "", "S/PV.8699 (Resumption 1)"),
        ("S/PV.8699(Resumption1)", "", "S/PV.8699 (Resumption 1)"),
        ("8699Resumption1", "", "S/PV.8699 (Resumption 1)"),
        ("8699", "", "S/PV.8699"),
        ("2020_594", "", "S/2020/594"),
        ("S/2020/594", "", "S/2020/594"),
        ("", "UNSC_2020_SPV.8699Resumption2_spch001.txt", "S/PV.8699 (Resumption 2)"),
        ("", "UNSC_2020_SPV.2020_341_spch020.txt", "S/2020/341"),
        ("", "", ""),
    ],
)
def test_record_symbols_however_the_corpus_writes_them(value, filename, symbol):
    assert record_symbol(value, filename) == symbol


@pytest.mark.parametrize(
    ("text", "speaker", "label", "rest"),
    [
        ("In conclusion: we agree.", "", None, "In conclusion: we agree."),
        ("Mr. Guterres said: we agree.", "", None, "Mr. Guterres said: we agree."),
        ("Hadiza (spoke in French): Allow me.", "Hadiza", "Hadiza (spoke in French)", "Allow me."),
        ("Hadiza (spoke in French): Allow me.", "", None, "Hadiza (spoke in French): Allow me."),
        (
            "Ms. Rodriguez (Bolivia (Plurinational State of)) (spoke in Spanish): Gracias.",
            "",
            "Ms. Rodriguez (Bolivia (Plurinational State of)) (spoke in Spanish)",
            "Gracias.",
        ),
        ("Dato Lim Jock Hoi: At the outset.", "Dato Lim Jock Hoi", "Dato Lim Jock Hoi", "At the outset."),
        (
            "Mr. President (spoke in French): | thank Ms. Sooka.",
            "",
            "Mr. President (spoke in French)",
            "| thank Ms. Sooka.",
        ),
    ],
)
def test_forms_of_address(text, speaker, label, rest):
    heading, after = parse_heading(text, speaker)

    assert (heading.label if heading else None, after) == (label, rest)
