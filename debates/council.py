"""
The Council's composition: who sat on it, and who presided, month by month.

Membership comes from sources only: the permanent members from the Charter
(Article 23; the USSR's seat continued by the Russian Federation from 25
December 1991), elected members from the membership list the corpus ships
(1992-2023). Where no source gives every seat, the archive says the members
are not known.

The presidency rotates monthly in the English alphabetical order of the
members' names (rule 18 of the provisional rules of procedure). Where the
members of consecutive months are all known, the President of each month
follows from any one month whose President a record names; the derivation
that agrees with most of the records is kept, and every record naming
another President is recorded as a discrepancy.
"""

from __future__ import annotations

import datetime
from collections import Counter

from django.db import transaction

from .gazetteer import Gazetteer
from .models import Discrepancy, Meeting, MeetingMember, MembershipTerm, Presidency, Speaker, Statement, Vote
from .speakers import SpeakerResolver

CHARTER = "Charter of the United Nations, Article 23"
CHARTER_DAY = datetime.date(1945, 10, 24)
# The permanent seats: (name as the gazetteer knows it, first day, last day).
PERMANENT_SEATS = [
    ("China", CHARTER_DAY, None),
    ("France", CHARTER_DAY, None),
    ("USSR", CHARTER_DAY, datetime.date(1991, 12, 24)),
    ("Russian Federation", datetime.date(1991, 12, 25), None),
    ("United Kingdom", CHARTER_DAY, None),
    ("United States", CHARTER_DAY, None),
]


def charter_terms() -> None:
    """The five permanent seats, from the Charter (idempotent)."""
    resolver = SpeakerResolver()
    for name, start, end in PERMANENT_SEATS:
        MembershipTerm.objects.update_or_create(
            speaker=resolver.resolve(name, on=start),
            start=start,
            defaults={"end": end, "seat": MembershipTerm.Seat.PERMANENT, "source": CHARTER},
        )


def seats_on(day: datetime.date) -> int:
    """The Council's size: 11 seats until the enlargement of 1966, 15 since."""
    return 15 if day.year >= 1966 else 11


class Seats:
    """Who sat on the Council on a day, from what the sources say: the Charter's permanent seats,
    the membership terms stored, and for a meeting the members its record lists and those that
    voted at it (as ``Meeting.council()`` counts them).

    Read once (three queries), then asked per statement: a Repertoire volume has thousands.
    """

    def __init__(self, meeting_ids=None) -> None:
        # States by their ISO code, so that the permanent seats count from the Charter itself,
        # whether or not ``charter_terms`` stored them or a document named the State yet.
        gazetteer = Gazetteer.default()
        self.terms = [
            (entry.iso3, start, end)
            for name, start, end in PERMANENT_SEATS
            if (entry := gazetteer.lookup(name, start)) is not None
        ]
        self.terms += list(MembershipTerm.objects.values_list("speaker__iso3", "start", "end"))
        self.at_meeting: dict[int, set[str]] = {}
        if meeting_ids is not None:
            for meeting_id, iso3 in [
                *MeetingMember.objects.filter(meeting__in=meeting_ids).values_list(
                    "meeting", "speaker__iso3"
                ),
                *Vote.objects.filter(decision__meeting__in=meeting_ids).values_list(
                    "decision__meeting", "speaker__iso3"
                ),
            ]:
                self.at_meeting.setdefault(meeting_id, set()).add(iso3)

    def members(self, day: datetime.date, meeting_id: int | None = None) -> set[str]:
        """The ISO codes of the members known to have sat that day (at that meeting)."""
        members = {iso3 for iso3, start, end in self.terms if start <= day and (end is None or end >= day)}
        return (members | self.at_meeting.get(meeting_id, set())) - {""}

    def is_member(self, iso3: str, day: datetime.date, meeting_id: int | None = None) -> bool | None:
        """True or False where the sources say; None where they do not give every seat that day
        and do not name this State."""
        if not iso3:
            return None
        members = self.members(day, meeting_id)
        if iso3 in members:
            return True
        return False if len(members) >= seats_on(day) else None

    def capacity(
        self, speaker: Speaker, capacity: str, day: datetime.date, meeting_id: int | None = None
    ) -> str:
        """A State speaking in its own name: as a member (national) or, not on the Council that
        day, on invitation (rule 37), as the verbatim records show it. Where the members are not
        all known, the capacity the source gives stands."""
        national = (Statement.Capacity.NATIONAL, Statement.Capacity.INVITED)
        if speaker.kind != Speaker.Kind.STATE or capacity not in national:
            return capacity
        member = self.is_member(speaker.iso3, day, meeting_id)
        if member is None:
            return capacity
        return Statement.Capacity.NATIONAL if member else Statement.Capacity.INVITED


