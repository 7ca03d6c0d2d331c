"""
Meetings, their records and members, and the items they consider.
"""

from __future__ import annotations

import datetime
import hashlib
import re
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Count
from django.utils.functional import cached_property
from django.utils.text import slugify

from ..links import detail_url
from ..names import normalise_name
from .base import human_date
from .council import MembershipTerm
from .slugs import KeepsOldSlugs
from .sources import SourceDocument
from .speakers import Speaker

if TYPE_CHECKING:
    from .decisions import Decision


class Item(KeepsOldSlugs, models.Model):
    """An agenda item or topic the Council considered.

    Repertoire items carry a number and sub-items a letter under their parent
    (item 49, sub-items A–D); the UN library's topics ("Middle East situation")
    have neither. The same title is the same item, whichever source names it.
    """

    title = models.TextField()
    key = models.CharField(
        max_length=255,
        unique=True,
        help_text="Natural key: the title folded (case, accents, punctuation, a leading 'the'), "
        "so every source finds the same item.",
    )
    slug = models.SlugField(max_length=120, unique=True)
    number = models.PositiveSmallIntegerField(null=True, blank=True, help_text="Repertoire item number.")
    letter = models.CharField(max_length=2, blank=True, help_text="Repertoire sub-item letter (A, B, …).")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    kind = models.CharField(
        max_length=8,
        choices=[("group", "Group"), ("item", "Item"), ("topic", "Topic as printed")],
        default="item",
        help_text="The classification's level: a region or the thematic part (group), an item, "
        "or a topic string as a source prints it (its parent is the item it was mapped to).",
    )
    position = models.PositiveSmallIntegerField(
        default=0, help_text="Order within its group in the classification (the Repertoire's order)."
    )

    class Meta:
        ordering = ["number", "letter", "title"]
        indexes = [
            # The items page lists the classification level by level.
            models.Index(fields=["kind", "parent", "position"], name="item_kind_parent_idx"),
        ]

    def __str__(self) -> str:
        prefix = f"{self.number}{('.' + self.letter) if self.letter else ''}. " if self.number else ""
        return f"{prefix}{self.title}"

    def get_absolute_url(self) -> str:
        return detail_url("debates:item-detail", "slug", self.slug)

    @staticmethod
    def key_for(title: str) -> str:
        """The title folded: "The situation in the Middle East — UNDOF" and "The situation in the
        Middle East - UNDOF" are one item, "The Democratic Republic of the Congo" and "Democratic
        Republic of the Congo" another."""
        return " ".join(re.sub(r"[\W_]+", " ", normalise_name(title)).split())[:255]

    @staticmethod
    def slug_for(key: str) -> str:
        """The item's slug, from its key alone, so that it is the same whichever source and
        document named the item first. Where the slug cannot say all the key does (too long,
        letters without a Latin form) a digest of the key keeps it apart."""
        base = slugify(key)
        if base and len(base) <= 100 and base.replace("-", " ") == key:
            return base
        digest = hashlib.sha1(key.encode()).hexdigest()[:8]
        return f"{base[:90].rstrip('-')}-{digest}" if base else f"item-{digest}"


