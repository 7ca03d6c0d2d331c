"""
Full-text search over statements and decisions, the same on PostgreSQL and SQLite.

People type queries the way they type them into any search box: words (all
must match, stemmed: ``sanction`` finds "sanctions"), ``"exact phrase"``
(matched as written, case aside), ``OR`` between two terms, and ``-word`` or
``-"a phrase"`` to exclude. ``parse_query`` turns that into a ``ParsedQuery``
or raises ``QuerySyntaxError`` with a message meant for the person who typed
it; the backends then translate the parsed query:

* PostgreSQL: a stored, generated ``search_vector`` column with a GIN index
  (created by migration 0002_search_index on PostgreSQL only), matched with
  ``plainto_tsquery``/``phraseto_tsquery`` combined by ``&&``, ``||``, ``!!``,
  ranked with ``ts_rank`` and highlighted with ``ts_headline``.
* SQLite: an external-content FTS5 table kept in sync by triggers (same
  migration, SQLite only), matched with an FTS5 expression, ranked with
  ``bm25()`` and highlighted with ``snippet()``.

Both stem words (Snowball English on PostgreSQL, Porter on SQLite), so a
phrase is matched by the index first and then checked against the text as
written with a case-insensitive regular expression: ``"security councils"``
does not find "Security Council". English stop words are dropped from the
words of a query on both backends (PostgreSQL does not index them), so that
a query means the same thing on both.

Highlights are made of two private-use characters that the database inserts
around each match; ``mark_snippet`` escapes the text and only then turns them
into ``<mark>`` elements, so nothing from the data or the query reaches a page
unescaped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Around each match in a headline or snippet; escaped text never contains them.
MARK_START = "\ue000"
MARK_END = "\ue001"

MAX_QUERY_LENGTH = 500
MAX_TERMS = 24

# PostgreSQL's English stop words (tsearch_data/english.stop): it does not
# index them, so they are dropped from the words of a query on both backends.
STOP_WORDS = frozenset(
    """
    i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she her
    hers herself it its itself they them their theirs themselves what which who whom this that these
    those am is are was were be been being have has had having do does did doing a an the and but if or
    because as until while of at by for with about against between into through during before after
    above below to from up down in out on off over under again further then once here there when where
    why how all any both each few more most other some such no nor not only own same so than too very s
    t can will just don should now
    """.split()  # noqa: SIM905 - the list as PostgreSQL ships it, one block
)

WORD_RE = re.compile(r"\w+")
TOKEN_RE = re.compile(r'\s*(-?)(?:"([^"]*)("?)|(\S+))')


class QuerySyntaxError(ValueError):
    """A search query that cannot be understood; the message is shown to the user."""


@dataclass(frozen=True)
class Term:
    """One searchable unit: a word, or a phrase to match as written."""

    words: tuple[str, ...]
    phrase: str = ""  # the phrase as typed, for the exact re-check; empty for a word

    @property
    def is_phrase(self) -> bool:
        return bool(self.phrase)


@dataclass
class ParsedQuery:
    """``clauses`` must all match (each clause: any of its terms); ``excluded`` must not."""

    clauses: list[list[Term]] = field(default_factory=list)
    excluded: list[Term] = field(default_factory=list)

    @property
    def phrases(self) -> list[Term]:
        return [term for clause in self.clauses for term in clause if term.is_phrase]

    def phrase_regex(self, term: Term, vendor: str) -> str:
        """A case-insensitive pattern matching the phrase as written, on whole words.

        PostgreSQL's regular expressions write a word boundary ``\\y``, Python's
        (which Django lends SQLite for REGEXP) ``\\b``.
        """
        boundary = r"\y" if vendor == "postgresql" else r"\b"
        parts = [re.escape(part) for part in term.phrase.split()]
        pattern = r"\s+".join(parts)
        if re.match(r"\w", term.phrase):
            pattern = boundary + pattern
        if re.search(r"\w$", term.phrase):
            pattern = pattern + boundary
        return pattern

    @property
    def excluded_words(self) -> list[Term]:
        # Excluded phrases are checked against the text as written instead:
        # the index, which stems, would exclude more than asked.
        return [term for term in self.excluded if not term.is_phrase]

    @property
    def excluded_phrases(self) -> list[Term]:
        return [term for term in self.excluded if term.is_phrase]

    def fts5(self, clauses: list[list[Term]] | None = None, excluded: list[Term] | None = None) -> str:
        """The FTS5 MATCH expression: quoted strings, so no FTS5 syntax from the user survives."""

        def quoted(term: Term) -> str:
            return '"' + " ".join(term.words) + '"'

        clauses = self.clauses if clauses is None else clauses
        excluded = self.excluded_words if excluded is None else excluded
        ands = []
        for clause in clauses:
            alternatives = [quoted(term) for term in clause]
            ands.append(alternatives[0] if len(alternatives) == 1 else "(" + " OR ".join(alternatives) + ")")
        expression = " AND ".join(ands)
        if excluded:
            expression = f"({expression}) NOT (" + " OR ".join(quoted(t) for t in excluded) + ")"
        return expression

    def tsquery(self, clauses: list[list[Term]] | None = None, excluded: list[Term] | None = None):
        """The PostgreSQL query: ``plainto_tsquery``/``phraseto_tsquery`` joined by ``&&``, ``||``, ``!!``.

        Each term is passed as a parameter, never as tsquery syntax.
        """
        from django.contrib.postgres.search import SearchQuery

        def one(term: Term) -> SearchQuery:
            kind = "phrase" if term.is_phrase else "plain"
            return SearchQuery(" ".join(term.words), search_type=kind, config=PG_CONFIG)

        clauses = self.clauses if clauses is None else clauses
        excluded = self.excluded_words if excluded is None else excluded
        query = None
        for clause in clauses:
            alternatives = None
            for term in clause:
                alternatives = one(term) if alternatives is None else alternatives | one(term)
            query = alternatives if query is None else query & alternatives
        for term in excluded:
            query = query & ~one(term)
        return query


def _term(words: list[str], phrase: str, original: str) -> Term | None:
    if phrase:
        if not words:
            raise QuerySyntaxError(f"The phrase “{original}” has no words to search for.")
        if all(word in STOP_WORDS for word in words):
            raise QuerySyntaxError(f"The phrase “{original}” is made only of words too common to search for.")
        return Term(tuple(words), phrase=" ".join(phrase.split()))
    # A typed word with punctuation inside ("peace-keeping", "S/PV.5007")
    # is searched as the phrase of its parts.
    if len(words) > 1:
        return Term(tuple(words), phrase=original)
    if not words or words[0] in STOP_WORDS:
        return None
    return Term(tuple(words))


def parse_query(text: str) -> ParsedQuery:
    """Parse what a user typed; raise ``QuerySyntaxError`` with a helpful message."""
    text = text.strip()
    if len(text) > MAX_QUERY_LENGTH:
        raise QuerySyntaxError(f"The query is too long: keep it under {MAX_QUERY_LENGTH} characters.")
    if text.count('"') % 2:
        raise QuerySyntaxError('A quotation mark is not closed: put exact phrases between two " marks.')

    parsed = ParsedQuery()
    pending_or = False
    dropped = []
    for match in TOKEN_RE.finditer(text):
        negate, phrase, _closing, bare = match.groups()
        if bare == "OR" and not negate:
            if not parsed.clauses or pending_or:
                raise QuerySyntaxError(
                    "OR must stand between two words or phrases, as in: sanctions OR embargo."
                )
            pending_or = True
            continue
        original = phrase if phrase is not None else bare
        if (negate and not original) or bare == "-":
            raise QuerySyntaxError(
                "A minus sign must be followed by the word or phrase to exclude, as in: -nuclear."
            )
        words = [word.casefold() for word in WORD_RE.findall(original or "")]
        term = _term(words, phrase or "", original or "")
        if term is None:
            if original and not words:
                raise QuerySyntaxError(f"“{original}” has no letters or digits to search for.")
            dropped.append(original)
            if pending_or:
                raise QuerySyntaxError(f"“{original}” is too common a word to search for after OR.")
            continue
        if negate:
            if pending_or:
                raise QuerySyntaxError("OR cannot be followed by an excluded term.")
            parsed.excluded.append(term)
        elif pending_or:
            parsed.clauses[-1].append(term)
            pending_or = False
        else:
            parsed.clauses.append([term])
    if pending_or:
        raise QuerySyntaxError("OR must stand between two words or phrases, as in: sanctions OR embargo.")
    if sum(len(c) for c in parsed.clauses) + len(parsed.excluded) > MAX_TERMS:
        raise QuerySyntaxError(f"The query has too many terms: use at most {MAX_TERMS}.")
    if not parsed.clauses:
        if parsed.excluded:
            raise QuerySyntaxError("Say what to find as well as what to exclude, as in: sanctions -Iraq.")
        if dropped:
            raise QuerySyntaxError(
                "The words “" + " ".join(dropped) + "” are too common to search for: "
                "add a more specific word, or put them in quotes as a phrase."
            )
        raise QuerySyntaxError("Type a word or a phrase to search for.")
    return parsed


def mark_snippet(snippet: str) -> SafeString:
    """Escape a headline or snippet, then turn the database's match markers into ``<mark>``."""
    html = escape(snippet).replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")
    # Markers the text itself happened to contain must not leave an element open, nor close
    # one that is not: they must alternate, start first.
    markers = [m for m in snippet if m in (MARK_START, MARK_END)]
    if markers != [MARK_START, MARK_END] * (len(markers) // 2) or len(markers) % 2:
        html = escape(snippet.replace(MARK_START, "").replace(MARK_END, ""))
    return mark_safe(html)  # noqa: S308 - escaped on the line above


# --- The index: one definition per backend, used by migration 0002_search_index and by
# ``ensure_sqlite_index`` (SQLite rebuilds a table when a later migration
# alters it, which drops its triggers). ---

# Punctuation becomes a space before PostgreSQL parses the text: its parser
# would otherwise index "S/PV.5007" as a file path and "peace-keeping" as a
# compound, where FTS5 (and the query parser above) see separate words.
PG_DOCUMENT = "regexp_replace({columns}, '[^[:alnum:]]+', ' ', 'g')"
PG_CONFIG = "english"

# (table, columns indexed)
INDEXED = {
    "debates_statement": ("text",),
    "debates_decision": ("title", "summary", "text"),
}


def postgresql_forwards() -> list[str]:
    sql = []
    for table, columns in INDEXED.items():
        joined = " || ' ' || ".join(f"coalesce({column}, '')" for column in columns)
        document = PG_DOCUMENT.format(columns=joined)
        index = table.removeprefix("debates_") + "_search_vector_idx"
        sql += [
            f"ALTER TABLE {table} ADD COLUMN search_vector tsvector GENERATED ALWAYS AS "
            f"(to_tsvector('{PG_CONFIG}'::regconfig, {document})) STORED",
            f"CREATE INDEX {index} ON {table} USING gin (search_vector)",
        ]
    return sql


def postgresql_backwards() -> list[str]:
    return [f"ALTER TABLE {table} DROP COLUMN search_vector" for table in INDEXED]


def sqlite_triggers(table: str) -> list[str]:
    columns = INDEXED[table]
    fts = f"{table}_fts"
    names = ", ".join(columns)
    new = ", ".join(f"new.{c}" for c in columns)
    old = ", ".join(f"old.{c}" for c in columns)
    delete = f"INSERT INTO {fts}({fts}, rowid, {names}) VALUES ('delete', old.id, {old});"
    insert = f"INSERT INTO {fts}(rowid, {names}) VALUES (new.id, {new});"
    return [
        f"CREATE TRIGGER IF NOT EXISTS {fts}_ai AFTER INSERT ON {table} BEGIN {insert} END",
        f"CREATE TRIGGER IF NOT EXISTS {fts}_ad AFTER DELETE ON {table} BEGIN {delete} END",
        f"CREATE TRIGGER IF NOT EXISTS {fts}_au AFTER UPDATE OF {names} ON {table} "
        f"BEGIN {delete} {insert} END",
    ]


def sqlite_forwards() -> list[str]:
    sql = []
    for table, columns in INDEXED.items():
        fts = f"{table}_fts"
        # Diacritics are kept, as PostgreSQL's english configuration keeps them.
        sql.append(
            f"CREATE VIRTUAL TABLE {fts} USING fts5({', '.join(columns)}, content='{table}', "
            f"content_rowid='id', tokenize='porter unicode61 remove_diacritics 0')"
        )
        sql += sqlite_triggers(table)
        sql.append(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")
    return sql


def sqlite_backwards() -> list[str]:
    return [f"DROP TABLE IF EXISTS {table}_fts" for table in INDEXED]


def ensure_sqlite_index(connection) -> list[str]:
    """Recreate FTS5 triggers that a table rebuild dropped, and re-index; return the tables fixed."""
    if connection.vendor != "sqlite":
        return []
    fixed = []
    with connection.cursor() as cursor:
        for table in INDEXED:
            fts = f"{table}_fts"
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name = %s", [fts])
            if cursor.fetchone() is None:
                continue  # migration 0002_search_index not applied yet
            cursor.execute(
                "SELECT count(*) FROM sqlite_master "
                "WHERE type = 'trigger' AND tbl_name = %s AND name LIKE %s",
                [table, f"{fts}_a_"],
            )
            if cursor.fetchone()[0] >= 3:
                continue
            for statement in sqlite_triggers(table):
                cursor.execute(statement)
            cursor.execute(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")
            fixed.append(table)
    return fixed
