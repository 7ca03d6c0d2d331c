"""
Loader for the UN library's yearly meeting tables: Meetings, their Items and Decisions.

Meetings are keyed on their number (videoconferences without one on their
slug, ``vtc-2020-04-09-s-2020-312``); decisions on their symbol, or for a
communiqué, a statement read into the record or a draft put orally (no
symbol of its own) on (meeting, kind). Several such symbol-less entries of
one kind at one meeting (three membership applications vetoed at the 57th
meeting) are one Decision whose title lists them, since the archive never
invents a symbol to tell them apart.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from ..models import Discrepancy, Meeting, SourceDocument
from ..parsing.meeting_tables import (
    MeetingTable,
    Outcome,
    ParsedMeeting,
    TableError,
    looks_like_meeting_table,
    parse_meeting_table,
)
from .common import get_or_create_item, upsert_decision, upsert_meeting
from .votes import VoteWriter

if TYPE_CHECKING:
    from ..ingest import Report

KIND = SourceDocument.Kind.MEETING_TABLE


def detect(name: str, data: bytes) -> bool:
    return looks_like_meeting_table(data[:3000].decode("utf-8", errors="replace"))


def parse(name: str, data: bytes) -> MeetingTable:
    from ..ingest import IngestError  # ingest imports the loaders

    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise IngestError(f"not UTF-8 at byte {exc.start}: the library's pages are UTF-8") from exc
    try:
        return parse_meeting_table(text, name=name)
    except TableError as exc:
        raise IngestError(str(exc)) from exc


def summarize(parsed: MeetingTable) -> dict[str, int]:
    meetings = parsed.meetings()
    return {
        "meetings": len(meetings),
        "decisions": sum(len(_merged_outcomes(m)) for m in meetings),
        "rows skipped": len(parsed.skipped),
    }


def load(parsed: MeetingTable, document: SourceDocument, report: Report) -> None:
    for line in parsed.notes + parsed.skipped:
        report.note(line)
    if parsed.skipped:
        report.add("rows skipped", len(parsed.skipped))
    items: dict[str, object] = {}
    votes = VoteWriter()
    seen: dict[str, Meeting] = {}
    # Oldest first, so that a symbol the table lists twice (S/RES/663 (1990)
    # at the 2936th and, misprinted for 666, at the 2939th) stays with the
    # meeting that adopted it first.
    for pm in reversed(parsed.meetings()):
        topics = [items.get(t) or items.setdefault(t, get_or_create_item(t)) for t in pm.topics]
        meeting = upsert_meeting(
            document,
            report,
            number=pm.number,
            slug=pm.slug,
            items=topics,
            date=pm.date,
            record=pm.record,
            resumptions=pm.resumptions,
            closed=pm.closed,
            kind=_meeting_kind(pm),
            title="; ".join(pm.topics),
            press_release=pm.press_release,
            place=pm.place,
            letter=pm.letter,
            documents=pm.letters,
        )
        for outcome in _merged_outcomes(pm):
            if outcome.symbol and outcome.symbol in seen:
                _duplicate(outcome.symbol, seen[outcome.symbol], meeting, document, report)
                continue
            decision = upsert_decision(
                document,
                report,
                kind=outcome.kind,
                symbol=outcome.symbol,
                meeting=meeting,
                date=pm.date,
                number=outcome.number,
                year=outcome.year,
                adopted=outcome.adopted,
                votes_for=outcome.votes_for,
                votes_against=outcome.votes_against,
                abstentions=outcome.abstentions,
                unanimous=outcome.unanimous or None,
                draft_symbol=outcome.draft_symbol,
                title=outcome.topic if outcome.kind != "other" else outcome.text,
            )
            if outcome.symbol:
                seen[outcome.symbol] = meeting
            if outcome.vetoed_by:
                votes.vetoes(decision, outcome.vetoed_by, report)


def _meeting_kind(pm: ParsedMeeting) -> str:
    if pm.videoconference:
        return Meeting.Kind.VIDEOCONFERENCE
    if pm.closed:
        return Meeting.Kind.CLOSED
    return ""


def _merged_outcomes(pm: ParsedMeeting) -> list[Outcome]:
    """The meeting's outcomes, symbol-less entries of one kind merged into one (see the module docstring)."""
    result: list[Outcome] = []
    unnamed: dict[str, Outcome] = {}
    for outcome in pm.outcomes:
        if outcome.symbol:
            result.append(outcome)
            continue
        first = unnamed.get(outcome.kind)
        if first is None:
            unnamed[outcome.kind] = replace(outcome, vetoed_by=list(outcome.vetoed_by))
            result.append(unnamed[outcome.kind])
            continue
        first.text = f"{first.text}; {outcome.text}"
        first.vetoed_by += [m for m in outcome.vetoed_by if m not in first.vetoed_by]
        if outcome.topic and outcome.topic not in first.topic:
            first.topic = f"{first.topic}; {outcome.topic}" if first.topic else outcome.topic
    return result


def _duplicate(symbol: str, kept: Meeting, other: Meeting, document: SourceDocument, report: Report) -> None:
    """The table lists one symbol at two meetings: keep the first, record the other."""
    Discrepancy.objects.update_or_create(
        model="decision",
        object_key=symbol,
        field="meeting",
        other_value=other.slug,
        defaults={
            "kept_value": kept.slug,
            "kept_source": document,
            "other_source": document,
            "reason": "the table lists the symbol at two meetings; the earlier one is kept",
        },
    )
    report.note(f"{symbol} listed at meetings {kept.slug} and {other.slug}: kept {kept.slug}")
    report.add("duplicate symbols")
