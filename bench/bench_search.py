"""
Benchmark of search, lists and detail pages on a large PostgreSQL archive.

Builds (once) a synthetic archive of ``--statements`` statements made of the
real texts shipped in ``corpus/``: sentences of the resolutions and of the
Repertoire extract, recombined into statements by the real member States and
organizations of the reference lists, at meetings spread over 1946-2022. Then
times the requests a researcher makes, through Django's full request cycle
(URL routing, filters, queries, template), and prints p50/p95 server time and
the plan of each request's slowest query, showing which indexes it uses.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/rep_bench \\
        python bench/bench_search.py --statements 1000000

A smaller ``--statements 50000`` is a quick check. The database named in
DATABASE_URL is created if missing, migrated, and filled only if it holds a
different number of statements (``--rebuild`` forces it). It prints figures;
it asserts nothing. Goals: search p95 <= 100 ms, list and detail p95 <= 50 ms.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "repertoire.settings")
os.environ.setdefault("DEBUG", "1")

SENTENCE_SPLIT = re.compile(r"(?<=[.;:])\s+(?=[A-Z(\"“])")
FURNITURE = re.compile(r"^(S/RES/|\d{2}-\d{5}|\*\d+\*|Page \d|Distr\.|Resolution \d+ \(\d{4}\)$)")


def read_text(path: Path) -> str:
    """The resolutions come in mixed encodings: try UTF-8 (with or without BOM), then Windows-1252."""
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def corpus_sentences(corpus: Path) -> list[str]:
    sentences = []
    files = sorted((corpus / "resolutions").glob("*.txt")) + sorted((corpus / "repertoire").glob("*.txt"))
    for path in files:
        text = read_text(path).replace("\r\n", "\n")
        lines = [
            line.strip() for line in text.split("\n") if line.strip() and not FURNITURE.match(line.strip())
        ]
        for sentence in SENTENCE_SPLIT.split(" ".join(lines)):
            sentence = " ".join(sentence.split())
            if 40 <= len(sentence) <= 600 and sum(ch.isalpha() for ch in sentence) > len(sentence) * 0.6:
                sentences.append(sentence)
    return sentences


def corpus_speakers(corpus: Path) -> list[tuple[str, str, str]]:
    """(name, kind, iso3): the M49 States and the organizations that speak at the Council."""
    import csv

    speakers = {}
    with open(corpus / "reference" / "m49_countries.csv", encoding="utf-8-sig") as handle:
        for row in csv.DictReader(handle):
            if row["iso_alpha3_code"]:
                speakers[row["iso_alpha3_code"]] = (row["country_or_area"], "state", row["iso_alpha3_code"])
    with open(corpus / "reference" / "entities.csv", encoding="utf-8") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    for row in csv.DictReader(lines):
        if row["entity_type"] == "igo":
            speakers[row["country_org"]] = (row["country_org"], "organization", "")
    return list(speakers.values())


def copy_rows(cursor, table: str, columns: list[str], rows) -> None:
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def build(n_statements: int, seed: int = 2004) -> None:
    from django.db import connection
    from django.utils.text import slugify

    rng = random.Random(seed)
    sentences = corpus_sentences(ROOT / "corpus")
    speakers = corpus_speakers(ROOT / "corpus")
    print(f"corpus: {len(sentences):,} sentences, {len(speakers):,} speakers", flush=True)
    started = time.perf_counter()
    n_meetings = max(n_statements // 30, 10)
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE debates_vote, debates_decision_source_documents, debates_decision, debates_statement, "
            "debates_meeting_items, debates_meeting_source_documents, debates_meeting, debates_item, "
            "debates_speakeralias, debates_speaker, debates_sourcedocument RESTART IDENTITY CASCADE"
        )
        # Building the GIN index once after loading is much faster than maintaining it row by row.
        cursor.execute("DROP INDEX IF EXISTS statement_search_vector_idx")
        cursor.execute(
            "INSERT INTO debates_sourcedocument (name, checksum, kind, size, first_ingested, "
            "last_ingested, outcome, message, counts) VALUES ('bench-synthetic.txt', repeat('0', 64), "
            "'repertoire', 0, now(), now(), 'loaded', '', '{}') RETURNING id"
        )
        document_id = cursor.fetchone()[0]
        copy_rows(
            cursor,
            "debates_speaker",
            ["kind", "name", "slug", "iso3", "acronym", "needs_review"],
            (
                (kind, name, slugify(name)[:120] or f"s{i}", iso3, "", False)
                for i, (name, kind, iso3) in enumerate(speakers)
            ),
        )
        cursor.execute("SELECT id, iso3, name FROM debates_speaker ORDER BY id")
        speaker_rows = cursor.fetchall()
        names = {row[0]: row[2] for row in speaker_rows}
        # Some speak far more often than others, as at the Council.
        weights = [
            30 if iso3 in ("FRA", "GBR", "USA", "RUS", "CHN") else (3 if iso3 else 1)
            for _, iso3, _ in speaker_rows
        ]
        speaker_ids = [row[0] for row in speaker_rows]
        titles = rng.sample(sentences, 300)
        copy_rows(
            cursor,
            "debates_item",
            ["title", "key", "slug", "number", "letter"],
            ((t[:200], f"{i}-{t[:200].lower()}", f"item-{i}", i, "") for i, t in enumerate(titles, 1)),
        )
        first = datetime.date(1946, 1, 17)
        span = (datetime.date(2022, 6, 30) - first).days
        copy_rows(
            cursor,
            "debates_meeting",
            ["number", "slug", "date", "record", "resumptions", "kind", "closed", "title", "president_person",
             "press_release", "letter", "time", "place", "documents", "president_id"],
            (
                (n, str(n), first + datetime.timedelta(days=span * n // n_meetings), f"S/PV.{n}", 0, "debate",
                 False, titles[n % len(titles)][:120], "", "", "", "", "", "[]", rng.choice(speaker_ids))
                for n in range(1, n_meetings + 1)
            ),
        )  # fmt: skip
        cursor.execute(
            "INSERT INTO debates_meeting_items (meeting_id, item_id) "
            "SELECT id, 1 + id % 300 FROM debates_meeting"
        )

        def statements():
            for i in range(n_statements):
                meeting = 1 + i * n_meetings // n_statements
                speaker = rng.choices(speaker_ids, weights)[0]
                text = " ".join(rng.sample(sentences, rng.randint(1, 4)))
                page = rng.randint(2, 40)
                yield (
                    meeting, 1 + meeting % 300, speaker, names[speaker], "", "national", "", text,
                    f"S/PV.{meeting}", str(page), page, page, i, "repertoire", document_id, str(i), "",
                    "parsed", first + datetime.timedelta(days=span * meeting // n_meetings),
                )  # fmt: skip
                if i and i % 100_000 == 0:
                    print(f"  {i:,} statements", flush=True)

        copy_rows(
            cursor,
            "debates_statement",
            ["meeting_id", "item_id", "speaker_id", "label", "person", "capacity", "language", "text",
             "record", "pages", "page_start", "page_end", "position", "source", "source_document_id",
             "source_key", "group_key", "status", "date"],
            statements(),
        )  # fmt: skip
        print(f"loaded in {time.perf_counter() - started:.0f} s; building the GIN index", flush=True)
        cursor.execute(
            "CREATE INDEX statement_search_vector_idx ON debates_statement USING gin (search_vector)"
        )
        cursor.execute("VACUUM ANALYZE" if connection.get_autocommit() else "ANALYZE")
    print(f"built in {time.perf_counter() - started:.0f} s", flush=True)


def pick_words(rng: random.Random) -> dict[str, str]:
    """A common and a rare word, from the index's own statistics."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM debates_statement")
        total = cursor.fetchone()[0]
        cursor.execute(
            "SELECT word, ndoc FROM ts_stat("
            "'SELECT search_vector FROM debates_statement TABLESAMPLE SYSTEM (2)') "
            "WHERE length(word) > 5 AND word ~ '^[a-z]+$' ORDER BY ndoc"
        )
        stats = cursor.fetchall()
    # Twice in a 2% sample: about a hundred statements in all.
    rare = [word for word, ndoc in stats if ndoc == 2]
    return {"total": total, "rare": rng.choice(rare) if rare else "zanzibar"}


