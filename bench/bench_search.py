"""
Search, lists and the meeting page at the whole corpus's scale: the app beside hand-written SQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/repertoire_bench python bench/bench_search.py
    DATABASE_URL=sqlite:////tmp/repertoire_bench.sqlite3 python bench/bench_search.py
    python bench/bench_search.py --small        # a small archive in a temporary SQLite file (CI)

The archive (``bench/archive.py``: 106,302 speeches of mean 3.6 kB made of
real speeches, plus 1,000,000 short statements) is built once into the
database DATABASE_URL names, and rebuilt only if its size differs
(``--rebuild`` forces it). Each request is timed ``--repeat`` times through
Django's whole request cycle (routing, filters, queries, template; the page
cache off, so every request does the work) and, in turn with it, the
hand-written SQL that gives the same page: the same rows in the same order,
the same count or estimate, the same facets and highlighted extracts. It
prints p50/p95 of both, the ratio of the p95s (goal ≤ 1.3), whether the two
pages hold the same statements, and the goal (search p95 ≤ 50 ms on
PostgreSQL, ≤ 100 ms on SQLite; the meeting page ≤ 30 ms). It prints figures;
it asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "repertoire.settings")

MARKS = ("\ue000", "\ue001")


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


class HandSQL:
    """The page of a request, written directly in SQL for one database, following the same policy
    as the app (exact up to the limit, then an estimate; facets from a sample past the limit)."""

    def __init__(self, connection, limit: int, window: int, facet_sample: int):
        self.connection = connection
        self.pg = connection.vendor == "postgresql"
        self.limit, self.window, self.facet_sample = limit, window, facet_sample

    def run(self, sql: str, params=()) -> list[tuple]:
        with self.connection.cursor() as cursor:
            cursor.execute(sql, list(params))
            return cursor.fetchall() if cursor.description else []

    # -- the pieces of a request --

    def condition(self, spec: dict) -> tuple[str, list, str]:
        """(WHERE condition on s, its parameters, the FROM clause)."""
        where, params = ["TRUE" if self.pg else "1"], []
        source = "debates_statement s"
        if spec.get("q"):
            if self.pg:
                where.append(f"s.search_vector @@ ({spec['tsquery']})")
                params += spec["tsquery_params"]
                for pattern in spec.get("regex", []):
                    where.append("s.text ~* %s")
                    params.append(pattern)
            else:
                source = "debates_statement_fts f JOIN debates_statement s ON s.id = f.rowid"
                where.append("debates_statement_fts MATCH %s")
                params.append(spec["fts"])
                for pattern in spec.get("regex", []):
                    where.append("s.text REGEXP %s")
                    params.append("(?i)" + pattern.replace(r"\y", r"\b"))
        if spec.get("speaker_ids"):
            where.append(f"s.speaker_id IN ({', '.join(['%s'] * len(spec['speaker_ids']))})")
            params += spec["speaker_ids"]
        return " AND ".join(where), params, source

    def count(self, spec: dict) -> tuple[int, bool]:
        where, params, source = self.condition(spec)
        if self.pg:
            if spec.get("regex"):
                estimate = self.sample_count(spec)
            else:
                plan = self.run(f"EXPLAIN (FORMAT JSON) SELECT s.id FROM {source} WHERE {where}", params)[0][
                    0
                ]
                plan = json.loads(plan) if isinstance(plan, str) else plan
                estimate = plan[0]["Plan"]["Plan Rows"]
            if estimate > 4 * self.limit:
                return estimate, True
        found = self.run(f"SELECT s.id FROM {source} WHERE {where} LIMIT {self.limit + 1}", params)
        if len(found) <= self.limit:
            # Known by id: the page and the facets read these rows.
            self.ids = ", ".join(str(row[0]) for row in found) or "NULL"
            return len(found), False
        return (estimate if self.pg and estimate > self.limit else self.sample_count(spec)), True

    def ranges(self, fraction: float) -> tuple[str, float]:
        low, high = self.run("SELECT min(id), max(id) FROM debates_statement")[0]
        span = high - low + 1
        width = max(1, int(span * fraction / 256))
        parts = [
            f"id BETWEEN {low + int(n * span / 256)} AND {low + int(n * span / 256) + width - 1}"
            for n in range(256)
        ]
        return " OR ".join(parts), width * 256 / span

    def sampled(self, where: str, source: str, fraction: float) -> tuple[str, str, float]:
        """The query restricted to a sample: PostgreSQL reads stretches of ids first (a subquery
        it cannot merge), SQLite keeps every k-th match as FTS5 gives them."""
        if not self.pg:
            every = max(2, round(1 / fraction))
            column = "f.rowid" if "debates_statement_fts f" in source else "s.id"
            return f"{where} AND {column} %% {every} = 0", source, 1 / every
        ranges, fraction = self.ranges(fraction)
        table = f"(SELECT * FROM debates_statement WHERE {ranges} OFFSET 0) s"
        return where, source.replace("debates_statement s", table), fraction

    def sample_count(self, spec: dict) -> int:
        where, params, source = self.condition(spec)
        where, source, fraction = self.sampled(where, source, 0.02)
        return round(self.run(f"SELECT count(*) FROM {source} WHERE {where}", params)[0][0] / fraction)

    def page(self, spec: dict, capped: bool) -> list[tuple]:
        where, params, source = self.condition(spec)
        if self.ids and spec.get("regex"):
            where += f" AND s.id IN ({self.ids})"
        columns = "s.id, s.text, s.label, s.record, s.pages, sp.name, sp.slug, m.number, m.slug, m.date, m.record, it.title"
        joins = (
            f"{source} JOIN debates_meeting m ON m.id = s.meeting_id JOIN debates_speaker sp ON sp.id = s.speaker_id "
            "LEFT JOIN debates_item it ON it.id = s.item_id"
        )
        order_params = []
        if spec.get("q") and not spec.get("sort"):
            if self.pg:
                rank = f"ts_rank(s.search_vector, ({spec['tsquery']}))"
                order_params = spec["tsquery_params"]
            else:
                rank = "-bm25(debates_statement_fts)"
            order = f"{rank} DESC, m.date DESC, s.position"
            if capped:
                # SQLite: in FTS5's own order of ids, which it walks backwards itself.
                newest = "s.id" if self.pg else "f.rowid"
                recent_sql = (
                    f"SELECT s.id FROM {source} WHERE {where} ORDER BY {newest} DESC LIMIT {self.window}"
                )
                if self.pg and spec.get("regex"):
                    from django.db import transaction

                    # As the app does: walk the ids backwards rather than re-check every candidate.
                    with transaction.atomic():
                        self.run("SET LOCAL enable_bitmapscan = off")
                        recent = self.run(recent_sql, params)
                else:
                    recent = self.run(recent_sql, params)
                where += f" AND s.id IN ({', '.join(str(r[0]) for r in recent) or 'NULL'})"
        elif spec.get("sort") == "-date":
            order = "m.date DESC, m.number DESC, s.position"
        else:
            order = "m.date, m.number, s.position"
        sql = f"SELECT {columns} FROM {joins} WHERE {where} ORDER BY {order} LIMIT 25"
        return self.run(sql, params + order_params)

    def facets(self, spec: dict, total: int, capped: bool) -> tuple[list, list]:
        where, params, source = self.condition(spec)
        if self.ids:
            where, params, source = f"s.id IN ({self.ids})", [], "debates_statement s"
        fraction = 1.0
        if capped and total > self.facet_sample:
            where, source, fraction = self.sampled(where, source, min(self.facet_sample / total, 0.02))
        year = "EXTRACT(YEAR FROM m.date)" if self.pg else "CAST(strftime('%%Y', m.date) AS integer)"
        # One grouped query for every facet of the page: speaker, year, item, language, capacity,
        # source (the app's six, each a query of its own), counting statements.
        language = "CASE WHEN s.language = '' AND s.source = 'verbatim' THEN 'English' ELSE s.language END"
        grouped = self.run(
            f"SELECT s.speaker_id, {year} AS year, s.item_id, {language} AS spoken, s.capacity, s.source, count(*) "
            f"FROM {source} JOIN debates_meeting m ON m.id = s.meeting_id WHERE {where} "
            "GROUP BY s.speaker_id, year, s.item_id, spoken, s.capacity, s.source",
            params,
        )
        rows = [(speaker, year_, n) for speaker, year_, _, _, _, _, n in grouped]
        others: dict[tuple, int] = {}
        for _, _, item, spoken, capacity, origin, n in grouped:
            for key in (("item", item), ("language", spoken), ("capacity", capacity), ("source", origin)):
                others[key] = others.get(key, 0) + n
        items = [value for (kind, value), _ in others.items() if kind == "item" and value]
        if items:
            self.run(
                f"SELECT id, slug, title FROM debates_item WHERE id IN ({', '.join(str(i) for i in items)})"
            )
        speakers, years = {}, {}
        for speaker, year, n in rows:
            speakers[speaker] = speakers.get(speaker, 0) + n
            years[year] = years.get(year, 0) + n
        top = sorted(speakers.items(), key=lambda item: -item[1])[:40]
        names = self.run(
            f"SELECT id, name, slug, iso3 FROM debates_speaker WHERE id IN ({', '.join(str(pk) for pk, _ in top) or 'NULL'})"
        )
        return [(*name[1:], round(speakers[name[0]] / fraction)) for name in names], sorted(
            (y, round(n / fraction)) for y, n in years.items()
        )

    def headlines(self, spec: dict, ids: list[int]) -> list[tuple]:
        if not spec.get("q") or not ids:
            return []
        marks = ", ".join(str(i) for i in ids)
        if self.pg:
            options = (
                f"StartSel={MARKS[0]}, StopSel={MARKS[1]}, MaxWords=45, MinWords=20, MaxFragments=2, "
                'FragmentDelimiter=" … "'
            )
            return self.run(
                f"SELECT id, ts_headline('english', text, ({spec['headline_tsquery']}), %s) "
                f"FROM debates_statement WHERE id IN ({marks})",
                [*spec["headline_params"], options],
            )
        return self.run(
            "SELECT rowid, snippet(debates_statement_fts, -1, %s, %s, ' … ', 40) FROM debates_statement_fts "
            f"WHERE debates_statement_fts MATCH %s AND rowid IN ({marks})",
            [*MARKS, spec["headline_fts"]],
        )

    def statements_page(self, spec: dict) -> list[int]:
        self.ids = None
        total, capped = self.count(spec)
        rows = self.page(spec, capped)
        self.facets(spec, total, capped)
        self.headlines(spec, [row[0] for row in rows])
        return [row[0] for row in rows]

    def meeting_page(self, slug: str) -> list[int]:
        meeting = self.run(
            "SELECT m.id, m.number, m.date, m.record, m.title, p.name, p.slug FROM debates_meeting m "
            "LEFT JOIN debates_speaker p ON p.id = m.president_id WHERE m.slug = %s",
            [slug],
        )[0]
        # The outline of the whole meeting (the index of speakers), then the page's 30 statements,
        # a shared passage once, as the page shows them.
        outline = self.run(
            "SELECT s.id, s.group_key, s.record, sp.name, sp.slug FROM debates_statement s "
            "JOIN debates_speaker sp ON sp.id = s.speaker_id WHERE s.meeting_id = %s ORDER BY s.position, s.id",
            [meeting[0]],
        )
        shown, groups = [], set()
        for pk, group_key, *_ in outline:
            if group_key and group_key in groups:
                continue
            groups.add(group_key)
            shown.append(pk)
        page = shown[:30]
        ids = ", ".join(str(pk) for pk in page) or "NULL"
        rows = self.run(
            "SELECT s.id, s.text, s.label, s.person, s.capacity, s.record, s.pages, s.footnote, sp.name, sp.slug "
            "FROM debates_statement s JOIN debates_speaker sp ON sp.id = s.speaker_id "
            f"WHERE s.id IN ({ids}) ORDER BY s.position, s.id"
        )
        # Whom they speak for (a many-to-many since statements may speak for several).
        self.run(
            "SELECT ob.statement_id, sp.name FROM debates_statement_on_behalf_of ob "
            f"JOIN debates_speaker sp ON sp.id = ob.speaker_id WHERE ob.statement_id IN ({ids})"
        )
        self.run(
            "SELECT d.id, d.symbol, d.title, v.choice, vs.name FROM debates_decision d LEFT JOIN debates_vote v "
            "ON v.decision_id = d.id LEFT JOIN debates_speaker vs ON vs.id = v.speaker_id WHERE d.meeting_id = %s",
            [meeting[0]],
        )
        self.run(
            "SELECT i.title, i.slug FROM debates_item i JOIN debates_meeting_items mi ON mi.item_id = i.id "
            "WHERE mi.meeting_id = %s",
            [meeting[0]],
        )
        return [row[0] for row in rows]


class HandEngine:
    """The same page written by hand with the search index in front: the Tantivy calls made
    directly (the top 25; the six facets as one aggregation, which gives the count too),
    then the SQL for the page's rows by id, the facets' labels and the highlighted extracts
    (``HandSQL.headlines``). The query's words become Tantivy terms by the app's own translation
    (``searchindex.text_query``), which costs microseconds; everything that costs is here.
    The bench archive has no shared passages, so there are none to group."""

    def __init__(self, hand: HandSQL, searcher, schema):
        self.hand, self.searcher, self.schema = hand, searcher, schema

    def query(self, spec: dict):
        import tantivy

        from debates import searchindex
        from debates.search import parse_query

        Query, Occur = tantivy.Query, tantivy.Occur
        clauses = []
        if spec.get("speaker_ids"):
            ids = spec["speaker_ids"]
            speakers = (
                Query.term_query(self.schema, "speaker", ids[0])
                if len(ids) == 1
                else Query.term_set_query(self.schema, "speaker", ids)
            )
            clauses.append((Occur.Must, Query.const_score_query(speakers, 0.0)))
        if spec.get("q"):
            clauses += searchindex.text_query(parse_query(spec["q"]), self.schema)
        return Query.boolean_query(clauses)

    def statements_page(self, spec: dict) -> list[int]:
        import tantivy

        query, searcher = self.query(spec), self.searcher
        order = (
            None if spec.get("q") and not spec.get("sort") else ("newest" if spec.get("sort") else "chron")
        )
        sort = {"order_by_field": order, "order": tantivy.Order.Asc} if order else {}
        hits = searcher.search(query, 25, count=False, **sort).hits
        ids = searcher.fast_field_values("id", [address for _, address in hits])
        fields = {"speaker": "speaker", "year": "myear", "item": "item", "language": "spoken",
                  "capacity": "capacity", "source": "source"}  # fmt: skip
        facets = searcher.aggregate(
            query, {k: {"terms": {"field": f, "size": 65_000}} for k, f in fields.items()}
        )
        # Every statement has a source: its groups add up to the count.
        count = sum(bucket["doc_count"] for bucket in facets["source"]["buckets"])
        marks = ", ".join(str(pk) for pk in ids) or "NULL"
        rows = self.hand.run(
            "SELECT s.id, s.text, s.label, s.record, s.pages, sp.name, sp.slug, m.number, m.slug, m.date, "
            "m.record, it.title FROM debates_statement s JOIN debates_meeting m ON m.id = s.meeting_id "
            "JOIN debates_speaker sp ON sp.id = s.speaker_id LEFT JOIN debates_item it ON it.id = s.item_id "
            f"WHERE s.id IN ({marks})"
        )
        found_rows = {row[0]: row for row in rows}
        top = sorted(facets["speaker"]["buckets"], key=lambda b: -b["doc_count"])[:20]
        self.hand.run(
            "SELECT id, name, slug, iso3 FROM debates_speaker WHERE id IN "
            f"({', '.join(str(int(b['key'])) for b in top) or 'NULL'})"
        )
        items = [str(int(b["key"])) for b in facets["item"]["buckets"] if int(b["key"])]
        if items:
            self.hand.run(f"SELECT id, slug, title FROM debates_item WHERE id IN ({', '.join(items)})")
        self.hand.headlines(spec, ids)
        self.count = count
        return [pk for pk in ids if pk in found_rows]


def search_spec(q: str, pg_parts: list[tuple[str, str]], fts: str, regex=(), **extra) -> dict:
    """A request's query, written by hand for each database: ``pg_parts`` are (function, words)
    joined by the operator the query uses, ``fts`` the FTS5 expression."""
    tsquery, params = extra.pop("tsquery", None), []
    if tsquery is None:
        tsquery = " && ".join(f"{fn}('english', %s)" for fn, _ in pg_parts)
    params = [words for _, words in pg_parts]
    spec = {"q": q, "tsquery": tsquery, "tsquery_params": params, "fts": fts, "regex": list(regex)}
    # Highlights mark every word searched for, not the exclusions.
    positive = [
        (fn, words) for fn, words in pg_parts if not extra.get("excluded") or words not in extra["excluded"]
    ]
    spec["headline_tsquery"] = (" || " if extra.get("any") else " && ").join(
        f"{fn}('english', %s)" for fn, _ in positive
    )
    spec["headline_params"] = [words for _, words in positive]
    spec["headline_fts"] = extra.pop("headline_fts", fts)
    spec.update({k: v for k, v in extra.items() if k not in ("excluded", "any")})
    return spec


def requests(connection, rare: str, meeting: str) -> list[tuple[str, str, str, dict]]:
    from debates.models import Speaker

    fra = list(Speaker.objects.filter(iso3="FRA").values_list("pk", flat=True))
    pair = list(Speaker.objects.filter(iso3__in=["BRA", "IND"]).values_list("pk", "slug"))
    phrase = r"\yinternational\s+peace\s+and\s+security\y"
    return [
        ("common word", "search", "/statements/?q=security",
         search_spec("security", [("plainto_tsquery", "security")], '"security"')),
        ("rare word", "search", f"/statements/?q={rare}",
         search_spec(rare, [("plainto_tsquery", rare)], f'"{rare}"')),
        ("phrase", "search", "/statements/?q=%22international+peace+and+security%22",
         search_spec('"international peace and security"', [("phraseto_tsquery", "international peace and security")],
                     '"international peace and security"', regex=[phrase])),
        ("OR", "search", "/statements/?q=sanctions+OR+embargo",
         search_spec("sanctions OR embargo", [("plainto_tsquery", "sanctions"), ("plainto_tsquery", "embargo")],
                     '("sanctions" OR "embargo")',
                     tsquery="plainto_tsquery('english', %s) || plainto_tsquery('english', %s)", any=True)),
        ("exclusion", "search", "/statements/?q=sanctions+-iraq",
         search_spec("sanctions -iraq", [("plainto_tsquery", "sanctions"), ("plainto_tsquery", "iraq")],
                     '("sanctions") NOT ("iraq")', headline_fts='"sanctions"',
                     tsquery="plainto_tsquery('english', %s) && !!plainto_tsquery('english', %s)",
                     excluded=["iraq"])),
        ("country + word", "search", "/statements/?q=security&country=FRA",
         search_spec("security", [("plainto_tsquery", "security")], '"security"', speaker_ids=fra)),
        ("speakers + word", "search",
         "/statements/?q=sanctions&" + "&".join(f"speaker={slug}" for _, slug in pair),
         search_spec("sanctions", [("plainto_tsquery", "sanctions")], '"sanctions"',
                     speaker_ids=[pk for pk, _ in pair])),
        ("newest first", "search", "/statements/?q=security&sort=-date",
         search_spec("security", [("plainto_tsquery", "security")], '"security"', sort="-date")),
        ("by country", "list", "/statements/?country=FRA", {"speaker_ids": fra}),
        ("meeting page", "meeting", f"/meetings/{meeting}/", {"meeting": meeting}),
    ]  # fmt: skip


def rare_word(connection) -> str:
    """A word found in about a hundred statements."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT word FROM ts_stat('SELECT search_vector FROM debates_statement TABLESAMPLE SYSTEM (2)') "
                "WHERE length(word) > 5 AND word ~ '^[a-z]+$' AND ndoc = 2 ORDER BY word LIMIT 1"
            )
        else:
            cursor.execute(
                "CREATE VIRTUAL TABLE IF NOT EXISTS temp.bench_vocab USING fts5vocab(main, debates_statement_fts, row)"
            )
            cursor.execute(
                "SELECT term FROM temp.bench_vocab WHERE doc BETWEEN 80 AND 150 AND length(term) > 5 "
                "AND term NOT GLOB '*[^a-z]*' ORDER BY term LIMIT 1"
            )
        row = cursor.fetchone()
    return row[0] if row else "zanzibar"


