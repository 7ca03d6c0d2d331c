"""
Load the whole shipped corpus into a fresh database and print time, peak memory and rows.

    python bench/bench_corpus.py                 # SQLite (a temporary file) and PostgreSQL
    python bench/bench_corpus.py --sqlite-only
    python bench/bench_corpus.py --small         # a few documents of each kind (CI)
    BENCH_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/rep_bench python bench/bench_corpus.py

Each database runs in a child process of its own, so the peak resident set
size printed is that of one load (targets: 60 s on SQLite, 90 s on
PostgreSQL, 500 MB).
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def child() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "repertoire.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from debates import models

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    paths = os.environ.get("BENCH_CORPUS_PATHS", str(ROOT / "corpus")).split(os.pathsep)
    try:
        call_command("ingest", *paths, verbosity=0)
    except Exception as exc:  # a failed document is reported, the figures still count
        print(f"  ingest reported: {exc}")
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rows = {
        name: model.objects.count()
        for name, model in [
            ("meetings", models.Meeting),
            ("decisions", models.Decision),
            ("votes", models.Vote),
            ("items", models.Item),
            ("statements", models.Statement),
            ("discrepancies", models.Discrepancy),
            ("documents", models.SourceDocument),
        ]
    }
    rows["resolution texts"] = models.Decision.objects.filter(kind="resolution").exclude(text="").count()
    load = os.getloadavg()[0]
    cpus = os.cpu_count()
    print(f"  time {seconds:.1f} s, peak RSS {peak_mb:.0f} MB (load average {load:.1f} on {cpus} CPUs)")
    print("  rows: " + ", ".join(f"{n} {name}" for name, n in rows.items()))


def run(label: str, database_url: str) -> None:
    print(f"{label}:")
    env = {**os.environ, "DATABASE_URL": database_url}
    subprocess.run([sys.executable, __file__, "--child"], env=env, check=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--sqlite-only", action="store_true")
    parser.add_argument("--small", action="store_true", help="a few documents of each kind, not the corpus")
    args = parser.parse_args()
    if args.small:
        corpus = ROOT / "corpus"
        small = [
            *sorted((corpus / "meetings").glob("*.html"))[-2:],
            *sorted((corpus / "resolutions").glob("*.txt"))[:20],
            *sorted((corpus / "repertoire").glob("*")),
            *sorted((corpus / "decisions").glob("*")),
            *sorted((corpus / "verbatim").glob("*.pdf"))[:1],
        ]
        os.environ["BENCH_CORPUS_PATHS"] = os.pathsep.join(str(path) for path in small)
    if args.child:
        child()
        return
    with tempfile.TemporaryDirectory() as folder:
        run("SQLite", f"sqlite:///{folder}/bench.sqlite3")
    if args.sqlite_only:
        return
    url = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/rep_bench_council")
    base, name = url.rsplit("/", 1)
    admin = f"{base}/postgres"
    import psycopg

    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        run("PostgreSQL", url)
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}"')


if __name__ == "__main__":
    main()
