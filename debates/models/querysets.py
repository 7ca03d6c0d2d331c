"""
Full-text search shared by decisions and statements.
"""

from __future__ import annotations

from django.db import connections, models, transaction
from django.db.models import Q
from django.db.models.expressions import RawSQL


class SearchQuerySet(models.QuerySet):
    """Full-text search, shared by statements and decisions (see ``debates.search``)."""

    def _vendor(self) -> str:
        return connections[self.db].vendor

    def _vector(self):
        from django.contrib.postgres.search import SearchVectorField

        # The column is created by migration 0002_search_index on PostgreSQL only, so it is
        # not a model field.
        return RawSQL(f'"{self.model._meta.db_table}"."search_vector"', [], output_field=SearchVectorField())

    def _index_matches(self, parsed, clauses):
        """A condition: the index finds these clauses (used to re-check OR clauses holding a phrase).

        On PostgreSQL it tests the row's own ``search_vector`` alias, which
        ``search()`` has already added.
        """
        table = self.model._meta.db_table
        if self._vendor() == "postgresql":
            return Q(search_vector=parsed.tsquery(clauses, []))
        fts = f"{table}_fts"
        return Q(pk__in=RawSQL(f"SELECT rowid FROM {fts} WHERE {fts} MATCH %s", [parsed.fts5(clauses, [])]))

    def _phrase_q(self, parsed, term) -> Q:
        pattern = parsed.phrase_regex(term, self._vendor())
        condition = Q()
        for column in self.model.SEARCH_COLUMNS:
            condition |= Q(**{f"{column}__iregex": pattern})
        return condition

    def search(self, query):
        """Rows matching a search query, annotated with ``rank`` (higher is more relevant).

        ``query`` is what the user typed or a ``ParsedQuery``; a malformed
        query raises ``debates.search.QuerySyntaxError``. Phrases are matched
        as written: the index finds candidates, a regular expression keeps
        those that contain the exact words.
        """
        from ..search import ParsedQuery, parse_query

        parsed = query if isinstance(query, ParsedQuery) else parse_query(query)
        table = self.model._meta.db_table
        if self._vendor() == "postgresql":
            from django.contrib.postgres.search import SearchRank

            tsquery = parsed.tsquery()
            qs = self.alias(search_vector=self._vector()).filter(search_vector=tsquery)
            # An alias, not an annotation: ts_rank reads each match's whole tsvector (stored
            # out of line for a long speech), so it is computed only when the order asks for it.
            qs = qs.alias(rank=SearchRank(self._vector(), tsquery))
        else:
            fts = f"{table}_fts"
            qs = self.extra(
                tables=[fts],
                where=[f"{fts}.rowid = {table}.id", f"{fts} MATCH %s"],
                params=[parsed.fts5()],
                # bm25() is lower for better matches.
                select={"rank": f"-bm25({fts})", "search_rowid": f"{fts}.rowid"},
            )
        for clause in parsed.clauses:
            phrases = [term for term in clause if term.is_phrase]
            if not phrases:
                continue
            condition = Q()
            for term in phrases:
                condition |= self._phrase_q(parsed, term)
            words = [[term] for term in clause if not term.is_phrase]
            for word in words:
                condition |= self._index_matches(parsed, [word])
            qs = qs.filter(condition)
        for term in parsed.excluded_phrases:
            qs = qs.exclude(self._phrase_q(parsed, term))
        # A phrase is re-checked by a regular expression, whose selectivity no planner knows.
        qs._search_phrases = bool(parsed.phrases or parsed.excluded_phrases)
        return qs

    def _clone(self):
        clone = super()._clone()
        clone._search_phrases = getattr(self, "_search_phrases", False)
        return clone

    def recent_matches(self, n: int):
        """The ``n`` matches with the highest ids (the most recently ingested), as a condition.

        Costs a query: the ids are fetched first (the search column cannot be referred to from
        a subquery), which also lets the database walk the ids backwards and stop at ``n``.
        """
        # SQLite: in the order of the FTS5 index's own rowids (the statements' ids), which FTS5
        # walks backwards itself, instead of sorting every match by the table's id.
        order = "-search_rowid" if "search_rowid" in self.query.extra else "-pk"
        recent = self.order_by(order).values_list("pk", flat=True)[:n]
        if not (getattr(self, "_search_phrases", False) and connections[self.db].vendor == "postgresql"):
            return Q(pk__in=list(recent))
        # A phrase's regular expression makes PostgreSQL think it is rare: it would re-check
        # every candidate the index gives (seconds for a common phrase) before keeping the
        # newest. Walking the ids backwards stops after ``n`` matches.
        with transaction.atomic(using=self.db), connections[self.db].cursor() as cursor:
            cursor.execute("SET LOCAL enable_bitmapscan = off")
            return Q(pk__in=list(recent))

    def headlines(self, query, pks) -> dict:
        """Highlighted extracts for these rows only (one query): ``{pk: SafeString}``."""
        from ..search import MARK_END, MARK_START, ParsedQuery, mark_snippet, parse_query

        parsed = query if isinstance(query, ParsedQuery) else parse_query(query)
        pks = list(pks)
        if not pks:
            return {}
        # Phrases are highlighted too, by their words.
        clauses = parsed.clauses
        if self._vendor() == "postgresql":
            from django.contrib.postgres.search import SearchHeadline
            from django.db.models import Value
            from django.db.models.functions import Concat

            columns = self.model.SEARCH_COLUMNS
            document = (
                columns[0]
                if len(columns) == 1
                else Concat(
                    *[part for column in columns for part in (column, Value(" \n "))][:-1],
                    output_field=models.TextField(),
                )
            )
            rows = (
                self.model.objects.filter(pk__in=pks)
                .annotate(
                    headline=SearchHeadline(
                        document,
                        parsed.tsquery(clauses, []),
                        config="english",
                        start_sel=MARK_START,
                        stop_sel=MARK_END,
                        max_words=45,
                        min_words=20,
                        max_fragments=2,
                        fragment_delimiter=" … ",
                    )
                )
                .values_list("pk", "headline")
            )
        else:
            table = self.model._meta.db_table
            fts = f"{table}_fts"
            placeholders = ", ".join(["%s"] * len(pks))
            with connections[self.db].cursor() as cursor:
                cursor.execute(
                    f"SELECT rowid, snippet({fts}, -1, %s, %s, ' … ', 40) FROM {fts} "
                    f"WHERE {fts} MATCH %s AND rowid IN ({placeholders})",
                    [MARK_START, MARK_END, parsed.fts5(clauses, []), *pks],
                )
                rows = cursor.fetchall()
        return {pk: mark_snippet(text or "") for pk, text in rows}
