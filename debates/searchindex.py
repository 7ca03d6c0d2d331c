"""
The statements' search index: Tantivy, an embedded search library, in front of the database.

At the whole corpus's scale (``bench/bench_search.py``: a million short statements and a
hundred thousand long speeches), ranking, counting and grouping half a million matches in the
database costs seconds (``docs/search.md``). An inverted index built for it answers every
statement list in a few milliseconds, with exact counts and facets for any query. The database
then reads only the rows of the page, by id. The index is optional (``tantivy`` from PyPI,
``SEARCH_INDEX_DIR``): without it, or whenever it cannot be trusted, lists are answered by the
database as before (``debates.search``, ``debates.paging``), which stays correct.

Never stale. Every change to an indexed statement is written to ``SearchChange`` (the outbox) by
database triggers, in the change's own transaction (migration 0011). ``manage.py searchindex``
applies the outbox in order, as a single writer (a file lock), and stores in the index, with the
documents, the last change applied and the token of the database (``SearchOrigin``). A list is
answered from the index only when both match the database it reads from, at that moment;
otherwise (an ingest not yet applied, a replica behind or ahead, another database) the database
answers. Each committed change of the archive applies the outbox once the transaction commits
(``debates.caching``), so the index is behind only while that runs.

Layout of ``SEARCH_INDEX_DIR``: ``current`` (a symlink to the index in use), ``index-*``
(indexes; a rebuild writes a new one and swaps the link, so a reader never sees half an index),
``writer.lock``. Several web processes or hosts may read one index (a shared volume) or each
host may keep its own (``docs/search.md``).

Queries mean what they mean on the database (``debates.search``): words are stemmed (Snowball
English, as PostgreSQL's ``english``), a phrase is matched as written, case aside, on a second
field that keeps every word unstemmed and every punctuation mark as a token, so that
``"security council"`` does not find "security, council" nor "Security Councils". A phrase
with punctuation inside (``"S/PV.5007"``) and the ``person`` filter (a substring) are left to the
database, which matches them by a regular expression and ``LIKE``.
"""

from __future__ import annotations

import contextlib
import datetime
import fcntl
import itertools
import logging
import os
import re
import secrets
import shutil
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from django.conf import settings
from django.db import connections, router

from .models import ENGLISH, Item, Meeting, SearchChange, SearchOrigin, Speaker, Statement
from .search import STOP_WORDS, ParsedQuery, QuerySyntaxError, parse_query

try:
    import tantivy
except ImportError:  # optional: the database answers every list without it
    tantivy = None

logger = logging.getLogger(__name__)

# How the layout's parts are named.
CURRENT = "current"
LOCK = "writer.lock"
# Bumped when the schema or the analysis changes: an index of another format is rebuilt.
FORMAT = 2
# Joins the two words of a pair in the ``pairs`` field (a character no text holds).
PAIR = "\x01"
# Statements of shared passages (one Repertoire paragraph cited for several speakers) are
# grouped in Python (one row per passage); past this many matching, the database answers.
SHARED_LIMIT = 5_000
# Outbox rows applied per index commit.
BATCH = 20_000
DOC_STATEMENT, DOC_META = 1, 2
# The order keys pack (meeting date, meeting number, position) into one integer.
BITS = 20
TOP = (1 << BITS) - 1
# Phrases of words and spaces only; anything else is matched by the database's regular expression.
PLAIN_PHRASE = re.compile(r"^[\w\s]+$")


def available() -> bool:
    """Whether lists may be answered from the index at all (the library installed, not turned off)."""
    return tantivy is not None and getattr(settings, "SEARCH_ENGINE", True)


def index_dir() -> Path:
    return Path(settings.SEARCH_INDEX_DIR)


# --- Schema and analysis ---


def _analyzers() -> dict:
    stem = (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.remove_long(80))
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.stemmer("english"))
        .build()
    )
    # Words unstemmed, and each punctuation mark a token of its own: a phrase's words must
    # follow one another with nothing but spaces between them, as the database's
    # regular expression (``ParsedQuery.phrase_regex``) requires.
    exact = tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.regex(r"\w+|[^\w\s]")).filter(
        tantivy.Filter.lowercase()
    )
    return {"stem": stem, "exact": exact.build()}


def _schema():
    builder = tantivy.SchemaBuilder()
    builder.add_unsigned_field("doc", indexed=True)
    builder.add_unsigned_field("id", stored=True, indexed=True, fast=True)
    builder.add_text_field("text", tokenizer_name="stem", index_option="freq")
    builder.add_text_field("exact", tokenizer_name="exact", index_option="freq")
    # Each two neighbouring tokens of ``exact`` as one: a phrase is a phrase of rare pairs, not
    # of words as common as "and", whose every position would otherwise be read.
    builder.add_text_field("pairs", tokenizer_name="whitespace", index_option="position")
    for name in ("speaker", "item", "meeting", "myear", "position", "chron", "newest", "shared"):
        builder.add_unsigned_field(name, stored=True, indexed=True, fast=True)
    builder.add_unsigned_field("behalf", indexed=True)
    builder.add_integer_field("date", indexed=True, fast=True)
    for name in ("capacity", "source", "status", "spoken"):
        builder.add_text_field(name, stored=True, fast=True, tokenizer_name="raw")
    builder.add_text_field("language", tokenizer_name="raw")  # spoken, casefolded: the filter
    builder.add_text_field("passage", stored=True, tokenizer_name="raw")
    # The meta document: the database's token, the last change applied, the format.
    builder.add_text_field("token", stored=True, tokenizer_name="raw")
    builder.add_unsigned_field("applied", stored=True)
    builder.add_unsigned_field("format", stored=True)
    return builder.build()