class Meeting(KeepsOldSlugs, models.Model):
    """A meeting of the Security Council.

    Numbered meetings are keyed on their number; the 2020 videoconferences,
    which have none, on their slug (date and letter). Resumptions belong to
    their meeting: S/PV.5007 (Resumption 1) is meeting 5007.
    """

    class Kind(models.TextChoices):
        UNKNOWN = "", "Not known"
        OPEN_DEBATE = "open_debate", "Open debate"
        DEBATE = "debate", "Debate"
        BRIEFING = "briefing", "Briefing"
        ADOPTION = "adoption", "Adoption"
        CLOSED = "closed", "Closed meeting"
        VIDEOCONFERENCE = "videoconference", "Videoconference"

    number = models.PositiveIntegerField(
        null=True, blank=True, unique=True, help_text="Meeting number (5007 for S/PV.5007)."
    )
    slug = models.SlugField(
        max_length=120,
        unique=True,
        help_text="URL and natural key: the number, or the videoconference's date and letter.",
    )
    date = models.DateField()
    record = models.CharField(max_length=64, blank=True, help_text="Record symbol, e.g. S/PV.5007.")
    resumptions = models.PositiveSmallIntegerField(
        default=0, help_text="How many resumptions the meeting had (S/PV.5007 (Resumption 1), …)."
    )
    kind = models.CharField(max_length=16, choices=Kind.choices, blank=True, default="")
    closed = models.BooleanField(default=False, help_text="A closed (private) meeting.")
    title = models.TextField(blank=True, help_text="The topic as the source gives it.")
    items = models.ManyToManyField(Item, blank=True, related_name="meetings")
    president = models.ForeignKey(
        "Speaker",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="presided_meetings",
        help_text="The member holding the presidency.",
    )
    president_person = models.CharField(max_length=255, blank=True)
    press_release = models.CharField(max_length=32, blank=True)
    letter = models.CharField(
        max_length=32, blank=True, help_text="For 2020 videoconferences: the letter recording the outcome."
    )
    time = models.CharField(max_length=32, blank=True)
    place = models.CharField(max_length=128, blank=True)
    documents = models.JSONField(
        default=list, blank=True, help_text="Symbols of documents before the Council."
    )
    source_documents = models.ManyToManyField(SourceDocument, blank=True, related_name="meetings")
    field_sources = models.JSONField(
        default=dict,
        blank=True,
        help_text="Which kind of source set each field, so a more authoritative source can replace it.",
    )

    class Meta:
        ordering = ["-date", "-number"]
        indexes = [
            # Meetings are browsed by date and year.
            models.Index(fields=["date", "number"], name="meeting_date_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.label} ({human_date(self.date)})"

    def get_absolute_url(self) -> str:
        return detail_url("debates:meeting-detail", "slug", self.slug)

    @property
    def label(self) -> str:
        """The meeting without its date: its record, or the videoconference's letter."""
        return self.record or f"Videoconference {self.letter}".strip()

    @staticmethod
    def attach_outcomes(meetings) -> None:
        """Give each meeting ``n_statements`` and ``outcomes``, its decisions with their vetoes:
        what a list row shows. Three queries for any number of meetings."""
        # Imported here: those modules import this one.
        from .decisions import Decision, Vote
        from .statements import Statement

        ids = [m.pk for m in meetings]
        counts = dict(
            Statement.objects.filter(meeting__in=ids)
            .order_by()
            .values("meeting")
            .annotate(n=Count("pk"))
            .values_list("meeting", "n")
        )
        outcomes: dict[int, list[Decision]] = {}
        if ids:
            for decision in (
                Decision.objects.filter(meeting__in=ids)
                .prefetch_related(
                    models.Prefetch(
                        "votes",
                        queryset=Vote.objects.filter(veto=True).select_related("speaker"),
                        to_attr="vetoes",
                    )
                )
                .order_by("kind", "number", "symbol")
            ):
                outcomes.setdefault(decision.meeting_id, []).append(decision)
        for meeting in meetings:
            meeting.n_statements = counts.get(meeting.pk, 0)
            meeting.outcomes = outcomes.get(meeting.pk, [])

    def presiding(self, record: str = "") -> tuple[Speaker | None, str]:
        """Who presided at one of the meeting's records: the member holding the presidency and
        the person in the chair.

        A record's own President where its verbatim record was loaded (``MeetingRecord``: a
        resumption may fall in another month's presidency), else the meeting's. The meeting
        page asks this for each record it shows; one query for all of them, the first time.
        """
        own = self._records.get(record or self.record)
        if own is not None and (own.president_id or own.president_person):
            return own.president, own.president_person
        return self.president, self.president_person

    def record_date(self, record: str = "") -> datetime.date | None:
        """The day of one of the meeting's records, where its verbatim record was loaded."""
        own = self._records.get(record or self.record)
        return own.date if own is not None else None

    @cached_property
    def _records(self) -> dict[str, MeetingRecord]:
        return self.presidents_by_record()

    def presidents_by_record(self) -> dict[str, MeetingRecord]:
        """Each of the meeting's records by symbol, with its day and its President: a
        statement's ``record`` names the one it was made at. One query."""
        return {r.symbol: r for r in self.meeting_records.select_related("president")}

    @property
    def president_derived(self) -> bool:
        """The President comes from the monthly rotation, not from a record of this meeting."""
        return self.president_id is not None and "president" not in self.field_sources

    def council(self, decisions: list[Decision] | None = None) -> dict:
        """Who sat on the Council that day: ``{"members": [...], "complete": bool, "seats": n}``.

        From the membership terms (the Charter's permanent members, the
        membership list) and the members that voted at it (a record's cover
        page, where there is one, lists them itself: ``members``).
        ``complete`` is False where the sources do not give every seat (11
        before 1966, 15 since): the page then says the others are not known.
        Costs two queries; one given the meeting's ``decisions`` with their votes and the
        votes' speakers prefetched.
        """
        members = {t.speaker for t in MembershipTerm.objects.on(self.date).select_related("speaker")}
        if decisions is None:
            members |= set(Speaker.objects.filter(votes__decision__meeting=self).distinct())
        else:
            members |= {vote.speaker for decision in decisions for vote in decision.votes.all()}
        seats = 15 if self.date.year >= 1966 else 11
        return {
            "members": sorted(members, key=lambda s: s.name),
            "complete": len(members) >= seats,
            "seats": seats,
        }

    @property
    def records(self) -> list[str]:
        """The record symbols of the meeting and its resumptions."""
        if not self.record:
            return []
        return [self.record] + [f"{self.record} (Resumption {n})" for n in range(1, self.resumptions + 1)]


class MeetingRecord(models.Model):
    """One record of a meeting: its own (S/PV.8699), a resumption (S/PV.8699 (Resumption 1))
    or part (S/PV.2977 (Part II)), or the letter that recorded a videoconference (S/2020/594).

    Each has its own day and its own President: a meeting resumed on another day, or in
    another month, was presided over by whoever held the chair that day. The meeting's own
    date and President are those of its first record (``sequence`` 0).
    """

    class Kind(models.TextChoices):
        MEETING = "meeting", "The meeting's own record"
        RESUMPTION = "resumption", "Resumption"
        PART = "part", "Part"
        LETTER = "letter", "Letter recording a videoconference"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="meeting_records")
    symbol = models.CharField(max_length=64, unique=True, help_text="S/PV.8699 (Resumption 1), S/2020/594.")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    sequence = models.PositiveSmallIntegerField(
        default=0, help_text="Its place among the meeting's records: 0 for the first day, then 1, 2…"
    )
    date = models.DateField(help_text="The day of this record's sitting.")
    time = models.CharField(max_length=32, blank=True)
    president = models.ForeignKey(
        Speaker,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="presided_records",
        help_text="The member holding the presidency at this sitting.",
    )
    president_person = models.CharField(max_length=255, blank=True, help_text="Who presided, as printed.")
    source_document = models.ForeignKey(
        SourceDocument, null=True, blank=True, on_delete=models.SET_NULL, related_name="meeting_records"
    )
    pages = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["meeting", "sequence"]
        constraints = [
            # A meeting's records in order: the loader upserts on the symbol, and two records
            # of one meeting never claim the same place.
            models.UniqueConstraint(fields=["meeting", "sequence"], name="meeting_record_sequence_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.symbol} ({self.date:%d %B %Y})"


class MeetingMember(models.Model):
    """A Council member at a meeting and the person who sat for it, as the record's cover page lists them."""

    meeting = models.ForeignKey("Meeting", on_delete=models.CASCADE, related_name="members")
    speaker = models.ForeignKey(Speaker, on_delete=models.PROTECT, related_name="memberships")
    person = models.CharField(max_length=255, help_text="The representative, as printed (Mr. Nebenzia).")

    class Meta:
        ordering = ["meeting", "speaker__name"]
        constraints = [
            # One seat per member at a meeting: the natural key the verbatim loader upserts on.
            models.UniqueConstraint(fields=["meeting", "speaker"], name="meeting_member_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.speaker}) at {self.meeting}"
