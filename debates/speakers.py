"""
Resolving speaker names to ``Speaker`` rows.

Order of lookup: the aliases in the database first (so that a name staff
merged into another speaker resolves there on the next ingest), then the
gazetteer, which creates the Speaker on first use. A name that neither knows
becomes a Speaker flagged ``needs_review``: never dropped, never guessed.

Slugs do not depend on the order names come in: a speaker the gazetteer
knows has the slug the gazetteer's entries give it (``gazetteer_slugs``); an
unknown name has its own, and names that differ only in punctuation
("Mr. Ruiz", "Mr Ruiz") are one unknown speaker, named by the first of them
in alphabetical order.
"""

from __future__ import annotations

import hashlib
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
        key = normalise_name(clean)
        base = slugify(clean)[:100] or "speaker"
        if base in gazetteer_slugs(self.gazetteer).values():
            base = f"{base[:92]}-{_digest(key)}"
        speaker = Speaker.objects.filter(slug=base).first()
        if speaker is not None and not speaker.needs_review:
            # The slug of a speaker staff confirmed: this name is not known to be it.
            base = f"{base[:92]}-{_digest(key)}"
            speaker = Speaker.objects.filter(slug=base, needs_review=True).first()
        if speaker is None:
            speaker = Speaker.objects.create(
                kind=Speaker.Kind.OTHER, name=clean, slug=base, needs_review=True
            )
        elif clean < speaker.name:
            speaker.name = clean
            speaker.save(update_fields=["name"])
        SpeakerAlias.objects.get_or_create(key=key, defaults={"speaker": speaker, "name": clean})
        self._cache[key] = speaker
        return speaker

    def _speaker_for(self, entry: Entry) -> Speaker:
        if entry.iso3:
            speaker = Speaker.objects.filter(iso3=entry.iso3).first()
        else:
            speaker = Speaker.objects.filter(kind=entry.kind, name=entry.name).first()
        if speaker is None:
            slug = gazetteer_slugs(self.gazetteer).get(entry)
            slug = slug or f"{slugify(entry.name)[:92]}-{_digest(entry.name)}"
            if Speaker.objects.filter(slug=slug).exists():  # a slug staff gave another speaker
                slug = f"{slug[:92]}-{_digest(entry.name)}"
            speaker = Speaker.objects.create(
                kind=entry.kind,
                name=entry.name,
                slug=slug,
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


def gazetteer_slugs(gazetteer: Gazetteer) -> dict[Entry, str]:
    """The slug of every speaker the gazetteer knows, decided for all of them at once.

    An organization goes by its acronym (``au``), anyone else by name. Two entries that would
    share a slug are told apart by a digest of the name, the first in a fixed order (kind,
    name) keeping the plain one: so a speaker's slug never depends on which name a document
    mentions first. Cached on the gazetteer.
    """
    cached = getattr(gazetteer, "_speaker_slugs", None)
    if cached is not None:
        return cached
    slugs: dict[Entry, str] = {}
    taken: set[str] = set()
    entries = {entry for _, entry in gazetteer.names()} | set(gazetteer.dated.values())
    for entry in sorted(entries, key=lambda e: (e.kind, e.name, e.iso3, e.acronym)):
        base = slugify(entry.acronym if entry.kind == "organization" and entry.acronym else entry.name)
        base = base[:100] or "speaker"
        slug = base if base not in taken else f"{base[:92]}-{_digest(entry.name)}"
        taken.add(slug)
        slugs[entry] = slug
    gazetteer._speaker_slugs = slugs
    return slugs


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode()).hexdigest()[:7]
