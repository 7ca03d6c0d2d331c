"""
Verbatim records (S/PV.NNNN, and their resumptions) onto the models.

A record enriches its meeting (``upsert_meeting`` by number: a meeting known
from the tables or the Repertoire is the same row), gives one Statement per
speech (source ``verbatim``, through ``common.sync_statements``: keyed on the
record, the speaker as printed and the speech's text, so that a re-ingest
updates in place, a lost page never re-points a permalink, and a statement
staff corrected is never written to), and the decisions voted at the meeting with each member's vote.

A resumption (S/PV.8699 (Resumption 1)) belongs to meeting 8699: it adds its
speeches after the meeting's own, but the meeting's date, time, place and
President are those of the record of the meeting itself. Each record keeps
its own day and President (``MeetingRecord``), and its statements carry its
day. A letter that recorded a videoconference (S/2020/594) is the record of
that meeting, which has no number.
"""

from __future__ import annotations

import re

from ..models import (
    Decision,
    Item,
    Meeting,
    MeetingMember,
    MeetingRecord,
    SourceDocument,
    Speaker,
    Statement,
    Vote,
)
from ..parsing.meeting_tables import videoconference_slug
from ..parsing.verbatim import (
    Invitation,
    Speech,
    VerbatimError,
    VerbatimRecord,
    VoteResult,
    find_invitations,
    parse_record,
)
from ..parsing.verbatim.phrases import GROUPS
from ..reporting import IngestError, Report
from ..speakers import SpeakerResolver
from .common import (
    CORPUS_IDENTITY_PREFIX,
    CORPUS_SUPERSEDED,
    get_or_create_item,
    own_capacity,
    supersede,
    sync_statements,
    upsert_decision,
    upsert_meeting,
)

KIND = SourceDocument.Kind.VERBATIM
# The longest open debates run to a few hundred pages: some megabytes.
MAX_BYTES = 50 * 1024 * 1024

# Speeches of a resumption follow the meeting's own: position = resumption × this + order.
POSITION_STEP = 1000

# The permanent members of the Council, whose negative vote defeats a draft.
PERMANENT_MEMBERS = {"CHN", "FRA", "RUS", "GBR", "USA"}

NAME_HINT = re.compile(r"S[_/ ]?PV[._ ]?\d+", re.IGNORECASE)
# The canonical names of the groups the parser recognises: created without review.
KNOWN_GROUPS = {name for _, name in GROUPS}


def detect(name: str, data: bytes) -> bool:
    """A PDF named like a verbatim record (``S_PV.8701_E.pdf``), or any PDF whose
    first page carries an S/PV symbol. A damaged file named like a record, and
    a PDF that cannot be opened at all, are claimed, so that their failure is
    reported rather than skipped: nothing says it was not a record."""
    if not data[:1024].lstrip().startswith(b"%PDF-") and b"%PDF-" not in data[:1024]:
        return bool(NAME_HINT.search(name)) and name.lower().endswith(".pdf")
    if NAME_HINT.search(name):
        return True
    return _first_page_is_a_record(data)


def _first_page_is_a_record(data: bytes) -> bool:
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(data)
        try:
            textpage = document[0].get_textpage()
            head = textpage.get_text_range(0, min(1500, textpage.count_chars()))
        finally:
            document.close()
    except Exception:  # damaged: parse() says how, and the file is named as failed
        return True
    # A record's first page opens "United Nations S/PV.8701 Security Council";
    # other UN documents cite records further down.
    if "Security Council" in head[:120] and re.search(r"S/PV\.\d+", head[:80]) is not None:
        return True
    # So does the President's letter that recorded a videoconference (S/2020/594).
    flat = " ".join(head.split())
    return (
        "Security Council" in flat[:200]
        and re.search(r"S/\d{4}/\d+", flat[:120]) is not None
        and re.search(r"Letter dated .{0,40}? from the President of the Security Council", flat) is not None
    )