def _open(path: Path):
    """The index at ``path``; ``ValueError`` if it is of another schema (an older format)."""
    index = tantivy.Index(_schema(), path=str(path), reuse=True)
    for name, analyzer in _analyzers().items():
        index.register_tokenizer(name, analyzer)
    return index


def order_keys(meeting_date: datetime.date, number: int | None, position: int) -> tuple[int, int]:
    """(chron, newest): ascending keys for oldest first (date, number, position) and newest first
    (date and number descending, position ascending), the lists' own orders."""
    day = min(meeting_date.toordinal(), TOP)
    number = min(number or 0, TOP)
    position = min(position, TOP)
    return (day << 2 * BITS) | (number << BITS) | position, ((TOP - day) << 2 * BITS) | (
        (TOP - number) << BITS
    ) | position


def spoken(language: str, source: str) -> str:
    """As ``StatementQuerySet.spoken_language``: English for a verbatim speech with no note."""
    return language or (ENGLISH if source == Statement.Source.VERBATIM else "")


def _documents(statement_ids, using: str) -> Iterator[tuple[int, object]]:
    """``(id, tantivy.Document)`` for these statements (or every one, ``statement_ids=None``), as
    the database ``using`` holds them now, read in batches from an iterator."""
    rows = Statement.objects.using(using).order_by()
    if statement_ids is not None:
        rows = rows.filter(pk__in=statement_ids)
    fields = ("id", "text", "speaker_id", "item_id", "meeting_id", "meeting__date", "meeting__number", "date",
              "position", "capacity", "source", "status", "language", "group_key")  # fmt: skip
    through = Statement.on_behalf_of.through
    batch: list[tuple] = []

    def flush():
        behalf: dict[int, list[int]] = {}
        ids = [row[0] for row in batch]
        for statement_id, speaker_id in (
            through.objects.using(using)
            .filter(statement_id__in=ids)
            .values_list("statement_id", "speaker_id")
        ):
            behalf.setdefault(statement_id, []).append(speaker_id)
        for row in batch:
            (pk, text, speaker, item, meeting, meeting_date, number, day, position, capacity, source,
             status, language, group_key) = row  # fmt: skip
            chron, newest = order_keys(meeting_date, number, position)
            said = spoken(language, source)
            document = tantivy.Document()
            document.add_unsigned("doc", DOC_STATEMENT)
            document.add_unsigned("id", pk)
            document.add_text("text", text)
            document.add_text("exact", text)
            document.add_text("pairs", pairs(text))
            numbers = {"speaker": speaker, "item": item or 0, "meeting": meeting, "myear": meeting_date.year,
                       "position": min(position, TOP), "chron": chron, "newest": newest,
                       "shared": int(bool(group_key))}  # fmt: skip
            for name, value in numbers.items():
                document.add_unsigned(name, value)
            for speaker_id in behalf.get(pk, ()):
                document.add_unsigned("behalf", speaker_id)
            document.add_integer("date", day.toordinal())
            document.add_text("capacity", capacity)
            document.add_text("source", source)
            document.add_text("status", status)
            document.add_text("spoken", said)
            document.add_text("language", said.casefold())
            document.add_text("passage", group_key)
            yield pk, document
        batch.clear()

    for row in rows.values_list(*fields).iterator(chunk_size=2_000):
        batch.append(row)
        if len(batch) >= 2_000:
            yield from flush()
    if batch:
        yield from flush()


def pairs(text: str) -> str:
    """The text's neighbouring tokens (as the ``exact`` field has them) joined two by two."""
    tokens = _analyzers_cached()["exact"].analyze(text.replace(PAIR, " "))
    return " ".join(a + PAIR + b for a, b in zip(tokens, tokens[1:], strict=False))


def _meta_document(token: str, applied: int):
    document = tantivy.Document()
    document.add_unsigned("doc", DOC_META)
    document.add_text("token", token)
    document.add_unsigned("applied", applied)
    document.add_unsigned("format", FORMAT)
    return document


# --- The database's side: its token and the last change ---


def database_state(using: str) -> tuple[str | None, int]:
    """(token, last change id) of the database ``using``: one query."""
    with connections[using].cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT token FROM {SearchOrigin._meta.db_table} ORDER BY id LIMIT 1), "
            f"(SELECT max(id) FROM {SearchChange._meta.db_table})"
        )
        token, last = cursor.fetchone()
    return token, last or 0


