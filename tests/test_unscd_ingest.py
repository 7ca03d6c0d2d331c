"""The UNSC Debates corpus in the ingest framework: one folder, one source, never its files one by one."""

from __future__ import annotations

import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from debates.ingest import expand_paths, folder_source
from debates.models import SourceDocument

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
def test_ingest_walks_past_the_corpus_without_taking_its_files_for_documents(tmp_path):
    shutil.copytree(SHIPPED, tmp_path / "archive" / "unscd")
    (tmp_path / "archive" / "notes.txt").write_text("Not a Council document.")
    out = StringIO()

    call_command("ingest", str(tmp_path / "archive"), stdout=out, stderr=StringIO())

    lines = out.getvalue().splitlines()
    assert lines == [
        f"{tmp_path / 'archive' / 'unscd'}: skipped, the UNSC Debates corpus: recognised, "
        "but this version of the archive does not load it",
        "0 document(s) loaded, 0 unchanged, 2 skipped, 0 failed",
    ]
    assert not SourceDocument.objects.exists()


@pytest.mark.django_db
def test_ingesting_the_corpus_folder_by_name_says_it_is_not_loaded_and_fails():
    err = StringIO()

    with pytest.raises(CommandError, match="1 document"):
        call_command("ingest", str(SHIPPED), stdout=StringIO(), stderr=err)

    assert err.getvalue().splitlines()[0] == (
        f"{SHIPPED}: the UNSC Debates corpus: recognised, but this version of the archive does not load it"
    )
    assert not SourceDocument.objects.exists()