def parse(name: str, data: bytes) -> VerbatimRecord:

    try:
        return parse_record(data, name)
    except VerbatimError as exc:
        # The ingest command prints the file's path before the reason.
        raise IngestError(str(exc).removeprefix(f"{name}: ")) from None


def identify(parsed: VerbatimRecord) -> str:
    """The record's symbol: ``S/PV.8699 (Resumption 1)``, or a letter's ``S/2020/594``."""
    return parsed.symbol


def load(parsed: VerbatimRecord, document: SourceDocument, report: Report) -> None:
    """Write the record's meeting, statements and decisions (inside the ingest's transaction)."""
    resolver = SpeakerResolver()
    _report_unread(parsed, document, report)
    items = {agenda.title: get_or_create_item(agenda.title) for agenda in parsed.agenda}
    meeting = _load_meeting(parsed, document, report, resolver, list(items.values()))

    invitations = parsed.invitations + _invitations_elsewhere(meeting, document)
    rows = []
    for speech in parsed.speeches:
        speaker = _speaker(speech, invitations, resolver)
        if speaker.needs_review:
            # A State or organization the gazetteer does not know, a briefer whose invitation is
            # in no record loaded yet, an acting President no stage direction named.
            who = speech.country or speech.person
            report.note(f"{parsed.symbol}: speaker {who!r} of speech {speech.position} is unknown")
        item = items.get(speech.item)
        rows.append(
            {
                "meeting_id": meeting.pk,
                "item_id": item.pk if item else None,
                "speaker_id": speaker.pk,
                "label": speech.heading,
                "person": speech.person,
                "capacity": own_capacity(speaker, speech.capacity),
                "date": speech.date or parsed.date,
                "language": speech.language,
                "text": speech.text,
                "record": parsed.symbol,
                "pages": speech.pages,
                "page_start": speech.page_start,
                "page_end": speech.page_end,
                "position": parsed.resumption * POSITION_STEP + speech.position,
                "source": Statement.Source.VERBATIM,
                # Not a column: the speakers spoken for, which sync_statements sets.
                "on_behalf_of": {_spoken_for(name, resolver).pk for name in speech.on_behalf_of}
                - {speaker.pk},
            }
        )
    sync_statements(document, report, rows)
    _supersede_the_corpus_reading(parsed, document, report)
    _resolve_invitees_of_other_records(meeting, document, parsed, resolver, report)

    for vote in parsed.votes:
        _load_vote(vote, parsed, meeting, document, report, resolver)
    for symbol in parsed.presidential_statements:
        upsert_decision(
            document,
            report,
            kind=Decision.Kind.PRESIDENTIAL_STATEMENT,
            symbol=symbol,
            meeting=meeting,
            date=parsed.date,
            year=parsed.date.year,
        )


def _supersede_the_corpus_reading(parsed: VerbatimRecord, document: SourceDocument, report: Report) -> None:
    """The UN's own record is the reading shown: the UNSC Debates corpus's reading of the same
    record, if loaded, gives way (its statements redirect to these; see ``loaders.unscd``)."""
    corpus = SourceDocument.objects.filter(identity=f"{CORPUS_IDENTITY_PREFIX}{parsed.symbol}").first()
    if corpus is not None:
        supersede(
            corpus,
            document,
            report,
            reason=CORPUS_SUPERSEDED.format(symbol=parsed.symbol),
        )


def _report_unread(parsed: VerbatimRecord, document: SourceDocument, report: Report) -> None:
    """Say how many lines of the record the parser could not place, and which."""
    report.note(f"{parsed.symbol}: unread lines: {len(parsed.unread)}")
    if parsed.unread:
        report.add("unread lines", len(parsed.unread))
    for line in parsed.unread:
        report.note(f"{document.name}, {line}")