def ensure_origin(using: str) -> str:
    """The database's token, made if missing (a flushed test database, an old backup)."""
    origin = SearchOrigin.objects.using(using).order_by("pk").first()
    if origin is None:
        origin = SearchOrigin.objects.using(using).create(token=secrets.token_hex(16))
    return origin.token


# --- Writing: one writer at a time ---


@contextlib.contextmanager
def writer_lock(timeout: float = 60.0) -> Iterator[None]:
    """The single writer's lock (a file lock in ``SEARCH_INDEX_DIR``), waited for up to ``timeout``."""
    root = index_dir()
    root.mkdir(parents=True, exist_ok=True)
    with open(root / LOCK, "a") as handle:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise TimeoutError(f"{root / LOCK}: another writer holds the search index") from None
                time.sleep(0.05)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _current_path() -> Path | None:
    link = index_dir() / CURRENT
    return link.resolve() if link.is_symlink() and link.resolve().is_dir() else None


def _read_meta(index) -> tuple[str | None, int, int]:
    """(token, applied, format) the index records; (None, 0, 0) for an empty one."""
    searcher = index.searcher()
    hits = searcher.search(tantivy.Query.term_query(index.schema, "doc", DOC_META), 1).hits
    if not hits:
        return None, 0, 0
    stored = searcher.doc(hits[0][1]).to_dict()
    return stored["token"][0], stored["applied"][0], stored.get("format", [0])[0]


def rebuild(using: str = "default", *, progress=None) -> dict:
    """Index every statement of ``using`` into a new index and make it current. Returns figures.

    The last change id is read before the statements: a change committed while they are read
    is applied again by the next ``apply_pending``, never lost.
    """
    with writer_lock(timeout=600):
        return _rebuild(using, progress)


def _rebuild(using: str, progress=None) -> dict:
    """``rebuild``, the writer's lock held."""
    started = time.monotonic()
    token = ensure_origin(using)
    _, last = database_state(using)
    root = index_dir()
    path = root / f"index-{time.strftime('%Y%m%d%H%M%S')}-{secrets.token_hex(3)}"
    path.mkdir(parents=True)
    index = _open(path)
    writer = index.writer(heap_size=256_000_000, num_threads=1)
    count = 0
    for _, document in _documents(None, using):
        writer.add_document(document)
        count += 1
        if progress and count % 100_000 == 0:
            progress(count)
    writer.add_document(_meta_document(token, last))
    writer.commit()
    writer.wait_merging_threads()
    del writer
    _swap(path)
    return {"statements": count, "applied": last, "seconds": round(time.monotonic() - started, 1)}


def _swap(path: Path) -> None:
    root = index_dir()
    old = _current_path()
    link = root / f"{CURRENT}.{secrets.token_hex(3)}"
    link.symlink_to(path.name)
    os.replace(link, root / CURRENT)  # atomic: readers see the old index or the new one
    # Readers that still have the old one open keep reading it (its files stay until closed).
    if old is not None and old != path.resolve():
        shutil.rmtree(old, ignore_errors=True)


def apply_pending(using: str = "default", *, timeout: float = 60.0, rebuild_unusable: bool = True) -> dict:
    """Apply the outbox's changes not yet in the index, in order. An index that cannot be brought
    up to date (none yet, another database's, another format, ahead of this database) is rebuilt
    if ``rebuild_unusable``, else left alone (the database answers). Returns figures."""
    if tantivy is None:
        return {"applied": 0, "changes": 0}
    with writer_lock(timeout=timeout):
        path = _current_path()
        token, last = database_state(using)
        try:
            index = _open(path) if path is not None else None
        except ValueError:  # another schema: an older format
            index = None
        meta = _read_meta(index) if index is not None else (None, 0, 0)
        if index is None or token is None or meta[0] != token or meta[2] != FORMAT or meta[1] > last:
            del index
            if not rebuild_unusable:
                return {"applied": 0, "changes": 0, "unusable": True}
            figures = _rebuild(using)
            return {"applied": figures["applied"], "changes": 0, "rebuilt": figures["statements"]}
        applied, changes = meta[1], 0
        writer = None
        while True:
            rows = list(
                SearchChange.objects.using(using)
                .filter(pk__gt=applied)
                .order_by("pk")
                .values_list("pk", "statement_id")[:BATCH]
            )
            if not rows:
                break
            if writer is None:
                writer = index.writer(heap_size=64_000_000, num_threads=1)
            ids = sorted({statement for _, statement in rows})
            # By query: this version's delete by term misses unsigned fields.
            writer.delete_documents_by_query(tantivy.Query.term_set_query(index.schema, "id", ids))
            for _, document in _documents(ids, using):
                writer.add_document(document)
            applied = rows[-1][0]
            changes += len(rows)
            writer.delete_documents_by_query(tantivy.Query.term_query(index.schema, "doc", DOC_META))
            writer.add_document(_meta_document(token, applied))
            writer.commit()
        if writer is not None:
            writer.wait_merging_threads()
            del writer
    return {"applied": applied, "changes": changes}