def repertoire_capacities() -> int:
    """The capacity of every State in the Repertoire's statements, from the members of the
    Council that day: whichever came first, the Repertoire or the membership list, the result is
    the same. Corrected and verified statements are staff's and left alone. Returns how many
    statements changed."""
    statements = Statement.objects.filter(
        source=Statement.Source.REPERTOIRE,
        status=Statement.Status.PARSED,
        speaker__kind=Speaker.Kind.STATE,
        capacity__in=[Statement.Capacity.NATIONAL, Statement.Capacity.INVITED],
    )
    rows = list(statements.values_list("pk", "speaker__iso3", "meeting_id", "meeting__date", "capacity"))
    seats = Seats({meeting_id for _, _, meeting_id, _, _ in rows})
    changed: dict[str, list[int]] = {Statement.Capacity.NATIONAL: [], Statement.Capacity.INVITED: []}
    for pk, iso3, meeting_id, day, capacity in rows:
        member = seats.is_member(iso3, day, meeting_id)
        # Where the members are not all known, the Repertoire's own word (national) stands.
        wanted = Statement.Capacity.INVITED if member is False else Statement.Capacity.NATIONAL
        if wanted != capacity:
            changed[wanted].append(pk)
    with transaction.atomic():
        for capacity, ids in changed.items():
            for start in range(0, len(ids), 1000):
                Statement.objects.filter(pk__in=ids[start : start + 1000]).update(capacity=capacity)
        if any(changed.values()):
            from .caching import note_change

            # ``update()`` sends no signal: the pages cached before must go all the same.
            note_change(Statement)
    return sum(map(len, changed.values()))


def _months(first: datetime.date, last: datetime.date):
    day = first.replace(day=1)
    while day <= last:
        yield day
        day = (day + datetime.timedelta(days=32)).replace(day=1)


