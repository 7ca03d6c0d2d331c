"""
Loader for presidential statement documents: the text of the right S/PRST.

Matched by symbol where the document or its file name states it; otherwise
by its meeting and date, which the meeting tables give for every statement.
"""

from __future__ import annotations

from ..models import Decision, SourceDocument
from ..parsing.presidential_statements import (
    ParsedStatement,
    StatementError,
    looks_like_statement,
    parse_statement,
)
from ..reporting import IngestError, Report
from .common import defer_commit_flush, get_or_create_item, upsert_decision, upsert_meeting

KIND = SourceDocument.Kind.PRESIDENTIAL_STATEMENT
MAX_BYTES = 5 * 1024 * 1024


def detect(name: str, data: bytes) -> bool:
    return looks_like_statement(data)


def parse(name: str, data: bytes) -> ParsedStatement:

    try:
        return parse_statement(data, name=name)
    except StatementError as exc:
        raise IngestError(str(exc)) from exc


def identify(parsed: ParsedStatement) -> str:
    """Its symbol (``S/PRST/2007/42``), or, where neither text nor file name gives one, its meeting."""
    return parsed.symbol or f"presidential-statement:{parsed.meeting}:{parsed.date.isoformat()}"


def load(parsed: ParsedStatement, document: SourceDocument, report: Report) -> None:
    defer_commit_flush()
    items = [get_or_create_item(parsed.item)] if parsed.item else []
    meeting = upsert_meeting(document, report, number=parsed.meeting, date=parsed.date, items=items)
    symbol = parsed.symbol
    # No symbol printed: upsert_decision matches the meeting's one presidential
    # statement, named by the tables or not, in whichever order they come.
    upsert_decision(
        document,
        report,
        kind=Decision.Kind.PRESIDENTIAL_STATEMENT,
        symbol=symbol,
        meeting=meeting,
        date=parsed.date,
        adopted=True,
        text=parsed.text,
        year=int(symbol.split("/")[2]) if symbol else None,
        number=int(symbol.split("/")[3]) if symbol else None,
    )
