"""
Loader for the library's veto list: the vetoing members of each draft as Vote rows.

The draft is found by its symbol, or, for a proposal put orally (the list
names the record, ``S/PV.57``), as the symbol-less draft of that meeting,
which the meeting table creates too. The list ranks below the tables
(``common.AUTHORITY``), which it was compiled from. Its agenda items are the
tables' topics abridged ("Middle East" for "The situation in the Middle
East"): loaded only as a stand-in title for a draft no table names. Its
draft column mixes symbols and records ("S/552, S/PV.202"): the first own
symbol is the draft's. Where the list and the tables disagree (a veto one
of them lacks, other members), ``debates.reconcile`` records it.
"""

from __future__ import annotations

from collections import defaultdict

from ..models import Decision, Meeting, SourceDocument
from ..parsing.meeting_tables import TableError, Veto, VetoList, looks_like_veto_list, parse_veto_list
from ..parsing.text import repair_mojibake
from ..reporting import IngestError, Report
from .common import defer_commit_flush, merge_fields, upsert_decision, upsert_meeting
from .votes import VoteWriter

KIND = SourceDocument.Kind.VETO_LIST
MAX_BYTES = 20 * 1024 * 1024


def detect(name: str, data: bytes) -> bool:
    return looks_like_veto_list(data[:3000].decode("utf-8", errors="replace"))


def parse(name: str, data: bytes) -> VetoList:

    try:
        return parse_veto_list(repair_mojibake(data.decode("utf-8"))[0])
    except UnicodeDecodeError as exc:
        raise IngestError(f"not UTF-8 at byte {exc.start}: the library's pages are UTF-8") from exc
    except TableError as exc:
        raise IngestError(str(exc)) from exc


def identify(parsed: VetoList) -> str:
    return "veto-list"


def load(parsed: VetoList, document: SourceDocument, report: Report) -> None:
    defer_commit_flush()
    for line in parsed.skipped:
        report.note(line)
    votes = VoteWriter(document)
    # Drafts put orally (no symbol) are the meeting's vetoed drafts in order:
    # the list runs newest first, the tables in the order of the votes, so a
    # meeting's rows are numbered from its last (the 57th meeting: Transjordan,
    # Ireland, Portugal, as the table prints them).
    oral: dict[int, list[Veto]] = defaultdict(list)
    for veto in reversed(parsed.vetoes):
        if veto.symbol is None and veto.meeting is not None:
            oral[veto.meeting].append(veto)
    entry = {id(veto): f"veto-{n}" for rows in oral.values() for n, veto in enumerate(rows, start=1)}
    for veto in parsed.vetoes:
        meeting = None
        if veto.meeting is not None:
            meeting = upsert_meeting(document, report, number=veto.meeting, date=veto.date)
        elif veto.letters:
            meeting = Meeting.objects.filter(letter__in=veto.letters).first()
        if veto.symbol is None and meeting is None:
            report.note(f"row {veto.position}: no draft symbol and no meeting for {veto.draft!r}; skipped")
            continue
        decision = upsert_decision(
            document,
            report,
            kind=Decision.Kind.DRAFT_RESOLUTION,
            symbol=veto.symbol,
            meeting=meeting,
            entry=entry.get(id(veto), ""),
            date=veto.date,
            adopted=False,
        )
        if not decision.title and veto.agenda:
            # The list's agenda is the tables' topic abridged: a stand-in for a
            # draft no table names, which a table's title replaces unremarked.
            merge_fields(
                decision,
                {"title": veto.agenda},
                document,
                report,
                decision.key,
                as_kind=SourceDocument.Kind.REFERENCE,
            )
            decision.save(update_fields=["title", "field_sources"])
        votes.vetoes(decision, veto.members, report)
