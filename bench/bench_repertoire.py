"""
Parse + load throughput of the Repertoire on ≥ 10 MB of text, with peak memory.

The text is the shipped extract repeated with renumbered items, meetings and
decisions (``synth_repertoire.py``), so every copy makes new rows. Run it on
each database:

    python bench/bench_repertoire.py [--small]            # SQLite, a temporary file
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/rep_bench python bench/bench_repertoire.py

The PostgreSQL database is created if missing and emptied first (the schema
is migrated). Four runs: parse only; parse + load into an empty archive; the
same file again (--force: nothing to write); an edited version under another
name (the same document: words changed in most passages), whose statements
are aligned with those loaded by likeness and keep their ids. Prints sizes,
seconds, MB/s and peak resident memory; the goal is ≥ 1 MB/s for parse + load.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def _prepare_database(tmp: Path) -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url:
        url = f"sqlite:///{tmp / 'bench.sqlite3'}"
        os.environ["DATABASE_URL"] = url
    elif url.startswith("postgres"):
        import psycopg

        base, _, dbname = url.rpartition("/")
        with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{dbname}"')
            conn.execute(f'CREATE DATABASE "{dbname}"')
    return url


# Words changed throughout for the edited version: most passages use one of them.
EDITS = [
    (" stressed ", " underlined "),
    (" noted ", " observed "),
    (" said ", " stated "),
    (" welcomed ", " hailed "),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument(
        "--megabytes", type=float, default=10.0, help="Size of the synthetic text (default 10)."
    )
    parser.add_argument("--small", action="store_true", help="half a megabyte (CI)")
    args = parser.parse_args()
    if args.small:
        args.megabytes = 0.5

    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        url = _prepare_database(tmp)
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "repertoire.settings")
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection
        from synth_repertoire import synthesise

        from debates.ingest import ingest_file
        from debates.loaders import repertoire as loader

        call_command("migrate", verbosity=0)
        text = synthesise(int(args.megabytes * 1_000_000))
        path = tmp / "repertoire_synthetic.txt"
        path.write_text(text, encoding="utf-8")
        size = path.stat().st_size
        base_mb = _peak_mb()

        started = time.perf_counter()
        parsed = loader.parse(path.name, path.read_bytes())
        parse_s = time.perf_counter() - started
        parse_peak = _peak_mb()
        del parsed

        started = time.perf_counter()
        _, report = ingest_file(path, force=True)
        total_s = time.perf_counter() - started
        started = time.perf_counter()
        _, again = ingest_file(path, force=True)
        again_s = time.perf_counter() - started
        # A new version of the same document under another name, most passages edited: the
        # costliest sync, every edited statement paired with its old self by likeness.
        other = tmp / "repertoire_synthetic_edited.txt"
        edited = text
        for old, new in EDITS:
            edited = edited.replace(old, new)
        other.write_text(edited, encoding="utf-8")
        started = time.perf_counter()
        _, merged = ingest_file(other, allow_removals=True)
        merged_s = time.perf_counter() - started

        mb = size / 1_000_000
        print(f"database        {connection.vendor} ({url.split('@')[-1]})")
        print(
            f"text            {mb:.2f} MB, {report.counts['statements created']} statements, "
            f"{report.counts['meetings created']} meetings, {report.counts['decisions created']} decisions"
        )
        print(f"parse only      {parse_s:6.2f} s  {mb / parse_s:5.2f} MB/s")
        print(f"parse + load    {total_s:6.2f} s  {mb / total_s:5.2f} MB/s   (goal ≥ 1 MB/s)")
        print(f"re-ingest       {again_s:6.2f} s  {mb / again_s:5.2f} MB/s   ({again.summary()})")
        print(f"edited version  {merged_s:6.2f} s  {mb / merged_s:5.2f} MB/s   ({merged.summary()})")
        print(
            f"peak memory     {_peak_mb():.0f} MB resident "
            f"(before: {base_mb:.0f} MB, after parsing: {parse_peak:.0f} MB)"
        )


if __name__ == "__main__":
    main()
