"""
Resolving speaker names to ``Speaker`` rows.

Order of lookup: the aliases in the database first (so that a name staff
merged into another speaker resolves there on the next ingest), then the
gazetteer, which creates the Speaker on first use. A name that neither knows
becomes a Speaker flagged ``needs_review``: never dropped, never guessed.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.utils.text import slugify

from .gazetteer import Entry, Gazetteer
from .models import Speaker, SpeakerAlias, Succession
from .names import normalise_name


class SpeakerResolver:
    """Resolves names within one ingest; caches what it has looked up."""

    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        self.gazetteer = gazetteer or Gazetteer.default()
        self._cache: dict[str, Speaker] = {}

    def lookup(self, name: str, on: date | None = None) -> Speaker | None:
        """The Speaker for ``name`` if one exists or the gazetteer knows it; creates none for unknown names.

        ``on``, the day the name was used, tells a predecessor State's name
        from its successor's ("Yugoslavia" in 1960 and in 1999). Costs a query
        or two per name not yet seen.
        """
        key = normalise_name(name)
        if not key:
            return None
        dated = on is not None and key in self.gazetteer.dated
        cache_key = f"{key}|{on <= self.gazetteer.dated[key].until}" if dated else key
        if cache_key in self._cache:
            return self._cache[cache_key]
        speaker = None
        if not dated:
            alias = SpeakerAlias.objects.select_related("speaker").filter(key=key).first()
            speaker = alias.speaker if alias else None
        if speaker is None:
            entry = self.gazetteer.lookup(name, on)
            if entry is not None:
                speaker = self._speaker_for(entry)
        if speaker is not None:
            self._cache[cache_key] = speaker
        return speaker

    def resolve(self, name: str, on: date | None = None) -> Speaker:
        """The Speaker for ``name``, created as ``needs_review`` if nobody knows the name."""
        speaker = self.lookup(name, on)
        if speaker is not None:
            return speaker
        clean = " ".join(name.split())
        speaker = Speaker.objects.create(
            kind=Speaker.Kind.OTHER, name=clean, slug=_unique_slug(clean), needs_review=True
        )
        SpeakerAlias.objects.get_or_create(
            key=normalise_name(clean), defaults={"speaker": speaker, "name": clean}
        )
        self._cache[normalise_name(clean)] = speaker
        return speaker

    def _speaker_for(self, entry: Entry) -> Speaker:
        if entry.iso3:
            speaker = Speaker.objects.filter(iso3=entry.iso3).first()
        else:
            speaker = Speaker.objects.filter(kind=entry.kind, name=entry.name).first()
        if speaker is None:
            speaker = Speaker.objects.create(
                kind=entry.kind,
                name=entry.name,
                slug=_unique_slug(
                    entry.acronym if entry.kind == "organization" and entry.acronym else entry.name
                ),
                iso3=entry.iso3,
                acronym=entry.acronym,
                iso3166_3=entry.iso3166_3,
                until=entry.until,
            )
            self._link_successions(speaker, entry)
        return speaker

    def _link_successions(self, speaker: Speaker, entry: Entry) -> None:
        """A new speaker's place in the successions: to its successors, and from predecessors already here."""
        for name, kind in entry.successors:
            successor_entry = self.gazetteer.lookup(name)
            if successor_entry is None:
                continue
            Succession.objects.get_or_create(
                predecessor=speaker,
                successor=self._speaker_for(successor_entry),
                defaults={"date": entry.until + timedelta(days=1), "kind": kind},
            )
        for predecessor in Speaker.objects.filter(until__isnull=False).exclude(pk=speaker.pk):
            known = self.gazetteer.lookup(predecessor.name)
            if known and any(self.gazetteer.lookup(n) == entry for n, _ in known.successors):
                kind = next(k for n, k in known.successors if self.gazetteer.lookup(n) == entry)
                Succession.objects.get_or_create(
                    predecessor=predecessor,
                    successor=speaker,
                    defaults={"date": predecessor.until + timedelta(days=1), "kind": kind},
                )


def _unique_slug(name: str) -> str:
    base = slugify(name)[:100] or "speaker"
    slug, n = base, 2
    while Speaker.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug
