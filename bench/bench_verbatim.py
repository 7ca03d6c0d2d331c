"""
Verbatim records end to end: extract, parse and load, in pages per second, with peak memory.

    python bench/bench_verbatim.py [FOLDER] [--runs N] [--small]

Loads every S/PV PDF of FOLDER (default: the shipped ``corpus/verbatim``)
into a fresh database through ``debates.ingest.ingest_file`` (the same path
as ``manage.py ingest``), ``--runs`` times (default 3, the first on an empty
database, the others forced re-ingests of the same files), and prints per
file and in total: pages, seconds split into extraction, parsing and loading,
pages per second, and the process's peak memory. The goal is at least 20
pages per second end to end.

The database is a throw-away SQLite file unless DATABASE_URL is set, in which
case that database is used: give it an empty database of its own.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
GOAL = 20.0  # pages per second, end to end


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", nargs="?", type=Path, default=ROOT / "corpus" / "verbatim")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--small", action="store_true", help="one record, one run (CI)")
    options = parser.parse_args()
    if options.small:
        options.runs = 1

    scratch = tempfile.TemporaryDirectory()
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{scratch.name}/bench.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "repertoire.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)

    from debates import ingest
    from debates.loaders import verbatim as loader
    from debates.parsing import pdf, verbatim

    # Time each stage by wrapping the functions the ingest calls.
    spent: dict[str, float] = defaultdict(float)

    def timed(stage, function):
        def wrapper(*args, **kwargs):
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                spent[stage] += time.perf_counter() - started

        return wrapper

    verbatim.extract_lines = timed("extract", pdf.extract_lines)
    loader.parse = timed("parse+extract", loader.parse)
    loader.load = timed("load", loader.load)

    files = sorted(options.folder.glob("*.pdf"))[: 1 if options.small else None]
    print(f"{len(files)} records from {options.folder}, database {connection.vendor}, {options.runs} run(s)")
    for run in range(1, options.runs + 1):
        spent.clear()
        rows = []
        started = time.perf_counter()
        total_pages = 0
        for path in files:
            before = dict(spent)
            file_started = time.perf_counter()
            document, report = ingest.ingest_file(path, force=True)
            seconds = time.perf_counter() - file_started
            pages = sum(1 for _ in _pages(path))
            total_pages += pages
            extract = spent["extract"] - before.get("extract", 0.0)
            parse = spent["parse+extract"] - before.get("parse+extract", 0.0) - extract
            load = spent["load"] - before.get("load", 0.0)
            rows.append((path.name, pages, extract, parse, load, seconds, report.summary()))
        elapsed = time.perf_counter() - started
        print(f"\nrun {run}{' (empty database)' if run == 1 else ' (forced re-ingest)'}")
        header = f"{'record':32} {'pages':>5} {'extract':>8} {'parse':>7} {'load':>7}"
        print(f"{header} {'total':>7} {'pages/s':>8}")
        for name, pages, extract, parse, load, seconds, _summary in rows:
            print(
                f"{name:32} {pages:5d} {extract:8.3f} {parse:7.3f} {load:7.3f} {seconds:7.3f}"
                f" {pages / seconds:8.1f}"
            )
        rate = total_pages / elapsed
        print(
            f"{'all':32} {total_pages:5d} {spent['extract']:8.3f}"
            f" {spent['parse+extract'] - spent['extract']:7.3f} {spent['load']:7.3f} {elapsed:7.3f}"
            f" {rate:8.1f}  {'meets' if rate >= GOAL else 'MISSES'} the goal of {GOAL:.0f} pages/s"
        )
    # ru_maxrss is in kilobytes on Linux: the whole process, PDFium's own
    # memory included (tracemalloc would miss it, and slows Python code
    # several times over, which would spoil the timings).
    peak_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak memory: {peak_rss:.0f} MiB resident (the whole process, Django and PDFium included)")
    scratch.cleanup()


def _pages(path: Path):
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(path.read_bytes())
    try:
        yield from range(len(document))
    finally:
        document.close()


if __name__ == "__main__":
    main()
