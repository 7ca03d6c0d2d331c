"""
The archive's data model.

Every row that comes from a source document can be traced back to it
(``SourceDocument``) and is keyed on a natural key taken from the document
itself (meeting number, decision symbol, a statement's position in its
source), so that ingesting the same corpus again updates rows in place and
permalinks stay valid.
"""

from __future__ import annotations

import datetime
import hashlib
import re
from collections import Counter
from collections.abc import Callable
from itertools import pairwise
from operator import itemgetter
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connections, models, transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, ExtractYear
from django.utils.functional import cached_property
from django.utils.text import slugify
from simple_history.models import HistoricalChanges, HistoricalRecords

from .links import detail_url
from .names import normalise_name

# How many words of a statement a list shows before "Read the whole statement".
PREVIEW_WORDS = 50

# How the President announces the result of a vote in a verbatim record.
VOTE_RESULT_PHRASES = ("has been adopted", "has not been adopted", "was not adopted", "votes in favour")

# The verbatim records note the language of a speech given in another language
# ("spoke in French"); a speech with no such note was given in English.
ENGLISH = "English"


def human_date(day) -> str:
    """The one date format of the pages: ``9 January 2020`` (data and exports use ISO dates)."""
    return f"{day.day} {day:%B %Y}"


class SourceDocument(models.Model):
    """A document the archive was built from: what makes ingestion idempotent.

    A document is known by what it is, not by its file name: each loader
    gives an ``identity`` from its content (a record symbol such as
    ``S/PV.8699 (Resumption 1)``, a decision symbol, ``meeting-table:1995``,
    the Repertoire's items), and the checksum of the version last loaded
    tells whether a file needs parsing again. The same bytes under another
    name are the same document; changed bytes with the same identity are a
    new version of it. The name is only the one it last came under.
    """

    class Kind(models.TextChoices):
        REPERTOIRE = "repertoire", "Repertoire of the Practice of the Security Council"
        MEETING_TABLE = "meeting_table", "UN library table of meetings"
        VETO_LIST = "veto_list", "UN library veto list"
        RESOLUTION = "resolution", "Resolution text"
        PRESIDENTIAL_STATEMENT = "presidential_statement", "Presidential statement"
        VERBATIM = "verbatim", "Verbatim record (S/PV)"
        # The UN Security Council Debates corpus: the release (identity ``unscd 1992-2023``, by
        # its years) and each of its records (``unscd:S/PV.8699 (Resumption 1)``), loaded one
        # record per transaction.
        UNSCD = "unscd", "UN Security Council Debates corpus"
        REFERENCE = "reference", "Reference list"

    class Outcome(models.TextChoices):
        LOADED = "loaded", "Loaded"
        UNCHANGED = "unchanged", "Unchanged since last ingest"
        FAILED = "failed", "Failed"

    name = models.CharField(max_length=255, help_text="The file name the document last came under.")
    identity = models.CharField(
        max_length=255,
        blank=True,
        help_text="What the document is, from its content (S/PV.8699 (Resumption 1), meeting-table:1995): "
        "its natural key. Blank for a file that failed before it could be read.",
    )
    checksum = models.CharField(max_length=64, help_text="SHA-256 of the bytes of the version last loaded.")
    kind = models.CharField(max_length=32, choices=Kind.choices)
    size = models.PositiveBigIntegerField(default=0, help_text="Size in bytes.")
    first_ingested = models.DateTimeField(auto_now_add=True)
    last_ingested = models.DateTimeField(auto_now=True)
    outcome = models.CharField(max_length=16, choices=Outcome.choices, default=Outcome.LOADED)
    message = models.TextField(blank=True, help_text="Summary of the last ingest, or its error.")
    counts = models.JSONField(default=dict, blank=True, help_text="Rows created per model.")

    class Meta:
        ordering = ["name"]
        constraints = [
            # One row per document, whatever its files were called.
            models.UniqueConstraint(
                fields=["identity"], condition=~Q(identity=""), name="sourcedocument_identity_unique"
            ),
        ]
        indexes = [
            # A re-run skips files whose bytes were loaded before, under any name.
            models.Index(fields=["checksum"], name="sourcedocument_checksum_idx"),
            # Failures of unreadable files are recorded by name.
            models.Index(fields=["name"], name="sourcedocument_name_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    def find_file(self) -> Path | None:
        """The document's file in the corpus folder (``settings.CORPUS_DIR``), or None.

        Looked up by the name it last came under, in the corpus's sub-folders too.
        """
        corpus = Path(settings.CORPUS_DIR)
        direct = corpus / self.name
        if direct.is_file():
            return direct
        return next((path for path in corpus.rglob(self.name) if path.is_file()), None)

    def read_text(self) -> str | None:
        """The text of the version that was loaded, when it is a plain-text file still in the corpus.

        None for PDF and HTML documents (their text is only known to their parser), and for a
        file whose bytes are no longer those loaded: offsets recorded on statements point into
        the version that was loaded, and in another version they would show another passage.
        """
        path = self.find_file()
        if path is None or path.suffix.lower() != ".txt":
            return None
        data = path.read_bytes()
        if self.checksum and hashlib.sha256(data).hexdigest() != self.checksum:
            return None
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")
        # Offsets count characters of the text as the parsers read it: line ends normalised.
        return text.replace("\r\n", "\n").replace("\r", "\n")


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


class SearchQuerySet(models.QuerySet):
    """Full-text search, shared by statements and decisions (see ``debates.search``)."""

    def _vendor(self) -> str:
        return connections[self.db].vendor

    def _vector(self):
        from django.contrib.postgres.search import SearchVectorField

        # The column is created by migration 0002_search_index on PostgreSQL only, so it is
        # not a model field.
        return RawSQL(f'"{self.model._meta.db_table}"."search_vector"', [], output_field=SearchVectorField())

    def _index_matches(self, parsed, clauses):
        """A condition: the index finds these clauses (used to re-check OR clauses holding a phrase).

        On PostgreSQL it tests the row's own ``search_vector`` alias, which
        ``search()`` has already added.
        """
        table = self.model._meta.db_table
        if self._vendor() == "postgresql":
            return Q(search_vector=parsed.tsquery(clauses, []))
        fts = f"{table}_fts"
        return Q(pk__in=RawSQL(f"SELECT rowid FROM {fts} WHERE {fts} MATCH %s", [parsed.fts5(clauses, [])]))

    def _phrase_q(self, parsed, term) -> Q:
        pattern = parsed.phrase_regex(term, self._vendor())
        condition = Q()
        for column in self.model.SEARCH_COLUMNS:
            condition |= Q(**{f"{column}__iregex": pattern})
        return condition

    def search(self, query):
        """Rows matching a search query, annotated with ``rank`` (higher is more relevant).

        ``query`` is what the user typed or a ``ParsedQuery``; a malformed
        query raises ``debates.search.QuerySyntaxError``. Phrases are matched
        as written: the index finds candidates, a regular expression keeps
        those that contain the exact words.
        """
        from .search import ParsedQuery, parse_query

        parsed = query if isinstance(query, ParsedQuery) else parse_query(query)
        table = self.model._meta.db_table
        if self._vendor() == "postgresql":
            from django.contrib.postgres.search import SearchRank

            tsquery = parsed.tsquery()
            qs = self.alias(search_vector=self._vector()).filter(search_vector=tsquery)
            # An alias, not an annotation: ts_rank reads each match's whole tsvector (stored
            # out of line for a long speech), so it is computed only when the order asks for it.
            qs = qs.alias(rank=SearchRank(self._vector(), tsquery))
        else:
            fts = f"{table}_fts"
            qs = self.extra(
                tables=[fts],
                where=[f"{fts}.rowid = {table}.id", f"{fts} MATCH %s"],
                params=[parsed.fts5()],
                # bm25() is lower for better matches.
                select={"rank": f"-bm25({fts})", "search_rowid": f"{fts}.rowid"},
            )
        for clause in parsed.clauses:
            phrases = [term for term in clause if term.is_phrase]
            if not phrases:
                continue
            condition = Q()
            for term in phrases:
                condition |= self._phrase_q(parsed, term)
            words = [[term] for term in clause if not term.is_phrase]
            for word in words:
                condition |= self._index_matches(parsed, [word])
            qs = qs.filter(condition)
        for term in parsed.excluded_phrases:
            qs = qs.exclude(self._phrase_q(parsed, term))
        # A phrase is re-checked by a regular expression, whose selectivity no planner knows.
        qs._search_phrases = bool(parsed.phrases or parsed.excluded_phrases)
        return qs

    def _clone(self):
        clone = super()._clone()
        clone._search_phrases = getattr(self, "_search_phrases", False)
        return clone

    def recent_matches(self, n: int):
        """The ``n`` matches with the highest ids (the most recently ingested), as a condition.

        Costs a query: the ids are fetched first (the search column cannot be referred to from
        a subquery), which also lets the database walk the ids backwards and stop at ``n``.
        """
        # SQLite: in the order of the FTS5 index's own rowids (the statements' ids), which FTS5
        # walks backwards itself, instead of sorting every match by the table's id.
        order = "-search_rowid" if "search_rowid" in self.query.extra else "-pk"
        recent = self.order_by(order).values_list("pk", flat=True)[:n]
        if not (getattr(self, "_search_phrases", False) and connections[self.db].vendor == "postgresql"):
            return Q(pk__in=list(recent))
        # A phrase's regular expression makes PostgreSQL think it is rare: it would re-check
        # every candidate the index gives (seconds for a common phrase) before keeping the
        # newest. Walking the ids backwards stops after ``n`` matches.
        with transaction.atomic(using=self.db), connections[self.db].cursor() as cursor:
            cursor.execute("SET LOCAL enable_bitmapscan = off")
            return Q(pk__in=list(recent))

    def headlines(self, query, pks) -> dict:
        """Highlighted extracts for these rows only (one query): ``{pk: SafeString}``."""
        from .search import MARK_END, MARK_START, ParsedQuery, mark_snippet, parse_query

        parsed = query if isinstance(query, ParsedQuery) else parse_query(query)
        pks = list(pks)
        if not pks:
            return {}
        # Phrases are highlighted too, by their words.
        clauses = parsed.clauses
        if self._vendor() == "postgresql":
            from django.contrib.postgres.search import SearchHeadline
            from django.db.models import Value
            from django.db.models.functions import Concat

            columns = self.model.SEARCH_COLUMNS
            document = (
                columns[0]
                if len(columns) == 1
                else Concat(
                    *[part for column in columns for part in (column, Value(" \n "))][:-1],
                    output_field=models.TextField(),
                )
            )
            rows = (
                self.model.objects.filter(pk__in=pks)
                .annotate(
                    headline=SearchHeadline(
                        document,
                        parsed.tsquery(clauses, []),
                        config="english",
                        start_sel=MARK_START,
                        stop_sel=MARK_END,
                        max_words=45,
                        min_words=20,
                        max_fragments=2,
                        fragment_delimiter=" … ",
                    )
                )
                .values_list("pk", "headline")
            )
        else:
            table = self.model._meta.db_table
            fts = f"{table}_fts"
            placeholders = ", ".join(["%s"] * len(pks))
            with connections[self.db].cursor() as cursor:
                cursor.execute(
                    f"SELECT rowid, snippet({fts}, -1, %s, %s, ' … ', 40) FROM {fts} "
                    f"WHERE {fts} MATCH %s AND rowid IN ({placeholders})",
                    [MARK_START, MARK_END, parsed.fts5(clauses, []), *pks],
                )
                rows = cursor.fetchall()
        return {pk: mark_snippet(text or "") for pk, text in rows}


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


# "2505", "resolution 2505 (2020)", "res. 2505", "S/RES/2505"; or a document symbol.
DECISION_REFERENCE = re.compile(
    r"(?:(?:S/RES/|resolutions?\s+|res\.?\s*)?(?P<number>\d{1,4})(?:\s*\((?P<year>\d{4})\))?"
    r"|(?P<symbol>S/(?:PRST/)?\d{4}/\d+))",
    re.IGNORECASE,
)


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


class StatementHistory(HistoricalRecords):
    """A statement's history, with whom it spoke for at each change.

    A statement just created has no relation rows yet: the snapshot of them that would
    cost a query for each statement an ingest creates is not taken.
    """

    def create_historical_record_m2ms(self, history_instance, instance):
        if history_instance.history_type != "+":
            super().create_historical_record_m2ms(history_instance, instance)


class StatementQuerySet(SearchQuerySet):
    def by_country(self, *iso3: str, predecessors: bool = False) -> StatementQuerySet:
        """Statements by the States with these ISO 3166 alpha-3 codes. Costs a query.

        ``predecessors``: the States they succeeded too (RUS with the USSR),
        only when asked: a State's own record is never silently widened.

        The codes are turned into speaker ids first: PostgreSQL's statistics
        know how many statements each speaker id has, not each code, and
        with the right estimate it picks the right plan (on a million
        statements, the page query of a country-and-word search went from
        0.5 s to 8 ms).
        """
        return self.filter(speaker_id__in=Speaker.ids_for_countries(iso3, predecessors=predecessors))

    def sample(self, fraction: float) -> tuple[StatementQuerySet, float]:
        """These statements within a sample of about ``fraction`` of the table, and the sample's
        fraction (``debates.paging``): grouping a sample of half a million matches costs what
        grouping a few thousand does. Costs a query on PostgreSQL (the table's bounds)."""
        from .paging import id_ranges

        table = self.model._meta.db_table
        if connections[self.db].vendor == "sqlite":
            # Every k-th match as FTS5 gives them (by id), before any row of the table is read.
            every = max(2, round(1 / fraction))
            searched = f"{table}_fts" in self.query.extra_tables
            column = f'"{table}_fts".rowid' if searched else f'"{table}"."id"'
            return self.extra(where=[f"{column} %% {every} = 0"]), 1 / every
        sample = id_ranges(self.model, fraction, self.db)
        if sample is None:
            return self, 1.0
        ranges, fraction = sample
        # Read the sample's rows by id first, then match only those.
        return self.filter(pk__in=RawSQL(f'SELECT "id" FROM "{table}" WHERE {ranges} OFFSET 0', [])), fraction

    def with_related(self) -> StatementQuerySet:
        return self.select_related("meeting", "speaker", "item", "source_document")

    def sync_on_behalf(self, wanted: dict[int, set[int]]) -> int:
        """Make each of these statements speak for the speakers ``wanted`` gives its id (none if
        absent): the bulk writes of a loader, without history. Returns the rows added or removed."""
        through = Statement.on_behalf_of.through
        have: dict[int, set[int]] = {}
        for statement_id, speaker_id in through.objects.filter(statement__in=self).values_list(
            "statement_id", "speaker_id"
        ):
            have.setdefault(statement_id, set()).add(speaker_id)
        stale = [
            (pk, speaker) for pk, speakers in have.items() for speaker in speakers - wanted.get(pk, set())
        ]
        new = [(pk, speaker) for pk, speakers in wanted.items() for speaker in speakers - have.get(pk, set())]
        for pk, speaker in stale:
            through.objects.filter(statement_id=pk, speaker_id=speaker).delete()
        through.objects.bulk_create([through(statement_id=pk, speaker_id=speaker) for pk, speaker in new])
        return len(stale) + len(new)

    def on_behalf(self, *speakers: Speaker) -> StatementQuerySet:
        """Statements made on behalf of any of these speakers (a group, an organization, a State)."""
        return self.filter(Exists(Statement.on_behalf_of.through.objects.filter(
            statement_id=OuterRef("pk"), speaker__in=speakers
        )))  # fmt: skip

    # --- Shared passages: one Repertoire paragraph cited for several speakers. ---

    def passage_key(self):
        """An expression naming the passage a row belongs to: its ``group_key``, or its own id.

        Counting it distinctly counts passages, not attributions.
        """
        return models.Case(
            models.When(group_key="", then=Cast("pk", models.CharField())),
            default=models.F("group_key"),
            output_field=models.CharField(),
        )

    def one_per_passage(self, attribution: Callable[[StatementQuerySet], StatementQuerySet] | None = None):
        """One row per passage: every statement outside a shared passage, and of each shared
        passage only its first statement (by position) that this queryset selects.

        The statements of a shared passage share their meeting, item, source and text (the
        Repertoire parser gives them one text; staff correct a shared paragraph for all its
        speakers), so a search or a filter on those keeps all of them or none; filters on who is
        cited (speaker, country, capacity…) may keep only some. ``attribution`` re-applies those
        filters to the passage's earlier statements, so that the row kept is the first that matches.
        """
        earlier = Statement.objects.filter(
            Q(position__lt=OuterRef("position")) | Q(position=OuterRef("position"), pk__lt=OuterRef("pk")),
            group_key=OuterRef("group_key"),
            meeting=OuterRef("meeting"),
        )
        if attribution is not None:
            earlier = attribution(earlier)
        # The cheap test first: most statements share nothing.
        return self.filter(Q(group_key="") | ~Exists(earlier))

    @staticmethod
    def attach_attributions(statements) -> None:
        """Give each statement of a shared passage ``attributions``: every statement of the passage,
        in order (itself included), with their speakers. One query for any number of rows.
        """
        keys = {s.group_key for s in statements if s.group_key}
        members: dict[str, list[Statement]] = {}
        if keys:
            for member in (
                Statement.objects.filter(group_key__in=keys)
                .select_related("speaker")
                .order_by("position", "pk")
            ):
                members.setdefault(member.group_key, []).append(member)
        for statement in statements:
            group = members.get(statement.group_key, []) if statement.group_key else []
            statement.attributions = [m for m in group if m.meeting_id == statement.meeting_id]
            statement.shared = len(statement.attributions) > 1

    @staticmethod
    def attach_spoken_for(statements) -> None:
        """Give each statement ``spoken_for``: the speakers it speaks for, besides its own
        (``on_behalf_of``), by name. One query for any number of rows."""
        names: dict[int, list[Speaker]] = {}
        through = Statement.on_behalf_of.through
        for row in through.objects.filter(statement__in=[s.pk for s in statements]).select_related("speaker"):
            names.setdefault(row.statement_id, []).append(row.speaker)
        for statement in statements:
            statement.spoken_for = sorted(names.get(statement.pk, []), key=lambda speaker: speaker.name)

    # --- Statements and votes ---

    @staticmethod
    def attach_votes(statements, decisions: list[Decision] | None = None) -> None:
        """Give each statement ``votes``, how its speaker voted on the decisions taken at its
        meeting, and ``vote_timing``: "before" or "after" the vote, where the order of the
        verbatim record shows it ("" otherwise). At most two queries for any number of rows;
        one where ``decisions`` are every decision of the statements' meetings with their
        ``votes`` prefetched, ordered by number and symbol (the meeting page shows them anyway).

        A vote is placed in the record by the President's announcement of its result ("The
        draft resolution has been adopted…"), the only trace of it among the statements.
        """
        meetings = {s.meeting_id for s in statements}
        speakers = {s.speaker_id for s in statements}
        votes: dict[tuple[int, int], list[Vote]] = {}
        if decisions is not None:
            # In the query's order below: by number and symbol (decisions that share both, as
            # the database ordered them, count as one), then by the vote's id.
            rank: dict[tuple, int] = {}
            for decision in decisions:
                rank.setdefault((decision.number, decision.symbol), len(rank))
            cast = [vote for decision in decisions for vote in decision.votes.all()]
            found = sorted(
                (vote for vote in cast if vote.speaker_id in speakers),
                key=lambda vote: (rank[vote.decision.number, vote.decision.symbol], vote.pk),
            )
        elif meetings:
            found = (
                Vote.objects.filter(decision__meeting__in=meetings, speaker__in=speakers)
                .select_related("decision")
                .order_by("decision__number", "decision__symbol", "pk")
            )
        else:
            found = []
        for vote in found:
            votes.setdefault((vote.decision.meeting_id, vote.speaker_id), []).append(vote)
        points: dict[int, list[int]] = {}
        if votes:
            announced = Q()
            for phrase in VOTE_RESULT_PHRASES:
                announced |= Q(text__icontains=phrase)
            for meeting_id, position in (
                Statement.objects.filter(
                    announced,
                    meeting__in={meeting for meeting, _ in votes},
                    capacity=Statement.Capacity.PRESIDENT,
                    source=Statement.Source.VERBATIM,
                )
                .order_by()
                .values_list("meeting_id", "position")
            ):
                points.setdefault(meeting_id, []).append(position)
        for statement in statements:
            statement.votes = votes.get((statement.meeting_id, statement.speaker_id), [])
            statement.vote_timing = ""
            when = points.get(statement.meeting_id)
            if statement.votes and when and statement.source == Statement.Source.VERBATIM:
                if statement.capacity == Statement.Capacity.PRESIDENT:
                    continue  # the President conducts the vote; a national statement is marked below
                statement.vote_timing = "before" if statement.position < min(when) else "after"

    # --- Facets: how the statements selected divide by speaker, year, item, language… ---

    FACETS = ("speaker", "year", "item", "language", "capacity", "source")

    def facets(self, names=FACETS, limit: int = 20, sample_of: int | None = None) -> dict[str, list[dict]]:
        """Counts for the facets beside a list: ``{facet: [{"param", "value", "label", "count"}]}``.

        Each count is the number of passages (a passage shared by several speakers counts once)
        that following the facet's link would list. ``param``/``value`` are the list's own
        filter parameter and value. One grouped query per facet; speakers and items keep the
        ``limit`` most frequent, the others all their values.

        ``sample_of``: about how many statements these are, when too many to group within a
        page's time (``debates.paging``): the counts then come from a sample of about
        ``paging.FACET_SAMPLE`` of them, spread over the archive, scaled up and rounded.
        """
        from .paging import FACET_SAMPLE, about

        base = self.order_by()
        fraction = 1.0
        if sample_of and sample_of > FACET_SAMPLE:
            # At most 2 % of the archive: a sparse query gets a noisier estimate, never a slow one.
            sampled, fraction = base.sample(min(FACET_SAMPLE / sample_of, 0.02))
            # The sample's matches by id once; every facet then groups those rows.
            base = Statement.objects.filter(pk__in=list(sampled.values_list("pk", flat=True)))
        base = base.annotate(passage=self.passage_key())
        n = Count("passage", distinct=True)

        def scaled(count: int) -> int:
            return about(count / fraction) if fraction < 1 else count

        def entries(param, rows, value, label) -> list[dict]:
            return [
                {"param": param, "value": value(r), "label": label(r), "count": scaled(r["n"])} for r in rows
            ]

        result: dict[str, list[dict]] = {}
        for name in names:
            if name == "speaker":
                rows = (
                    base.values("speaker__slug", "speaker__name", "speaker__iso3")
                    .annotate(n=n)
                    .order_by("-n", "speaker__name")[:limit]
                )
                # A State is chosen by its code (the country filter), anyone else by slug.
                result[name] = [
                    {
                        "param": "country" if r["speaker__iso3"] else "speaker",
                        "value": r["speaker__iso3"] or r["speaker__slug"],
                        "label": r["speaker__name"],
                        "count": scaled(r["n"]),
                    }
                    for r in rows
                ]
            elif name == "year":
                rows = base.annotate(year=ExtractYear("meeting__date")).values("year").annotate(n=n)
                result[name] = entries(
                    "year", rows.order_by("year"), itemgetter("year"), lambda r: str(r["year"])
                )
            elif name == "item":
                rows = (
                    base.exclude(item=None)
                    .values("item__slug", "item__title")
                    .annotate(n=n)
                    .order_by("-n", "item__title")[:limit]
                )
                result[name] = entries("item", rows, itemgetter("item__slug"), itemgetter("item__title"))
            elif name == "language":
                rows = base.annotate(spoken=self.spoken_language()).exclude(spoken="").values("spoken")
                rows = rows.annotate(n=n).order_by("-n", "spoken")
                result[name] = entries("language", rows, itemgetter("spoken"), itemgetter("spoken"))
            elif name in ("capacity", "source"):
                labels = dict(Statement._meta.get_field(name).choices)
                rows = base.values(name).annotate(n=n).order_by("-n", name)
                result[name] = entries(
                    name, rows, itemgetter(name), lambda r, f=name, labels=labels: labels.get(r[f], r[f])
                )
            else:
                raise ValueError(f"No facet {name!r}: choose from {', '.join(self.FACETS)}.")
        return result

    @staticmethod
    def spoken_language():
        """The language a statement was delivered in: as noted in the record ("spoke in French"),
        English for a verbatim speech with no note, unknown ("") for a Repertoire summary.
        """
        return models.Case(
            models.When(language="", source="verbatim", then=models.Value(ENGLISH)),
            default=models.F("language"),
            output_field=models.CharField(),
        )

    def in_language(self, language: str) -> StatementQuerySet:
        if language.casefold() == ENGLISH.casefold():
            return self.filter(Q(language__iexact=ENGLISH) | Q(language="", source="verbatim"))
        return self.filter(language__iexact=language)

    def reassign(self, speaker: Speaker, *, user=None, reason: str = "") -> int:
        """Attribute these statements to ``speaker``, as a staff correction.

        Each statement is saved on its own, so that its history records who, when, the old
        speaker and the reason, and so that anything listening to saves sees the change.
        Returns how many statements changed.
        """
        changed = 0
        with transaction.atomic():
            for statement in self.select_for_update(of=("self",)):
                if statement.speaker_id == speaker.pk:
                    continue
                statement.speaker = speaker
                statement.save_correction(user=user, reason=reason)
                changed += 1
        return changed

    def mark_verified(self, *, user=None, reason: str = "") -> int:
        """Mark these statements as checked by staff; re-ingestion then keeps them as they are.

        Returns how many statements changed status.
        """
        changed = 0
        with transaction.atomic():
            for statement in self.select_for_update(of=("self",)).exclude(status=Statement.Status.VERIFIED):
                statement.status = Statement.Status.VERIFIED
                statement.save_correction(user=user, reason=reason)
                changed += 1
        return changed


class Statement(models.Model):
    """What a speaker said at a meeting, with the exact source it comes from.

    The Repertoire summarises a statement and cites the verbatim record and
    page in a footnote; a verbatim record gives the speech itself. Both kinds
    keep their provenance (document, position, footnote) and a ``source_key``
    that is stable across re-ingests, so that a statement keeps its id and
    permalink, and a staff correction is never overwritten.
    """

    class Capacity(models.TextChoices):
        # Presiding over the meeting; the President's own State speaks in a national capacity.
        PRESIDENT = "president", "As President"
        # A Council member's representative.
        NATIONAL = "national", "National"
        # A State that is not a Council member, taking part on invitation (rule 37 of the
        # provisional rules of procedure).
        INVITED = "invited", "Invited State"
        # An organization, a UN office or a person invited under rule 39.
        BRIEFER = "briefer", "Briefer"

    class Source(models.TextChoices):
        REPERTOIRE = "repertoire", "Repertoire summary"
        VERBATIM = "verbatim", "Verbatim speech"

    class Status(models.TextChoices):
        PARSED = "parsed", "Parsed"
        CORRECTED = "corrected", "Corrected"
        VERIFIED = "verified", "Verified"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="statements")
    item = models.ForeignKey(
        Item, null=True, blank=True, on_delete=models.SET_NULL, related_name="statements"
    )
    speaker = models.ForeignKey(Speaker, on_delete=models.PROTECT, related_name="statements")
    label = models.CharField(max_length=500, help_text="The speaker exactly as the source prints it.")
    person = models.CharField(
        max_length=255, blank=True, help_text="The person's name, where the source gives one."
    )
    capacity = models.CharField(max_length=16, choices=Capacity.choices, default=Capacity.NATIONAL)
    on_behalf_of = models.ManyToManyField(
        Speaker,
        blank=True,
        related_name="statements_on_behalf",
        help_text="Whom the speaker speaks for besides itself: a group (Nordic countries), an "
        "organization (European Union) or several States.",
    )
    date = models.DateField(
        help_text="The day the statement was made: a resumption's statements carry the resumption's own day."
    )
    language = models.CharField(
        max_length=32, blank=True, help_text="Language of delivery, where not English."
    )
    text = models.TextField()
    record = models.CharField(max_length=64, blank=True, help_text="Cited record: S/PV.5007 (Resumption 1).")
    pages = models.CharField(max_length=32, blank=True, help_text="Cited pages as printed: 5-6.")
    page_start = models.PositiveSmallIntegerField(null=True, blank=True)
    page_end = models.PositiveSmallIntegerField(null=True, blank=True)
    position = models.PositiveIntegerField(default=0, help_text="Order within the meeting.")
    source = models.CharField(max_length=16, choices=Source.choices)
    source_document = models.ForeignKey(SourceDocument, on_delete=models.PROTECT, related_name="statements")
    source_key = models.CharField(
        max_length=128,
        help_text="Natural key within its source document, from content: record, speaker as printed, "
        "a digest of the text and an occurrence number (see debates.loaders.common.statement_key).",
    )
    source_start = models.PositiveIntegerField(
        null=True, blank=True, help_text="Character offset in the source text."
    )
    source_end = models.PositiveIntegerField(null=True, blank=True)
    footnote = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Repertoire footnote number."
    )
    group_key = models.CharField(
        max_length=128,
        blank=True,
        db_index=True,
        help_text="Shared by the statements of one group position (one summarised passage).",
    )
    status = models.CharField(
        max_length=16,
        choices=Status.choices,
        default=Status.PARSED,
        help_text="Corrected and verified statements are kept as they are by re-ingestion.",
    )

    objects = StatementQuerySet.as_manager()
    history = StatementHistory(
        history_change_reason_field=models.TextField(null=True), m2m_fields=["on_behalf_of"]
    )

    # What a staff correction can change. Changing any of them makes the statement
    # "corrected", which re-ingestion never overwrites. ``on_behalf_of`` is compared as a set.
    ATTRIBUTION_FIELDS = ("speaker", "person", "capacity", "on_behalf_of", "record", "pages", "text")

    # Searched by full text (migration 0002_search_index indexes the same column).
    SEARCH_COLUMNS = ("text",)

    class Meta:
        ordering = ["meeting__date", "meeting__number", "position"]
        constraints = [
            # The natural key that makes re-ingestion idempotent.
            models.UniqueConstraint(
                fields=["source_document", "source_key"], name="statement_source_key_unique"
            ),
        ]
        indexes = [
            # Filter by speaker and show over time (speaker pages, country filter).
            models.Index(fields=["speaker", "meeting"], name="statement_speaker_idx"),
            # A meeting's statements in order.
            models.Index(fields=["meeting", "position"], name="statement_meeting_idx"),
            # The item filter and item pages.
            models.Index(fields=["item"], name="statement_item_idx"),
            # Staff review what is still "parsed"; the public filter by attribution status.
            models.Index(fields=["status"], name="statement_status_idx"),
            # The date filter: the day a statement was made, which for a resumption is not its meeting's.
            models.Index(fields=["date"], name="statement_date_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.speaker} at {self.meeting}"

    def save(self, *args, **kwargs):
        # The day defaults to the meeting's (one query when the meeting is not at hand).
        if self.date is None and self.meeting_id is not None:
            self.date = self.meeting.date
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return detail_url("debates:statement-detail", "pk", self.pk)

    def on_behalf_ids(self) -> set[int]:
        """The ids of the speakers spoken for. Costs a query unless ``on_behalf_of`` was prefetched."""
        return {speaker.pk for speaker in self.on_behalf_of.all()}

    @property
    def provenance(self) -> str:
        """Whose reading of the record this is: the UN's own, the Repertoire's summary, or the
        Debates corpus's OCR of it (where the UN's PDF is not loaded)."""
        if self.source == self.Source.REPERTOIRE:
            return "A summary in the Repertoire of the Practice of the Security Council"
        record = f" of {self.record}" if self.record else ""
        if self.source_document.kind == SourceDocument.Kind.UNSCD:
            return f"The UN Security Council Debates corpus: its reading{record}, from the UN's PDF"
        return f"The verbatim record {self.record}" if self.record else "The verbatim record"

    @property
    def citation(self) -> str:
        """``S/PV.5007 (Resumption 1), p. 10`` or ``…, pp. 5-6``."""
        return cite(self.record, self.pages)

    def retire(self, *, reason: str, successor: Statement | None = None) -> RetiredStatement:
        """Take this statement out of the archive, leaving a tombstone under its id.

        Its permalink keeps answering: with a ``successor`` (the same speech
        read from a better source, or a statement it was merged into) it
        redirects there; without one it says what the statement was, where
        it was cited and when and why it went. A tombstone that pointed at
        this statement now leads on to the successor through this one.

        For loaders (an ingest retires what a new version of its document no
        longer holds) and for a loader replacing one reading of a speech by
        another: ``old.retire(reason="…", successor=new)``. The caller runs
        it inside its transaction. Costs a few queries.
        """
        if successor is not None and successor.pk == self.pk:
            raise ValueError("a statement cannot succeed itself")
        tombstone = RetiredStatement.snapshot(self, reason=reason, successor=successor)
        tombstone.save()
        self.delete()
        return tombstone

    @property
    def record_url(self) -> str:
        """The official record on the UN's document server: ``https://undocs.org/S/PV.5007(Resumption1)``."""
        if not self.record:
            return ""
        return "https://undocs.org/" + quote(self.record.replace(" ", ""), safe="/().")

    @property
    def record_page_url(self) -> str:
        """The official record opened at the statement's first page, where the resolver allows it.

        undocs.org serves the records as PDF files, and PDF viewers open ``#page=N``; a verbatim
        record's printed page numbers are its PDF pages (the cover is page 1).
        """
        if not self.record_url:
            return ""
        if self.page_start and self.record.startswith("S/PV."):
            return f"{self.record_url}#page={self.page_start}"
        return self.record_url

    def preview(self, words: int = PREVIEW_WORDS) -> tuple[str, str]:
        """The text split for a list: (the opening, the rest), the rest empty when the text is short.

        The opening ends at a paragraph or, in a long first paragraph, a sentence, never in a word.
        """
        text = self.text.strip()
        paragraphs = text.split("\n\n")
        # Words per paragraph, counted only until the text is known to be long: a speech runs to
        # thousands of words and a list page splits thirty of them. (Splitting at "\n\n" never
        # splits or joins a word, so these add up to ``len(text.split())``.)
        sizes, total = [], 0
        for paragraph in paragraphs:
            sizes.append(len(paragraph.split()))
            total += sizes[-1]
            if total > words * 3 // 2:
                break
        else:
            return text, ""
        opening, count = [], 0
        # Past the counted paragraphs ``count`` exceeds ``words``, where the loop stops anyway.
        for paragraph, size in zip(paragraphs, sizes, strict=False):
            if opening and count + size > words:
                break
            opening.append(paragraph)
            count += size
        if count > words * 2:  # one long paragraph: cut it after a sentence
            sentences = re.split(r"(?<=[.!?;])\s+", opening[0])
            kept, count = [], 0
            for sentence in sentences:
                size = len(sentence.split())
                if kept and count + size > words:
                    break
                kept.append(sentence)
                count += size
            head = " ".join(kept)
            return head, text[len(head) :].strip()
        head = "\n\n".join(opening)
        return head, text[len(head) :].strip()

    def source_passage(self, context: int = 300) -> tuple[str, str, str] | None:
        """The statement in its source text: (text before, the passage, text after).

        Uses ``source_start``/``source_end``; None when they are not recorded, when the source is
        not a plain-text file of the corpus, or when the file is no longer the version loaded
        (its offsets would show another passage). Reads and hashes the file.
        """
        if self.source_start is None or self.source_end is None or self.source_end <= self.source_start:
            return None
        text = self.source_document.read_text()
        if text is None or self.source_end > len(text):
            return None
        start, end = self.source_start, self.source_end
        return text[max(0, start - context) : start], text[start:end], text[end : end + context]

    def attribution_changes(self, before: Statement, *, on_behalf_of=None) -> list[str]:
        """The attribution fields in which this statement differs from ``before``.

        ``on_behalf_of``: the speakers (or ids) it is about to speak for, when that is
        changing too (the many-to-many relation is saved after the row).
        """
        changed = [
            name
            for name in self.ATTRIBUTION_FIELDS
            if name != "on_behalf_of"
            and getattr(self, self._meta.get_field(name).attname)
            != getattr(before, self._meta.get_field(name).attname)
        ]
        if on_behalf_of is not None and {getattr(s, "pk", s) for s in on_behalf_of} != before.on_behalf_ids():
            changed.insert(self.ATTRIBUTION_FIELDS.index("on_behalf_of"), "on_behalf_of")
        return changed

    def save_with_history(self, *, user=None, reason: str = "", before: Statement | None = None) -> None:
        """Save, recording ``user`` and ``reason`` in the statement's history.

        A statement written by an ingest that kept no history (bulk inserts) first gets a record
        of its state in the database (``before``, fetched if not given), so that its history
        always shows what a change replaced. Costs one query more than a save, three for such a
        statement.
        """
        self._record_ingested_state(before)
        self._history_user = user
        self._change_reason = reason
        self.save()

    def _record_ingested_state(self, before: Statement | None = None) -> None:
        if self.pk is None or self.history.exists():
            return
        before = before or Statement.objects.filter(pk=self.pk).first()
        if before is None:
            return
        before._history_user = None  # the ingest's state, not the editor's
        Statement.history.bulk_history_create(
            [before], update=True, default_change_reason="As ingested, before the first staff change"
        )
        # simple_history's bulk creation leaves many-to-many fields out: record whom it spoke for.
        record = self.history.order_by("-history_id").first()
        behalf = Statement.history.model.on_behalf_of.model
        rows = Statement.on_behalf_of.through.objects.filter(statement_id=self.pk).values_list(
            "pk", "speaker_id"
        )
        behalf.objects.bulk_create(
            [behalf(id=pk, history=record, statement_id=self.pk, speaker_id=speaker) for pk, speaker in rows]
        )

    def set_on_behalf_of(self, speakers, *, user=None, reason: str = "") -> bool:
        """Set whom the statement speaks for (speakers or their ids); returns whether it changed.

        The change is one record in the statement's history, with ``user`` and ``reason``.
        """
        wanted = {getattr(speaker, "pk", speaker) for speaker in speakers}
        if wanted == self.on_behalf_ids():
            return False
        self._record_ingested_state()
        self._set_behalf_quietly(wanted)
        self.save_with_history(user=user, reason=reason)
        return True

    def _set_behalf_quietly(self, ids: set[int]) -> None:
        """Change the relation without a history record of its own: the save that follows makes one."""
        self.skip_history_when_saving = True
        try:
            self.on_behalf_of.set(ids)
        finally:
            del self.skip_history_when_saving

    def save_correction(self, *, user=None, reason: str = "", on_behalf_of=None) -> list[str]:
        """Save a staff change; returns the attribution fields it changed.

        A change to the attribution makes the statement ``corrected`` unless staff set it
        ``verified``, so that re-ingestion keeps it. Compares with the row in the database
        (not with a form's initial data), so reverting to an old version counts too.
        ``on_behalf_of``: the speakers it now speaks for, if staff may have changed them.
        """
        before = Statement.objects.get(pk=self.pk)
        changed = self.attribution_changes(before, on_behalf_of=on_behalf_of)
        if changed and self.status != self.Status.VERIFIED:
            self.status = self.Status.CORRECTED
        if "on_behalf_of" in changed:
            self._record_ingested_state(before)
            self._set_behalf_quietly({getattr(s, "pk", s) for s in on_behalf_of})
        self.save_with_history(user=user, reason=reason, before=before)
        return changed

    @cached_property
    def last_correction(self):
        """The history record of the latest staff correction of the attribution, or None.

        A correction is a change of an attribution field that left the statement corrected or
        verified (a re-ingest of a parsed statement is not one). Costs one query (two when the
        correction was of whom it speaks for), none for a statement that was never corrected.
        """
        if self.status == self.Status.PARSED:
            return None
        records = list(self.history.order_by("-history_date", "-history_id"))
        behalf: dict[int, set[int]] | None = None  # looked up only when the fields say nothing
        for newer, older in pairwise(records):
            if newer.status == self.Status.PARSED:
                continue
            if any(
                getattr(newer, self._meta.get_field(name).attname)
                != getattr(older, self._meta.get_field(name).attname)
                for name in self.ATTRIBUTION_FIELDS
                if name != "on_behalf_of"
            ):
                return newer
            if behalf is None:
                behalf = self._historical_behalf([record.history_id for record in records])
            if behalf.get(newer.history_id, set()) != behalf.get(older.history_id, set()):
                return newer
        return None

    @staticmethod
    def _historical_behalf(history_ids: list[int]) -> dict[int, set[int]]:
        """Whom the statement spoke for in each of these history records (one query)."""
        through = Statement.history.model.on_behalf_of.model
        found: dict[int, set[int]] = {}
        for history_id, speaker_id in through.objects.filter(history_id__in=history_ids).values_list(
            "history_id", "speaker_id"
        ):
            found.setdefault(history_id, set()).add(speaker_id)
        return found

    @property
    def correction_date(self):
        """When the attribution was last corrected by staff, or None."""
        correction = self.last_correction
        return correction.history_date if correction else None


def cite(record: str, pages: str) -> str:
    """``S/PV.5007 (Resumption 1), p. 10`` or ``…, pp. 5-6``: how a statement is cited."""
    if not pages:
        return record
    prefix = "pp." if "-" in pages or "," in pages else "p."
    return f"{record}, {prefix} {pages}"


class OldSlug(models.Model):
    """A slug an item, decision, speaker or meeting once had: its old URL answers 301 to the current one.

    Like openparliament's table of old slugs: one row per (model, former slug), pointing at the
    row by id, so that a slug that changes twice leads straight to the current page. Rows are
    written by ``KeepsOldSlugs.save()`` whenever a slug changes, and were seeded for the slugs
    the archive made before items were slugged from their keys and before every vetoed draft
    became a decision of its own (migration 0011). A slug that is live again (its row took it
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


class RetiredStatement(models.Model):
    """The tombstone of a statement that left the archive: its permalink keeps its meaning.

    Keyed on the statement's own id, so that ``/statements/<id>/`` still
    answers: a redirect (301) to the ``successor`` when there is one
    (followed along chains), otherwise a page (410 Gone) saying what it was,
    where it was cited, when it went and why, with a link to its meeting.

    The mapping is explicit, like openparliament's table of old slugs: a
    row per id that no longer names a live statement. A statement of the
    same document re-created later with the same natural key (the document
    deleted and loaded again, a passage restored) takes its old id back and
    its tombstone goes, so old URLs of reloaded documents resolve again.
    """

    id = models.BigIntegerField(primary_key=True, help_text="The statement's id: its permalink.")
    retired = models.DateTimeField(auto_now_add=True, help_text="When it left the archive.")
    reason = models.TextField(help_text="Why it went, in words for the reader.")
    successor = models.BigIntegerField(
        null=True,
        blank=True,
        help_text="Id of the statement that replaces it (live, or itself retired: chains are followed).",
    )
    # What it was, as text: the rows it pointed at may go too.
    speaker = models.CharField(max_length=255)
    label = models.CharField(max_length=500, help_text="The speaker as the source printed it.")
    person = models.CharField(max_length=255, blank=True)
    meeting_slug = models.CharField(max_length=120, blank=True)
    meeting = models.CharField(max_length=255, blank=True, help_text="The meeting, as the site named it.")
    date = models.DateField(null=True, blank=True)
    record = models.CharField(max_length=64, blank=True)
    pages = models.CharField(max_length=32, blank=True)
    text = models.TextField(blank=True)
    source = models.CharField(max_length=16, blank=True)
    status = models.CharField(max_length=16, blank=True, help_text="Its attribution status when it went.")
    source_document = models.ForeignKey(
        SourceDocument, null=True, blank=True, on_delete=models.SET_NULL, related_name="retired_statements"
    )
    document_identity = models.CharField(max_length=255, blank=True)
    document_name = models.CharField(max_length=255, blank=True)
    source_key = models.CharField(max_length=128, blank=True, help_text="Its natural key in that document.")

    class Meta:
        ordering = ["-retired", "-id"]
        indexes = [
            # A statement loaded again with the same natural key takes its old id back.
            models.Index(fields=["document_identity", "source_key"], name="retired_natural_key_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.speaker} at {self.meeting} (retired)"

    @property
    def citation(self) -> str:
        return cite(self.record, self.pages)

    @classmethod
    def snapshot(cls, statement: Statement, *, reason: str, successor: Statement | None = None):
        """An unsaved tombstone recording ``statement`` as it is."""
        meeting = statement.meeting
        document = statement.source_document
        return cls(
            id=statement.pk,
            reason=reason,
            successor=successor.pk if successor is not None else None,
            speaker=statement.speaker.name,
            label=statement.label,
            person=statement.person,
            meeting_slug=meeting.slug,
            meeting=str(meeting),
            date=statement.date,
            record=statement.record,
            pages=statement.pages,
            text=statement.text,
            source=statement.source,
            status=statement.status,
            source_document=document,
            document_identity=document.identity,
            document_name=document.name,
            source_key=statement.source_key,
        )

    def final_successor(self) -> int | None:
        """The id of the live statement this one leads to, following chains; None if none does.

        Costs a query per link.
        """
        seen = {self.pk}
        current = self.successor
        while current is not None and current not in seen:
            if Statement.objects.filter(pk=current).exists():
                return current
            seen.add(current)
            current = RetiredStatement.objects.filter(pk=current).values_list("successor", flat=True).first()
        return None


class CorrectionReview(models.Model):
    """A staff correction whose passage a new version of the source changed or no longer holds.

    The correction is kept as it is (re-ingestion never writes to it); this
    row asks an editor to look again, showing the passage as it was when
    corrected beside the new one. Marking it reviewed closes it.
    """

    class Change(models.TextChoices):
        CHANGED = "changed", "Passage changed"
        GONE = "gone", "No longer in the source"
        # A corrected reading of a speech replaced by a better source's reading (the UN's PDF
        # of a record arriving after the Debates corpus's): the correction carried over, to check.
        SUPERSEDED = "superseded", "Another reading replaced the corrected one"

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="reviews")
    source_document = models.ForeignKey(SourceDocument, on_delete=models.CASCADE, related_name="+")
    change = models.CharField(max_length=16, choices=Change.choices)
    noticed = models.DateTimeField(auto_now_add=True)
    passage_then = models.TextField(help_text="The passage as the source gave it when it was corrected.")
    citation_then = models.CharField(max_length=128, blank=True)
    passage_now = models.TextField(blank=True, help_text="The passage in the new version; blank if gone.")
    citation_now = models.CharField(max_length=128, blank=True)
    reviewed = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-noticed", "-id"]
        verbose_name = "correction to review"
        verbose_name_plural = "corrections to review"
        constraints = [
            # A later ingest updates the open review of a statement rather than adding another.
            models.UniqueConstraint(
                fields=["statement"], condition=Q(reviewed__isnull=True), name="review_one_open_per_statement"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_change_display()}: statement {self.statement_id}"


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


def keep_a_tombstone(sender, instance: Statement, **kwargs) -> None:
    """A statement deleted by any other way than ``retire()`` (the admin, a cascade, a shell) leaves a
    tombstone too, so that no permalink turns into a 404. Connected in ``DebatesConfig.ready``."""
    if not RetiredStatement.objects.filter(pk=instance.pk).exists():
        RetiredStatement.snapshot(instance, reason="Deleted from the archive.").save()


class ArchiveState(models.Model):
    """One row: how many committed changes the archive has had, and when the last was.

    Every committed transaction that changed a row of this app (an ingest, a staff
    correction, a merge) adds one (``debates.caching``). Pages are cached, and
    their ETag and Last-Modified given, from this row, so one query tells every
    web process and host whether what it has is still current.
    """

    version = models.PositiveBigIntegerField(default=0)
    changed = models.DateTimeField(help_text="When the last change was committed.")

    def __str__(self) -> str:
        return f"version {self.version} of {self.changed:%Y-%m-%d %H:%M:%S}"


# --- The search index's change log (``debates.searchindex``) ---


class SearchChange(models.Model):
    """One statement whose indexed fields changed: the search index's outbox.

    Written by database triggers (migration 0011) in the same transaction as the change itself,
    whatever made it (an ingest, a correction, a merge, a retirement, the admin, a bulk update),
    so that no committed change can be missed. ``manage.py searchindex`` applies the rows in id
    order; the index records the last id it applied, and a list is served from the index only
    while that is this table's last id. On PostgreSQL the triggers take an exclusive lock on
    this table, so ids are given in commit order (a later id never becomes visible before an
    earlier one); SQLite has a single writer anyway.
    """

    statement_id = models.BigIntegerField(help_text="The statement changed, added or deleted.")

    def __str__(self) -> str:
        return f"change {self.pk}: statement {self.statement_id}"


class SearchOrigin(models.Model):
    """One row: a random token naming this database, written by migration 0011. The search index
    records the token of the database it was built from, so that an index is never read for
    another database (a test database, a restored copy) whose change log happens to be as long."""

    token = models.CharField(max_length=32)

    def __str__(self) -> str:
        return self.token
