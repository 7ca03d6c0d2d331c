"""
Loader for resolution texts: the Decision's full text, date and adopting meeting.

A resolution is a primary document: its own date, text and vote outrank the
meeting tables' (``common.AUTHORITY``); the meeting it names ranks below the
tables' (``common.CITATION``). Every disagreement is recorded.
"""

from __future__ import annotations

from ..models import Decision, Meeting, SourceDocument
from ..parsing.resolutions import ParsedResolution, ResolutionError, looks_like_resolution, parse_resolution
from ..reporting import IngestError, Report
from .common import CITATION, defer_commit_flush, upsert_decision, upsert_meeting

KIND = SourceDocument.Kind.RESOLUTION
# The longest resolution texts (with their annexes) run to a few hundred kilobytes.
MAX_BYTES = 5 * 1024 * 1024


def detect(name: str, data: bytes) -> bool:
    return looks_like_resolution(name, data)


def parse(name: str, data: bytes) -> ParsedResolution:

    try:
        return parse_resolution(data, name=name)
    except ResolutionError as exc:
        raise IngestError(str(exc)) from exc


def identify(parsed: ParsedResolution) -> str:
    """The resolution's symbol: ``S/RES/1631 (2005)``."""
    return parsed.symbol


def load(parsed: ParsedResolution, document: SourceDocument, report: Report) -> None:
    defer_commit_flush()
    for line in parsed.notes:
        report.note(line)
    meeting = None
    if parsed.meeting is not None and parsed.date is not None:
        # The text is the authority on the resolution (its date, its adopting
        # meeting), not on the meeting, which the meeting tables date. It
        # links the meeting as it is; one the tables have not brought yet is
        # created with the text's date as a placeholder (``as_kind=REFERENCE``)
        # that the tables replace. A date the text and the tables disagree on
        # is recorded on the Decision, in whichever order they come.
        meeting = Meeting.objects.filter(number=parsed.meeting).first()
        if meeting is None:
            meeting = upsert_meeting(
                document,
                report,
                number=parsed.meeting,
                date=parsed.date,
                as_kind=SourceDocument.Kind.REFERENCE,
            )
        else:
            meeting.source_documents.add(document)
    elif parsed.meeting is not None:
        # Without a date the meeting cannot be created; naming it only when
        # the tables came first would make the result depend on the order of
        # ingestion. The tables link it.
        report.note(f"{parsed.symbol}: no adoption date, meeting {parsed.meeting} left to the tables")
    upsert_decision(
        document,
        report,
        kind=Decision.Kind.RESOLUTION,
        symbol=parsed.symbol,
        meeting=meeting,
        meeting_as_kind=CITATION,
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
