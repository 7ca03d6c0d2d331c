"""
Throughput of the meeting and list pages under gunicorn, and the meeting page's own time.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/repertoire_bench python bench/bench_pages.py
    python bench/bench_pages.py --small        # a small archive in a temporary SQLite file (CI)

Starts the archive under gunicorn (``gunicorn.conf.py``: threaded workers, 2
by default here) on 127.0.0.1:``--port`` with production settings, and
drives it with ``wrk`` (Debian's package) for ``--seconds`` per URL with
``--connections`` connections: a meeting page with 200 or more speeches, the
statements of a country, a search, the meetings list. Each URL is measured
twice: browsers revalidating with the page's ETag (``If-None-Match``, answered
304) and fresh requests (200, the whole page from Django's cache, or rendered
on the first). It prints requests per second, latency and errors (non-2xx/3xx
answers and socket errors); the goal is ≥ 400 requests per second with 0
errors on 2 cores. Without ``wrk`` it says so and measures nothing.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "repertoire.settings")


def wrk(url: str, seconds: int, connections: int, threads: int, headers: list[str]) -> dict:
    args = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency"]
    for header in headers:
        args += ["-H", header]
    out = subprocess.run([*args, url], capture_output=True, text=True, timeout=seconds + 60).stdout
    figures = {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))}
    figures["requests"] = int(re.search(r"(\d+) requests in", out).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    figures["errors"] = (int(non_2xx.group(1)) if non_2xx else 0) + (
        sum(int(n) for n in errors.groups()) if errors else 0
    )
    for p in ("50", "99"):
        match = re.search(rf"\s{p}%\s+([\d.]+)(us|ms|s)", out)
        value = float(match.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[match.group(2)] if match else 0
        figures[f"p{p}"] = value
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--small", action="store_true", help="a small archive and 3 s per URL")
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT", "9115")))
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--speeches", type=int, default=106_302)
    parser.add_argument("--statements", type=int, default=1_000_000)
    args = parser.parse_args()
    if args.small:
        args.speeches, args.statements, args.seconds = 2_000, 20_000, 3
    import archive

    scratch = archive.choose_database(args.small)  # noqa: F841 - kept until the end
    if not shutil.which("wrk"):
        print("bench_pages.py: wrk is not installed (apt-get install wrk): nothing measured")
        return

    import django

    django.setup()
    from django.db import connection

    archive.create_database()
    archive.ensure(args.speeches, args.statements)
    meeting, speeches = archive.largest_meeting(connection)
    connection.close()

    # Static files collected apart, not into the project's folder that tests and servers read.
    static = tempfile.TemporaryDirectory()
    env = {"WEB_CONCURRENCY": str(args.workers), "STATIC_ROOT": static.name}
    # The production cache, shared by the workers, when a Redis answers (BENCH_REDIS_URL).
    redis_url = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/5")
    try:
        socket.create_connection(
            ("127.0.0.1", int(redis_url.rsplit(":", 1)[1].split("/")[0])), timeout=1
        ).close()
        env["REDIS_URL"] = redis_url
    except OSError:
        redis_url = ""
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"],
        cwd=ROOT, env={**os.environ, **archive.SERVER_ENV, **env}, check=True,
    )  # fmt: skip
    urls = [
        (f"meeting page ({speeches} speeches)", f"/meetings/{meeting}/"),
        ("statements by country", "/statements/?country=FRA"),
        ("search", "/statements/?q=sanctions"),
        ("meetings list", "/meetings/"),
    ]
    with archive.gunicorn(args.port, **env):
        load = os.getloadavg()
        print(
            f"{connection.vendor}; cache {'Redis' if redis_url else 'local memory'}; gunicorn {args.workers} "
            f"workers x threads (gunicorn.conf.py); wrk "
            f"{args.connections} connections, {args.seconds} s per URL; load average before "
            f"{load[0]:.1f} {load[1]:.1f} {load[2]:.1f} on {os.cpu_count()} CPUs\n"
        )
        # One browser at a time: the meeting page's own time through gunicorn, from the page cache
        # (goal: p95 <= 30 ms; wrk reports p99, which is no less than p95).
        meeting_url = f"http://127.0.0.1:{args.port}/meetings/{meeting}/"
        with urllib.request.urlopen(meeting_url, timeout=120) as response:  # noqa: S310 - our own server
            response.read()
        alone = wrk(meeting_url, max(3, args.seconds // 3), 1, 1, [])
        verdict = "ok" if alone["p99"] <= 30 and not alone["errors"] else "SLOW"
        print(
            f"meeting page ({speeches} speeches), one connection: p50 {alone['p50']:.1f} ms, "
            f"p99 {alone['p99']:.1f} ms, {alone['rps']:.0f} requests/s, {alone['errors']} errors  "
            f"(goal p95 <= 30 ms) {verdict}\n"
        )
        print(f"{'page':32} {'answer':14} {'req/s':>8} {'p50 ms':>7} {'p99 ms':>7} {'errors':>6}  goal 400")
        for name, path in urls:
            url = f"http://127.0.0.1:{args.port}{path}"
            with urllib.request.urlopen(url, timeout=120) as response:  # noqa: S310 - our own server
                etag = response.headers["ETag"]
                response.read()
            for answer, headers in (("304 (ETag)", [f"If-None-Match: {etag}"]), ("200 (cached)", [])):
                figures = wrk(url, args.seconds, args.connections, 2, headers)
                verdict = "ok" if figures["rps"] >= 400 and not figures["errors"] else "LOW"
                print(
                    f"{name:32} {answer:14} {figures['rps']:8.0f} {figures['p50']:7.1f} {figures['p99']:7.1f} "
                    f"{figures['errors']:6}  {verdict}",
                    flush=True,
                )
        load = os.getloadavg()
        print(f"\nload average after: {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}")


if __name__ == "__main__":
    main()
