"""The gazetteer: predecessor States, variants, proposals, name lists, consistent reference files."""

import csv
import datetime
import re
from pathlib import Path

import pytest

from debates.gazetteer import DATA_DIR, Gazetteer, lookup, propose, split_names, variant_key
from debates.models import Speaker, Succession
from debates.names import normalise_name
from debates.parsing.repertoire import _named_speakers, _participants
from debates.speakers import SpeakerResolver

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("label", "canonical"),
    [
        ("Africa Union", "African Union"),
        (
            "Organisation for Security and Co-operation in Europe",
            "Organization for Security and Cooperation in Europe",
        ),
        ("Organisation of Islamic Cooperation", "Organization of Islamic Cooperation"),
        ("Secretary General", "Secretary-General"),
        ("UN Secretary-General", "Secretary-General"),
        ("U.K.", "United Kingdom of Great Britain and Northern Ireland"),
        ("DR Congo", "Democratic Republic of the Congo"),
        ("Viet-Nam", "Viet Nam"),
        ("Lao PDR", "Lao People's Democratic Republic"),
        ("Macedonia", "North Macedonia"),
        ("PLO", "State of Palestine"),
        ("St. Vincent and the Grenadines", "Saint Vincent and the Grenadines"),
        ("St Kitts and Nevis", "Saint Kitts and Nevis"),
        ("The Netherlands", "Netherlands"),
        ("Cote D'ivoire", "Côte d'Ivoire"),
        ("U.S.S.R.", "Union of Soviet Socialist Republics"),
    ],
)
def test_routine_variants_resolve_by_rule(label, canonical):
    assert lookup(label).name == canonical


def test_variant_keys_fold_spelling_not_meaning():
    assert variant_key("Organisation") == variant_key("Organization")
    assert variant_key("Viet-Nam") == variant_key("Viet Nam")
    assert lookup("Niger").iso3 == "NER" and lookup("Nigeria").iso3 == "NGA"
    assert lookup("Republic of Kosovo") is None


def test_fuzzy_matching_proposes_but_never_decides():
    assert lookup("Africa Unoin") is None
    proposal = propose("Africa Unoin")
    assert (proposal.name, proposal.score >= 88) == ("African Union", True)
    assert propose("Republic of Kosovo") is None


def test_predecessor_states_are_their_own_entries_with_successors():
    ussr = lookup("USSR")
    assert (ussr.name, ussr.iso3, ussr.iso3166_3, ussr.until) == (
        "Union of Soviet Socialist Republics",
        "SUN",
        "SUHH",
        datetime.date(1991, 12, 24),
    )
    assert ussr.successors == (("Russian Federation", "continuation"),)
    for label, code in [
        ("Czechoslovakia", "CSHH"),
        ("German Democratic Republic", "DDDE"),
        ("Zaire", "ZRCD"),
        ("Democratic Yemen", "YDYE"),
        ("Serbia and Montenegro", "CSXX"),
    ]:
        assert lookup(label).iso3166_3 == code
    assert lookup("United Arab Republic").successors[0] == ("Egypt", "continuation")
    assert lookup("Organization of African Unity").name != lookup("African Union").name


def test_a_name_that_changed_meaning_resolves_by_date():
    assert lookup("Yugoslavia", datetime.date(1960, 5, 1)).name == "Socialist Federal Republic of Yugoslavia"
    assert lookup("Yugoslavia", datetime.date(1999, 5, 1)).name == "Serbia and Montenegro"
    assert lookup("Yemen", datetime.date(1980, 5, 1)).name == "Yemen Arab Republic"
    assert lookup("Yemen", datetime.date(1995, 5, 1)).name == "Yemen"


@pytest.mark.django_db
def test_a_predecessor_speaker_is_linked_to_its_successor():
    resolver = SpeakerResolver()
    ussr = resolver.resolve("USSR", on=datetime.date(1946, 2, 16))
    assert Speaker.objects.get(iso3="RUS").successions_from.get().predecessor == ussr
    assert (ussr.name, ussr.iso3, ussr.acronym, ussr.until.year) == (
        "Union of Soviet Socialist Republics",
        "SUN",
        "USSR",
        1991,
    )
    assert ussr.lineage() == "USSR (until 1991; succeeded by the Russian Federation)"
    assert Succession.objects.get().date == datetime.date(1991, 12, 25)
    # A successor first, its predecessor later: linked all the same.
    slovakia = resolver.resolve("Slovakia")
    czechoslovakia = resolver.resolve("Czechoslovakia")
    assert set(czechoslovakia.successions.values_list("successor__name", flat=True)) == {
        "Czechia",
        "Slovakia",
    }
    assert slovakia.successions_from.get().predecessor == czechoslovakia
    assert czechoslovakia.lineage() == "Czechoslovakia (until 1992; succeeded by Czechia and Slovakia)"


