"""
The Council's composition: membership terms and monthly presidencies.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from .sources import SourceDocument
from .speakers import Speaker


class MembershipTermQuerySet(models.QuerySet):
    def on(self, day) -> MembershipTermQuerySet:
        """The terms running on this day."""
        return self.filter(Q(end__gte=day) | Q(end__isnull=True), start__lte=day)


class MembershipTerm(models.Model):
    """A State's seat on the Council from one day to another, as a source states it.

    The permanent members' seats come from the Charter (Article 23), elected
    members' terms from the shipped membership list; where no source gives
    the members of a day, the archive says they are not known.
    """

    class Seat(models.TextChoices):
        PERMANENT = "permanent", "Permanent member"
        ELECTED = "elected", "Elected member"

    speaker = models.ForeignKey(Speaker, on_delete=models.PROTECT, related_name="terms")
    start = models.DateField()
    end = models.DateField(null=True, blank=True, help_text="The last day; empty for a seat that goes on.")
    seat = models.CharField(max_length=16, choices=Seat.choices)
    source = models.CharField(max_length=255, help_text="Where the term is stated.")
    source_document = models.ForeignKey(
        SourceDocument, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = MembershipTermQuerySet.as_manager()

    class Meta:
        ordering = ["start", "speaker__name"]
        constraints = [
            # Loaders upsert a term on its member and first day.
            models.UniqueConstraint(fields=["speaker", "start"], name="membership_term_unique"),
        ]
        indexes = [
            # "Who sat on the Council on this day": a range lookup for every meeting page.
            models.Index(fields=["start", "end"], name="membership_term_dates_idx"),
        ]

    def __str__(self) -> str:
        end = f"{self.end:%Y}" if self.end else ""
        return f"{self.speaker} {self.start:%Y}–{end} ({self.get_seat_display().lower()})"


class Presidency(models.Model):
    """The member presiding over the Council in a month.

    Derived from the membership (the presidency passes monthly in the English
    alphabetical order of the members' names) wherever the members are known,
    from an anchor a record states; checked against every record naming one.
    """

    month = models.DateField(unique=True, help_text="The first day of the month.")
    speaker = models.ForeignKey(Speaker, on_delete=models.PROTECT, related_name="presidencies")
    derived = models.BooleanField(
        default=True, help_text="Derived from the rotation, not read in a record of the month."
    )

    class Meta:
        ordering = ["month"]
        verbose_name_plural = "presidencies"

    def __str__(self) -> str:
        return f"{self.speaker} ({self.month:%B %Y})"
