"""
Loader for resolution texts: the Decision's full text, date and adopting meeting.

A resolution is a primary document: its own date and meeting outrank the
meeting tables' (``common.AUTHORITY``), and a disagreement is recorded.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..models import Decision, SourceDocument
from ..parsing.resolutions import ParsedResolution, ResolutionError, looks_like_resolution, parse_resolution
from .common import defer_commit_flush, upsert_decision, upsert_meeting

if TYPE_CHECKING:
    from ..ingest import Report

KIND = SourceDocument.Kind.RESOLUTION


def detect(name: str, data: bytes) -> bool:
    return looks_like_resolution(name, data)


def parse(name: str, data: bytes) -> ParsedResolution:
    from ..ingest import IngestError  # ingest imports the loaders

    try:
        return parse_resolution(data, name=name)
    except ResolutionError as exc:
        raise IngestError(str(exc)) from exc


def summarize(parsed: ParsedResolution) -> dict[str, int]:
    return {"resolutions": 1, "characters": len(parsed.text)}


def load(parsed: ParsedResolution, document: SourceDocument, report: Report) -> None:
    defer_commit_flush()
    for line in parsed.notes:
        report.note(line)
    meeting = None
    if parsed.meeting is not None and parsed.date is not None:
        # The text is the authority on the resolution (its date, its adopting
        # meeting), not on the meeting: the meeting tables date the meeting,
        # and a text's date is only a stand-in until they do (ranked as a
        # reference, below every document about the meeting itself). Two
        # texts misprinting one meeting number with different dates
        # (S/RES/245 and 246 (1968) "at the 1387th meeting") then never move
        # the meeting.
        meeting = upsert_meeting(
            document, report, number=parsed.meeting, date=parsed.date, as_kind=SourceDocument.Kind.REFERENCE
        )
    elif parsed.meeting is not None:
        # Without a date the meeting cannot be created if the tables have not
        # been loaded yet; naming it only when they have would make the
        # result depend on the order of ingestion. The tables link it.
        report.note(f"{parsed.symbol}: no adoption date, meeting {parsed.meeting} left to the tables")
    upsert_decision(
        document,
        report,
        kind=Decision.Kind.RESOLUTION,
        symbol=parsed.symbol,
        meeting=meeting,
        date=parsed.date,
        number=parsed.number,
        year=parsed.year,
        adopted=True,
        text=parsed.text,
        votes_for=parsed.votes_for,
        votes_against=parsed.votes_against,
        abstentions=parsed.abstentions,
        unanimous=parsed.unanimous or None,
    )
    report.add("resolution texts")
