"""
Who speaks: States, organizations, offices and persons, their names and successions.
"""

from __future__ import annotations

import re
from collections import Counter

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from simple_history.models import HistoricalChanges, HistoricalRecords

from ..links import detail_url
from ..names import normalise_name
from .slugs import KeepsOldSlugs, OldSlug


class Speaker(KeepsOldSlugs, models.Model):
    """Who speaks: a State, an organization or a UN office.

    Historical and variant names are kept as ``SpeakerAlias`` rows so that
    "Libyan Arab Jamahiriya" resolves to Libya while each statement keeps the
    label exactly as printed.
    """

    class Kind(models.TextChoices):
        STATE = "state", "State"
        ORGANIZATION = "organization", "Organization"
        UN = "un", "UN office"
        # States that speak together: "Nordic countries", "Three African members of the Security
        # Council (A3)". Statements name them in ``on_behalf_of``, with the States they list.
        GROUP = "group", "Group of States"
        OTHER = "other", "Other"

    kind = models.CharField(max_length=16, choices=Kind.choices)
    name = models.CharField(max_length=255, help_text="Canonical name, as the UN writes it.")
    slug = models.SlugField(max_length=120, unique=True)
    iso3 = models.CharField(
        max_length=3,
        blank=True,
        help_text="ISO 3166-1 alpha-3 code, for States only; a predecessor State keeps the code it had "
        "(SUN for the USSR).",
    )
    iso3166_3 = models.CharField(
        max_length=4,
        blank=True,
        help_text="ISO 3166-3 code of a former country (SUHH for the USSR), where one exists.",
    )
    until = models.DateField(
        null=True, blank=True, help_text="For a predecessor State or body: the day it ceased to exist."
    )
    acronym = models.CharField(max_length=32, blank=True)
    needs_review = models.BooleanField(
        default=False,
        help_text="Created from a name the gazetteer could not resolve: staff should merge or confirm it.",
    )

    history = HistoricalRecords(history_change_reason_field=models.TextField(null=True))

    class Meta:
        ordering = ["name"]
        permissions = [("merge_speaker", "Can merge a speaker into another")]
        constraints = [
            # One row per State: every alias of a country points at it.
            models.UniqueConstraint(fields=["iso3"], condition=~Q(iso3=""), name="speaker_iso3_unique"),
            # Only States have an ISO 3166 code: the country filter must never match an organization.
            models.CheckConstraint(
                condition=Q(iso3="") | Q(kind="state"), name="speaker_iso3_only_for_states"
            ),
        ]
        indexes = [
            # The speakers index is browsed by kind (countries, organizations, offices).
            models.Index(fields=["kind", "name"], name="speaker_kind_name_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return detail_url("debates:speaker-detail", "slug", self.slug)

    @staticmethod
    def ids_for_countries(codes, *, predecessors: bool = False) -> list[int]:
        """Speaker ids of the States with these ISO codes, and of their predecessors if asked."""
        ids = set(Speaker.objects.filter(iso3__in=[c.upper() for c in codes]).values_list("pk", flat=True))
        if predecessors:
            ids |= Succession.objects.predecessors_of(ids)
        return sorted(ids)

    @property
    def short_name(self) -> str:
        """ "USSR" rather than "Union of Soviet Socialist Republics", where the sources use an acronym."""
        return self.acronym if self.kind == self.Kind.STATE and self.acronym else self.name

    def lineage(self) -> str:
        """ "USSR (until 1991; succeeded by the Russian Federation)", or "" for a speaker that goes on.

        Costs a query.
        """
        if self.until is None:
            return ""
        successors = [
            s.successor for s in self.successions.select_related("successor").order_by("successor__name")
        ]
        text = f"{self.short_name} (until {self.until.year}"
        if successors:
            text += "; succeeded by " + _join_names([s.name_in_sentence for s in successors])
        return text + ")"

    @property
    def name_in_sentence(self) -> str:
        """The name as a sentence uses it: "the Russian Federation", "Croatia"."""
        return f"the {self.name}" if _TAKES_ARTICLE.search(self.name) else self.name

    def merge_into(self, target: Speaker, *, user=None, reason: str = "") -> Counter[str]:
        """Merge this duplicate or unresolved speaker into ``target``, then delete it.

        Everything that points at this speaker follows: its statements (as speaker and as the
        speaker spoken for, each saved so that its history records the change), votes, presided
        meetings and any other reference. Its name and aliases become aliases of ``target``, so
        that the next ingest resolves the name straight to ``target``. A statement's status is
        left alone: the alias gives a re-ingest the same attribution.

        All in one transaction. Raises ValidationError, changing nothing, when the two speakers
        voted differently on one decision: staff must say which vote is right first. Returns
        what moved, by kind.
        """
        # Imported here: those modules import this one.
        from .decisions import Vote
        from .statements import Statement

        if target.pk == self.pk:
            raise ValidationError("A speaker cannot be merged into itself.")
        reason = reason or f"Merged {self.name} (speaker {self.pk}) into {target.name} (speaker {target.pk})"
        moved: Counter[str] = Counter()
        with transaction.atomic():
            target_votes = {vote.decision_id: vote for vote in target.votes.all()}
            for vote in self.votes.select_related("decision"):
                kept = target_votes.get(vote.decision_id)
                if kept is None:
                    vote.speaker = target
                    vote.save(update_fields=["speaker"])
                    moved["votes"] += 1
                elif (kept.choice, kept.veto) == (vote.choice, vote.veto):
                    # The same vote recorded under both names: one is enough.
                    vote.delete()
                    moved["duplicate votes"] += 1
                else:
                    raise ValidationError(
                        f"{self.name} and {target.name} voted differently on {vote.decision}: "
                        "correct the votes before merging."
                    )

            for statement in Statement.objects.filter(speaker=self):
                statement.speaker = target
                moved["statements"] += 1
                statement.save_with_history(user=user, reason=reason)
            # Statements made on behalf of this speaker are made on behalf of the target; the
            # change is recorded in each statement's history like any other.
            for statement in Statement.objects.filter(on_behalf_of=self).distinct():
                behalf = [speaker_id for speaker_id in statement.on_behalf_ids() if speaker_id != self.pk]
                statement.set_on_behalf_of([*behalf, target.pk], user=user, reason=reason)
                moved["statements on behalf"] += 1

            # Any other reference to a speaker (presided meetings, and whatever later models
            # add) follows too; historical records keep pointing at the id they recorded.
            for relation in Speaker._meta.related_objects:
                model = relation.related_model
                if (
                    model in (Statement, Vote, SpeakerAlias, Statement.on_behalf_of.through)
                    or issubclass(model, HistoricalChanges)
                    or model._meta.auto_created
                ):
                    continue
                if relation.many_to_many:
                    for obj in model._base_manager.filter(**{relation.field.name: self}):
                        getattr(obj, relation.field.name).remove(self)
                        getattr(obj, relation.field.name).add(target)
                        moved[str(model._meta.verbose_name_plural)] += 1
                elif relation.one_to_many or relation.one_to_one:
                    moved[str(model._meta.verbose_name_plural)] += model._base_manager.filter(
                        **{relation.field.name: self}
                    ).update(**{relation.field.name: target})

            for alias in self.aliases.all():
                alias.speaker = target
                alias._history_user = user
                alias._change_reason = reason
                alias.save()
                moved["aliases"] += 1
            if not SpeakerAlias.objects.filter(key=normalise_name(self.name)).exists():
                alias = SpeakerAlias(speaker=target, name=self.name)
                alias._history_user = user
                alias._change_reason = reason
                alias.save()
                moved["aliases"] += 1

            # A record in the target's own history, so that its page tells what was merged in.
            target._history_user = user
            target._change_reason = reason
            target.save()
            self._history_user = user
            self._change_reason = reason
            pk, slug = self.pk, self.slug
            self.delete()
            # Its page, and any it had before, now lead to the target's (301).
            OldSlug.objects.filter(model="speaker", object_id=pk).update(object_id=target.pk)
            OldSlug.record(target, slug)
        return +moved


_TAKES_ARTICLE = re.compile(
    r"^(?:Russian Federation|United |Federal |Socialist |Democratic Republic|Republic of|Czech Republic|"
    r"Slovak Republic|Netherlands|Philippines|Syrian Arab|Dominican Republic|Central African|Gambia|"
    r"Union |Holy See|Sudan|Comoros|Bahamas|Maldives|Marshall|Solomon|Niger$|Congo$)"
)


def _join_names(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


class SuccessionQuerySet(models.QuerySet):
    def predecessors_of(self, speaker_ids) -> set[int]:
        """Ids of every predecessor of these speakers, however far back (USSR for RUS).

        A query per generation.
        """
        found: set[int] = set()
        frontier = set(speaker_ids)
        while frontier:
            step = set(self.filter(successor__in=frontier).values_list("predecessor", flat=True)) - found
            found |= step
            frontier = step
        return found


class Succession(models.Model):
    """A State (or body) that another took the place of: the USSR and the Russian Federation.

    Predecessor States are speakers of their own, under the name the UN used:
    their votes and statements stay theirs, and a filter on a State includes
    its predecessors only when asked.
    """

    class Kind(models.TextChoices):
        CONTINUATION = "continuation", "Continued by"  # the USSR's seat by the Russian Federation
        DISSOLUTION = "dissolution", "Dissolved into"  # Czechoslovakia, Yugoslavia
        UNIFICATION = "unification", "Unified into"  # the GDR, the two Yemens
        RENAMING = "renaming", "Renamed"  # Zaire

    predecessor = models.ForeignKey(Speaker, on_delete=models.CASCADE, related_name="successions")
    successor = models.ForeignKey(Speaker, on_delete=models.CASCADE, related_name="successions_from")
    date = models.DateField(help_text="The day the successor took the predecessor's place.")
    kind = models.CharField(max_length=16, choices=Kind.choices)

    objects = SuccessionQuerySet.as_manager()

    class Meta:
        ordering = ["date", "predecessor__name"]
        constraints = [
            # The natural key that the gazetteer's reference list is loaded on.
            models.UniqueConstraint(fields=["predecessor", "successor"], name="succession_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor} ({self.date:%Y})"


class SpeakerAlias(models.Model):
    """Another name under which a speaker appears in the sources."""

    speaker = models.ForeignKey(Speaker, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=255)
    key = models.CharField(
        max_length=255, unique=True, help_text="normalise_name(name): one speaker per name."
    )

    history = HistoricalRecords(history_change_reason_field=models.TextField(null=True))

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "speaker aliases"

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.key = normalise_name(self.name)
        super().save(*args, **kwargs)
