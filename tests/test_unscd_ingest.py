"""The UNSC Debates corpus in the ingest framework: one folder, one source, never its files one by one."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from debates.ingest import expand_paths, folder_source
from debates.models import SourceDocument, Statement
from tests.test_unscd_parser import excerpt

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "corpus" / "unscd-2020"


def test_the_shipped_corpus_folder_is_one_source_among_the_documents():
    found = expand_paths([ROOT / "corpus"])

    assert (SHIPPED, False) in found
    assert [path for path, _ in found if path.is_relative_to(SHIPPED)] == [SHIPPED]
    assert (ROOT / "corpus" / "verbatim" / "S_PV.8698_E.pdf", False) in found
    assert folder_source(SHIPPED) == "the UNSC Debates corpus"
    assert folder_source(ROOT / "corpus" / "verbatim") is None


def test_a_corpus_folder_named_explicitly_is_one_source():
    assert expand_paths([SHIPPED]) == [(SHIPPED, True)]


@pytest.mark.django_db
def test_ingest_takes_the_corpus_inside_a_folder_as_one_source_and_its_files_never_as_documents(tmp_path):
    excerpt(tmp_path / "archive" / "unscd", ["S/PV.8701", "S/2020/594"])
    (tmp_path / "archive" / "notes.txt").write_text("Not a Council document.")
    out = StringIO()

    call_command("ingest", str(tmp_path / "archive"), stdout=out, stderr=StringIO())

    lines = out.getvalue().splitlines()
    assert lines[0].startswith("unscd [unscd]: ") and "2 records loaded" in lines[0]
    assert lines[-1] == "1 document(s) loaded, 0 unchanged, 1 skipped, 0 failed"
    assert SourceDocument.objects.get(identity="unscd 2020").name == "unscd"
    assert sorted(
        SourceDocument.objects.exclude(identity="unscd 2020").values_list("identity", flat=True)
    ) == [
        "unscd:S/2020/594",
        "unscd:S/PV.8701",
    ]


@pytest.mark.django_db
def test_ingesting_the_corpus_folder_by_name_loads_it_and_again_skips_it(tmp_path):
    folder = excerpt(tmp_path / "unscd", ["S/PV.8701"])
    call_command("ingest", str(folder), stdout=StringIO(), stderr=StringIO())
    out = StringIO()

    call_command("ingest", str(folder), stdout=out, stderr=StringIO())

    assert out.getvalue().splitlines()[-1] == "0 document(s) loaded, 1 unchanged, 0 skipped, 0 failed"
    assert Statement.objects.filter(record="S/PV.8701").count() == 2
