"""
Loader for the UN library's yearly meeting tables: Meetings, their Items and Decisions.

Meetings are keyed on their number (videoconferences without one on their
slug, ``vtc-2020-04-09-s-2020-312``); decisions on their symbol, or for a
communiqué, a statement read into the record or a draft put orally (no
symbol of its own) on (meeting, kind, entry): every such entry is a
decision of its own. The drafts vetoed at a meeting are numbered apart
(``veto-1``, ``veto-2``: the three applications vetoed orally at the 57th
meeting), so that the veto list, which names only vetoed drafts, numbers
them the same way.
"""

from __future__ import annotations

from collections import Counter

from django.db.models import Q

from ..models import Decision, Discrepancy, Meeting, SourceDocument
from ..parsing.meeting_tables import (
    MeetingTable,
    Outcome,
    ParsedMeeting,
    TableError,
    looks_like_meeting_table,
    parse_meeting_table,
    videoconference_slug,
)
from ..parsing.text import repair_mojibake
from ..reporting import IngestError, Report
from .common import defer_commit_flush, merge_fields, upsert_decision, upsert_meeting
from .items import topic_items
from .votes import VoteWriter

KIND = SourceDocument.Kind.MEETING_TABLE
# A year's page is under a megabyte.
MAX_BYTES = 20 * 1024 * 1024


def detect(name: str, data: bytes) -> bool:
    return looks_like_meeting_table(data[:3000].decode("utf-8", errors="replace"))


def parse(name: str, data: bytes) -> MeetingTable:

    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise IngestError(f"not UTF-8 at byte {exc.start}: the library's pages are UTF-8") from exc
    # A few cells were saved from text decoded twice ("Peopleâ€™s", S/RES/2627).
    text, repairs = repair_mojibake(text)
    try:
        table = parse_meeting_table(text, name=name)
    except TableError as exc:
        raise IngestError(str(exc)) from exc
    table.notes += [f"mojibake repaired: {before[:80]!r} read as {after[:80]!r}" for before, after in repairs]
    return table


def identify(parsed: MeetingTable) -> str:
    """``meeting-table:1995``; the 2020-2021 pages of videoconferences (their own layout) apart."""
    videoconferences = " (videoconferences)" if "outcome_letter" in parsed.layout else ""
    return f"meeting-table:{parsed.year}{videoconferences}"


