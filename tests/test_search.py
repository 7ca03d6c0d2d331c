"""Full-text search: syntax, ranking, phrases, exclusion, highlighting; on both databases."""

import pytest

from debates.models import Decision, Statement
from debates.search import QuerySyntaxError, mark_snippet, parse_query
from tests import factories as f


@pytest.fixture
def corpus(db):
    fra = f.speaker("France", iso3="FRA")
    gbr = f.speaker("United Kingdom", iso3="GBR")
    au = f.speaker("African Union", acronym="AU")
    m1 = f.meeting(5007, "2004-07-20")
    m2 = f.meeting(5282, "2005-10-17")
    rows = {
        "sanctions": f.statement(m1, fra, "France supported targeted sanctions against the regime."),
        "sanction_twice": f.statement(
            m1, gbr, "Sanctions, sanctions: the United Kingdom said sanctions must be targeted sanctions."
        ),
        "council": f.statement(m2, au, "The Security Council must cooperate with regional organizations."),
        "councils": f.statement(m2, fra, "Regional security councils were praised by the speaker."),
        "embargo": f.statement(m2, gbr, "An arms embargo on the country was discussed."),
        "script": f.statement(m2, au, "A <script>alert('x')</script> tag about peacekeeping appeared."),
    }
    dec = f.decision(
        "S/PRST/2007/42",
        Decision.Kind.PRESIDENTIAL_STATEMENT,
        m2,
        title="Cooperation with regional organizations",
        text="The Security Council recalls the importance of peacekeeping partnerships.",
    )
    return rows | {"decision": dec}


def ids(qs):
    return {s.pk for s in qs}


class TestParser:
    def test_it_parses_words_phrases_or_and_exclusions(self):
        parsed = parse_query('sanctions "security council" OR embargo -iraq -"arms trade"')
        assert [[t.words for t in c] for c in parsed.clauses] == [
            [("sanctions",)],
            [("security", "council"), ("embargo",)],
        ]
        assert [t.phrase for t in parsed.excluded] == ["", "arms trade"]

    @pytest.mark.parametrize(
        "query, message",
        [
            ('"unclosed phrase', "quotation mark is not closed"),
            ("OR sanctions", "OR must stand between"),
            ("sanctions OR", "OR must stand between"),
            ("-iraq", "as well as what to exclude"),
            ("the of", "too common"),
            ("- iraq", "minus sign"),
            ("", "Type a word"),
            ("!!!", "no letters or digits"),
        ],
    )
    def test_it_explains_malformed_queries(self, query, message):
        with pytest.raises(QuerySyntaxError, match=message):
            parse_query(query)

    def test_it_quotes_user_text_in_the_fts5_expression(self):
        assert parse_query('a* NEAR(x) "b c"').fts5() == '"near x" AND "b c"'

    def test_mark_snippet_escapes_before_marking(self):
        html = mark_snippet("<script>\ue000alert\ue001</script>")
        assert html == "&lt;script&gt;<mark>alert</mark>&lt;/script&gt;"


class TestSearch:
    def test_words_are_stemmed(self, corpus):
        assert ids(Statement.objects.search("sanction")) == {
            corpus["sanctions"].pk,
            corpus["sanction_twice"].pk,
        }

    def test_ranking_puts_the_densest_match_first(self, corpus):
        ranked = list(Statement.objects.search("sanctions").order_by("-rank"))
        assert ranked[0] == corpus["sanction_twice"]

    def test_phrase_is_matched_as_written(self, corpus):
        assert ids(Statement.objects.search('"security council"')) == {corpus["council"].pk}
        assert ids(Statement.objects.search('"security councils"')) == {corpus["councils"].pk}

    def test_or_and_exclusion(self, corpus):
        assert ids(Statement.objects.search("sanctions OR embargo")) == {
            corpus["sanctions"].pk,
            corpus["sanction_twice"].pk,
            corpus["embargo"].pk,
        }
        assert ids(Statement.objects.search("sanctions -kingdom")) == {corpus["sanctions"].pk}
        assert ids(Statement.objects.search('regional -"security council"')) == {corpus["councils"].pk}

    def test_phrase_inside_an_or_clause(self, corpus):
        assert ids(Statement.objects.search('"security council" OR embargo')) == {
            corpus["council"].pk,
            corpus["embargo"].pk,
        }

    def test_headlines_escape_the_text_and_mark_the_match(self, corpus):
        pk = corpus["script"].pk
        html = Statement.objects.headlines("peacekeeping", [pk])[pk]
        # PostgreSQL's headline drops what its parser takes for tags; SQLite
        # keeps them: either way, escaped.
        assert "<script" not in html
        assert "<mark>peacekeeping</mark>" in html

    def test_decisions_are_searchable(self, corpus):
        assert list(Decision.objects.search("peacekeeping partnerships")) == [corpus["decision"]]
        assert list(Decision.objects.search("regional")) == [corpus["decision"]]

    def test_the_index_follows_updates_and_deletes(self, corpus):
        statement = corpus["embargo"]
        statement.text = "A naval blockade was discussed."
        statement.save()
        assert not Statement.objects.search("embargo").exists()
        assert ids(Statement.objects.search("blockade")) == {statement.pk}
        statement.delete()
        assert not Statement.objects.search("blockade").exists()


@pytest.mark.django_db
def test_sqlite_triggers_dropped_by_a_table_rebuild_are_restored():
    """SQLite rebuilds a table when a migration alters it, dropping its triggers; they come back."""
    from django.db import connection

    from debates.search import ensure_sqlite_index

    if connection.vendor != "sqlite":
        assert ensure_sqlite_index(connection) == []
        return
    meeting = f.meeting(5007, "2004-07-20")
    existing = f.statement(meeting, f.speaker("France", iso3="FRA"), "Stored before the rebuild: blockade.")
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER debates_statement_fts_ai")
    added = f.statement(
        meeting, f.speaker("Chile", iso3="CHL"), "Added while the trigger was missing: blockade."
    )
    assert ids(Statement.objects.search("blockade")) == {existing.pk}
    assert ensure_sqlite_index(connection) == ["debates_statement"]
    assert ids(Statement.objects.search("blockade")) == {existing.pk, added.pk}
    assert ensure_sqlite_index(connection) == []