def _load_meeting(
    parsed: VerbatimRecord,
    document: SourceDocument,
    report: Report,
    resolver: SpeakerResolver,
    items: list[Item],
) -> Meeting:
    if parsed.meeting_number is None:
        existing = _videoconference(parsed)
        values: dict = {"kind": Meeting.Kind.VIDEOCONFERENCE}
        if existing is None:
            values["letter"] = parsed.symbol
        number, slug = (
            None,
            existing.slug if existing else videoconference_slug(parsed.date, [parsed.symbol], [], []),
        )
    else:
        existing = Meeting.objects.filter(number=parsed.meeting_number).first()
        values = {"record": f"S/PV.{parsed.meeting_number}"}
        number, slug = parsed.meeting_number, None
    president = resolver.resolve(parsed.president_country) if parsed.president_country else None
    if parsed.resumption == 0:
        values.update(
            date=parsed.date,
            time=parsed.time,
            place=parsed.place,
            president=president,
            president_person=parsed.president_person,
            title=parsed.agenda[0].title if parsed.agenda else "",
        )
        if existing is not None:
            # A later record loaded first gave the meeting its own later date;
            # the record of the meeting's first day states the meeting's.
            later = set(
                MeetingRecord.objects.filter(meeting=existing, sequence__gt=0)
                .exclude(source_document=None)
                .values_list("source_document__name", flat=True)
            )
            sources = existing.field_sources
            stale = [
                field
                for field in ("date", "time", "place", "president", "president_person")
                if sources.get(field, "").startswith(f"{KIND}|") and sources[field].split("|", 1)[1] in later
            ]
            if stale:
                for field in stale:
                    sources.pop(field)
                existing.save(update_fields=["field_sources"])
    elif existing is None:
        values["date"] = parsed.date  # the best date known until the meeting's own record comes
    meeting = upsert_meeting(document, report, number=number, slug=slug, items=items, **values)
    _load_record(parsed, meeting, document, president, report)
    # Counts and lists that only grow: written directly, not through the
    # source-authority merge, which would see each resumption as disagreeing.
    updates = {}
    if parsed.resumption > meeting.resumptions:
        updates["resumptions"] = parsed.resumption
    documents = list(dict.fromkeys([*meeting.documents, *parsed.documents]))
    if documents != meeting.documents:
        updates["documents"] = documents
    if updates:
        Meeting.objects.filter(pk=meeting.pk).update(**updates)
        for field, value in updates.items():
            setattr(meeting, field, value)
    if parsed.resumption == 0 and parsed.kind != "letter":
        _load_members(parsed, meeting, report, resolver)
    return meeting


def _videoconference(parsed: VerbatimRecord) -> Meeting | None:
    """The videoconference a letter recorded, if the meeting tables (or an earlier ingest) know it:
    the tables list a videoconference's letters (procedure, briefings, outcome) among its documents.

    Costs a query or two (a day had a handful of videoconferences at most).
    """
    known = Meeting.objects.filter(letter=parsed.symbol).first()
    if known is not None:
        return known
    same_day = Meeting.objects.filter(date=parsed.date, number__isnull=True)
    return (
        next((m for m in same_day if parsed.symbol in m.documents), None)
        or same_day.filter(slug=videoconference_slug(parsed.date, [parsed.symbol], [], [])).first()
    )


def _load_record(
    parsed: VerbatimRecord,
    meeting: Meeting,
    document: SourceDocument,
    president: Speaker | None,
    report: Report,
) -> None:
    """The record's own day and President, whichever of the meeting's records it is."""
    values = {
        "meeting": meeting,
        "kind": parsed.kind,
        "sequence": parsed.resumption,
        "date": parsed.date,
        "time": parsed.time,
        "president": president,
        "president_person": parsed.president_person,
        "source_document": document,
        "pages": parsed.page_count,
    }
    clash = MeetingRecord.objects.filter(meeting=meeting, sequence=parsed.resumption).exclude(
        symbol=parsed.symbol
    )
    if clash.exists():
        # Two symbols for one place ("(Resumption 1)" and "(Part II)"): the newer file wins, said aloud.
        report.note(
            f"{parsed.symbol}: replaces {clash.first().symbol} as record {parsed.resumption} of the meeting"
        )
        clash.delete()
    _, created = MeetingRecord.objects.update_or_create(symbol=parsed.symbol, defaults=values)
    if created:
        report.add("records created")