_deferred = threading.local()


@contextlib.contextmanager
def applying_deferred() -> Iterator[None]:
    """Within the block, commits do not apply the outbox (``apply_after_commit``): a batch (an
    ingest of thousands of documents) applies it once at its end instead of once per document."""
    previous = getattr(_deferred, "on", False)
    _deferred.on = True
    try:
        yield
    finally:
        _deferred.on = previous


def apply_after_commit(using: str = "default") -> None:
    """``apply_pending`` once a change has committed, if there is an index to keep current. A
    failure is logged, never raised: until the index catches up, the database answers."""
    if getattr(_deferred, "on", False) or not available() or _current_path() is None:
        return
    try:
        apply_pending(using, timeout=30, rebuild_unusable=False)
    except Exception:  # noqa: BLE001 - the change is committed; the index will catch up later
        logger.exception("The search index could not apply the latest changes")


# --- Reading ---

_readers: dict[str, object] = {}


def _reader(path: Path):
    """The index at ``path``, opened once per process."""
    key = str(path)
    if key not in _readers:
        _readers.clear()  # an index swapped away is not read again
        try:
            _readers[key] = _open(path)
        except ValueError:  # another schema (an older format), until it is rebuilt
            logger.warning("The search index at %s is of another format: run manage.py searchindex", path)
            _readers[key] = None
    return _readers[key]


def fresh_searcher(using: str):
    """A searcher over an index that holds exactly the database ``using``'s committed changes, or
    None. Costs a query (the database's token and last change)."""
    if not available():
        return None
    path = _current_path()
    if path is None:
        return None
    token, last = database_state(using)
    if token is None:
        return None
    index = _reader(path)
    if index is None:
        return None
    for attempt in range(2):
        searcher = index.searcher()
        hits = searcher.search(tantivy.Query.term_query(index.schema, "doc", DOC_META), 1).hits
        if hits:
            stored = searcher.doc(hits[0][1]).to_dict()
            recorded = (stored["token"][0], stored["applied"][0], stored.get("format", [0])[0])
            if recorded == (token, last, FORMAT):
                return searcher, index.schema
        if attempt == 0:
            index.reload()  # another process committed since this one last looked
    return None


class Unsupported(Exception):
    """This request is for the database: the index cannot answer it exactly."""


def _stem(word: str) -> str:
    tokens = _analyzers_cached()["stem"].analyze(word)
    if len(tokens) != 1:
        raise Unsupported(word)
    return tokens[0]


_analysis: dict = {}


def _analyzers_cached() -> dict:
    if not _analysis:
        _analysis.update(_analyzers())
    return _analysis


def text_query(parsed: ParsedQuery, schema):
    """The Tantivy query for a parsed search query (``debates.search``), meaning the same."""
    Query, Occur = tantivy.Query, tantivy.Occur

    def one(term):
        if term.is_phrase:
            if not PLAIN_PHRASE.match(term.phrase):
                raise Unsupported(term.phrase)
            tokens = _analyzers_cached()["exact"].analyze(term.phrase)
            if len(tokens) == 1:
                return Query.term_query(schema, "exact", tokens[0])
            # Words at positions k…k+n-1 are pairs at k…k+n-2: the same statements.
            joined = [a + PAIR + b for a, b in zip(tokens, tokens[1:], strict=False)]
            if len(joined) == 1:
                return Query.term_query(schema, "pairs", joined[0])
            return Query.phrase_query(schema, "pairs", joined)
        words = [word for word in term.words if word not in STOP_WORDS]
        if len(words) != 1:
            raise Unsupported(" ".join(term.words))
        return Query.term_query(schema, "text", _stem(words[0]))

    clauses = []
    for clause in parsed.clauses:
        alternatives = [one(term) for term in clause]
        if len(alternatives) == 1:
            clauses.append((Occur.Must, alternatives[0]))
        else:
            clauses.append((Occur.Must, Query.boolean_query([(Occur.Should, q) for q in alternatives])))
    for term in parsed.excluded:
        clauses.append((Occur.MustNot, one(term)))
    return clauses


def _ids(values) -> list[int]:
    return sorted({int(value) for value in values})


# The statement list's filters the index answers; any other with a value is left to the database
# (``person``, a part of a name; and a filter added to ``StatementFilter`` before the index learns it).
HANDLED_FILTERS = frozenset(
    {"q", "country", "predecessors", "speaker", "speaker_kind", "item", "meeting", "on_behalf_of", "date",
     "year", "source", "status", "capacity", "language", "sort"}
)  # fmt: skip


