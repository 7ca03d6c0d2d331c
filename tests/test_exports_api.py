"""CSV/JSON downloads and the JSON API: same filters as the pages, streamed, self-describing."""

import csv
import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from debates.exports import EXPORTS
from tests import factories as f


def body(response) -> str:
    assert response.streaming, "exports are streamed"
    return b"".join(response.streaming_content).decode()


def read_csv(text: str) -> tuple[list[str], list[dict]]:
    comments = []
    while text.startswith("#"):
        comment, text = text.split("\n", 1)
        comments.append(comment.rstrip())
    # newline="": a quoted cell may hold a carriage return of its own.
    return comments, list(csv.DictReader(io.StringIO(text, newline="")))


class TestExports:
    def test_csv_has_its_header_on_line_one_and_its_metadata_beside_it(self, client, archive):
        response = client.get("/export/statements.csv", {"q": "sanctions", "country": "FRA"})
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert response["Content-Disposition"].startswith('attachment; filename="repertoire-statements-')
        text = body(response)
        assert text.splitlines()[0] == ",".join(EXPORTS["statements"][2])
        comments, rows = read_csv(text)
        assert comments == []
        assert [row["citation"] for row in rows] == ["S/PV.5007 (Resumption 1), p. 10"]
        assert list(rows[0]) == EXPORTS["statements"][2]
        assert rows[0]["country"] == "FRA" and rows[0]["footnote"] == "3"
        # What the file holds is in its CSVW metadata, which the response links to.
        link = response["Link"]
        assert link.startswith(
            "<http://testserver/export/statements.csv-metadata.json?q=sanctions&country=FRA>"
        )
        assert 'rel="describedby"' in link
        meta = client.get("/export/statements.csv-metadata.json", {"q": "sanctions", "country": "FRA"}).json()
        assert meta["dc:title"] == "Repertoire export: statements"
        assert meta["dc:description"] == "Query: sanctions. Filters: q=sanctions; country=FRA."
        assert meta["dc:created"].startswith("20")
        assert meta["dc:source"] == "http://testserver/statements/?q=sanctions&country=FRA"
        assert meta["url"] == "http://testserver/export/statements.csv?q=sanctions&country=FRA"
        assert [c["name"] for c in meta["tableSchema"]["columns"]] == EXPORTS["statements"][2]
        passage = next(c for c in meta["tableSchema"]["columns"] if c["name"] == "passage")
        assert "shared position" in passage["dc:description"]

    def test_spreadsheet_csv_starts_with_a_byte_order_mark(self, client, archive):
        archive["speakers"]["fra"].statements.update(person="M. De Rivière")
        response = client.get("/export/statements.spreadsheet.csv", {"country": "FRA"})
        data = b"".join(response.streaming_content)
        assert data.startswith(b"\xef\xbb\xbfid,passage,")
        text = data.decode("utf-8-sig")
        rows = list(csv.DictReader(io.StringIO(text)))
        assert {row["person"] for row in rows} == {"M. De Rivière"}
        plain = b"".join(client.get("/export/statements.csv", {"country": "FRA"}).streaming_content)
        assert plain.startswith(b"id,passage,")

    def test_urls_are_built_from_the_request(self, client, archive, settings):
        settings.SITE_URL = "https://elsewhere.example"
        settings.ALLOWED_HOSTS = ["archive.example.org"]
        response = client.get("/export/meetings.csv", {"year": 2005}, HTTP_HOST="archive.example.org")
        _, rows = read_csv(body(response))
        assert rows[0]["url"] == "http://archive.example.org/meetings/5282/"
        data = client.get("/api/statements", {"meeting": "5282"}, HTTP_HOST="archive.example.org").json()
        assert {row["url"].split("/statements/")[0] for row in data["results"]} == {
            "http://archive.example.org"
        }

    def test_dates_are_iso(self, client, archive):
        _, rows = read_csv(body(client.get("/export/statements.csv", {"meeting": "5007"})))
        assert {row["date"] for row in rows} == {"2004-07-20"}

    def test_csv_keeps_the_text_verbatim(self, client, archive):
        _, rows = read_csv(body(client.get("/export/statements.csv", {"meeting": "5282", "country": "FRA"})))
        assert rows[0]["text"] == "France <script>alert('x')</script> spoke about peacekeeping."

    @pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
    def test_csv_download_neutralises_cells_that_would_start_a_formula(self, client, archive, start):
        statement = archive["statements"]["fra2"]
        text = f'{start}HYPERLINK("http://evil.example","click")'
        statement.text = text
        statement.label = f"{start}France"
        statement.save()
        _, rows = read_csv(body(client.get("/export/statements.csv", {"meeting": "5282", "country": "FRA"})))
        neutral = "'" + start.replace("\r", "\n")
        assert (rows[0]["text"], rows[0]["label"]) == (neutral + text[1:], f"{neutral}France")
        data = json.loads(body(client.get("/export/statements.json", {"meeting": "5282", "country": "FRA"})))
        assert data["results"][0]["text"] == text

    def test_json_export(self, client, archive):
        response = client.get("/export/decisions.json", {"kind": "draft_resolution"})
        data = json.loads(body(response))
        assert data["export"]["filters"] == {"kind": "draft_resolution"}
        assert data["count"] == 1
        assert data["results"][0]["symbol"] == "S/2020/27"
        assert data["results"][0]["votes_against"] == 1
        assert data["fields"] == EXPORTS["decisions"][2]

    def test_every_list_exports_in_both_formats(self, client, archive):
        expected = {"statements": 6, "meetings": 3, "decisions": 3, "speakers": 4, "items": 3, "votes": 6}
        for name, count in expected.items():
            assert json.loads(body(client.get(f"/export/{name}.json")))["count"] == count
            assert len(read_csv(body(client.get(f"/export/{name}.csv")))[1]) == count

    def test_meetings_export_lists_records_and_items(self, client, archive):
        _, rows = read_csv(body(client.get("/export/meetings.csv", {"year": 2004})))
        assert rows[0]["record"] == "S/PV.5007" and rows[0]["resumptions"] == "1"
        assert rows[0]["items"] == "Cooperation with the African Union"
        assert rows[0]["president"] == "Russian Federation"
        assert rows[0]["decisions"] == "S/PRST/2007/42"

    def test_items_export_counts_meetings_and_statements(self, client, archive):
        data = json.loads(body(client.get("/export/items.json", {"q": "regional"})))
        assert [(row["title"], row["meetings"], row["statements"]) for row in data["results"]] == [
            ("Items relating to regional organizations", 1, 2)
        ]

    def test_invalid_filter_is_a_400_with_the_reason(self, client, archive):
        response = client.get("/export/statements.csv", {"q": '"open'})
        assert response.status_code == 400
        assert "quotation mark is not closed" in response.content.decode()

    def test_export_queries_do_not_grow_with_rows(self, client, archive):
        def queries(name):
            with CaptureQueriesContext(connection) as captured:
                body(client.get(f"/export/{name}.json"))
            return len(captured)

        before = {name: queries(name) for name in ("statements", "meetings", "decisions")}
        m = archive["meetings"]["m3"]
        for i in range(30):
            f.statement(m, archive["speakers"]["gbr"], f"Another statement {i}.")
            f.decision(f"S/RES/{3000 + i} (2020)", "resolution", m)
        assert {name: queries(name) for name in before} == before


