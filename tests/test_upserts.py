"""Rows merge by natural key across documents, in any order; disagreements are recorded."""

import datetime

import pytest

from debates.ingest import Report
from debates.loaders.common import (
    get_or_create_item,
    sync_statements,
    upsert_decision,
    upsert_meeting,
)
from debates.models import Decision, Discrepancy, Item, Meeting, SourceDocument

pytestmark = pytest.mark.django_db

JULY_20 = datetime.date(2004, 7, 20)
JULY_21 = datetime.date(2004, 7, 21)


def doc(name, kind):
    return SourceDocument.objects.create(name=name, checksum="0" * 64, kind=kind)


def snapshot():
    return (
        list(Meeting.objects.values_list("number", "date", "record", "title").order_by("number")),
        list(Decision.objects.values_list("symbol", "slug", "kind", "date", "votes_for").order_by("slug")),
        list(Discrepancy.objects.values_list("object_key", "field", "kept_value", "other_value")),
    )


def load_repertoire(report):
    document = SourceDocument.objects.get_or_create(name="rep.txt", checksum="1" * 64, kind="repertoire")[0]
    meeting = upsert_meeting(document, report, number=5007, date=JULY_21, title="Regional cooperation")
    upsert_decision(document, report, kind="presidential_statement", meeting=meeting, date=JULY_21)


def load_table(report):
    document = SourceDocument.objects.get_or_create(
        name="scact2004.html", checksum="2" * 64, kind="meeting_table"
    )[0]
    meeting = upsert_meeting(document, report, number=5007, date=JULY_20, press_release="SC/8148")
    upsert_decision(document, report, kind="presidential_statement", symbol="S/PRST/2004/27", meeting=meeting,
                    date=JULY_20)  # fmt: skip


@pytest.mark.parametrize("order", [(load_repertoire, load_table), (load_table, load_repertoire)])
def test_the_order_of_documents_does_not_matter(order):
    report = Report()
    for load in order:
        load(report)
    meetings, decisions, discrepancies = snapshot()
    assert meetings == [(5007, JULY_20, "S/PV.5007", "Regional cooperation")]
    assert decisions == [("S/PRST/2004/27", "s-prst-2004-27", "presidential_statement", JULY_20, None)]
    assert ("5007", "date", "2004-07-20", "2004-07-21") in discrepancies
    assert any("date" in note for note in report.notes)


def test_a_document_may_correct_its_own_values():
    report = Report()
    table = doc("scact2004.html", "meeting_table")
    upsert_meeting(table, report, number=5007, date=JULY_21)
    upsert_meeting(table, report, number=5007, date=JULY_20)
    assert Meeting.objects.get().date == JULY_20
    assert not Discrepancy.objects.exists()


def test_a_new_meeting_needs_a_date():
    with pytest.raises(ValueError, match="meeting 5007 is new and has no date"):
        upsert_meeting(doc("x", "repertoire"), Report(), number=5007)


def test_the_same_title_is_the_same_item():
    a = get_or_create_item("The situation in  the Middle East")
    assert (a.kind, a.parent.kind) == ("topic", "item"), "a title as printed is a classified topic"
    b = get_or_create_item("the situation in the Middle East", number=12)
    item = Item.objects.get(key=a.key)
    assert a == b and (item.number, item.kind, item.parent) == (12, "item", None)
    assert item.title == "The situation in the Middle East"


def test_stale_statements_retire_but_corrections_stay():
    from debates.models import RetiredStatement, Speaker, Statement

    report = Report(allow_removals=True)
    document = doc("rep.txt", "repertoire")
    meeting = upsert_meeting(document, report, number=5007, date=JULY_20)
    mexico = Speaker.objects.create(kind="state", name="Mexico", slug="mexico", iso3="MEX")

    def row(text):
        return {"meeting_id": meeting.pk, "speaker_id": mexico.pk, "label": "Mexico", "text": text,
                "record": "S/PV.5007", "source": "repertoire"}  # fmt: skip

    sync_statements(document, report, [row("Alpha."), row("Bravo."), row("Charlie.")])
    a, b, c = Statement.objects.order_by("pk")
    Statement.objects.filter(pk=b.pk).update(status="verified")
    sync_statements(document, report, [row("Alpha.")])
    assert list(Statement.objects.order_by("pk")) == [a, b]
    assert list(RetiredStatement.objects.values_list("pk", flat=True)) == [c.pk]
    assert report.counts["statements retired"] == 1
