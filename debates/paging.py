"""
How lists count, rank and group what they find, within a page's time budget.

At the whole corpus's scale (a million statements, a hundred thousand long
speeches; ``bench/bench_search.py``), a common word matches half the archive.
Counting, ranking or grouping half a million rows costs far more than a page
may (see ``docs/search.md``). So a list:

* **counts** exactly up to ``COUNT_LIMIT`` matches, and past that says "about
  N", N estimated: by PostgreSQL's planner (which knows how often each word
  occurs), or by counting the matches in a sample of the archive (SQLite).
  On PostgreSQL an estimate far above the limit, once one row past the limit
  confirms it, skips the count altogether.
* **ranks** by relevance every match when there are at most ``COUNT_LIMIT``;
  past that, with the RUM index (optional, ``docs/search.md``) PostgreSQL
  still ranks them all, reading the ranking from the index; without it, the
  ``RANK_WINDOW`` most recent matches (by id, which follows ingestion) are
  ranked, and the page says so.
* **groups** (facets by speaker and year) every match up to ``COUNT_LIMIT``,
  and past that a sample of about ``FACET_SAMPLE`` matches spread evenly over
  the archive, scaled up and shown as "about".

``CappedPaginator`` holds the count; ``StatementQuerySet.facets`` the groups.
"""

from __future__ import annotations

import json
import math

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db import connections
from django.db.models import Max, Min
from django.utils.functional import cached_property

COUNT_LIMIT = getattr(settings, "REPERTOIRE_COUNT_LIMIT", 2_000)
RANK_WINDOW = getattr(settings, "REPERTOIRE_RANK_WINDOW", 2_000)
FACET_SAMPLE = getattr(settings, "REPERTOIRE_FACET_SAMPLE", 3_000)
# How many stretches of ids a sample is made of: enough that every year has some.
SAMPLE_STRETCHES = 256
# On PostgreSQL, an estimate this many times the limit is trusted without counting.
TRUST_ESTIMATE_ABOVE = 4


def about(n: float) -> int:
    """An estimate rounded to two significant figures: 123,456 → 120,000."""
    if n < 100:
        return round(n)
    scale = 10 ** (int(math.log10(n)) - 1)
    return int(round(n / scale) * scale)


def planner_estimate(qs) -> int | None:
    """PostgreSQL's estimate of how many rows ``qs`` returns (one EXPLAIN, no execution)."""
    connection = connections[qs.db]
    if connection.vendor != "postgresql":
        return None
    try:
        sql, params = qs.order_by().values("pk").query.sql_with_params()
    except EmptyResultSet:
        return 0
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])


def id_ranges(model, fraction: float, using: str) -> tuple[str, float] | None:
    """A sample of about ``fraction`` of ``model``'s rows: ``(SQL condition on its id, fraction)``.

    ``SAMPLE_STRETCHES`` stretches of ids evenly spread: ids follow ingestion, so
    the stretches spread over the years too. Each is read through the primary key.
    Costs a query (the smallest and largest id).
    """
    bounds = model._base_manager.using(using).aggregate(low=Min("pk"), high=Max("pk"))
    low, high = bounds["low"], bounds["high"]
    if low is None or fraction >= 1:
        return None
    span = high - low + 1
    width = max(1, int(span * fraction / SAMPLE_STRETCHES))
    step = span / SAMPLE_STRETCHES
    column = f'"{model._meta.db_table}"."{model._meta.pk.column}"'
    ranges = " OR ".join(
        f"{column} BETWEEN {low + int(n * step)} AND {low + int(n * step) + width - 1}"
        for n in range(SAMPLE_STRETCHES)
    )
    return ranges, min(1.0, width * SAMPLE_STRETCHES / span)


