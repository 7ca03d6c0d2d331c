"""What the ingest refuses before it reads: special files, oversized files; and damaged files in a
folder, which are failures named with a non-zero exit, not files skipped."""

from __future__ import annotations

import os
import shutil
import signal
import tracemalloc
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from debates.ingest import IngestError, ingest_file
from debates.loaders import resolutions
from debates.models import SourceDocument, Statement

pytestmark = pytest.mark.django_db

RESOLUTION = settings.CORPUS_DIR / "resolutions" / "S-RES-1631(2005).txt"


@pytest.fixture
def no_hang():
    """Fail, rather than hang the suite, if something waits on a FIFO."""
    previous = signal.signal(signal.SIGALRM, lambda *_: pytest.fail("the ingest waited on a special file"))
    signal.alarm(20)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def run(*paths) -> tuple[str, str, bool]:
    out, err = StringIO(), StringIO()
    try:
        call_command("ingest", *map(str, paths), stdout=out, stderr=err)
    except CommandError:
        return out.getvalue(), err.getvalue(), False
    return out.getvalue(), err.getvalue(), True


def test_a_fifo_given_as_a_path_is_refused_without_opening_it(tmp_path, no_hang):
    fifo = tmp_path / "S_PV.9999_E.pdf"
    os.mkfifo(fifo)
    _, err, ok = run(fifo)
    assert not ok
    assert f"{fifo}: not a regular file but a FIFO (named pipe): refused" in err.splitlines()


def test_a_fifo_in_a_folder_is_a_failure_and_the_other_files_go_on(tmp_path, no_hang):
    shutil.copy(RESOLUTION, tmp_path / RESOLUTION.name)
    os.mkfifo(tmp_path / "pipe.txt")
    out, err, ok = run(tmp_path)
    assert not ok and f"{tmp_path / 'pipe.txt'}: not a regular file" in err
    assert "1 document(s) loaded, 0 unchanged, 0 skipped, 1 failed" in err


def test_a_device_is_refused(no_hang):
    with pytest.raises(IngestError, match="not a regular file but a character device"):
        ingest_file(Path("/dev/zero"))


def test_a_damaged_pdf_inside_a_folder_is_a_failure_naming_the_file(tmp_path):
    shutil.copy(settings.CORPUS_DIR / "verbatim" / "S_PV.8701_E.pdf", tmp_path / "S_PV.8701_E.pdf")
    damaged = tmp_path / "meeting-record.pdf"
    damaged.write_bytes(b"%PDF-1.7\n" + os.urandom(4000))
    out, err, ok = run(tmp_path)
    assert not ok, "a damaged file must make the command exit non-zero"
    (line,) = [line for line in err.splitlines() if line.startswith(str(damaged))]
    assert "PDF" in line and "\n" not in line
    assert "1 document(s) loaded, 0 unchanged, 0 skipped, 1 failed" in err
    assert Statement.objects.filter(record="S/PV.8701").exists()


def test_a_table_cut_short_inside_a_folder_is_a_failure(tmp_path):
    table = (settings.CORPUS_DIR / "meetings" / "scact2004_table_en.html").read_text(encoding="utf-8")
    cut = tmp_path / "scact2004_table_en.html"
    cut.write_text(table[: len(table) // 2 + 17], encoding="utf-8")
    assert not cut.read_text().rstrip().endswith(("</tr>", "</table>"))
    _, err, ok = run(tmp_path)
    assert not ok and f"{cut}: the page ends inside its table" in err


def sparse(path, head: bytes, size: int):
    """A file of ``size`` bytes that starts with ``head``, without writing them all."""
    with path.open("wb") as file:
        file.write(head)
        file.truncate(size)
    return path


def test_a_huge_file_is_refused_before_it_is_read(tmp_path):
    head = RESOLUTION.read_bytes()
    huge = sparse(tmp_path / "S-RES-9999(2020).txt", head, 300 * 1024 * 1024)
    tracemalloc.start()
    try:
        with pytest.raises(IngestError, match=r"300\.0 MB: larger than any document the archive reads"):
            ingest_file(huge)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 5 * 1024 * 1024, f"{peak} bytes held to refuse it"
    assert not SourceDocument.objects.exists()


def test_a_file_over_the_limit_of_its_kind_is_refused_with_the_limit(tmp_path):
    head = RESOLUTION.read_bytes()
    size = resolutions.MAX_BYTES + 1
    big = sparse(tmp_path / "S-RES-9998(2020).txt", head, size)
    tracemalloc.start()
    try:
        with pytest.raises(IngestError) as refused:
            ingest_file(big)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert str(refused.value) == (
        f"{size / 1024 / 1024:.1f} MB: over the limit for a resolution text "
        f"({resolutions.MAX_BYTES / 1024 / 1024:.1f} MB); refused without reading it"
    )
    assert peak < 2 * 1024 * 1024
    _, err, ok = run(big)
    assert not ok and err.startswith(f"{big}: ")