def load(parsed: MeetingTable, document: SourceDocument, report: Report) -> None:
    """Upsert the table's meetings, items and decisions.

    A year's table holds up to 300 meetings and 400 decisions, most of them
    new on a first ingest: rows that do not exist yet are built with the same
    field merge as ``upsert_meeting``/``upsert_decision`` and written with
    ``bulk_create``; rows another document created go through those upserts,
    which record any disagreement. Either way the result is the same.
    """
    defer_commit_flush()
    for line in parsed.notes + parsed.skipped:
        report.note(line)
    if parsed.skipped:
        report.add("rows skipped", len(parsed.skipped))
    # Oldest first, so that a symbol the table lists twice (S/RES/663 (1990)
    # at the 2936th and, misprinted for 666, at the 2939th) stays with the
    # meeting that adopted it first.
    parsed_meetings = list(reversed(parsed.meetings()))
    items = topic_items([t for pm in parsed_meetings for t in pm.topics], document, report)
    _adopt_letter_meetings(parsed_meetings, report)
    existing = {
        m.slug: m
        for m in Meeting.objects.filter(
            Q(number__in=[pm.number for pm in parsed_meetings if pm.number is not None])
            | Q(slug__in=[pm.slug for pm in parsed_meetings])
        )
    }
    existing.update({str(m.number): m for m in existing.values() if m.number is not None})

    meetings: list[tuple[ParsedMeeting, Meeting]] = []
    new_meetings: list[Meeting] = []
    for pm in parsed_meetings:
        values = _meeting_values(pm)
        topics = [item for t in pm.topics for item in items[t]]
        meeting = existing.get(pm.slug)
        if meeting is not None:
            meeting = upsert_meeting(document, report, number=pm.number, slug=pm.slug, items=topics, **values)
        else:
            meeting = Meeting(number=pm.number, slug=pm.slug)
            merge_fields(meeting, values, document, report, pm.slug)
            new_meetings.append(meeting)
        meetings.append((pm, meeting))
    Meeting.objects.bulk_create(new_meetings)
    report.add("meetings created", len(new_meetings))
    created = {id(m) for m in new_meetings}
    Meeting.items.through.objects.bulk_create(
        [
            Meeting.items.through(meeting_id=meeting.pk, item_id=item.pk)
            for pm, meeting in meetings
            if id(meeting) in created
            for item in dict.fromkeys(i for t in pm.topics for i in items[t])
        ],
        ignore_conflicts=True,
    )
    Meeting.source_documents.through.objects.bulk_create(
        [
            Meeting.source_documents.through(meeting_id=meeting.pk, sourcedocument_id=document.pk)
            for meeting in new_meetings
        ],
        ignore_conflicts=True,
    )

    outcomes = [
        (pm, meeting, outcome, entry) for pm, meeting in meetings for outcome, entry in entries(pm.outcomes)
    ]
    # Kinds of which the table lists a symbol-less entry at a meeting (the
    # draft put orally at the 351st meeting beside draft S/974): there the
    # symbol-less Decision is that entry, not one of the named ones whose
    # symbol a source had not given yet.
    unnamed = {(id(meeting), o.kind) for _, meeting, o, _ in outcomes if o.symbol is None}
    known = set(
        Decision.objects.filter(symbol__in=[o.symbol for _, _, o, _ in outcomes if o.symbol]).values_list(
            "symbol", flat=True
        )
    )
    seen: dict[str, Meeting] = {}
    new_decisions: list[tuple[Decision, Outcome]] = []
    vetoed: list[tuple[Decision, Outcome]] = []
    for pm, meeting, outcome, entry in outcomes:
        if outcome.symbol and outcome.symbol in seen:
            _duplicate(outcome.symbol, seen[outcome.symbol], meeting, document, report)
            continue
        if outcome.symbol:
            seen[outcome.symbol] = meeting
        values = _decision_values(pm, outcome)
        fresh = id(meeting) in created or (outcome.symbol and (id(meeting), outcome.kind) in unnamed)
        if fresh and outcome.symbol not in known:
            # A new meeting has no decisions yet (or its symbol-less one is
            # another entry, above), and nothing holds this symbol.
            key = outcome.symbol or Decision.key_for(meeting, outcome.kind, entry)
            decision = Decision(symbol=outcome.symbol, slug=Decision.slug_for(key), entry=entry)
            merge_fields(
                decision, {"kind": outcome.kind, "meeting": meeting, **values}, document, report, key
            )
            new_decisions.append((decision, outcome))
        else:
            decision = upsert_decision(
                document,
                report,
                kind=outcome.kind,
                symbol=outcome.symbol,
                meeting=meeting,
                entry=entry,
                **values,
            )
        if outcome.vetoed_by:
            vetoed.append((decision, outcome))
    Decision.objects.bulk_create([decision for decision, _ in new_decisions])
    report.add("decisions created", len(new_decisions))
    Decision.source_documents.through.objects.bulk_create(
        [
            Decision.source_documents.through(decision_id=decision.pk, sourcedocument_id=document.pk)
            for decision, _ in new_decisions
        ],
        ignore_conflicts=True,
    )
    votes = VoteWriter(document)
    for decision, outcome in vetoed:
        votes.vetoes(decision, outcome.vetoed_by, report)