def _load_members(
    parsed: VerbatimRecord, meeting: Meeting, report: Report, resolver: SpeakerResolver
) -> None:
    """The members and their representatives, as the meeting's own cover page lists them."""
    # The cover page lists the President apart from the other fourteen members.
    pairs = [(m.country, m.person) for m in parsed.members]
    if parsed.president_country:
        pairs.append((parsed.president_country, parsed.president_person))
    seats = {resolver.resolve(country): person for country, person in pairs}
    known = {m.speaker_id: m for m in meeting.members.all()}
    for speaker, person in seats.items():
        member = known.get(speaker.pk)
        if member is None:
            MeetingMember.objects.create(meeting=meeting, speaker=speaker, person=person)
            report.add("members created")
        elif member.person != person:
            member.person = person
            member.save(update_fields=["person"])


def _speaker(speech: Speech, invitations: list[Invitation], resolver: SpeakerResolver) -> Speaker:
    """Who the speech speaks for: its State, the UN office, or the office or
    organization the President's invitation names."""
    if speech.country:
        return resolver.resolve(speech.country)
    if speech.secretary_general:
        # "The Secretary-General", "The Deputy Secretary-General": UN offices.
        return resolver.resolve(speech.person.removeprefix("The "))
    role = speech.role or next((i.role for i in invitations if i.matches(speech.person)), "")
    if role:
        return speaker_for_role(role, resolver)
    # Invited in a record not (yet) loaded: kept for review under the name as printed.
    return resolver.resolve(speech.person)


def _spoken_for(name: str, resolver: SpeakerResolver) -> Speaker:
    """A group, an organization or a State a speech says it is made on behalf of."""
    return resolver.resolve_group(name, known=name in KNOWN_GROUPS)


HEAD_OF = re.compile(r"\bHead of (?:the )?(?!Delegation\b)(?P<office>.+?)(?: to the United Nations)?$")
LEADS = re.compile(
    r"\b(?:Chair|Chairperson|President|Director|Executive Director|Permanent Observer|Head of Delegation)"
    r" of (?:the )?(?P<organization>.+?)(?: to the United Nations)?$"
)


def speaker_for_role(role: str, resolver: SpeakerResolver) -> Speaker:
    """The office or organization a role speaks for.

    "Head of Delegation of the European Union to the United Nations" → the
    European Union; "Special Representative of the Secretary-General and Head
    of the United Nations Verification Mission in Colombia" → that mission
    (the office they run, not Colombia); "Under-Secretary-General for Peace
    Operations" → that UN office; "Chair of The Elders" → The Elders. What the
    gazetteer does not know is created for review, never guessed.
    """
    known = resolver.lookup(role)
    if known is not None:
        return known
    head = HEAD_OF.search(role)
    if head:
        return resolver.resolve(head["office"])
    matches = [m for m in resolver.gazetteer.find(role) if m.entry.kind != Speaker.Kind.STATE]
    if matches:
        best = max(matches, key=lambda m: len(m.text))
        if best.entry.name != "Secretary-General" or not LEADS.search(role):
            return resolver.resolve(best.entry.name)
    leads = LEADS.search(role)
    if leads:
        return resolver.resolve(leads["organization"])
    return resolver.resolve(role)


