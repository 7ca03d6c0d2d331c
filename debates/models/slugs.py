"""
Permalinks that outlive a slug: the old slugs and the models that keep them.
"""

from __future__ import annotations

from django.db import models


class KeepsOldSlugs:
    """A model whose slug is a permalink: when the slug changes, the old one is kept (``OldSlug``)
    and its URL answers 301 to the new one.

    The slug as loaded from the database is remembered at no cost (``from_db``), so that ``save()``
    records a change whichever code makes it: a loader at re-ingest, staff in the admin. Changes
    made with ``QuerySet.update()`` or ``bulk_update()`` bypass ``save()``: call
    ``OldSlug.record()`` beside them.
    """

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        if "slug" in field_names:
            loaded = values[field_names.index("slug")]
            if loaded is not models.DEFERRED:
                instance._loaded_slug = loaded
        return instance

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        old = getattr(self, "_loaded_slug", None)
        update_fields = kwargs.get("update_fields")
        if old and old != self.slug and (update_fields is None or "slug" in update_fields):
            OldSlug.record(self, old)
        self._loaded_slug = self.slug


class OldSlug(models.Model):
    """A slug an item, decision, speaker or meeting once had: its old URL answers 301 to the current one.

    Like openparliament's table of old slugs: one row per (model, former slug), pointing at the
    row by id, so that a slug that changes twice leads straight to the current page. Rows are
    written by ``KeepsOldSlugs.save()`` whenever a slug changes, and were seeded for the slugs
    the archive made before items were slugged from their keys and before every vetoed draft
    became a decision of its own (migration 0009). A slug that is live again (its row took it
    back, or another row was given it) is no longer an old one: the live page always wins.
    """

    class Target(models.TextChoices):
        ITEM = "item", "Item"
        DECISION = "decision", "Decision"
        SPEAKER = "speaker", "Speaker"
        MEETING = "meeting", "Meeting"

    model = models.CharField(max_length=16, choices=Target.choices)
    slug = models.CharField(max_length=120, help_text="The former slug, as cited URLs carry it.")
    object_id = models.BigIntegerField(
        help_text="Id of the row that had it (the row's current slug is its URL)."
    )
    recorded = models.DateTimeField(auto_now_add=True, help_text="When the slug was left behind.")

    class Meta:
        ordering = ["model", "slug"]
        constraints = [
            # An old URL leads to one page: the last row that had the slug.
            models.UniqueConstraint(fields=["model", "slug"], name="old_slug_unique"),
        ]
        indexes = [
            # A row's former slugs, for the admin and when a row goes.
            models.Index(fields=["model", "object_id"], name="old_slug_object_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.model} {self.slug}"

    @classmethod
    def record(cls, obj: models.Model, old: str) -> None:
        """Remember that ``obj`` was known as ``old``; its current slug is no longer an old one.
        Costs two queries."""
        model = obj._meta.model_name
        cls.objects.update_or_create(model=model, slug=old, defaults={"object_id": obj.pk})
        cls.objects.filter(model=model, slug=obj.slug).delete()

    @classmethod
    def current_slugs(cls, model: type[models.Model], slugs) -> dict[str, str]:
        """``{former slug: current slug}`` for those of ``slugs`` that are former slugs of
        ``model``'s rows. Costs two queries."""
        ids = dict(
            cls.objects.filter(model=model._meta.model_name, slug__in=list(slugs)).values_list(
                "slug", "object_id"
            )
        )
        current = dict(model._default_manager.filter(pk__in=ids.values()).values_list("pk", "slug"))
        return {old: current[pk] for old, pk in ids.items() if pk in current}

    @classmethod
    def current(cls, model: type[models.Model], slug: str) -> models.Model | None:
        """The row of ``model`` that was known as ``slug``, or None. Costs one or two queries."""
        rows = cls.objects.filter(model=model._meta.model_name, slug=slug)
        object_id = rows.values_list("object_id", flat=True).first()
        return None if object_id is None else model._default_manager.filter(pk=object_id).first()
