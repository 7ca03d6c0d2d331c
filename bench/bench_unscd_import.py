"""
Importing the UNSC Debates corpus at the full release's size into SQLite and PostgreSQL.

    python bench/bench_unscd_import.py                     # 106,302 speeches, both databases
    python bench/bench_unscd_import.py --small             # 2,000 speeches (CI)
    python bench/bench_unscd_import.py --speeches 20000 --db sqlite
    python bench/bench_unscd_import.py --corpus PATH       # a release already on disk (Dataverse's)

Generates a release with ``synth_unscd.py`` (real texts of the shipped part,
the release's length distribution) in a temporary folder, then imports it
through ``debates.ingest.ingest_file``, the path ``manage.py ingest`` takes,
once into a fresh SQLite file and once into a fresh PostgreSQL database
(``--pg``, default ``$BENCH_PG``, else ``repertoire_bench_unscd`` on the local
server: dropped and created, give it a database of its own), each in a child
process so that each peak memory is that import's alone. Prints per database
the time, speeches per second and peak resident memory, against the goals of
at most 10 minutes and 500 MB; then the time of the same release imported
again (skipped by its checksum) and forced (every record read and compared).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import synth_unscd  # noqa: E402  (bench/, beside this script)

GOAL_SECONDS = 600
GOAL_MB = 500
DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/repertoire_bench_unscd"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    parser.add_argument("--speeches", type=int, default=106_302, help="Size of the generated release.")
    parser.add_argument("--small", action="store_true", help="2,000 speeches, no forced re-import (CI).")
    parser.add_argument("--corpus", type=Path, help="Import this release instead of generating one.")
    parser.add_argument("--db", choices=["both", "sqlite", "postgres"], default="both")
    parser.add_argument("--pg", default=os.environ.get("BENCH_PG", DEFAULT_PG), help="PostgreSQL URL.")
    parser.add_argument("--child", help=argparse.SUPPRESS)  # DATABASE_URL of a child's import
    args = parser.parse_args()
    if args.small:
        args.speeches = 2000
    if args.child:
        child(args.corpus, args.child, forced=not args.small)
        return

    with tempfile.TemporaryDirectory(prefix="bench-unscd-import-") as tmp:
        folder = args.corpus
        if folder is None:
            folder = Path(tmp) / "unscd"
            synth_unscd.generate(folder, args.speeches)
        targets = []
        if args.db in ("both", "sqlite"):
            targets.append(("SQLite", f"sqlite:///{tmp}/bench.sqlite3"))
        if args.db in ("both", "postgres"):
            fresh_postgres(args.pg)
            targets.append(("PostgreSQL", args.pg))
        results = []
        for name, url in targets:
            command = [sys.executable, __file__, "--corpus", str(folder), "--child", url]
            if args.small:
                command.append("--small")
            output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
            result = json.loads(output.strip().splitlines()[-1])
            results.append((name, result))
            report(name, result)
        if args.db in ("both", "postgres"):
            drop_postgres(args.pg)
    print()
    for name, result in results:
        ok = result["seconds"] <= GOAL_SECONDS and result["peak_mb"] <= GOAL_MB
        print(
            f"{name}: {result['speeches']:,} speeches in {result['seconds']:.0f} s, "
            f"{result['speeches'] / result['seconds']:,.0f} speeches/s, peak {result['peak_mb']:.0f} MB: "
            f"{'meets' if ok else 'MISSES'} the goals (≤ {GOAL_SECONDS // 60} min, ≤ {GOAL_MB} MB)"
        )


def report(name: str, result: dict) -> None:
    print(f"\n{name}")
    print(f"  import:          {result['seconds']:8.1f} s  ({result['cpu']:.1f} s CPU)  {result['summary']}")
    print(f"  speeches/s:      {result['speeches'] / result['seconds']:8,.0f}")
    print(f"  statements:      {result['statements']:8,}")
    print(f"  peak memory:     {result['peak_mb']:8.0f} MB resident (the whole process, Django included)")
    print(f"  again:           {result['again']:8.1f} s  (the same release: skipped by its checksum)")
    if result.get("forced") is not None:
        print(
            f"  forced:          {result['forced']:8.1f} s  (every record read and compared, nothing written)"
        )


def child(folder: Path, url: str, *, forced: bool) -> None:
    """Import the release into the database at ``url``; print the figures as one JSON line."""
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "repertoire.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from debates.ingest import ingest_file
    from debates.models import Statement

    cpu = time.process_time()
    started = time.perf_counter()
    _, result = ingest_file(folder)
    seconds = time.perf_counter() - started
    cpu = time.process_time() - cpu
    figures = {
        "seconds": seconds,
        "cpu": cpu,
        "speeches": result.counts["speeches"],
        "statements": Statement.objects.count(),
        "summary": result.summary()[:300],
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }
    started = time.perf_counter()
    ingest_file(folder)
    figures["again"] = time.perf_counter() - started
    figures["forced"] = None
    if forced:
        started = time.perf_counter()
        ingest_file(folder, force=True)
        figures["forced"] = time.perf_counter() - started
    print(json.dumps(figures))


def _admin(url: str):
    import psycopg

    base, name = url.rsplit("/", 1)
    return psycopg.connect(f"{base}/postgres", autocommit=True), name


def fresh_postgres(url: str) -> None:
    connection, name = _admin(url)
    with connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')


def drop_postgres(url: str) -> None:
    connection, name = _admin(url)
    with connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')


if __name__ == "__main__":
    main()
