"""The shipped corpus ingested in reverse order gives the same database: the same item and speaker
slugs, the same rows, the same statements under the same natural keys."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.db.models.signals import pre_delete

from debates.ingest import IngestError, expand_paths, ingest_file
from debates.models import (
    Decision,
    Discrepancy,
    Item,
    Meeting,
    MeetingMember,
    RetiredStatement,
    SourceDocument,
    Speaker,
    SpeakerAlias,
    Statement,
    Vote,
    keep_a_tombstone,
)


def snapshot() -> dict[str, list]:
    """Every row that the corpus gives, without ids, timestamps or anything else that only
    says when a row was written; sorted, so that two databases compare as lists."""

    def rows(queryset, *fields):
        return sorted(tuple(str(value) for value in row) for row in queryset.values_list(*fields))

    return {
        "items": rows(Item.objects, "slug", "key", "title", "number", "letter", "parent__slug"),
        "speakers": rows(Speaker.objects, "slug", "name", "kind", "iso3", "acronym", "needs_review"),
        "aliases": rows(SpeakerAlias.objects, "key", "name", "speaker__slug"),
        "meetings": rows(
            Meeting.objects,
            "slug",
            "number",
            "date",
            "record",
            "resumptions",
            "kind",
            "closed",
            "title",
            "president__slug",
            "president_person",
            "press_release",
            "letter",
            "time",
            "place",
            "documents",
        ),  # fmt: skip
        "meeting items": rows(Meeting.items.through.objects, "meeting__slug", "item__slug"),
        "meeting sources": rows(
            Meeting.source_documents.through.objects, "meeting__slug", "sourcedocument__identity"
        ),
        "members": rows(MeetingMember.objects, "meeting__slug", "speaker__slug", "person"),
        "decisions": rows(
            Decision.objects,
            "slug",
            "symbol",
            "kind",
            "number",
            "year",
            "meeting__slug",
            "date",
            "draft_symbol",
            "adopted",
            "votes_for",
            "votes_against",
            "abstentions",
            "unanimous",
            "title",
            "summary",
            "text",
        ),  # fmt: skip
        "votes": rows(Vote.objects, "decision__slug", "speaker__slug", "choice", "veto"),
        "statements": rows(
            Statement.objects,
            "source_document__identity",
            "source_key",
            "meeting__slug",
            "item__slug",
            "speaker__slug",
            "label",
            "person",
            "capacity",
            "on_behalf_of__slug",
            "language",
            "text",
            "record",
            "pages",
            "page_start",
            "page_end",
            "position",
            "source",
            "source_start",
            "source_end",
            "footnote",
            "group_key",
            "status",
        ),  # fmt: skip
        "documents": rows(SourceDocument.objects, "identity", "name", "checksum", "kind", "outcome"),
        "discrepancies": rows(
            Discrepancy.objects,
            "model",
            "object_key",
            "field",
            "kept_value",
            "other_value",
            "kept_source__identity",
            "other_source__identity",
        ),  # fmt: skip
    }


def ingest_corpus(reverse: bool) -> None:
    files = [path for path, _ in expand_paths([settings.CORPUS_DIR])]
    for path in reversed(files) if reverse else files:
        try:
            ingest_file(path)
        except IngestError as error:
            assert str(error).startswith("not a recognised document"), f"{path}: {error}"


def wipe() -> None:
    """Empty the archive's tables, in an order their protections allow."""
    # Statements removed wholesale, not retired: no tombstones.
    pre_delete.disconnect(dispatch_uid="debates_statement_tombstone", sender=Statement)
    try:
        for model in (Vote, MeetingMember, Statement, RetiredStatement, Decision, Discrepancy):
            model.objects.all().delete()
        Meeting.objects.all().delete()
        Item.objects.update(parent=None)
        for model in (Item, SpeakerAlias, Speaker, SourceDocument):
            model.objects.all().delete()
    finally:
        pre_delete.connect(keep_a_tombstone, sender=Statement, dispatch_uid="debates_statement_tombstone")


@pytest.mark.django_db
def test_the_corpus_in_reverse_order_gives_the_same_database():
    ingest_corpus(reverse=False)
    forward = snapshot()
    assert len(forward["statements"]) > 500 and len(forward["meetings"]) > 9000
    wipe()
    assert not Statement.objects.exists() and not Item.objects.exists()

    ingest_corpus(reverse=True)
    backward = snapshot()

    assert backward["items"] == forward["items"]
    assert backward["speakers"] == forward["speakers"]
    for table in forward:
        assert backward[table] == forward[table], f"{table} differ"
