"""
The benchmarks' archive: the whole Debates corpus's size, from real texts, on PostgreSQL or SQLite.

``build(speeches=106_302, statements=1_000_000)`` fills the database Django is
configured with (``DATABASE_URL``) with

* ``speeches`` verbatim speeches (the *UN Security Council Debates* corpus
  holds 106,302, mean 3,658 characters), made by the corpus generator
  (``bench/synth_unscd.speech_texts``: real sentences of the shipped 2020
  speeches, the real distribution of lengths scaled to the corpus's mean), on
  about 16 speeches a record from 1992 on, a few records with more than 200;
* ``statements`` short Repertoire-style statements made of sentences of the
  resolutions and the Repertoire extract shipped in ``corpus/``, 30 a meeting
  from 1946 on;

by the real member States and organizations of the reference lists, the
permanent members speaking most. Statements are written in date order, so ids
follow dates as after a chronological ingest. Rows go in with COPY
(PostgreSQL) or one transaction of ``executemany`` (SQLite) with the search
indexes dropped, then rebuilt once. Every column a model adds is filled with
its default, so the builder survives schema changes; a statement's ``date``
(when the model has one) is its meeting's.
"""

from __future__ import annotations

import contextlib
import datetime
import os
import random
import re
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEECHES_PER_RECORD = 16
STATEMENTS_PER_MEETING = 30
SENTENCE_SPLIT = re.compile(r"(?<=[.;:!?])\s+(?=[A-Z(\"“])")
FURNITURE = re.compile(r"^(S/RES/|\d{2}-\d{5}|\*\d+\*|Page \d|Distr\.|Resolution \d+ \(\d{4}\)$)")
PERMANENT = ("FRA", "GBR", "USA", "RUS", "CHN")


def read_text(path: Path) -> str:
    """The resolutions come in mixed encodings: try UTF-8 (with or without BOM), then Windows-1252."""
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def short_sentences() -> list[str]:
    """Sentences of the shipped resolutions and Repertoire extract, for the short statements."""
    sentences = []
    corpus = ROOT / "corpus"
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


def speakers_of_corpus() -> list[tuple[str, str, str]]:
    """(name, kind, iso3): the M49 States and the organizations that speak at the Council."""
    import csv

    corpus = ROOT / "corpus"
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


