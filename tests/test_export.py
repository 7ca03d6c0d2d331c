"""manage.py export: the researchers' bulk download."""

import csv
import datetime
import io
import json

import pytest
from django.core.management import call_command

from debates.models import Decision, Meeting, SourceDocument, Speaker, Statement

pytestmark = pytest.mark.django_db


@pytest.fixture
def statement():
    doc = SourceDocument.objects.create(name="rep.txt", checksum="0" * 64, kind="repertoire")
    meeting = Meeting.objects.create(
        number=5007, slug="5007", date=datetime.date(2004, 7, 20), record="S/PV.5007"
    )
    Decision.objects.create(symbol="S/PRST/2004/27", slug="s-prst-2004-27", kind="presidential_statement",
                            meeting=meeting, date=meeting.date)  # fmt: skip
    uk = Speaker.objects.create(kind="state", name="United Kingdom", slug="united-kingdom", iso3="GBR")
    eu = Speaker.objects.create(kind="organization", name="European Union", slug="eu", acronym="EU")
    statement = Statement.objects.create(
        meeting=meeting, speaker=uk, capacity="national",
        label="The representative of the United Kingdom, on behalf of the European Union",
        text='He said "yes", then\nno.', source="repertoire", source_document=doc, source_key="49A:12:0",
        record="S/PV.5007 (Resumption 1)", pages="2", footnote=12,
    )  # fmt: skip
    statement.on_behalf_of.add(eu)
    return statement


def export(*args):
    out = io.StringIO()
    call_command("export", *args, stdout=out)
    return out.getvalue()


def test_statements_export_as_json_lines(statement):
    (row,) = [json.loads(line) for line in export("statements", "--format", "jsonl").splitlines()]
    assert row["id"] == statement.pk and row["meeting"] == 5007 and row["date"] == "2004-07-20"
    assert (row["speaker"], row["country"], row["on_behalf_of"]) == (
        "United Kingdom",
        "GBR",
        "European Union",
    )
    assert (row["record"], row["pages"], row["footnote"]) == ("S/PV.5007 (Resumption 1)", "2", 12)
    assert row["url"].endswith(f"/statements/{statement.pk}/")
    assert row["source_document"] == "rep.txt" and row["status"] == "parsed"


def test_statements_export_as_csv_with_quoted_text(statement):
    rows = list(csv.DictReader(io.StringIO(export("statements", "--format", "csv"))))
    assert len(rows) == 1 and rows[0]["text"] == 'He said "yes", then\nno.'


def test_meetings_and_decisions_export(statement, tmp_path):
    target = tmp_path / "meetings.csv"
    export("meetings", "--format", "csv", "-o", str(target))
    (row,) = csv.DictReader(target.open(encoding="utf-8"))
    assert (row["number"], row["date"], row["decisions"]) == ("5007", "2004-07-20", "S/PRST/2004/27")
    (decision,) = [json.loads(line) for line in export("decisions").splitlines()]
    assert decision["symbol"] == "S/PRST/2004/27" and decision["meeting"] == 5007


FORMULAS = ['=HYPERLINK("http://evil.example","x")', "+1+2", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd"]


@pytest.mark.parametrize("text", FORMULAS)
def test_csv_cells_that_would_start_a_formula_are_neutralised(statement, text):
    Statement.objects.filter(pk=statement.pk).update(text=text, person="=cmd|' /C calc'!A0")
    (row,) = csv.DictReader(io.StringIO(export("statements", "--format", "csv"), newline=""))
    assert row["text"] == ("'" + text).replace("\r", "\n")
    assert row["person"] == "=cmd|' /C calc'!A0".join(["'", ""])
    # JSON keeps the text as it is: no spreadsheet reads it.
    (line,) = export("statements", "--format", "jsonl").splitlines()
    assert json.loads(line)["text"] == text


def test_csv_cells_that_only_contain_such_signs_later_are_left_alone(statement):
    Statement.objects.filter(pk=statement.pk).update(text="Vote: 13-1-1 = adopted")
    (row,) = csv.DictReader(io.StringIO(export("statements", "--format", "csv")))
    assert row["text"] == "Vote: 13-1-1 = adopted" and row["footnote"] == "12"


def test_csv_has_its_header_on_line_one_and_nothing_before_it():
    from debates.exports import write_csv

    fields = ["name", "text"]
    assert "".join(write_csv([], fields)) == "name,text\n"
    text = "".join(write_csv([{"name": "France", "text": "=1+1"}, {"name": "Chad", "text": "a\nb"}], fields))
    rows = list(csv.reader(io.StringIO(text)))
    assert rows == [["name", "text"], ["France", "'=1+1"], ["Chad", "a\nb"]]