def filter_clauses(cleaned: dict, schema, using: str) -> list:
    """Must clauses (scored 0) for the statement list's filters; raises ``Unsupported`` for a filter
    the index does not hold. Filters naming things (countries, items, meetings) are resolved to
    ids in the database first, so that the index never holds what a correction of those could
    make stale."""
    Query = tantivy.Query

    def terms(name, values):
        values = list(values)
        if not values:
            return Query.empty_query()
        if len(values) == 1:  # a term query reads the term's postings; a set, every document's value
            return Query.term_query(schema, name, values[0])
        return Query.term_set_query(schema, name, values)

    must = []
    unknown = [
        name for name, value in cleaned.items() if name not in HANDLED_FILTERS and value not in (None, "", [])
    ]
    if unknown:
        raise Unsupported(", ".join(unknown))
    if cleaned.get("country"):
        predecessors = bool(cleaned.get("predecessors"))
        must.append(
            terms("speaker", Speaker.ids_for_countries(cleaned["country"], predecessors=predecessors))
        )
    if cleaned.get("speaker"):
        must.append(terms("speaker", _ids(s.pk for s in cleaned["speaker"])))
    if cleaned.get("speaker_kind"):
        kind = Speaker.objects.using(using).filter(kind=cleaned["speaker_kind"]).values_list("pk", flat=True)
        must.append(terms("speaker", _ids(kind)))
    if cleaned.get("item"):
        slug = cleaned["item"]
        from django.db.models import Q

        items = (
            Item.objects.using(using)
            .filter(Q(slug=slug) | Q(parent__slug=slug) | Q(parent__parent__slug=slug))
            .values_list("pk", flat=True)
        )
        must.append(terms("item", _ids(items)))
    if cleaned.get("meeting"):
        meetings = Meeting.objects.using(using).filter(slug=cleaned["meeting"]).values_list("pk", flat=True)
        must.append(terms("meeting", _ids(meetings)))
    if cleaned.get("on_behalf_of"):
        must.append(terms("behalf", _ids(s.pk for s in cleaned["on_behalf_of"])))
    span = cleaned.get("date")
    if span is not None and (span.start or span.stop):
        low = span.start.date().toordinal() if span.start else None
        high = span.stop.date().toordinal() if span.stop else None
        must.append(Query.range_query(schema, "date", tantivy.FieldType.Integer, low, high))
    if cleaned.get("year"):
        year = int(cleaned["year"])
        first, last = datetime.date(year, 1, 1).toordinal(), datetime.date(year, 12, 31).toordinal()
        must.append(Query.range_query(schema, "date", tantivy.FieldType.Integer, first, last))
    for name in ("source", "status", "capacity"):
        if cleaned.get(name):
            must.append(Query.term_query(schema, name, cleaned[name]))
    if cleaned.get("language"):
        must.append(Query.term_query(schema, "language", cleaned["language"].casefold()))
    return [(tantivy.Occur.Must, Query.const_score_query(q, 0.0)) for q in must]


def statements_only(clauses: list, schema) -> list:
    """``clauses`` restricted to statements (not the meta document), at no cost when they already
    are: a filter or a word only statements have (a clause that reads every document costs ms)."""
    if any(occur == tantivy.Occur.Must for occur, _ in clauses):
        return clauses
    every = tantivy.Query.term_query(schema, "doc", DOC_STATEMENT)
    return [(tantivy.Occur.Must, tantivy.Query.const_score_query(every, 0.0)), *clauses]


@dataclass
class _Shared:
    """A matching statement of a shared passage, read from the index."""

    pk: int
    passage: str
    meeting: int
    position: int
    score: float
    chron: int
    newest: int
    values: dict = field(default_factory=dict)


FACET_FIELDS = {"speaker": "speaker", "year": "myear", "item": "item", "language": "spoken",
                "capacity": "capacity", "source": "source"}  # fmt: skip


