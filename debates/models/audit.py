"""
Disagreements between sources, recorded for review.
"""

from __future__ import annotations

from django.db import models

from .sources import SourceDocument


class Discrepancy(models.Model):
    """Two sources disagree about a value; the kept value and the other are both recorded."""

    class Kind(models.TextChoices):
        FIELD = "field", "Two sources give a field different values"
        VETO = "veto", "The veto list and the meeting tables disagree"
        TALLY = "tally", "A tally disagrees with the member votes"
        PRESIDENT = "president", "A record's President is not the rotation's"
        MEMBERSHIP = "membership", "A member is not on the Council by its terms"
        TITLE = "title", "A topic string repaired"

    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.FIELD)
    model = models.CharField(max_length=32)
    object_key = models.CharField(
        max_length=128, help_text="Natural key of the row (meeting number, symbol)."
    )
    field = models.CharField(max_length=64)
    kept_value = models.TextField(blank=True)
    other_value = models.TextField(blank=True)
    kept_source = models.ForeignKey(
        SourceDocument, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    other_source = models.ForeignKey(
        SourceDocument, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField(max_length=255, blank=True)
    noticed = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["model", "object_key", "field"]
        verbose_name_plural = "discrepancies"
        constraints = [
            # The same disagreement noticed again on a re-ingest is one row, not a new one.
            models.UniqueConstraint(
                fields=["model", "object_key", "field", "other_value"], name="discrepancy_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.model} {self.object_key}: {self.field}"