def _adopt_letter_meetings(parsed_meetings: list[ParsedMeeting], report: Report) -> None:
    """Videoconferences that a reading of one of their letters made before the table came (the
    UNSC Debates corpus, a letter's PDF), under that letter's slug (``vtc-2020-03-30-s-2020-266``):
    each is the table's meeting and takes the table's slug, so that the archive is the same
    whichever came first. Costs two queries."""
    wanted: dict[str, ParsedMeeting] = {}
    for pm in parsed_meetings:
        if pm.number is None:
            for letter in pm.letters:
                wanted.setdefault(videoconference_slug(pm.date, [letter], [], []), pm)
    wanted = {slug: pm for slug, pm in wanted.items() if slug != pm.slug}
    if not wanted:
        return
    taken = set(
        Meeting.objects.filter(slug__in={pm.slug for pm in wanted.values()}).values_list("slug", flat=True)
    )
    for meeting in Meeting.objects.filter(number__isnull=True, slug__in=list(wanted)).order_by("slug"):
        pm = wanted[meeting.slug]
        if pm.slug in taken:
            continue
        report.note(f"meeting {meeting.slug}: the videoconference the table lists as {pm.slug}")
        meeting.slug = pm.slug
        meeting.save(update_fields=["slug"])
        taken.add(pm.slug)


def _meeting_values(pm: ParsedMeeting) -> dict:
    return {
        "date": pm.date,
        "record": pm.record,
        "resumptions": pm.resumptions,
        "closed": pm.closed,
        "kind": _meeting_kind(pm),
        "title": "; ".join(pm.topics),
        "press_release": pm.press_release,
        "place": pm.place,
        "letter": pm.letter,
        "documents": pm.letters,
    }


def _decision_values(pm: ParsedMeeting, outcome: Outcome) -> dict:
    return {
        "date": pm.date,
        "number": outcome.number,
        "year": outcome.year,
        "adopted": outcome.adopted,
        "votes_for": outcome.votes_for,
        "votes_against": outcome.votes_against,
        "abstentions": outcome.abstentions,
        "unanimous": outcome.unanimous or None,
        "draft_symbol": outcome.draft_symbol,
        "title": outcome.topic if outcome.kind != "other" else outcome.text,
    }


def _meeting_kind(pm: ParsedMeeting) -> str:
    if pm.videoconference:
        return Meeting.Kind.VIDEOCONFERENCE
    if pm.closed:
        return Meeting.Kind.CLOSED
    return ""


def entries(outcomes: list[Outcome]) -> list[tuple[Outcome, str]]:
    """Each outcome with its ``Decision.entry``: "" for one with a symbol or the first symbol-less
    one of its kind, "2", "3"… for the next, ``veto-1``, ``veto-2``… for drafts vetoed without one."""
    result: list[tuple[Outcome, str]] = []
    seen: Counter[str] = Counter()
    for outcome in outcomes:
        if outcome.symbol:
            result.append((outcome, ""))
            continue
        vetoed = bool(outcome.vetoed_by)
        group = f"veto-{outcome.kind}" if vetoed else outcome.kind
        seen[group] += 1
        n = seen[group]
        result.append((outcome, f"veto-{n}" if vetoed else ("" if n == 1 else str(n))))
    return result


def _duplicate(symbol: str, kept: Meeting, other: Meeting, document: SourceDocument, report: Report) -> None:
    """The table lists one symbol at two meetings: keep the first, record the other.

    A resolution text naming the other meeting records the same disagreement;
    the first record stands, whichever document made it.
    """
    Discrepancy.objects.get_or_create(
        model="decision",
        object_key=symbol,
        field="meeting",
        other_value=str(other),
        defaults={
            "kept_value": str(kept),
            "kept_source": document,
            "other_source": document,
            "reason": "the table lists the symbol at two meetings; the earlier one is kept",
        },
    )
    report.note(f"{symbol} listed at meetings {kept.slug} and {other.slug}: kept {kept.slug}")
    report.add("duplicate symbols")
