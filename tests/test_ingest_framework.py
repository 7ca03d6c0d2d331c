"""The ingestion framework: detection, one transaction per document, idempotency, a batch that goes on.

A small document kind defined here ("minutes": a meeting number, a date and
one speaker per line) drives the framework so that these tests do not depend
on any real parser.
"""

import datetime
import types
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from debates import loaders
from debates.ingest import IngestError, Report, ingest_file
from debates.loaders.common import sync_statements, upsert_meeting
from debates.models import Meeting, SourceDocument, Speaker, Statement
from debates.speakers import SpeakerResolver

pytestmark = pytest.mark.django_db


def _parse(name, data):
    lines = data.decode("utf-8").splitlines()
    if lines[0] != "MINUTES":
        raise IngestError("not minutes")
    number, date = lines[1].split()
    return {"number": int(number), "date": datetime.date.fromisoformat(date), "speakers": lines[2:]}


def _load(parsed, document, report):
    resolver = SpeakerResolver()
    meeting = upsert_meeting(document, report, number=parsed["number"], date=parsed["date"])
    rows = []
    for i, name in enumerate(parsed["speakers"]):
        if name == "CRASH":
            raise RuntimeError("loader failed half-way")
        rows.append(
            {"meeting_id": meeting.pk, "speaker_id": resolver.resolve(name).pk, "label": name,
             "text": f"Speech by {name}.", "record": f"S/PV.{parsed['number']}", "source": "verbatim",
             "position": i},
        )  # fmt: skip
    sync_statements(document, report, rows)


MINUTES = types.SimpleNamespace(
    KIND=SourceDocument.Kind.VERBATIM,
    MAX_BYTES=10_000,
    detect=lambda name, data: data.startswith(b"MINUTES"),
    parse=_parse,
    identify=lambda parsed: f"minutes:{parsed['number']}",
    load=_load,
)


@pytest.fixture(autouse=True)
def minutes_loader(monkeypatch):
    monkeypatch.setattr(loaders, "LOADERS", [MINUTES])
    monkeypatch.setattr("debates.ingest.LOADERS", [MINUTES])


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_document_is_loaded_and_recorded(tmp_path):
    path = write(tmp_path, "m1.txt", "MINUTES\n5007 2004-07-20\nMexico\nLibyan Arab Jamahiriya\n")
    document, report = ingest_file(path)
    assert document.outcome == "loaded" and document.kind == "verbatim" and len(document.checksum) == 64
    assert report.counts["statements created"] == 2
    assert [s.speaker.iso3 for s in Statement.objects.order_by("position")] == ["MEX", "LBY"]
    assert Statement.objects.get(position=1).label == "Libyan Arab Jamahiriya"


def test_ingesting_the_same_file_again_changes_nothing(tmp_path):
    path = write(tmp_path, "m1.txt", "MINUTES\n5007 2004-07-20\nMexico\nFrance\n")
    ingest_file(path)
    before = list(Statement.objects.values_list("id", "speaker_id", "text").order_by("id"))
    _, report = ingest_file(path)
    assert report.skipped
    _, report = ingest_file(path, force=True)
    assert not report.skipped and "statements created" not in report.counts
    assert list(Statement.objects.values_list("id", "speaker_id", "text").order_by("id")) == before
    assert Meeting.objects.count() == 1 and Speaker.objects.count() == 2


def test_a_failing_document_leaves_nothing_behind(tmp_path):
    path = write(tmp_path, "bad.txt", "MINUTES\n5008 2004-07-21\nMexico\nCRASH\n")
    with pytest.raises(IngestError, match="could not be loaded: RuntimeError: loader failed half-way"):
        ingest_file(path)
    assert not Meeting.objects.exists() and not Statement.objects.exists()
    assert SourceDocument.objects.get(name="bad.txt").outcome == "failed"


def test_a_corrected_statement_survives_reingestion(tmp_path):
    path = write(tmp_path, "m1.txt", "MINUTES\n5007 2004-07-20\nMexico\n")
    ingest_file(path)
    statement = Statement.objects.get()
    france = SpeakerResolver().resolve("France")
    Statement.objects.filter(pk=statement.pk).update(speaker=france, status="corrected")
    _, report = ingest_file(path, force=True)
    assert Statement.objects.get().speaker == france
    assert f"kept correction of statement {statement.pk}" in report.notes


def test_dry_run_writes_nothing(tmp_path):
    path = write(tmp_path, "m1.txt", "MINUTES\n5007 2004-07-20\nMexico\n")
    document, report = ingest_file(path, dry_run=True)
    assert document is None and report.counts == {"meetings created": 1, "statements created": 1}
    assert report.plan == ["created: Mexico, S/PV.5007"]
    assert not SourceDocument.objects.exists() and not Meeting.objects.exists()


def test_the_command_goes_on_after_a_bad_file_and_exits_non_zero(tmp_path):
    write(tmp_path, "a_empty.txt", "")
    write(tmp_path, "b_bad.txt", "MINUTES\n5008 2004-07-21\nCRASH\n")
    write(tmp_path, "c_good.txt", "MINUTES\n5007 2004-07-20\nMexico\n")
    write(tmp_path, "d_notes.txt", "shopping list\n")
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError, match="2 document"):
        call_command("ingest", str(tmp_path), stdout=out, stderr=err)
    errors = err.getvalue().splitlines()
    assert f"{tmp_path / 'a_empty.txt'}: the file is empty" in errors
    assert any(line.startswith(f"{tmp_path / 'b_bad.txt'}: could not be loaded") for line in errors)
    assert "c_good.txt [verbatim]: 1 meetings created, 1 statements created" in out.getvalue()
    assert Meeting.objects.get().number == 5007


def test_an_unrecognised_file_named_explicitly_is_an_error(tmp_path):
    path = write(tmp_path, "notes.txt", "shopping list\n")
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("ingest", str(path), stdout=StringIO(), stderr=err)
    assert (
        err.getvalue().splitlines()[0]
        == f"{path}: not a recognised document (no loader knows this kind of file)"
    )


def test_a_missing_path_is_named(tmp_path):
    with pytest.raises(CommandError, match="no-such-file.txt: no such file or folder"):
        call_command("ingest", str(tmp_path / "no-such-file.txt"))


def test_dry_run_command_reports_counts(tmp_path):
    write(tmp_path, "m1.txt", "MINUTES\n5007 2004-07-20\nMexico\nFrance\n")
    out = StringIO()
    call_command("ingest", str(tmp_path), "--dry-run", stdout=out)
    assert "m1.txt [verbatim]: 1 meetings created, 2 statements created" in out.getvalue()
    assert "  created: France, S/PV.5007" in out.getvalue()
    assert "1 document(s) checked (dry run, nothing written)" in out.getvalue()
    assert not Statement.objects.exists()


def test_report_summary_is_sorted_and_skips_zero_counts():
    report = Report()
    report.add("statements created", 3)
    report.add("meetings created")
    report.add("decisions created", 0)
    assert report.summary() == "1 meetings created, 3 statements created"
