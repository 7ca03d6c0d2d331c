"""
Loader for the list of Council membership terms: ``MembershipTerm`` rows.

Terms are keyed on (member, first day). The list's permanent rows ("bounded
by the corpus period") are the Charter's seats, which ``debates.council``
records from the Charter itself; the elected terms are loaded as given.
"""

from __future__ import annotations

import datetime

from ..models import MembershipTerm, SourceDocument
from ..parsing.membership import MembershipError, Term, looks_like_membership_list, parse_membership
from ..reporting import IngestError, Report
from ..speakers import SpeakerResolver

KIND = SourceDocument.Kind.REFERENCE
# A few hundred rows of text.
MAX_BYTES = 5 * 1024 * 1024


def detect(name: str, data: bytes) -> bool:
    return looks_like_membership_list(data[:200].decode("utf-8", errors="replace"))


def parse(name: str, data: bytes) -> list[Term]:
    try:
        return parse_membership(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise IngestError(f"not UTF-8 at byte {exc.start}") from exc
    except MembershipError as exc:
        raise IngestError(str(exc)) from exc


def identify(parsed: list[Term]) -> str:
    return "council-membership"


def load(parsed: list[Term], document: SourceDocument, report: Report) -> None:
    resolver = SpeakerResolver()
    seen = []
    for term in parsed:
        if term.seat == "permanent":
            continue
        speaker = resolver.lookup(term.label, on=datetime.date(term.start_year, 1, 1))
        if speaker is None or speaker.kind != speaker.Kind.STATE:
            raise IngestError(f"row {term.row}: {term.label!r} is not a State the gazetteer knows")
        _, created = MembershipTerm.objects.update_or_create(
            speaker=speaker,
            start=datetime.date(term.start_year, 1, 1),
            defaults={
                "end": datetime.date(term.end_year, 12, 31),
                "seat": MembershipTerm.Seat.ELECTED,
                "source": f"{document.name}, row {term.row}",
                "source_document": document,
            },
        )
        seen.append((speaker.pk, term.start_year))
        report.add("membership terms created" if created else "membership terms")
    # A term the list no longer gives is removed: the list is the only source of elected terms.
    stale = MembershipTerm.objects.filter(source_document=document)
    for speaker_id, start_year in seen:
        stale = stale.exclude(speaker_id=speaker_id, start__year=start_year)
    removed, _ = stale.delete()
    if removed:
        report.add("membership terms removed", removed)
