"""Rendering costs no URL reversing per row (``debates.links``: one reversed pattern per URL name), and the
meeting page's statements, formatted in Python, read as the statement template renders them."""

import pytest
from django.urls.resolvers import URLResolver

from debates.models import Statement, Vote
from debates.search import mark_snippet
from tests import factories as f


@pytest.mark.parametrize("url", ["/meetings/5007/", "/statements/?q=sanctions", "/statements/"])
def test_a_page_reverses_as_many_urls_for_two_rows_as_for_forty(client, db, monkeypatch, url):
    calls = []
    original = URLResolver._reverse_with_prefix

    def counting(self, *args, **kwargs):
        calls.append(args[0])
        return original(self, *args, **kwargs)

    monkeypatch.setattr(URLResolver, "_reverse_with_prefix", counting)
    meeting = f.meeting(5007, "2004-07-20")
    counts = []
    for n in (2, 40):
        while meeting.statements.count() < n:
            speaker = f.speaker(
                f"State {meeting.statements.count()}", iso3=f"S{meeting.statements.count():02d}"
            )
            f.statement(meeting, speaker, "The Council discussed sanctions at length.")
        client.get(url)  # each URL pattern is reversed once, then filled in
        calls.clear()
        assert client.get(url).status_code == 200
        counts.append(len(calls))
    assert counts[0] == counts[1]


@pytest.fixture
def statements_of_every_shape(db):
    """Statements that between them take every branch of ``debates/_statement.html``."""
    fra = f.speaker("France", iso3="FRA")
    gbr = f.speaker('United Kingdom <of> Great Britain & "Northern" Ireland', iso3="GBR")
    rus = f.speaker("Russian Federation", iso3="RUS")
    eu = f.speaker("European Union")
    meeting = f.meeting(8699, "2020-01-09", resumptions=1, items=[f.item("The situation in the Middle East")])
    doc = f.source_document("S_PV.8699_E.pdf", kind="verbatim")
    verbatim = {"source": Statement.Source.VERBATIM, "source_document": doc}
    paragraphs = "\n\n".join(
        f"Paragraph {n}, with <tags> & 'quotes'.\nA second line.\r\nA third. " * 6 for n in range(12)
    )
    say = f.statement
    rows = [
        say(meeting, fra, "France will vote in favour. " + paragraphs, person="Mr. De Rivière", **verbatim),
        say(
            meeting,
            rus,
            "The meeting is resumed.",
            capacity="president",
            person="Russian Federation",
            **verbatim,
        ),
        say(meeting, rus, "The draft resolution has not been adopted.", capacity="president", **verbatim),
        say(meeting, rus, "We voted against.", language="Russian", label="The President", **verbatim),
        say(
            meeting,
            gbr,
            "One long paragraph. " * 300,
            record="S/PV.8699 (Resumption 1)",
            pages="4-5",
            **verbatim,
        ),
        say(meeting, eu, "No record of our own.", record="", pages="", footnote=12),
        say(meeting, fra, "A shared position.", group_key="p1", footnote=3),
        say(meeting, gbr, "A shared position.", group_key="p1", person="Ms. <Woodward>", footnote=3),
        # A videoconference's letter prints no form of address.
        say(meeting, eu, "From a letter, with no heading.", label="", **verbatim),
        say(meeting, eu, "Spoken for others, in a footnote.", footnote=7),
    ]
    rows[-1].on_behalf_of.set([fra, gbr])
    draft = f.decision("S/2020/27", "draft_resolution", meeting, adopted=False)
    untitled = f.decision(None, "presidential_statement", meeting, title="On <the> Middle East")
    f.vote(draft, fra)
    f.vote(draft, rus, "no", veto=True)
    f.vote(untitled, rus, Vote.Choice.ABSTAINING)
    return meeting


def test_the_statement_tag_renders_what_the_statement_template_renders(statements_of_every_shape):
    from django.template.loader import render_to_string

    from debates.templatetags.debates_extras import statement_article

    statements = list(Statement.objects.with_related().order_by("position"))
    Statement.objects.attach_attributions(statements)
    Statement.objects.attach_votes(statements)
    Statement.objects.attach_spoken_for(statements)
    statements[3].headline = mark_snippet("We \ue000voted\ue001 <against>.")
    assert {s.vote_timing for s in statements} == {"", "before", "after"}
    assert any(s.shared for s in statements) and any(s.preview()[1] for s in statements)
    for statement in statements:
        for heading, show_meeting in (("h4", False), ("h3", True)):
            context = {"statement": statement, "heading": heading, "show_meeting": show_meeting}
            template = render_to_string("debates/_statement.html", context).strip()
            assert statement_article(statement, heading, show_meeting).strip() == template
