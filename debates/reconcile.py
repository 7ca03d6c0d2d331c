"""
Cross-source checks that need more than one document: run after an ingest.

Each check compares what two kinds of source say about the same thing and
records every disagreement as a ``Discrepancy`` of its kind. A check rebuilds
its own rows from what the database holds, so that its result does not depend
on the order the documents came in, and a disagreement that a corrected
source no longer shows disappears.

* vetoes: the veto list against the meeting tables, draft by draft;
* tallies: a decision's tally against its member-by-member votes;
* presidents and membership: see ``debates.council``.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from django.db import transaction
from django.db.models import Prefetch

from .models import Decision, Discrepancy, SourceDocument, Vote

TABLE = SourceDocument.Kind.MEETING_TABLE
VETO_LIST = SourceDocument.Kind.VETO_LIST
SOURCE_NAMES = {
    TABLE: "meeting table",
    VETO_LIST: "veto list",
    SourceDocument.Kind.VERBATIM: "verbatim record",
    SourceDocument.Kind.RESOLUTION: "resolution text",
    SourceDocument.Kind.REPERTOIRE: "Repertoire",
}


def _members(votes) -> str:
    return ", ".join(sorted(v.speaker.short_name for v in votes)) or "none"


def _vetoed_drafts():
    return (
        Decision.objects.filter(votes__veto=True)
        .distinct()
        .select_related("meeting")
        .prefetch_related(
            Prefetch("votes", queryset=Vote.objects.filter(veto=True).select_related("speaker")),
            "source_documents",
        )
        .order_by("date", "pk")
    )


def check_vetoes() -> int:
    """The veto list against the meeting tables: one Discrepancy per draft on which they disagree.

    Compared only where both speak: a meeting a table lists and a date the
    veto list covers. Returns how many were recorded.
    """
    lists = SourceDocument.objects.filter(kind=VETO_LIST)
    tables = SourceDocument.objects.filter(kind=TABLE)
    rows: list[Discrepancy] = []
    if lists.exists() and tables.exists():
        drafts = list(_vetoed_drafts())
        # The list runs to September 2022, the tables to mid-2022: compare only where both do.
        listed = [d.date for d in drafts if d.date and any(VETO_LIST in v.sources for v in d.votes.all())]
        last_listed = max(listed, default=None)
        for draft in drafts:
            tabled = draft.meeting is not None and (
                draft.meeting.field_sources.get("date", "").split("|")[0] == TABLE
                or any(d.kind == TABLE for d in draft.source_documents.all())
            )
            if not tabled or last_listed is None or (draft.date and draft.date > last_listed):
                continue
            by_table = [v for v in draft.votes.all() if TABLE in v.sources]
            by_list = [v for v in draft.votes.all() if VETO_LIST in v.sources]
            if {v.speaker_id for v in by_table} == {v.speaker_id for v in by_list}:
                continue
            if not by_table:
                reason = "the veto list records a vetoed draft that the meeting table does not"
            elif not by_list:
                reason = "the meeting table records a veto that the veto list does not"
            else:
                reason = "the veto list and the meeting table name different vetoing members"
            rows.append(
                Discrepancy(
                    kind=Discrepancy.Kind.VETO,
                    model="decision",
                    object_key=draft.key,
                    field="vetoed_by",
                    kept_value=f"meeting table: {_members(by_table)}",
                    other_value=f"veto list: {_members(by_list)}",
                    reason=reason,
                )
            )
    return _replace(Discrepancy.Kind.VETO, rows)


def check_tallies() -> int:
    """A decision's tally against its member-by-member votes.

    A tally counts the members in favour, against and abstaining. Where the
    member votes are all known (as many as the tally counts), each count must
    match; where only some are known (the vetoes a table names), none may
    exceed the tally: "vetoed by China, Russian Federation 13-0-2" cannot be
    right (S/2022/431 was 13-2-0). Returns how many were recorded.
    """
    rows: list[Discrepancy] = []
    decisions = (
        Decision.objects.filter(votes_for__isnull=False, votes__isnull=False)
        .distinct()
        .select_related("meeting")
        .prefetch_related(Prefetch("votes", queryset=Vote.objects.select_related("speaker")))
    )
    for decision in decisions:
        votes = list(decision.votes.all())
        counted = Counter(v.choice for v in votes)
        tally = {
            Vote.Choice.IN_FAVOUR: decision.votes_for,
            Vote.Choice.AGAINST: decision.votes_against or 0,
            Vote.Choice.ABSTAINING: decision.abstentions or 0,
        }
        complete = len([v for v in votes if v.choice != Vote.Choice.NOT_PARTICIPATING]) >= sum(tally.values())
        wrong = [
            choice
            for choice, n in tally.items()
            if (counted[choice] != n if complete else counted[choice] > n)
        ]
        if not wrong:
            continue
        tally_source = decision.field_sources.get("votes_for", "").split("|")
        vote_sources = sorted({s for v in votes for s in v.sources})
        rows.append(
            Discrepancy(
                kind=Discrepancy.Kind.TALLY,
                model="decision",
                object_key=decision.key,
                field="tally",
                kept_value=f"{decision.tally_text()} ({SOURCE_NAMES.get(tally_source[0], tally_source[0])}"
                + (f", {tally_source[1]}" if len(tally_source) > 1 else "")
                + ")",
                other_value=(
                    f"{counted[Vote.Choice.IN_FAVOUR]}-{counted[Vote.Choice.AGAINST]}-"
                    f"{counted[Vote.Choice.ABSTAINING]} by member"
                    + (
                        " (" + ", ".join(SOURCE_NAMES.get(s, s) for s in vote_sources) + ")"
                        if vote_sources
                        else ""
                    )
                    + ("" if complete else f": {', '.join(_member_votes(votes))}")
                ),
                reason="the tally disagrees with the member votes",
            )
        )
    return _replace(Discrepancy.Kind.TALLY, rows)


def _member_votes(votes) -> list[str]:
    by_choice = defaultdict(list)
    for vote in votes:
        by_choice[vote.get_choice_display().lower()].append(vote.speaker.short_name)
    return [f"{', '.join(sorted(names))} {choice}" for choice, names in sorted(by_choice.items())]


def _replace(kind: str, rows: list[Discrepancy]) -> int:
    """This check's discrepancies become ``rows``: a re-run records what holds now, nothing twice."""
    with transaction.atomic():
        Discrepancy.objects.filter(kind=kind).delete()
        Discrepancy.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def run() -> dict[str, int]:
    """Every cross-source check; returns how many disagreements each recorded."""
    from . import council

    return {
        "vetoes": check_vetoes(),
        "tallies": check_tallies(),
        **council.reconcile(),
    }
