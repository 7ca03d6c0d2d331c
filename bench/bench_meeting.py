"""
A meeting page of 200 speeches or more, rendered afresh: p50/p95 against the goal of 30 ms.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/repertoire_bench python bench/bench_meeting.py
    DATABASE_URL=sqlite:////tmp/repertoire_bench.sqlite3 python bench/bench_meeting.py
    python bench/bench_meeting.py --small       # a small archive in a temporary SQLite file (CI)
    python bench/bench_meeting.py --meeting 8699 # a meeting of the database as it is (no archive built)

Without ``--meeting`` the archive of ``bench/archive.py`` is built once into the
database DATABASE_URL names (rebuilt only if its size differs), and its largest
meeting is measured: 200 to 230 speeches, at any size, ``--small`` included.
Each request goes through Django's whole request cycle (middleware, routing,
queries, template) with the page cache off, so that every request renders the
page afresh; ``--repeat`` timed requests follow one untimed. It prints p50,
p95 and the slowest, the queries and bytes of one request, and the share of the
time the database took. The goal (issue 15) is p95 ≤ 30 ms on PostgreSQL and
on SQLite. It prints figures; it asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "repertoire.settings")

GOAL_MS = 30


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--small", action="store_true", help="2,000 speeches and 20,000 statements")
    parser.add_argument("--speeches", type=int, default=106_302)
    parser.add_argument("--statements", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=200, help="timed requests")
    parser.add_argument("--rebuild", action="store_true", help="build the archive even if its size matches")
    parser.add_argument("--meeting", help="the slug of a meeting already in the database: build nothing")
    args = parser.parse_args()
    if args.small:
        args.speeches, args.statements, args.repeat = 2_000, 20_000, min(args.repeat, 60)
    import archive

    # A named meeting is read from the database as configured (the project's own by default).
    scratch = None if args.meeting else archive.choose_database(args.small)  # noqa: F841 - kept until the end

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    from debates.models import Meeting

    if not args.meeting:
        archive.create_database()
        archive.ensure(args.speeches, args.statements, rebuild=args.rebuild)
    slug = args.meeting or archive.largest_meeting(connection)[0]
    meeting = Meeting.objects.get(slug=slug)
    speeches = meeting.statements.filter(source="verbatim").count()
    statements = meeting.statements.count()
    settings.ALLOWED_HOSTS = ["*"]
    settings.DEBUG = False
    settings.REPERTOIRE_PAGE_CACHE = False
    url = f"/meetings/{slug}/"
    client = Client()
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)

    # The queries of one request, and the database's share: the same queries again, timed alone.
    queries: list[tuple[str, tuple]] = []

    def record(execute, sql, params, many, context):
        queries.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        response = client.get(url)
    size = len(response.content)
    started = time.perf_counter()
    with connection.cursor() as cursor:
        for sql, params in queries:
            cursor.execute(sql, params)
            cursor.fetchall()
    sql_ms = (time.perf_counter() - started) * 1000

    times = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - started) * 1000)
    p50, p95 = percentile(times, 50), percentile(times, 95)
    load = os.getloadavg()
    print(
        f"{connection.vendor}; meeting page {url} ({speeches} speeches, {statements} statements), "
        "rendered afresh (page cache off), "
        f"{args.repeat} requests; load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f} on {os.cpu_count()} CPUs"
    )
    verdict = "ok" if p95 <= GOAL_MS else "SLOW"
    print(
        f"p50 {p50:.1f} ms, p95 {p95:.1f} ms, max {max(times):.1f} ms (goal p95 <= {GOAL_MS} ms: {verdict}); "
        f"{len(queries)} queries taking {sql_ms:.1f} ms alone; {size:,} bytes"
    )


if __name__ == "__main__":
    main()