def members_by_month(first: datetime.date, last: datetime.date) -> dict[datetime.date, list[Speaker] | None]:
    """Each month's members in the English alphabetical order of their names; None where not all known."""
    terms = list(MembershipTerm.objects.select_related("speaker"))
    months = {}
    for month in _months(first, last):
        end = (month + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
        # Members for the whole month (a seat changing hands mid-month, as the USSR's did, is not known).
        members = {t.speaker for t in terms if t.start <= month and (t.end is None or t.end >= end)}
        months[month] = sorted(members, key=lambda s: s.name) if len(members) == seats_on(month) else None
    return months


def _next(president: Speaker, members: list[Speaker]) -> Speaker:
    """The member after ``president`` in alphabetical order (the first after the last)."""
    return next((m for m in members if m.name > president.name), members[0])


def derive(anchor_month, anchor: Speaker, months: dict) -> dict[datetime.date, Speaker]:
    """The Presidents of the run of months with known members around ``anchor_month``."""
    derived = {anchor_month: anchor}
    ordered = sorted(months)
    index = ordered.index(anchor_month)
    for i in range(index + 1, len(ordered)):
        members = months[ordered[i]]
        if members is None:
            break
        derived[ordered[i]] = _next(derived[ordered[i - 1]], members)
    for i in range(index - 1, -1, -1):
        members = months[ordered[i]]
        if members is None:
            break
        # The one member whose successor next month is next month's President.
        later = derived[ordered[i + 1]]
        candidates = [m for m in members if _next(m, months[ordered[i + 1]]) == later]
        if len(candidates) != 1:
            break
        derived[ordered[i]] = candidates[0]
    return derived


def recorded_presidents() -> dict[datetime.date, list[tuple[Meeting, Speaker]]]:
    """The Presidents the records name (a verbatim record's cover, the Repertoire), by month."""
    by_month: dict = {}
    for meeting in Meeting.objects.filter(
        president__isnull=False, field_sources__has_key="president"
    ).select_related("president"):
        by_month.setdefault(meeting.date.replace(day=1), []).append((meeting, meeting.president))
    return by_month


def presidencies() -> int:
    """Derive each month's President where the members are known; set it on meetings no record covers.

    Returns how many records disagree with the derivation (each a Discrepancy).
    """
    span = Meeting.objects.order_by("date").values_list("date", flat=True)
    first, last = span.first(), span.last()
    rows: list[Discrepancy] = []
    derived: dict[datetime.date, Speaker] = {}
    if first is not None:
        months = members_by_month(first, last)
        records = recorded_presidents()
        anchors = [(month, p) for month, seen in records.items() for _, p in seen if months.get(month)]
        # Every anchor proposes a derivation of its run of months; the one most records agree with wins.
        while anchors:
            scored = []
            for month, president in anchors:
                if president not in months[month]:
                    continue
                candidate = derive(month, president, months)
                agree = sum(candidate.get(m) == p for m, seen in records.items() for _, p in seen)
                scored.append((agree, -month.toordinal(), candidate))
            if not scored:
                break
            best = max(scored, key=lambda s: (s[0], s[1]))[2]
            derived.update(best)
            anchors = [(m, p) for m, p in anchors if m not in best]
        for month, seen in records.items():
            for meeting, president in seen:
                expected = derived.get(month)
                if expected is not None and expected != president:
                    rows.append(
                        Discrepancy(
                            kind=Discrepancy.Kind.PRESIDENT,
                            model="meeting",
                            object_key=meeting.slug,
                            field="president",
                            kept_value=f"{president.name} (record)",
                            other_value=f"{expected.name} (rotation, {month:%B %Y})",
                            reason="the record names another President than the monthly rotation gives",
                        )
                    )
    with transaction.atomic():
        Presidency.objects.all().delete()
        recorded_months = {
            m: Counter(p for _, p in seen).most_common(1)[0][0] for m, seen in recorded_presidents().items()
        }
        Presidency.objects.bulk_create(
            [
                Presidency(month=month, speaker=speaker, derived=recorded_months.get(month) != speaker)
                for month, speaker in sorted(derived.items())
            ]
        )
        # Meetings whose President no record names take the rotation's (untagged, so that a
        # record naming one replaces it); where the rotation says nothing, nothing is guessed.
        unrecorded = Meeting.objects.exclude(field_sources__has_key="president")
        unrecorded.update(president=None)
        for month, speaker in derived.items():
            following = (month + datetime.timedelta(days=32)).replace(day=1)
            unrecorded.filter(date__gte=month, date__lt=following).update(president=speaker)
        Discrepancy.objects.filter(kind=Discrepancy.Kind.PRESIDENT).delete()
        Discrepancy.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def check_membership() -> int:
    """Members a record names, and States that voted, that no term puts on the Council that day."""
    rows: list[Discrepancy] = []
    terms = list(MembershipTerm.objects.all())
    covered_from = min((t.start for t in terms if t.seat == MembershipTerm.Seat.ELECTED), default=None)

    def seated(speaker_id, day) -> bool:
        return any(
            t.speaker_id == speaker_id and t.start <= day and (t.end is None or t.end >= day) for t in terms
        )

    from .models import MeetingMember, Vote

    named = [
        (m.meeting.slug, m.meeting.date, m.speaker, "named a member by the record's cover")
        for m in MeetingMember.objects.select_related("meeting", "speaker")
    ]
    voted = [
        (v.decision.meeting.slug, v.decision.meeting.date, v.speaker, "voted")
        for v in Vote.objects.filter(decision__meeting__isnull=False).select_related(
            "decision__meeting", "speaker"
        )
    ]
    for slug, day, speaker, how in named + voted:
        if covered_from is None or day < covered_from or seated(speaker.pk, day):
            continue
        rows.append(
            Discrepancy(
                kind=Discrepancy.Kind.MEMBERSHIP,
                model="meeting",
                object_key=slug,
                field="members",
                kept_value="no term on this day",
                other_value=f"{speaker.name} {how}",
                reason="a member the record names has no term in the membership list",
            )
        )
    with transaction.atomic():
        Discrepancy.objects.filter(kind=Discrepancy.Kind.MEMBERSHIP).delete()
        Discrepancy.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def reconcile() -> dict[str, int]:
    charter_terms()
    repertoire_capacities()
    return {"membership": check_membership(), "presidents": presidencies()}
