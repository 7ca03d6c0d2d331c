"""The shipped corpus ingested in reverse order gives the same database: the same item and speaker
slugs, the same rows, the same statements under the same natural keys."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.db.models.signals import pre_delete

from debates import reconcile
from debates.ingest import IngestError, expand_paths, ingest_file
from debates.models import (
    Decision,
    Discrepancy,
    Item,
    Meeting,
    MeetingMember,
    MembershipTerm,
    Presidency,
    RetiredStatement,
    SourceDocument,
    Speaker,
    SpeakerAlias,
    Statement,
    Succession,
    Vote,
    keep_a_tombstone,
)

# Every row the corpus gives, by the fields that say what it is: no ids, no timestamps, foreign
# keys by natural key (slug, identity).
SNAPSHOT = {
    "items": (Item, "slug key title number letter parent__slug kind position"),
    "speakers": (Speaker, "slug name kind iso3 acronym needs_review"),
    "aliases": (SpeakerAlias, "key name speaker__slug"),
    "successions": (Succession, "predecessor__slug successor__slug date kind"),
    "terms": (MembershipTerm, "speaker__slug start end seat source"),
    "presidencies": (Presidency, "month speaker__slug derived"),
    "meetings": (
        Meeting,
        "slug number date record resumptions kind closed title president__slug president_person "
        "press_release letter time place documents",
    ),
    "meeting items": (Meeting.items.through, "meeting__slug item__slug"),
    "meeting sources": (Meeting.source_documents.through, "meeting__slug sourcedocument__identity"),
    "members": (MeetingMember, "meeting__slug speaker__slug person"),
    "decisions": (
        Decision,
        "slug symbol kind number year meeting__slug date draft_symbol adopted votes_for votes_against "
        "abstentions unanimous title summary text entry",
    ),
    "votes": (Vote, "decision__slug speaker__slug choice veto"),
    "statements": (
        Statement,
        "source_document__identity source_key meeting__slug item__slug speaker__slug label person capacity "
        "on_behalf_of__slug language text record pages page_start page_end position source source_start "
        "source_end footnote group_key status",
    ),
    "documents": (SourceDocument, "identity name checksum kind outcome"),
    "discrepancies": (
        Discrepancy,
        "kind model object_key field kept_value other_value kept_source__identity "
        "other_source__identity reason",
    ),
}


def snapshot() -> dict[str, list]:
    """The database as ``SNAPSHOT`` sees it, each table sorted, so that two compare as lists."""
    return {
        table: sorted(tuple(map(str, row)) for row in model.objects.values_list(*fields.split()))
        for table, (model, fields) in SNAPSHOT.items()
    }


def ingest_corpus(reverse: bool) -> None:
    """What ``manage.py ingest`` does with the corpus, in the order given."""
    files = [path for path, _ in expand_paths([settings.CORPUS_DIR])]
    for path in reversed(files) if reverse else files:
        try:
            ingest_file(path)
        except IngestError as error:
            assert str(error).startswith("not a recognised document"), f"{path}: {error}"
    reconcile.run()


def wipe() -> None:
    """Empty the archive's tables, in an order their protections allow."""
    # Statements removed wholesale, not retired: no tombstones.
    pre_delete.disconnect(dispatch_uid="debates_statement_tombstone", sender=Statement)
    try:
        for model in (Vote, MeetingMember, Statement, RetiredStatement, Decision, Discrepancy):
            model.objects.all().delete()
        Meeting.objects.all().delete()
        Item.objects.update(parent=None)
        for model in (Item, SpeakerAlias, MembershipTerm, Presidency, Succession, Speaker, SourceDocument):
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

    for table in forward:
        only_forward = sorted(set(forward[table]) - set(backward[table]))[:5]
        only_backward = sorted(set(backward[table]) - set(forward[table]))[:5]
        assert backward[table] == forward[table], f"{table} differ: {only_forward} ≠ {only_backward}"
