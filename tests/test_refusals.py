"""Refusal paths: what the archive must refuse, and the limits it must keep, each tested so that a
small slip in them (a boundary lost, a limit raised, a check removed) fails a test.

The paging limits are tested in test_parameters.py (``test_page_size_is_capped_and_checked``).
"""

from __future__ import annotations

import pytest
from django.conf import settings

from debates.ingest import IngestError, ingest_file
from debates.models import Decision, Meeting, Statement
from debates.search import QuerySyntaxError, mark_snippet, parse_query
from tests import factories as f
from tests.pdfs import make_record

pytestmark = pytest.mark.django_db


class TestSearchLimits:
    def test_a_phrase_matches_from_a_word_boundary_only(self, db):
        france = f.speaker("France", iso3="FRA")
        meeting = f.meeting(5007, "2004-07-20")
        # The index stems both to "target sanction": only the expression, anchored at a word
        # boundary on both sides, tells that neither holds the phrase as written.
        inside = f.statement(meeting, france, "Untargeted sanctions, and targeting sanctions, were debated.")
        exact = f.statement(meeting, france, "France supported targeted sanctions.")
        assert set(Statement.objects.search('"targeted sanctions"')) == {exact}
        assert inside not in Statement.objects.search('"targeted sanction"')
        assert set(Statement.objects.search('"sanctions were"')) == set()

    def test_a_query_over_500_characters_is_refused(self):
        parse_query("s" * 500)
        with pytest.raises(QuerySyntaxError, match="too long: keep it under 500 characters"):
            parse_query("s" * 501)

    def test_more_than_24_terms_are_refused(self):
        words = [f"word{n}" for n in range(25)]
        parse_query(" ".join(words[:24]))
        with pytest.raises(QuerySyntaxError, match="too many terms: use at most 24"):
            parse_query(" ".join(words))
        with pytest.raises(QuerySyntaxError, match="too many terms"):
            parse_query(" ".join(words[:20]) + " " + " ".join(f"-not{n}" for n in range(5)))

    def test_unbalanced_markers_never_leave_a_mark_open(self):
        assert mark_snippet("peace \ue000keeping and more") == "peace keeping and more"
        assert mark_snippet("\ue001 a closing marker first \ue000x") == " a closing marker first x"
        assert mark_snippet("<b>\ue000b\ue001</b>") == "&lt;b&gt;<mark>b</mark>&lt;/b&gt;"


class TestDecisionOrder:
    def test_decisions_sort_by_date_both_ways(self, client, archive):
        oldest = [d.slug for d in Decision.objects.order_by("date", "number", "pk")]
        page = client.get("/decisions/", {"sort": "date"})
        assert [d.slug for d in page.context["page_obj"]] == oldest
        api = client.get("/api/decisions", {"sort": "date"}).json()
        assert [r["symbol"] for r in api["results"]] == [
            d.symbol for d in Decision.objects.order_by("date", "number", "pk")
        ]
        newest = client.get("/decisions/")
        assert [d.slug for d in newest.context["page_obj"]] == oldest[::-1]


class TestVerbatimRefusals:
    def test_a_record_whose_cover_names_another_meeting_is_refused(self, tmp_path):
        data = make_record()
        assert data.count(b"(9001st meeting)") == 1
        path = tmp_path / "S_PV.9001_E.pdf"
        # Same length, so that the PDF's offsets stay right: the cover now says meeting 9002.
        path.write_bytes(data.replace(b"(9001st meeting)", b"(9002st meeting)"))
        with pytest.raises(IngestError) as refused:
            ingest_file(path)
        assert str(refused.value) == "cover page names meeting 9002 but the record is S/PV.9001"
        assert not Meeting.objects.exists() and not Statement.objects.exists()

    def test_the_record_as_made_is_accepted(self, tmp_path):
        path = tmp_path / "S_PV.9001_E.pdf"
        path.write_bytes(make_record())
        document, _ = ingest_file(path)
        assert document.identity == "S/PV.9001" and Statement.objects.filter(record="S/PV.9001").exists()


class TestRepertoireRefusals:
    REPERTOIRE = settings.CORPUS_DIR / "repertoire" / "repertoire_2004-2007_items-49-50.txt"

    def test_a_meeting_with_two_dates_is_refused(self, tmp_path):
        text = self.REPERTOIRE.read_text(encoding="utf-8")
        assert text.count("At its 5007th meeting, on 20 July 2004") == 1
        path = tmp_path / self.REPERTOIRE.name
        path.write_text(
            text.replace("At its 5007th meeting, on 20 July 2004", "At its 5007th meeting, on 21 July 2004"),
            encoding="utf-8",
        )
        with pytest.raises(IngestError, match="meeting 5007 dated both 2004-07-20 and 2004-07-21"):
            ingest_file(path)
        assert not Meeting.objects.exists() and not Statement.objects.exists()

    @pytest.mark.parametrize(
        ("change", "reason"),
        [
            (
                lambda text: "Preface\n\n" + text,
                "text before the first item heading: not a Repertoire extract",
            ),
            (lambda text: text.replace("Mexico", "M\x00xico").encode(), "binary file, not text"),
            # Saved as Windows-1252: its curly quotes are not UTF-8.
            (lambda text: text.encode("cp1252"), "unreadable encoding (not UTF-8 at byte"),
        ],
    )
    def test_other_texts_are_refused_with_their_reason(self, tmp_path, change, reason):
        changed = change(self.REPERTOIRE.read_text(encoding="utf-8"))
        path = tmp_path / self.REPERTOIRE.name
        if isinstance(changed, bytes):
            path.write_bytes(changed)
        else:
            path.write_text(changed, encoding="utf-8")
        with pytest.raises(IngestError) as refused:
            ingest_file(path)
        assert reason in str(refused.value)