def in_sample(qs, fraction: float):
    """``qs`` restricted to a sample of its table (``id_ranges``), and the sample's fraction.

    The sample is read first, by its ids, and only its rows are matched: the
    table is replaced by a subquery that the database cannot merge into the
    search (``OFFSET 0``), so a common word's index entries are never read.
    Returns a ``RawQuerySet``-free tuple ``(sql, params, fraction)`` for a grouped
    or counting query built from ``qs``; None when the sample would be everything.
    """
    table = qs.model._meta.db_table
    if connections[qs.db].vendor == "sqlite":
        # SQLite reads a common word's matches from FTS5 quickly, and looks a row up by id
        # slowly: keep every k-th match (by its id, as FTS5 gives it) and join only those.
        if fraction >= 1:
            return None
        every = max(2, round(1 / fraction))
        searched = f"{table}_fts" in qs.query.extra_tables
        column = f'"{table}_fts".rowid' if searched else f'"{table}"."id"'
        sql, params = qs.extra(where=[f"{column} %% {every} = 0"]).query.sql_with_params()
        return sql, params, 1 / every
    sample = id_ranges(qs.model, fraction, qs.db)
    if sample is None:
        return None
    ranges, fraction = sample
    sql, params = qs.query.sql_with_params()
    # An OFFSET keeps either database from merging the subquery into the query (SQLite wants a LIMIT).
    offset = "OFFSET 0" if connections[qs.db].vendor == "postgresql" else "LIMIT -1 OFFSET 0"
    fenced = f'FROM (SELECT * FROM "{table}" WHERE {ranges} {offset}) AS "{table}"'
    return sql.replace(f'FROM "{table}"', fenced, 1), params, fraction


class CappedPaginator(Paginator):
    """Counts at most ``COUNT_LIMIT`` rows; past that, ``estimate`` says about how many there are.

    ``count`` (what can be paged through) stops at the limit; ``capped`` says
    it stopped; ``estimate`` is the exact count, or the estimate past the limit.
    """

    capped = False
    # Up to the limit, the ids of every row (see ``count``); None past it.
    ids = None
    # Kept for the API's ``count_is_unknown``: every list now has a count or an estimate.
    uncounted = False

    @property
    def limit(self) -> int:
        return COUNT_LIMIT

    @cached_property
    def estimate(self) -> int:
        self.count  # noqa: B018 - sets the estimate
        return self._estimate

    @cached_property
    def count(self) -> int:
        qs = self.object_list
        planned = None
        if hasattr(qs, "query") and connections[qs.db].vendor == "postgresql":
            # The planner knows how often each word occurs, not how often a phrase does.
            planned = sample_count(qs) if getattr(qs, "_search_phrases", False) else planner_estimate(qs)
        if planned is not None and planned > TRUST_ESTIMATE_ABOVE * self.limit and self._beyond_limit(qs):
            self.capped = True
            self._estimate = about(planned)
            return self.limit
        # The ids themselves, not a count: up to the limit, the page and the facets then read
        # these rows by id instead of matching the whole query again (a phrase's regular
        # expression re-checked over every candidate, each time).
        ids = list(qs.order_by().values_list("pk", flat=True)[: self.limit + 1])
        found = len(ids)
        self.capped = found > self.limit
        if not self.capped:
            self.ids = ids
            self._estimate = found
            return found
        # The planner's figure when it agrees that there are many (it knows little of a table
        # not yet analysed), else a sample's.
        sampled = planned if planned is not None and planned > self.limit else sample_count(qs)
        self._estimate = max(about(sampled or 0), self.limit + 1)
        return self.limit

    def _beyond_limit(self, qs) -> bool:
        """Whether ``qs`` holds more rows than the limit: one row looked up past it.

        The planner's figure comes from statistics that a table bloated by dead rows, or
        not analysed since it changed, can inflate many times over; a count shown as
        "about 10,000" for a speaker with one statement would be worse than slow. This
        reads at most ``limit + 1`` index entries and returns no rows but one.
        """
        return qs.order_by().values("pk")[self.limit : self.limit + 1].exists()


def sample_count(qs) -> int | None:
    """About how many rows ``qs`` holds, from the rows of a 2 % sample (``in_sample``)."""
    sampled = in_sample(qs.order_by().values("pk"), 0.02)
    if sampled is None:
        return None
    sql, params, fraction = sampled
    with connections[qs.db].cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM ({sql}) AS sampled", params)
        return round(cursor.fetchone()[0] / fraction)
