"""
The Council's decisions and the votes on them.
"""

from __future__ import annotations

import re

from django.db import models
from django.db.models import Q
from django.utils.text import slugify

from ..links import detail_url
from .base import human_date
from .meetings import Meeting
from .querysets import SearchQuerySet
from .slugs import KeepsOldSlugs
from .sources import SourceDocument
from .speakers import Speaker

# "2505", "resolution 2505 (2020)", "res. 2505", "S/RES/2505"; or a document symbol.
DECISION_REFERENCE = re.compile(
    r"(?:(?:S/RES/|resolutions?\s+|res\.?\s*)?(?P<number>\d{1,4})(?:\s*\((?P<year>\d{4})\))?"
    r"|(?P<symbol>S/(?:PRST/)?\d{4}/\d+))",
    re.IGNORECASE,
)


class DecisionQuerySet(SearchQuerySet):
    def referenced_by(self, text: str) -> DecisionQuerySet | None:
        """The decisions a query names, or None when it names none.

        "2505", "resolution 2505", "S/RES/2505", "S/RES/2505 (2020)" find resolution 2505;
        "S/PRST/2020/1" a presidential statement; "S/2020/27" a draft by its symbol.
        """
        match = DECISION_REFERENCE.fullmatch(text.strip())
        if match is None:
            return None
        if match["symbol"]:
            symbol = " ".join(match["symbol"].upper().split())
            return self.filter(
                Q(symbol__iexact=symbol)
                | Q(symbol__istartswith=symbol + " (")
                | Q(draft_symbol__iexact=symbol)
            )
        condition = Q(kind=Decision.Kind.RESOLUTION, number=int(match["number"]))
        if match["year"]:
            condition &= Q(year=int(match["year"]))
        return self.filter(condition)


class Decision(KeepsOldSlugs, models.Model):
    """A resolution, a presidential statement, a draft not adopted or another outcome.

    Keyed on its symbol when the sources give one. A decision whose symbol the
    source does not give (the Repertoire sometimes omits it) is still recorded
    and keyed on its meeting and kind, never on an invented symbol.
    """

    class Kind(models.TextChoices):
        RESOLUTION = "resolution", "Resolution"
        PRESIDENTIAL_STATEMENT = "presidential_statement", "Presidential statement"
        DRAFT_RESOLUTION = "draft_resolution", "Draft resolution"
        COMMUNIQUE = "communique", "Communiqué"
        OTHER = "other", "Other"

    symbol = models.CharField(
        max_length=64,
        null=True,
        blank=True,
        unique=True,
        help_text="S/RES/1631 (2005), S/PRST/2004/27, or a draft's S/2020/27; null when no source gives one.",
    )
    slug = models.SlugField(max_length=120, unique=True)
    kind = models.CharField(max_length=32, choices=Kind.choices)
    number = models.PositiveIntegerField(null=True, blank=True, help_text="1631 for S/RES/1631 (2005).")
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="decisions"
    )
    date = models.DateField(null=True, blank=True)
    draft_symbol = models.CharField(
        max_length=64, blank=True, help_text="The draft voted on, e.g. S/2020/27."
    )
    adopted = models.BooleanField(null=True, blank=True)
    votes_for = models.PositiveSmallIntegerField(null=True, blank=True)
    votes_against = models.PositiveSmallIntegerField(null=True, blank=True)
    abstentions = models.PositiveSmallIntegerField(null=True, blank=True)
    unanimous = models.BooleanField(default=False)
    title = models.TextField(blank=True)
    summary = models.TextField(blank=True, help_text="The Council's points as the Repertoire gives them.")
    text = models.TextField(blank=True, help_text="Full text, where a document provides it.")
    entry = models.CharField(
        max_length=16,
        blank=True,
        default="",
        help_text="For a decision without a symbol: which entry of its kind at its meeting "
        "(veto-2: the second draft vetoed there; 2: the second other one).",
    )
    source_documents = models.ManyToManyField(SourceDocument, blank=True, related_name="decisions")
    field_sources = models.JSONField(
        default=dict,
        blank=True,
        help_text="Which kind of source set each field, so a more authoritative source can replace it.",
    )

    objects = DecisionQuerySet.as_manager()

    # Searched by full text (migration 0002_search_index indexes the same columns).
    SEARCH_COLUMNS = ("title", "summary", "text")

    class Meta:
        ordering = ["-date", "symbol"]
        constraints = [
            # A decision without a symbol is keyed on (meeting, kind, entry):
            # every draft vetoed at a meeting is a decision of its own.
            models.UniqueConstraint(
                fields=["meeting", "kind", "entry"],
                condition=Q(symbol__isnull=True),
                name="decision_unnamed_entry_unique",
            ),
        ]
        indexes = [
            # The decisions list is sorted and filtered by date, and the home page shows the latest.
            models.Index(fields=["date"], name="decision_date_idx"),
            # Resolutions are looked up and listed by number within a kind ("resolution 1631").
            models.Index(fields=["kind", "year", "number"], name="decision_kind_number_idx"),
        ]

    def __str__(self) -> str:
        if self.symbol:
            return self.symbol
        kind = self.get_kind_display()
        return f"{kind} of {human_date(self.date)}" if self.date else kind

    def get_absolute_url(self) -> str:
        return detail_url("debates:decision-detail", "slug", self.slug)

    @staticmethod
    def slug_for(symbol: str) -> str:
        return slugify(symbol.replace("/", " "))

    @staticmethod
    def key_for(meeting: Meeting, kind: str, entry: str = "") -> str:
        """The natural key of a decision without a symbol: ``57-draft_resolution-veto-2``."""
        return f"{meeting.slug}-{kind}" + (f"-{entry}" if entry else "")

    @property
    def key(self) -> str:
        """The symbol, or for a decision without one its (meeting, kind, entry) key."""
        if self.symbol or self.meeting_id is None:
            return self.symbol or self.slug
        return self.key_for(self.meeting, self.kind, self.entry)

    def tally_text(self) -> str:
        """ "13-0-2", or "" without a tally."""
        if self.votes_for is None:
            return ""
        return f"{self.votes_for}-{self.votes_against or 0}-{self.abstentions or 0}"


class Vote(models.Model):
    """How one Council member voted on a decision (or vetoed a draft)."""

    class Choice(models.TextChoices):
        IN_FAVOUR = "yes", "In favour"
        AGAINST = "no", "Against"
        ABSTAINING = "abstain", "Abstaining"
        NOT_PARTICIPATING = "absent", "Did not participate"

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="votes")
    speaker = models.ForeignKey(Speaker, on_delete=models.PROTECT, related_name="votes")
    choice = models.CharField(max_length=8, choices=Choice.choices)
    veto = models.BooleanField(
        default=False, help_text="A permanent member's negative vote that defeated the draft."
    )
    sources = models.JSONField(
        default=list,
        blank=True,
        help_text="The kinds of document that state this vote (meeting_table, veto_list, verbatim).",
    )

    class Meta:
        ordering = ["decision", "speaker__name"]
        constraints = [
            # A member casts one vote on a decision; loaders upsert on this pair.
            models.UniqueConstraint(fields=["decision", "speaker"], name="vote_one_per_member"),
        ]

    def __str__(self) -> str:
        return f"{self.speaker} {self.get_choice_display().lower()} on {self.decision}"

    @property
    def source_labels(self) -> list[str]:
        """The kinds of document stating the vote, as words ("meeting table", "veto list")."""
        labels = dict(SourceDocument.Kind.choices)
        return [labels.get(kind, kind) for kind in self.sources]