def record_sizes(rng: random.Random, speeches: int, records: int) -> list[int]:
    """Speeches per record: about 16, one record in 250 an open debate of 200 or more (and one
    even in a small archive, so that ``--small`` benchmarks still have a meeting page of 200)."""
    if records <= 0:
        return []
    sizes = []
    for n in range(records):
        big = n % 250 == min(125, records // 2) and speeches >= 400
        sizes.append(rng.randint(200, 230) if big else max(1, int(rng.expovariate(1 / 12)) + 1))
    # Scale to the exact total, keeping the open debates as they are.
    small = [i for i, size in enumerate(sizes) if size < 200]
    remaining = speeches - sum(sizes[i] for i in range(records) if i not in set(small))
    total_small = sum(sizes[i] for i in small) or 1
    for i in small:
        sizes[i] = max(1, round(sizes[i] * remaining / total_small))
    sizes[small[-1] if small else -1] += speeches - sum(sizes)
    return sizes


class Table:
    """Rows of a model's table as full tuples: whatever the model has, unnamed columns get their default."""

    def __init__(self, model, connection, **fixed):
        self.fields = [f for f in model._meta.concrete_fields if not f.primary_key]
        self.columns = [f.column for f in self.fields]
        self.table = model._meta.db_table
        self.connection = connection
        self.defaults = {}
        for field in self.fields:
            value = fixed.get(field.attname, field.get_default() if field.has_default() else None)
            if value is None and not field.null and field.get_internal_type() in ("CharField", "TextField"):
                value = ""
            self.defaults[field.attname] = value

    def row(self, **values) -> tuple:
        merged = self.defaults | values
        return tuple(self._prep(field, merged[field.attname]) for field in self.fields)

    def _prep(self, field, value):
        if field.get_internal_type() == "JSONField":
            import json

            return json.dumps(value)
        return value

    def write(self, rows: Iterable[tuple]) -> None:
        if self.connection.vendor == "postgresql":
            with self.connection.cursor() as cursor:
                names = ", ".join(f'"{c}"' for c in self.columns)
                with cursor.cursor.copy(f"COPY {self.table} ({names}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            return
        names = ", ".join(f'"{c}"' for c in self.columns)
        marks = ", ".join(["?"] * len(self.columns))
        sql = f"INSERT INTO {self.table} ({names}) VALUES ({marks})"
        raw = self.connection.connection
        batch = []
        for row in rows:
            batch.append(row)
            if len(batch) == 10_000:
                raw.executemany(sql, batch)
                batch = []
        if batch:
            raw.executemany(sql, batch)


def _clear(connection) -> list[str]:
    """Empty the archive's tables and drop the search indexes; return the SQL that rebuilds them."""
    from debates import search, searchindex

    tables = [
        "debates_meetingmember", "debates_vote", "debates_decision_source_documents", "debates_decision",
        "debates_historicalstatement", "debates_statement", "debates_meeting_items",
        "debates_meeting_source_documents", "debates_meeting", "debates_item", "debates_speakeralias",
        "debates_historicalspeakeralias", "debates_speaker", "debates_historicalspeaker",
        "debates_sourcedocument", "debates_searchchange",
    ]  # fmt: skip
    existing = set(connection.introspection.table_names())
    tables = [t for t in tables if t in existing]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'debates_statement' "
                "AND indexdef ~ '(gin|rum) '"
            )
            rebuild = []
            for name, definition in cursor.fetchall():
                cursor.execute(f'DROP INDEX "{name}"')
                rebuild.append(definition)
            cursor.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")
            return rebuild
        for table in search.INDEXED:
            for suffix in ("ai", "ad", "au"):
                cursor.execute(f"DROP TRIGGER IF EXISTS {table}_fts_{suffix}")
        # The search index's outbox too: the archive is loaded whole, and a new token for the
        # database afterwards (``ensure_sqlite_triggers``) tells every index to be rebuilt.
        for statement in searchindex.sqlite_backwards():
            cursor.execute(statement)
        for table in tables:
            cursor.execute(f"DELETE FROM {table}")
        cursor.execute("DELETE FROM sqlite_sequence")
        return []


def build(speeches: int = 106_302, statements: int = 1_000_000, seed: int = 2004) -> dict:
    """Fill the configured database; return what was built."""
    from django.db import connection, transaction
    from django.utils.text import slugify
    from synth_unscd import speech_texts

    from debates import search, searchindex
    from debates.models import Item, Meeting, SourceDocument, Speaker, Statement

    rng = random.Random(seed)
    started = time.perf_counter()
    sentences = short_sentences()
    speeches_made = speech_texts(speeches, seed=seed)
    people = speakers_of_corpus()
    print(f"bench: {len(sentences):,} sentences, {len(people):,} speakers", flush=True)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous = OFF")
    with transaction.atomic():
        rebuild = _clear(connection)
        now = datetime.datetime.now(datetime.UTC)
        Table(SourceDocument, connection).write(
            [Table(SourceDocument, connection).row(
                name="bench-archive.txt", checksum="0" * 64, kind="verbatim", first_ingested=now,
                last_ingested=now, outcome="loaded",
            )]
        )  # fmt: skip
        document_id = SourceDocument.objects.get().pk
        speaker_table = Table(Speaker, connection)
        speaker_table.write(
            speaker_table.row(kind=kind, name=name, slug=slugify(name)[:120] or f"s{i}", iso3=iso3)
            for i, (name, kind, iso3) in enumerate(people)
        )
        rows = list(Speaker.objects.order_by("pk").values_list("pk", "iso3", "name"))
        speaker_ids = [pk for pk, _, _ in rows]
        names = {pk: name for pk, _, name in rows}
        weights = [30 if iso3 in PERMANENT else (3 if iso3 else 1) for _, iso3, _ in rows]
        titles = rng.sample(sentences, 300)
        item_table = Table(Item, connection)
        item_table.write(
            item_table.row(title=t[:200], key=f"{i}-{t[:200].lower()}", slug=f"item-{i}", number=i)
            for i, t in enumerate(titles, 1)
        )
        item_ids = list(Item.objects.order_by("pk").values_list("pk", flat=True))

        # Meetings evenly over 1946-2023; the speeches' records are meetings from 1992 on.
        n_meetings = max(statements // STATEMENTS_PER_MEETING, 10)
        first, last = datetime.date(1946, 1, 17), datetime.date(2023, 12, 20)
        span = (last - first).days
        dates = [first + datetime.timedelta(days=span * n // n_meetings) for n in range(n_meetings)]
        modern = [n for n, d in enumerate(dates) if d.year >= 1992]
        records = min(len(modern), max(speeches // SPEECHES_PER_RECORD, 1)) if speeches else 0
        chosen = [modern[i * len(modern) // records] for i in range(records)] if records else []
        sizes = dict(zip(chosen, record_sizes(rng, speeches, records), strict=True))
        meeting_table = Table(Meeting, connection)
        meeting_table.write(
            meeting_table.row(
                number=n + 1, slug=str(n + 1), date=dates[n], record=f"S/PV.{n + 1}",
                kind="debate", title=titles[n % len(titles)][:120], president_id=rng.choice(speaker_ids),
            )
            for n in range(n_meetings)
        )  # fmt: skip
        meeting_ids = list(Meeting.objects.order_by("pk").values_list("pk", flat=True))
        with connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO debates_meeting_items (meeting_id, item_id) VALUES (%s, %s)",
                [(pk, item_ids[n % len(item_ids)]) for n, pk in enumerate(meeting_ids)],
            )
        print(f"bench: {n_meetings:,} meetings, {records:,} with speeches", flush=True)

        statement_table = Table(Statement, connection, source_document_id=document_id)
        has_date = any(f.attname == "date" for f in statement_table.fields)
        per_meeting = [
            statements // n_meetings + (1 if n < statements % n_meetings else 0) for n in range(n_meetings)
        ]

        def rows_of_statements() -> Iterator[tuple]:
            made = 0
            for n in range(n_meetings):
                meeting_id, date = meeting_ids[n], dates[n]
                item_id = item_ids[n % len(item_ids)]
                position = 0
                kinds = [("repertoire", per_meeting[n]), ("verbatim", sizes.get(n, 0))]
                for source, count in kinds:
                    for _ in range(count):
                        position += 1
                        speaker = rng.choices(speaker_ids, weights)[0]
                        if source == "repertoire":
                            text = " ".join(rng.sample(sentences, rng.randint(1, 4)))
                        else:
                            text = next(speeches_made)
                        page = rng.randint(2, 40)
                        extra = {"date": date} if has_date else {}
                        yield statement_table.row(
                            meeting_id=meeting_id, item_id=item_id, speaker_id=speaker, label=names[speaker],
                            capacity="national", text=text, record=f"S/PV.{n + 1}", pages=str(page),
                            page_start=page, page_end=page, position=position, source=source,
                            source_key=f"{n + 1}-{position}", status="parsed", **extra,
                        )  # fmt: skip
                        made += 1
                        if made % 100_000 == 0:
                            print(f"bench:   {made:,} statements", flush=True)

        statement_table.write(rows_of_statements())
        loaded = time.perf_counter() - started
        print(f"bench: rows loaded in {loaded:.0f} s; building the search indexes", flush=True)
        with connection.cursor() as cursor:
            if rebuild:
                # Django's foreign keys are deferred: check them now, or PostgreSQL will not index.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for definition in rebuild:
                cursor.execute(definition)
    if connection.vendor == "sqlite":
        search.ensure_sqlite_index(connection)
        searchindex.ensure_sqlite_triggers(connection)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    else:
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*), avg(length(text)) FROM debates_statement WHERE source = 'verbatim'")
        n_speeches, mean = cursor.fetchone()
    built = {
        "speeches": n_speeches,
        "speech_mean_chars": round(mean or 0),
        "statements": statements,
        "meetings": n_meetings,
        "seconds": round(time.perf_counter() - started),
    }
    print(f"bench: built {built}", flush=True)
    return built


def size_of(connection) -> tuple[int, int]:
    """(speeches, short statements) in the database."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT coalesce(sum(CASE WHEN source = 'verbatim' THEN 1 ELSE 0 END), 0), "
            "coalesce(sum(CASE WHEN source = 'verbatim' THEN 0 ELSE 1 END), 0) FROM debates_statement"
        )
        return tuple(cursor.fetchone())


def ensure(speeches: int, statements: int, rebuild: bool = False) -> None:
    """Build unless the database already holds an archive of this size."""
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    if rebuild or size_of(connection) != (speeches, statements):
        build(speeches, statements)


def create_database() -> None:
    """Create the PostgreSQL database named by DATABASE_URL if it does not exist yet."""
    import psycopg
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    settings = connection.settings_dict
    with psycopg.connect(
        host=settings["HOST"] or None, port=settings["PORT"] or None, user=settings["USER"],
        password=settings["PASSWORD"] or None, dbname="postgres", autocommit=True,
    ) as conn:  # fmt: skip
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [settings["NAME"]]).fetchone():
            conn.execute(f'CREATE DATABASE "{settings["NAME"]}"')


def choose_database(small: bool) -> tempfile.TemporaryDirectory | None:
    """Set DATABASE_URL for a benchmark: a throw-away SQLite file for ``--small`` unless one is
    named, else the project's ``bench-archive.sqlite3``. Returns the temporary folder to keep."""
    scratch = None
    if small and not os.environ.get("DATABASE_URL"):
        scratch = tempfile.TemporaryDirectory()
        os.environ["DATABASE_URL"] = f"sqlite:///{scratch.name}/bench.sqlite3"
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'bench-archive.sqlite3'}")
    return scratch


# Production settings for a benchmark's server (never a real secret: the server is ours, on loopback).
SERVER_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "bench-only-" + "x" * 40,
    "ALLOWED_HOSTS": "127.0.0.1",
    "SECURE_SSL_REDIRECT": "0",
    "GUNICORN_ACCESS_LOG": "/dev/null",
}


@contextlib.contextmanager
def gunicorn(port: int, **env: str) -> Iterator[subprocess.Popen]:
    """The archive under gunicorn (``gunicorn.conf.py``) on 127.0.0.1:``port``, until the block ends."""
    gunicorn = Path(sys.executable).with_name("gunicorn")
    process = subprocess.Popen(
        [str(gunicorn), "repertoire.wsgi", "-c", "gunicorn.conf.py", "--bind", f"127.0.0.1:{port}"],
        cwd=ROOT, env={**os.environ, **SERVER_ENV, **env}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    sys.exit("bench: gunicorn did not start")
                time.sleep(0.2)
        yield process
    finally:
        process.terminate()
        process.wait(timeout=30)


def largest_meeting(connection) -> tuple[str, int]:
    """(slug, speeches) of the meeting with the most speeches: the benchmarks' meeting page."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT m.slug, count(*) FROM debates_statement s JOIN debates_meeting m ON m.id = s.meeting_id "
            "WHERE s.source = 'verbatim' GROUP BY m.slug ORDER BY count(*) DESC LIMIT 1"
        )
        return cursor.fetchone() or ("1", 0)