def test_names_are_split_at_and_only_where_no_known_name_contains_it():
    assert split_names("Bosnia and Herzegovina") == ["Bosnia and Herzegovina"]
    assert split_names("United Kingdom of Great Britain and Northern Ireland and France") == [
        "United Kingdom of Great Britain and Northern Ireland",
        "France",
    ]
    assert split_names("Chile, Côte d’Ivoire and Mexico") == ["Chile", "Côte d’Ivoire", "Mexico"]
    named = _named_speakers("The representatives of Bosnia and Herzegovina and Côte d’Ivoire agreed.")
    assert [n.name for n in named] == ["Bosnia and Herzegovina", "Côte d’Ivoire"]
    uk = _named_speakers(
        "The representative of the United Kingdom of Great Britain and Northern Ireland said."
    )
    assert [n.name for n in uk] == ["United Kingdom of Great Britain and Northern Ireland"]
    assert _participants("the representatives of Bosnia and Herzegovina, Chile and Côte d’Ivoire") == [
        "Bosnia and Herzegovina",
        "Chile",
        "Côte d’Ivoire",
    ]


def _rows(name):
    with (DATA_DIR / name if isinstance(name, str) else name).open(encoding="utf-8") as f:
        return list(csv.DictReader(line for line in f if not line.lstrip().startswith("#")))


def _comments(name):
    return " ".join(
        line.lstrip("# ").strip() for line in (DATA_DIR / name).open(encoding="utf-8") if line.startswith("#")
    )


def test_the_reference_files_agree_with_each_other():
    gazetteer = Gazetteer.default()
    # Every alias names the speaker its canonical label names.
    for row in _rows("country_aliases.csv"):
        canonical = gazetteer.lookup(row["canonical"])
        if canonical is not None:
            assert gazetteer.lookup(row["alias"]) == canonical, row
    # What the alias list says is kept apart is kept apart from its successor, in every file.
    comment = _comments("country_aliases.csv")
    assert "NOT merged into their successors" in comment and "kept\napart" not in comment
    for label, successor in [
        ("Zaire", "Democratic Republic of the Congo"),
        ("Yugoslavia", "Serbia"),
        ("Serbia And Montenegro", "Serbia"),
        ("Organization Of African Unity", "African Union"),
        ("African Unity", "African Union"),
    ]:
        assert gazetteer.lookup(label) != gazetteer.lookup(successor), label
    # entities.csv's code for a State is the gazetteer's.
    for row in _rows("entities.csv"):
        if row["entity_type"] == "state" and row["iso3"]:
            assert gazetteer.lookup(row["country_org"]).iso3 == row["iso3"], row["country_org"]
    # The membership list's labels are all known States.
    for row in _rows(ROOT / "corpus" / "reference" / "council_membership.csv"):
        assert gazetteer.lookup(row["country_org"]).kind == "state", row["country_org"]
    # No curated alias takes a predecessor's name.
    predecessors = {normalise_name(row["name"]) for row in _rows("predecessors.csv")}
    for row in _rows("speakers.csv"):
        aliases = {normalise_name(a) for a in row["aliases"].split("|") if a}
        assert not aliases & predecessors, row["name"]
    # The Russian Federation sits in the Eastern European Group.
    russia = next(r for r in _rows("entities.csv") if r["country_org"] == "Russian Federation")
    assert russia["un_regional_group"] == "Eastern European Group"
    assert not re.search(r"mapped to (COD|SRB)", (DATA_DIR / "entities.csv").read_text(encoding="utf-8"))


def found(text: str) -> list[tuple[str, str]]:
    return [(m.text, m.entry.name) for m in Gazetteer.default().find(text)]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Saint Vincent and Grenadines", "Saint Vincent and the Grenadines"),
        ("St. Vincent & the Grenadines", "Saint Vincent and the Grenadines"),
        ("St Kitts & Nevis", "Saint Kitts and Nevis"),
        ("Bosnia & Herzegovina", "Bosnia and Herzegovina"),
        ("Trinidad&Tobago", "Trinidad and Tobago"),
        ("Guinea Bissau", "Guinea-Bissau"),
        ("Timor Leste", "Timor-Leste"),
        ("Viet-Nam", "Viet Nam"),
        ("Democratic Republic of Congo", "Democratic Republic of the Congo"),
        ("Democratic Peoples Republic of Korea", "Democratic People's Republic of Korea"),
        ("Cote dIvoire", "Côte d'Ivoire"),
        ("Organisation of Islamic Co-operation", "Organization of Islamic Cooperation"),
        (
            "United Kingdom of Great Britain & Northern\nIreland",
            "United Kingdom of Great Britain and Northern Ireland",
        ),
    ],
)
def test_find_sees_a_name_in_its_routine_variants(text, name):
    assert found(f"The representative of {text}, speaking first.") == [(text, name)]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        # A variant of a longer name is never its shorter neighbour.
        ("Guinea Bissau", ["Guinea-Bissau"]),
        ("Democratic Republic of Congo", ["Democratic Republic of the Congo"]),
        ("Republic of Congo", ["Congo"]),
        ("Republic of Korea", ["Republic of Korea"]),
        ("Niger and Nigeria", ["Niger", "Nigeria"]),
        ("Dominica and the Dominican Republic", ["Dominica", "Dominican Republic"]),
        ("Sudan and South Sudan", ["Sudan", "South Sudan"]),
        ("Guinea and Equatorial Guinea", ["Guinea", "Equatorial Guinea"]),
        ("Saint Lucia and the Grenadines", ["Saint Lucia"]),
        ("Romania", ["Romania"]),
    ],
)
def test_find_merges_no_two_names(text, names):
    assert [name for _, name in found(text)] == names


def test_find_sees_every_known_name_as_itself():
    gazetteer = Gazetteer.default()
    for key, entry in gazetteer.names():
        assert [m.entry for m in gazetteer.find(f"see {key}, then")] == [entry], key
