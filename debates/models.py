"""
The archive's data model.

Every row that comes from a source document can be traced back to it
(``SourceDocument``) and is keyed on a natural key taken from the document
itself (meeting number, decision symbol, a statement's position in its
source), so that ingesting the same corpus again updates rows in place and
permalinks stay valid.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.text import slugify

from .names import normalise_name


class SourceDocument(models.Model):
    """A file the archive was built from: what makes ingestion idempotent.

    A document is identified by its file name; its checksum tells whether a
    re-ingest needs to parse it again.
    """

    class Kind(models.TextChoices):
        REPERTOIRE = "repertoire", "Repertoire of the Practice of the Security Council"
        MEETING_TABLE = "meeting_table", "UN library table of meetings"
        VETO_LIST = "veto_list", "UN library veto list"
        RESOLUTION = "resolution", "Resolution text"
        PRESIDENTIAL_STATEMENT = "presidential_statement", "Presidential statement"
        VERBATIM = "verbatim", "Verbatim record (S/PV)"
        REFERENCE = "reference", "Reference list"

    class Outcome(models.TextChoices):
        LOADED = "loaded", "Loaded"
        UNCHANGED = "unchanged", "Unchanged since last ingest"
        FAILED = "failed", "Failed"

    name = models.CharField(max_length=255, unique=True, help_text="File name, the document's natural key.")
    checksum = models.CharField(max_length=64, help_text="SHA-256 of the file's bytes.")
    kind = models.CharField(max_length=32, choices=Kind.choices)
    size = models.PositiveBigIntegerField(default=0, help_text="Size in bytes.")
    first_ingested = models.DateTimeField(auto_now_add=True)
    last_ingested = models.DateTimeField(auto_now=True)
    outcome = models.CharField(max_length=16, choices=Outcome.choices, default=Outcome.LOADED)
    message = models.TextField(blank=True, help_text="Summary of the last ingest, or its error.")
    counts = models.JSONField(default=dict, blank=True, help_text="Rows created per model.")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Item(models.Model):
    """An agenda item or topic the Council considered.

    Repertoire items carry a number and sub-items a letter under their parent
    (item 49, sub-items A–D); the UN library's topics ("Middle East situation")
    have neither. The same title is the same item, whichever source names it.
    """

    title = models.TextField()
    key = models.CharField(
        max_length=255,
        unique=True,
        help_text="Natural key: the normalised title, so every source finds the same item.",
    )
    slug = models.SlugField(max_length=120, unique=True)
    number = models.PositiveSmallIntegerField(null=True, blank=True, help_text="Repertoire item number.")
    letter = models.CharField(max_length=2, blank=True, help_text="Repertoire sub-item letter (A, B, …).")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )

    class Meta:
        ordering = ["number", "letter", "title"]

    def __str__(self) -> str:
        prefix = f"{self.number}{('.' + self.letter) if self.letter else ''}. " if self.number else ""
        return f"{prefix}{self.title}"

    def get_absolute_url(self) -> str:
        return reverse("debates:item-detail", kwargs={"slug": self.slug})

    @staticmethod
    def key_for(title: str) -> str:
        return normalise_name(title)[:255]


class Speaker(models.Model):
    """Who speaks: a State, an organization or a UN office.

    Historical and variant names are kept as ``SpeakerAlias`` rows so that
    "Libyan Arab Jamahiriya" resolves to Libya while each statement keeps the
    label exactly as printed.
    """

    class Kind(models.TextChoices):
        STATE = "state", "State"
        ORGANIZATION = "organization", "Organization"
        UN = "un", "UN office"
        OTHER = "other", "Other"

    kind = models.CharField(max_length=16, choices=Kind.choices)
    name = models.CharField(max_length=255, help_text="Canonical name, as the UN writes it.")
    slug = models.SlugField(max_length=120, unique=True)
    iso3 = models.CharField(max_length=3, blank=True, help_text="ISO 3166-1 alpha-3 code, for States only.")
    acronym = models.CharField(max_length=32, blank=True)
    needs_review = models.BooleanField(
        default=False,
        help_text="Created from a name the gazetteer could not resolve: staff should merge or confirm it.",
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            # One row per State: every alias of a country points at it.
            models.UniqueConstraint(fields=["iso3"], condition=~Q(iso3=""), name="speaker_iso3_unique"),
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
        return reverse("debates:speaker-detail", kwargs={"slug": self.slug})


class SpeakerAlias(models.Model):
    """Another name under which a speaker appears in the sources."""

    speaker = models.ForeignKey(Speaker, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=255)
    key = models.CharField(
        max_length=255, unique=True, help_text="normalise_name(name): one speaker per name."
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "speaker aliases"

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.key = normalise_name(self.name)
        super().save(*args, **kwargs)


class Meeting(models.Model):
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
        label = self.record or f"Videoconference {self.letter}".strip()
        return f"{label} ({self.date:%d %B %Y})"

    def get_absolute_url(self) -> str:
        return reverse("debates:meeting-detail", kwargs={"slug": self.slug})

    @property
    def records(self) -> list[str]:
        """The record symbols of the meeting and its resumptions."""
        if not self.record:
            return []
        return [self.record] + [f"{self.record} (Resumption {n})" for n in range(1, self.resumptions + 1)]


class Decision(models.Model):
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
    source_documents = models.ManyToManyField(SourceDocument, blank=True, related_name="decisions")
    field_sources = models.JSONField(
        default=dict,
        blank=True,
        help_text="Which kind of source set each field, so a more authoritative source can replace it.",
    )

    class Meta:
        ordering = ["-date", "symbol"]
        constraints = [
            # A decision without a symbol is keyed on (meeting, kind): one
            # unnamed presidential statement per meeting at most.
            models.UniqueConstraint(
                fields=["meeting", "kind"],
                condition=Q(symbol__isnull=True),
                name="decision_unnamed_meeting_kind_unique",
            ),
        ]
        indexes = [
            models.Index(fields=["date"], name="decision_date_idx"),
            models.Index(fields=["kind", "year", "number"], name="decision_kind_number_idx"),
        ]

    def __str__(self) -> str:
        if self.symbol:
            return self.symbol
        return f"{self.get_kind_display()} of {self.date:%d %B %Y}" if self.date else self.get_kind_display()

    def get_absolute_url(self) -> str:
        return reverse("debates:decision-detail", kwargs={"slug": self.slug})

    @staticmethod
    def slug_for(symbol: str) -> str:
        return slugify(symbol.replace("/", " "))


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

    class Meta:
        ordering = ["decision", "speaker__name"]
        constraints = [
            models.UniqueConstraint(fields=["decision", "speaker"], name="vote_one_per_member"),
        ]

    def __str__(self) -> str:
        return f"{self.speaker} {self.get_choice_display().lower()} on {self.decision}"


class StatementQuerySet(models.QuerySet):
    def by_country(self, *iso3: str) -> StatementQuerySet:
        """Statements by the States with these ISO 3166 alpha-3 codes."""
        return self.filter(speaker__iso3__in=[code.upper() for code in iso3])

    def with_related(self) -> StatementQuerySet:
        return self.select_related("meeting", "speaker", "on_behalf_of", "item", "source_document")


class Statement(models.Model):
    """What a speaker said at a meeting, with the exact source it comes from.

    The Repertoire summarises a statement and cites the verbatim record and
    page in a footnote; a verbatim record gives the speech itself. Both kinds
    keep their provenance (document, position, footnote) and a ``source_key``
    that is stable across re-ingests, so that a statement keeps its id and
    permalink, and a staff correction is never overwritten.
    """

    class Capacity(models.TextChoices):
        NATIONAL = "national", "National"
        PRESIDENT = "president", "As President"
        ON_BEHALF = "on_behalf", "On behalf of another speaker"
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
    on_behalf_of = models.ForeignKey(
        Speaker, null=True, blank=True, on_delete=models.PROTECT, related_name="statements_on_behalf"
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
        max_length=128, help_text="Stable key of the statement within its source document."
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
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PARSED)

    objects = StatementQuerySet.as_manager()

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
            models.Index(fields=["item"], name="statement_item_idx"),
            models.Index(fields=["status"], name="statement_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.speaker} at {self.meeting}"

    def get_absolute_url(self) -> str:
        return reverse("debates:statement-detail", kwargs={"pk": self.pk})

    @property
    def citation(self) -> str:
        """``S/PV.5007 (Resumption 1), p. 10`` or ``…, pp. 5-6``."""
        if not self.pages:
            return self.record
        prefix = "pp." if "-" in self.pages or "," in self.pages else "p."
        return f"{self.record}, {prefix} {self.pages}"


class Discrepancy(models.Model):
    """Two sources disagree about a value; the kept value and the other are both recorded."""

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
            models.UniqueConstraint(
                fields=["model", "object_key", "field", "other_value"], name="discrepancy_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.model} {self.object_key}: {self.field}"