def measure(client, url: str, repeat: int) -> tuple[list[float], list]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times = []
    response = client.get(url)  # warm up
    assert response.status_code == 200, (url, response.status_code)
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
        times.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return times, captured.captured_queries


def explain(sql: str) -> list[str]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) " + sql)
        plan = [row[0] for row in cursor.fetchall()]
    return [line for line in plan if re.search(r"Index|Seq Scan|Bitmap|Sort|Limit", line)]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--statements", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=30, help="timed requests per URL")
    parser.add_argument("--rebuild", action="store_true", help="regenerate the data even if the size matches")
    parser.add_argument("--no-plans", action="store_true", help="skip the EXPLAIN output")
    parser.add_argument(
        "--count-limit", type=int, help="lists count (and rank, and facet) at most this many matches"
    )
    args = parser.parse_args()

    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit(
            "bench_search.py: set DATABASE_URL to a PostgreSQL database, e.g. postgres://postgres@127.0.0.1:5432/rep_bench"
        )
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    settings.ALLOWED_HOSTS = ["*"]
    settings.DEBUG = False
    if args.count_limit:
        from debates import views

        views.COUNT_LIMIT = args.count_limit
    from debates import views

    print(
        f"lists count, rank and facet at most {views.COUNT_LIMIT:,} matches; "
        f"a count stops after {views.COUNT_TIMEOUT_MS} ms"
    )
    _create_database(url)
    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM debates_statement")
        have = cursor.fetchone()[0]
    if have != args.statements or args.rebuild:
        print(f"building {args.statements:,} statements (found {have:,})", flush=True)
        build(args.statements)

    rng = random.Random(7)
    words = pick_words(rng)
    with connection.cursor() as cursor:
        cursor.execute("SELECT slug FROM debates_meeting ORDER BY random() LIMIT 1")
        meeting = cursor.fetchone()[0]
    print(f"\n{words['total']:,} statements; rare word: {words['rare']!r}; meeting page: {meeting}\n")
    requests = [
        ("search", "common word", "/statements/?q=security"),
        ("search", "rare word", f"/statements/?q={words['rare']}"),
        ("search", "phrase", "/statements/?q=%22international+peace+and+security%22"),
        ("search", "filtered by country", "/statements/?q=security&country=FRA"),
        ("search", "sorted by date", "/statements/?q=security&sort=-date"),
        ("list", "statements by country", "/statements/?country=FRA"),
        ("detail", "meeting page", f"/meetings/{meeting}/"),
    ]
    goals = {"search": 100, "list": 50, "detail": 50}
    client = Client()
    print(f"{'request':28} {'p50 ms':>8} {'p95 ms':>8} {'goal':>6}  queries")
    results = []
    for kind, name, path in requests:
        times, queries = measure(client, path, args.repeat)
        p50, p95 = percentile(times, 50), percentile(times, 95)
        ok = "ok" if p95 <= goals[kind] else "SLOW"
        print(f"{name:28} {p50:8.1f} {p95:8.1f} {goals[kind]:6}  {len(queries)} {ok}   {path}", flush=True)
        results.append((name, path, queries))
    if args.no_plans:
        return
    print("\nPlans of the slowest query of each request:")
    for name, path, queries in results:
        slowest = max(queries, key=lambda q: float(q["time"]))
        print(f"\n== {name} ({path}): {float(slowest['time']) * 1000:.1f} ms\n   {slowest['sql'][:300]}")
        for line in explain(slowest["sql"]):
            print("   " + line)


def _create_database(url: str) -> None:
    """Create the benchmark's database if it does not exist yet."""
    import psycopg
    from django.db import connection

    name = connection.settings_dict["NAME"]
    admin = dict(connection.settings_dict)
    try:
        with psycopg.connect(
            host=admin["HOST"] or None, port=admin["PORT"] or None, user=admin["USER"],
            password=admin["PASSWORD"] or None, dbname="postgres", autocommit=True,
        ) as conn:  # fmt: skip
            if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
                conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.Error as error:
        sys.exit(f"bench_search.py: cannot create database {name}: {error}")


if __name__ == "__main__":
    main()