class EngineSearch:
    """A statement list answered by the index: exact count, order, pages of ids and facets.

    ``order`` is "relevance", "date" (oldest first) or "-date" (newest first). With
    ``passages``, a shared passage counts and lists once, by its first matching statement
    (``StatementQuerySet.one_per_passage``); without, every statement is a row (the API).
    """

    def __init__(self, searcher, schema, clauses: list, order: str, passages: bool, using: str):
        Query, Occur = tantivy.Query, tantivy.Occur
        self.searcher, self.schema, self.order, self.using = searcher, schema, order, using
        shared = Query.const_score_query(Query.term_query(schema, "shared", 1), 0.0)
        not_shared = (Occur.MustNot, Query.term_query(schema, "shared", 1))
        self.unshared = Query.boolean_query([*clauses, not_shared])
        found = searcher.search(Query.boolean_query([*clauses, (Occur.Must, shared)]), SHARED_LIMIT + 1)
        if found.count > SHARED_LIMIT:
            raise Unsupported("too many statements of shared passages")
        self.shared = [self._shared(score, address) for score, address in found.hits]
        leads: dict[tuple[str, int], _Shared] = {}
        for row in self.shared:
            key = (row.passage, row.meeting)
            if key not in leads or (row.position, row.pk) < (leads[key].position, leads[key].pk):
                leads[key] = row
        self.leads = list(leads.values()) if passages else list(self.shared)
        self.passages = passages
        self._grouped = None

    @cached_property
    def unshared_count(self) -> int:
        if self.passages:
            # The list page groups the matches anyway: every statement has a source, so the
            # groups by source add up to the count, and the matches are read once, not twice.
            return sum(self.grouped()["source"].values())
        return self.searcher.search(self.unshared, 1).count

    @property
    def count(self) -> int:
        return self.unshared_count + len(self.leads)

    def grouped(self) -> dict[str, dict]:
        """``{facet: {value: statements}}`` over the matches outside shared passages (one pass)."""
        if self._grouped is None:
            spec = {facet: {"terms": {"field": name, "size": 65_000}} for facet, name in FACET_FIELDS.items()}
            found = self.searcher.aggregate(self.unshared, spec)
            self._grouped = {
                facet: {b["key"]: b["doc_count"] for b in found[facet]["buckets"]} for facet in spec
            }
        return self._grouped

    def _shared(self, score: float, address) -> _Shared:
        stored = self.searcher.doc(address).to_dict()

        def one(name):
            return stored.get(name, [None])[0]

        return _Shared(
            pk=one("id"), passage=one("passage"), meeting=one("meeting"), position=one("position"),
            score=score, chron=one("chron"), newest=one("newest"),
            values={facet: one(name) for facet, name in FACET_FIELDS.items()},
        )  # fmt: skip

    def _key(self, row: _Shared):
        if self.order == "relevance":
            return -row.score
        return row.chron if self.order == "date" else row.newest

    def ids(self, offset: int, limit: int) -> list[int]:
        """The ids of rows ``offset`` to ``offset + limit`` in the list's order."""
        wanted = offset + limit
        if wanted <= 0 or self.count == 0:
            return []
        searcher = self.searcher
        rows: list[tuple] = []
        if self.unshared_count:
            field_name = {"date": "chron", "-date": "newest"}.get(self.order)
            sort = {"order_by_field": field_name, "order": tantivy.Order.Asc} if field_name else {}
            # Equals (in relevance, or statements at one place of one meeting) keep the index's
            # own order, which is the same for every page of one searcher.
            hits = searcher.search(self.unshared, wanted, count=False, **sort).hits
            ids = searcher.fast_field_values("id", [address for _, address in hits])
            rows = [
                ((-key if field_name is None else key), 0, n, pk)
                for n, ((key, _), pk) in enumerate(zip(hits, ids, strict=True))
            ]
        # A shared passage's statement comes after the other statements it ties with.
        rows += [(self._key(row), 1, 0, row.pk) for row in self.leads]
        rows.sort()
        return [row[-1] for row in rows[offset:wanted]]

    def facets(self, limit: int = 20) -> dict[str, list[dict]]:
        """As ``StatementQuerySet.facets``, exact for every query: counts of passages."""
        counts = {facet: dict(values) for facet, values in self.grouped().items()}
        spec = FACET_FIELDS
        # Shared passages: each counts once per value, however many of its statements match.
        for facet in spec:
            seen: dict = {}
            for row in self.shared:
                seen.setdefault(row.values[facet], set()).add(row.passage)
            for value, passages in seen.items():
                counts[facet][value] = counts[facet].get(value, 0) + len(passages)
        speakers = {
            pk: (slug, name, iso3)
            for pk, slug, name, iso3 in Speaker.objects.using(self.using)
            .filter(pk__in=[int(k) for k in counts["speaker"]])
            .values_list("pk", "slug", "name", "iso3")
        }
        items = {
            pk: (slug, title)
            for pk, slug, title in Item.objects.using(self.using)
            .filter(pk__in=[int(k) for k in counts["item"] if int(k)])
            .values_list("pk", "slug", "title")
        }
        result: dict[str, list[dict]] = {}
        rows = [(n, *speakers[int(k)]) for k, n in counts["speaker"].items() if int(k) in speakers]
        rows.sort(key=lambda r: (-r[0], r[2]))
        result["speaker"] = [
            {"param": "country" if iso3 else "speaker", "value": iso3 or slug, "label": name, "count": n}
            for n, slug, name, iso3 in rows[:limit]
        ]
        result["year"] = [
            {"param": "year", "value": int(k), "label": str(int(k)), "count": n}
            for k, n in sorted(counts["year"].items(), key=lambda kv: int(kv[0]))
        ]
        rows = [(n, *items[int(k)]) for k, n in counts["item"].items() if int(k) in items]
        rows.sort(key=lambda r: (-r[0], r[2]))
        result["item"] = [
            {"param": "item", "value": slug, "label": title, "count": n} for n, slug, title in rows[:limit]
        ]
        languages = sorted(((n, k) for k, n in counts["language"].items() if k), key=lambda r: (-r[0], r[1]))
        result["language"] = [{"param": "language", "value": k, "label": k, "count": n} for n, k in languages]
        for name in ("capacity", "source"):
            labels = dict(Statement._meta.get_field(name).choices)
            values = sorted(((n, k) for k, n in counts[name].items()), key=lambda r: (-r[0], r[1]))
            result[name] = [
                {"param": name, "value": k, "label": labels.get(k, k), "count": n} for n, k in values
            ]
        return result


