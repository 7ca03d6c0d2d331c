"""
A large download through the production server: does it complete, how fast, with how much memory.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/repertoire_bench python bench/bench_downloads.py
    python bench/bench_downloads.py --small        # a small archive in a temporary SQLite file (CI)

Starts gunicorn (``gunicorn.conf.py``) on the benchmarks' archive and
downloads ``/export/statements.csv?date_after=1998-01-01`` (about 420,000
statements, about 690 MB, at the whole corpus's scale) over HTTP/1.1, as a browser
would. Prints the lines received, whether the transfer ended with its final
chunk (HTTP/1.1 chunked: a cut download lacks it), the time, the throughput
and the workers' peak memory. Goal: it completes,
whatever its length (gunicorn's worker timeout is 30 s).
"""

from __future__ import annotations

import argparse
import http.client
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "repertoire.settings")
URL = "/export/statements.csv?date_after=1998-01-01"


def peak_rss_mb(master: int) -> float:
    """The largest peak resident size among gunicorn's workers (VmHWM)."""
    peaks = []
    for pid in Path(f"/proc/{master}/task/{master}/children").read_text().split():
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                peaks.append(int(line.split()[1]) / 1024)
    return max(peaks, default=0.0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--small", action="store_true", help="a small archive (CI)")
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT", "9115")) + 1)
    parser.add_argument("--speeches", type=int, default=106_302)
    parser.add_argument("--statements", type=int, default=1_000_000)
    args = parser.parse_args()
    if args.small:
        args.speeches, args.statements = 2_000, 20_000
    import archive

    scratch = archive.choose_database(args.small)  # noqa: F841 - kept until the end

    import django

    django.setup()
    from django.db import connection

    archive.create_database()
    archive.ensure(args.speeches, args.statements)
    vendor = connection.vendor
    connection.close()
    with archive.gunicorn(args.port, WEB_CONCURRENCY="1") as process:
        load = os.getloadavg()[0]
        started = time.perf_counter()
        conn = http.client.HTTPConnection("127.0.0.1", args.port, timeout=600)
        conn.request("GET", URL)
        response = conn.getresponse()
        size = rows = 0
        complete = True
        first_byte = None
        try:
            while chunk := response.read(1 << 20):
                first_byte = first_byte or time.perf_counter() - started
                size += len(chunk)
                rows += chunk.count(b"\n")
        except http.client.IncompleteRead:
            complete = False
        seconds = time.perf_counter() - started
        print(f"{vendor}; GET {URL} (load average {load:.1f} on {os.cpu_count()} CPUs)")
        print(f"status {response.status}, {response.getheader('Transfer-Encoding')} transfer, "
              f"{'complete (last chunk received)' if complete else 'CUT'}")  # fmt: skip
        print(f"{size / 1e6:,.0f} MB, {rows:,} lines in {seconds:.1f} s ({size / 1e6 / seconds:.1f} MB/s, "
              f"first byte after {first_byte or 0:.2f} s); worker peak memory {peak_rss_mb(process.pid):.0f} MB")  # fmt: skip
        ok = complete and response.status == 200
        print(f"goal: completes whatever its length: {'ok' if ok else 'NOT MET'}")


if __name__ == "__main__":
    main()