class TestAPI:
    def test_statements_are_paginated_with_links(self, client, archive):
        data = client.get("/api/statements", {"page_size": 2, "country": "FRA"}).json()
        assert data["count"] == 3 and data["pages"] == 2 and data["page"] == 1
        assert data["next"] == "http://testserver/api/statements?page_size=2&country=FRA&page=2"
        assert data["previous"] is None
        assert data["filters"] == {"country": "FRA"}
        assert [row["speaker"] for row in data["results"]] == ["France", "France"]
        second = client.get(data["next"]).json()
        assert len(second["results"]) == 1 and second["next"] is None

    def test_same_filters_as_the_pages(self, client, archive):
        api = client.get("/api/statements", {"q": "sanctions", "year": 2004}).json()
        page = client.get("/statements/", {"q": "sanctions", "year": 2004})
        assert [row["id"] for row in api["results"]] == [s.pk for s in page.context["page_obj"]]

    def test_meetings_decisions_speakers(self, client, archive):
        meetings = client.get("/api/meetings", {"country": "GBR"}).json()["results"]
        assert [m["number"] for m in meetings] == [5007]
        decisions = client.get("/api/decisions", {"q": "peacekeeping"}).json()["results"]
        assert [d["symbol"] for d in decisions] == ["S/RES/1631 (2005)"]
        speakers = client.get("/api/speakers", {"kind": "state"}).json()["results"]
        assert {s["country"]: s["statements"] for s in speakers} == {"FRA": 3, "GBR": 1, "RUS": 1}

    def test_speakers_found_by_alias_are_counted_once(self, client, archive):
        from debates.models import SpeakerAlias

        fra = archive["speakers"]["fra"]
        SpeakerAlias.objects.create(speaker=fra, name="French Republic")
        SpeakerAlias.objects.create(speaker=fra, name="French State")
        speakers = client.get("/api/speakers", {"q": "french"}).json()["results"]
        assert [(s["name"], s["statements"]) for s in speakers] == [("France", 3)]

    def test_errors_are_400_json(self, client, archive):
        response = client.get("/api/statements", {"q": "OR", "date_after": "yesterday"})
        assert response.status_code == 400
        errors = response.json()["errors"]
        assert set(errors) == {"q", "date"}

    def test_unknown_endpoint_is_404(self, client, archive):
        assert client.get("/api/ballots").status_code == 404
        assert client.get("/export/statements.xml").status_code == 404

    def test_documentation_page_lists_endpoints_parameters_and_fields(self, client, archive):
        html = client.get("/api/").content.decode()
        for endpoint in ("/api/statements", "/api/meetings", "/api/decisions", "/api/speakers"):
            assert f"<code>{endpoint}</code>" in html
        for param in (
            "q",
            "country",
            "speaker",
            "date_after",
            "date_before",
            "source",
            "status",
            "decision_kind",
        ):
            assert f"<dt><code>{param}</code></dt>" in html
        assert "<dt><code>citation</code></dt>" in html
        assert '<a href="/api/openapi.json">OpenAPI 3.1 document</a>' in html
        assert "ISO 3166 alpha-3 code (FRA) or name (France) of a State" in html
        assert "<code>draft_resolution</code>" in html


@pytest.mark.django_db
def test_export_of_an_empty_archive_is_valid(client):
    data = json.loads(body(client.get("/export/statements.json")))
    assert data["results"] == [] and data["count"] == 0