def timed(repeat: int, *runs) -> list[list[float]]:
    """Each of ``runs`` called ``repeat`` times, in turn; the times of each in ms."""
    times: list[list[float]] = [[] for _ in runs]
    for _ in range(repeat):
        for run, into in zip(runs, times, strict=True):
            started = time.perf_counter()
            run()
            into.append((time.perf_counter() - started) * 1000)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--small", action="store_true", help="2,000 speeches and 20,000 statements")
    parser.add_argument("--speeches", type=int, default=106_302)
    parser.add_argument("--statements", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=30, help="timed requests per URL")
    parser.add_argument(
        "--fallback-repeat",
        type=int,
        default=None,
        help="timed requests per URL on the database path (default: --repeat)",
    )
    parser.add_argument("--rebuild", action="store_true", help="build the archive even if its size matches")
    args = parser.parse_args()
    if args.small:
        args.speeches, args.statements, args.repeat = 2_000, 20_000, min(args.repeat, 5)
    fallback_repeat = args.fallback_repeat or args.repeat
    import archive

    scratch = archive.choose_database(args.small)  # noqa: F841 - kept until the end

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment, teardown_test_environment

    from debates import paging, searchindex

    archive.create_database()
    archive.ensure(args.speeches, args.statements, rebuild=args.rebuild)
    settings.ALLOWED_HOSTS = ["*"]
    settings.DEBUG = False
    settings.REPERTOIRE_PAGE_CACHE = False
    # The benchmark's own index, beside its archive (a throw-away one for --small).
    index_home = None
    if not os.environ.get("SEARCH_INDEX_DIR") and args.small:
        index_home = tempfile.TemporaryDirectory()
    settings.SEARCH_INDEX_DIR = Path(
        os.environ.get("SEARCH_INDEX_DIR")
        or (
            Path(index_home.name) / "search-index"
            if index_home
            else ROOT / f"search-index-bench-{connection.vendor}"
        )
    )
    hand = HandSQL(connection, paging.COUNT_LIMIT, paging.RANK_WINDOW, paging.FACET_SAMPLE)
    engine_hand, index_note = None, "no search index (tantivy not installed)"
    if searchindex.tantivy is not None:
        started = time.perf_counter()
        figures = searchindex.apply_pending()
        index_note = (
            f"search index {settings.SEARCH_INDEX_DIR.name}: "
            + (
                f"built, {figures['rebuilt']:,} statements"
                if "rebuilt" in figures
                else f"{figures['changes']:,} changes applied"
            )
            + f" in {time.perf_counter() - started:.1f} s"
        )
        opened = searchindex.fresh_searcher(connection.alias)
        engine_hand = HandEngine(hand, *opened) if opened else None
    speeches, short = archive.size_of(connection)
    meeting, meeting_size = archive.largest_meeting(connection)
    rare = rare_word(connection)
    goals = {"search": 50 if hand.pg else 100, "list": 50 if hand.pg else 100, "meeting": 30}
    index = "GIN" if hand.pg else "FTS5"
    load = os.getloadavg()
    print(
        f"{connection.vendor} ({index}); {speeches:,} speeches + {short:,} short statements; rare word {rare!r}; "
        f"meeting {meeting} ({meeting_size} speeches)\n{index_note}\n"
        f"database path: counts exact up to {paging.COUNT_LIMIT:,}, then estimated; "
        f"load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f} on {os.cpu_count()} CPUs\n"
        "index: the app with the search index; by hand: the same page from Tantivy and SQL written "
        "directly;\ndatabase: the app with the index turned off (the fallback); SQL: the same page in "
        "hand-written SQL.\n"
    )
    print(f"{'request':16} {'index p50':>9} {'p95':>7} {'by hand':>7} {'ratio':>5}  {'database p95':>12} "
          f"{'SQL p95':>8} {'ratio':>5}  {'goal':>4}      same page  count (index)")  # fmt: skip
    client = Client()

    def read(url: str, kind: str) -> tuple[list[int], str, bool]:
        # With the test client's instrumentation, which the timed requests go without, to read the page.
        setup_test_environment()
        response = client.get(url)
        teardown_test_environment()
        if kind == "meeting":
            ids = [s.pk for section in response.context["sections"] for s in section["statements"]]
            return ids, f"{len(ids)} of {response.context['total']} statements (a page)", False
        page = response.context["page_obj"]
        shown = (f"about {page.estimate:,}" if page.capped else f"{page.paginator.count:,}") + (
            " (facets sampled)" if response.context.get("facets_estimated") else ""
        )
        return [s.pk for s in page], shown, page.engine

    for name, kind, url, spec in requests(connection, rare, meeting):
        if kind == "meeting":
            run_sql = lambda spec=spec: hand.meeting_page(spec["meeting"])  # noqa: E731
        else:
            run_sql = lambda spec=spec: hand.statements_page(spec)  # noqa: E731
        app = lambda url=url: client.get(url)  # noqa: E731
        columns = f"{'-':>9} {'-':>7} {'-':>7} {'-':>5}"
        same_index, shown, best = "-", "", None
        if engine_hand is not None and kind != "meeting":
            settings.SEARCH_ENGINE = True
            assert client.get(url).status_code == 200, url
            by_hand = lambda spec=spec: engine_hand.statements_page(spec)  # noqa: E731
            app_times, hand_times = timed(args.repeat, app, by_hand)
            app_ids, shown, used = read(url, kind)
            a50, a95, h95 = percentile(app_times, 50), percentile(app_times, 95), percentile(hand_times, 95)
            columns = f"{a50:9.1f} {a95:7.1f} {h95:7.1f} {a95 / h95:5.2f}"
            same_index = ("yes" if app_ids == by_hand() else "NO") if used else "not used"
            best = a95 if used else None
        settings.SEARCH_ENGINE = False
        assert client.get(url).status_code == 200, url
        db_times, sql_times = timed(fallback_repeat, app, run_sql)
        db_ids, db_shown, _ = read(url, kind)
        d95, s95 = percentile(db_times, 95), percentile(sql_times, 95)
        same_db = "yes" if db_ids == run_sql() else "NO"
        best = d95 if best is None else best
        verdict = "ok" if best <= goals[kind] else "SLOW"
        print(f"{name:16} {columns}  {d95:12.1f} {s95:8.1f} {d95 / s95:5.2f}  {goals[kind]:4} {verdict:4} "
              f"{same_index:>3}/{same_db:3}  {shown or db_shown} (database: {db_shown})   {url}", flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