def _invitations_elsewhere(meeting: Meeting, document: SourceDocument) -> list[Invitation]:
    """Invitations made in the meeting's other records already loaded: a
    resumption's speakers were often invited on the first day.

    Costs one query."""
    texts = (
        Statement.objects.filter(
            meeting=meeting, source=Statement.Source.VERBATIM, capacity=Statement.Capacity.PRESIDENT
        )
        .exclude(source_document=document)
        .values_list("text", flat=True)
    )
    return find_invitations(texts)


def _resolve_invitees_of_other_records(
    meeting: Meeting, document: SourceDocument, parsed: VerbatimRecord, resolver: SpeakerResolver, report
) -> None:
    """The other way round: this record invites someone who spoke in a record
    of the same meeting loaded earlier, whose speaker was left for review."""
    if not parsed.invitations:
        return
    waiting = (
        Statement.objects.filter(
            meeting=meeting,
            source=Statement.Source.VERBATIM,
            capacity=Statement.Capacity.BRIEFER,
            status=Statement.Status.PARSED,
            speaker__needs_review=True,
        )
        .exclude(source_document=document)
        .select_related("speaker")
    )
    for statement in waiting:
        invitation = next((i for i in parsed.invitations if i.matches(statement.person)), None)
        if invitation is None or statement.speaker.name != statement.person:
            continue
        placeholder = statement.speaker
        statement.speaker = speaker_for_role(invitation.role, resolver)
        statement.save(update_fields=["speaker"])
        report.add("speakers resolved")
        if not placeholder.statements.exists() and not placeholder.votes.exists():
            placeholder.delete()


def _load_vote(
    vote: VoteResult,
    parsed: VerbatimRecord,
    meeting: Meeting,
    document: SourceDocument,
    report: Report,
    resolver: SpeakerResolver,
) -> None:
    counts = (len(vote.in_favour), len(vote.against), len(vote.abstaining))
    if vote.announced is not None and vote.announced != counts:
        report.note(
            f"{parsed.symbol}: the President announced {vote.announced} votes but the lists give {counts}"
        )
    values = {
        "date": parsed.date,
        "draft_symbol": vote.draft_symbol,
        "adopted": vote.adopted,
        "votes_for": counts[0],
        "votes_against": counts[1],
        "abstentions": counts[2],
        "unanimous": vote.unanimous,
    }
    if vote.subject == "amendment":
        decision = upsert_decision(
            document,
            report,
            kind=Decision.Kind.OTHER,
            meeting=meeting,
            title="Oral amendment put to the vote",
            **values,
        )
    elif vote.adopted and vote.resolution_number:
        decision = upsert_decision(
            document,
            report,
            kind=Decision.Kind.RESOLUTION,
            symbol=vote.resolution_symbol,
            meeting=meeting,
            number=vote.resolution_number,
            year=vote.resolution_year,
            **values,
        )
    else:
        decision = upsert_decision(
            document,
            report,
            kind=Decision.Kind.DRAFT_RESOLUTION,
            symbol=vote.draft_symbol or None,
            meeting=meeting,
            year=parsed.date.year,
            **values,
        )
    choices = [
        *((c, Vote.Choice.IN_FAVOUR) for c in vote.in_favour),
        *((c, Vote.Choice.AGAINST) for c in vote.against),
        *((c, Vote.Choice.ABSTAINING) for c in vote.abstaining),
    ]
    # A draft with the nine votes it needs that still fails was vetoed: the
    # permanent members who voted against it cast the veto.
    vetoed = vote.subject == "draft resolution" and not vote.adopted and counts[0] >= 9
    for country, choice in choices:
        speaker = resolver.resolve(country)
        veto = vetoed and choice == Vote.Choice.AGAINST and speaker.iso3 in PERMANENT_MEMBERS
        existing = Vote.objects.filter(decision=decision, speaker=speaker).first()
        sources = sorted({*(existing.sources if existing else []), document.kind})
        _, created = Vote.objects.update_or_create(
            decision=decision, speaker=speaker, defaults={"choice": choice, "veto": veto, "sources": sources}
        )
        if created:
            report.add("votes created")