def statement_search(cleaned: dict, *, order: str, passages: bool, using: str | None = None):
    """An ``EngineSearch`` for the statement list's valid filters, or None when the database must
    answer (no index, an index behind or ahead of this database, a query the index cannot match
    exactly)."""
    if not available():
        return None
    using = using or router.db_for_read(Statement)
    try:
        opened = fresh_searcher(using)
        if opened is None:
            return None
        searcher, schema = opened
        clauses = filter_clauses(cleaned, schema, using)
        if cleaned.get("q"):
            clauses += text_query(parse_query(cleaned["q"]), schema)
        return EngineSearch(searcher, schema, statements_only(clauses, schema), order, passages, using)
    except (Unsupported, QuerySyntaxError):
        return None
    except (ValueError, OSError):  # an unreadable index: the database answers, and someone is told
        logger.exception("The search index could not be read")
        return None


# --- The triggers that fill the outbox (migration 0011; SQLite's are put back by
# ``ensure_sqlite_triggers`` when a migration rebuilds a table) ---

OUTBOX = "debates_searchchange"
BEHALF = "debates_statement_on_behalf_of"


def postgresql_forwards() -> list[str]:
    """Statement-level triggers with transition tables: one INSERT per SQL statement however many
    rows it wrote (a COPY of a million rows included). Each first locks the outbox until commit,
    so that the outbox's ids are given in commit order; a TRUNCATE of the statements gives the
    database a new token, which no index holds."""

    def function(name: str, select: str) -> str:
        return (
            f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            f"LOCK TABLE {OUTBOX} IN EXCLUSIVE MODE; "
            f"INSERT INTO {OUTBOX} (statement_id) {select}; RETURN NULL; END $$"
        )

    return [
        function("debates_search_new", "SELECT id FROM changed"),
        function("debates_search_old", "SELECT id FROM changed"),
        function("debates_search_behalf", "SELECT DISTINCT statement_id FROM changed"),
        function(
            "debates_search_meeting",
            "SELECT s.id FROM debates_statement s JOIN changed n ON s.meeting_id = n.id "
            "JOIN previous o ON o.id = n.id WHERE n.date IS DISTINCT FROM o.date "
            "OR n.number IS DISTINCT FROM o.number",
        ),
        "CREATE TRIGGER debates_search_statement_ins AFTER INSERT ON debates_statement "
        "REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION debates_search_new()",
        "CREATE TRIGGER debates_search_statement_upd AFTER UPDATE ON debates_statement "
        "REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION debates_search_new()",
        "CREATE TRIGGER debates_search_statement_del AFTER DELETE ON debates_statement "
        "REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION debates_search_old()",
        f"CREATE TRIGGER debates_search_behalf_ins AFTER INSERT ON {BEHALF} "
        "REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION debates_search_behalf()",
        f"CREATE TRIGGER debates_search_behalf_del AFTER DELETE ON {BEHALF} "
        "REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION debates_search_behalf()",
        "CREATE TRIGGER debates_search_meeting_upd AFTER UPDATE ON debates_meeting "
        "REFERENCING NEW TABLE AS changed OLD TABLE AS previous FOR EACH STATEMENT "
        "EXECUTE FUNCTION debates_search_meeting()",
        "CREATE FUNCTION debates_search_truncated() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        "UPDATE debates_searchorigin SET token = md5(random()::text || clock_timestamp()::text); "
        "RETURN NULL; END $$",
        "CREATE TRIGGER debates_search_statement_truncate AFTER TRUNCATE ON debates_statement "
        "FOR EACH STATEMENT EXECUTE FUNCTION debates_search_truncated()",
    ]


def postgresql_backwards() -> list[str]:
    return [
        f"DROP FUNCTION IF EXISTS {name}() CASCADE"
        for name in (
            "debates_search_new",
            "debates_search_old",
            "debates_search_behalf",
            "debates_search_meeting",
            "debates_search_truncated",
        )  # fmt: skip
    ]


def sqlite_triggers() -> list[str]:
    def insert(values: str) -> str:
        return f"INSERT INTO {OUTBOX} (statement_id) {values};"

    return [
        "CREATE TRIGGER IF NOT EXISTS debates_search_statement_ins AFTER INSERT ON debates_statement "
        f"BEGIN {insert('VALUES (new.id)')} END",
        "CREATE TRIGGER IF NOT EXISTS debates_search_statement_upd AFTER UPDATE ON debates_statement "
        f"BEGIN {insert('VALUES (new.id)')} END",
        "CREATE TRIGGER IF NOT EXISTS debates_search_statement_del AFTER DELETE ON debates_statement "
        f"BEGIN {insert('VALUES (old.id)')} END",
        f"CREATE TRIGGER IF NOT EXISTS debates_search_behalf_ins AFTER INSERT ON {BEHALF} "
        f"BEGIN {insert('VALUES (new.statement_id)')} END",
        f"CREATE TRIGGER IF NOT EXISTS debates_search_behalf_del AFTER DELETE ON {BEHALF} "
        f"BEGIN {insert('VALUES (old.statement_id)')} END",
        "CREATE TRIGGER IF NOT EXISTS debates_search_meeting_upd AFTER UPDATE OF date, number "
        "ON debates_meeting WHEN old.date IS NOT new.date OR old.number IS NOT new.number "
        f"BEGIN {insert('SELECT id FROM debates_statement WHERE meeting_id = new.id')} END",
    ]


def sqlite_backwards() -> list[str]:
    names = ("statement_ins", "statement_upd", "statement_del", "behalf_ins", "behalf_del", "meeting_upd")
    return [f"DROP TRIGGER IF EXISTS debates_search_{name}" for name in names]


def ensure_sqlite_triggers(connection) -> bool:
    """Put back the outbox's triggers that a table rebuild dropped (SQLite), and give the database a
    new token: changes made while they were missing are in no outbox, so no index may be trusted."""
    if connection.vendor != "sqlite":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name = %s", [OUTBOX])
        if cursor.fetchone() is None:
            return False  # migration 0011 not applied yet
        cursor.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'debates_search_%%'"
        )
        if cursor.fetchone()[0] >= len(sqlite_triggers()):
            return False
        for statement in sqlite_triggers():
            cursor.execute(statement)
        cursor.execute("UPDATE debates_searchorigin SET token = %s", [secrets.token_hex(16)])
    return True


def create_origin(apps, schema_editor) -> None:
    """Migration 0011: name this database."""
    origin = apps.get_model("debates", "SearchOrigin")
    origin.objects.using(schema_editor.connection.alias).create(token=secrets.token_hex(16))


# --- Highlighted extracts, made from the page's own rows ---

# As the database's headlines (``SearchQuerySet.headlines``): two fragments of about 30 words.
FRAGMENT_WORDS = 30
FRAGMENTS = 2
WORD = re.compile(r"[^\W_]+")
_stems: dict[str, str] = {}


def _stem_of(word: str) -> str:
    stem = _stems.get(word)
    if stem is None:
        tokens = _analyzers_cached()["stem"].analyze(word)
        stem = tokens[0] if tokens else ""
        if len(_stems) > 200_000:
            _stems.clear()
        _stems[word] = stem
    return stem


def headlines(parsed: ParsedQuery, statements) -> dict:
    """Highlighted extracts of these statements' texts (already read with the page), marking what
    the index matched: words by their stem, phrases as written. ``{pk: SafeString}``, made in
    Python without a query: ``ts_headline`` on 25 long speeches costs tens of milliseconds."""
    from .search import MARK_END, MARK_START, mark_snippet

    stems, phrases = set(), []
    for clause in parsed.clauses:
        for term in clause:
            if term.is_phrase:
                phrases.append(re.compile(parsed.phrase_regex(term, "sqlite"), re.IGNORECASE))
            else:
                stems.update(_stem_of(word) for word in term.words if word not in STOP_WORDS)
    stems.discard("")
    # Only words beginning as a stem does can have it (Snowball changes the end of a word).
    prefixes = sorted({stem[: max(1, len(stem) - 1)] for stem in stems}, key=len, reverse=True)
    candidates = (
        re.compile(r"\b(?:" + "|".join(re.escape(p) for p in prefixes) + r")[^\W_]*", re.IGNORECASE)
        if prefixes
        else None
    )
    result = {}
    for statement in statements:
        text = statement.text
        spans = []
        if candidates is not None:
            spans += [m.span() for m in candidates.finditer(text) if _stem_of(m.group().lower()) in stems]
        for phrase in phrases:
            spans += [m.span() for m in phrase.finditer(text)]
        spans.sort()
        fragments, covered = [], -1
        for start, _ in spans:
            if len(fragments) == FRAGMENTS:
                break
            if start < covered:
                continue
            fragments.append(_fragment(text, start))
            covered = fragments[-1][1]
        if not fragments:
            fragments = [_fragment(text, 0)]
        pieces = []
        for low, high in fragments:
            piece, at = [], low
            for start, end in spans:
                if start >= low and end <= high and start >= at:
                    piece += [text[at:start], MARK_START, text[start:end], MARK_END]
                    at = end
            piece.append(text[at:high])
            pieces.append("".join(piece))
        result[statement.pk] = mark_snippet(" … ".join(pieces))
    return result


def _fragment(text: str, start: int) -> tuple[int, int]:
    """(start, end) of about ``FRAGMENT_WORDS`` words of ``text`` around offset ``start``: a few
    words before it, the rest after. Reads only the words it needs, not the whole text."""
    before = [m.start() for m in WORD.finditer(text, max(0, start - 60), start)][-5:]
    low = before[0] if before else start
    end = start
    for match in itertools.islice(WORD.finditer(text, start), FRAGMENT_WORDS - len(before)):
        end = match.end()
    if WORD.search(text, end) is None:
        end = len(text)  # the text's last words: with its closing punctuation
    return low, end
