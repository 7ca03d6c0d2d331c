"""
What was said: statements, their history, tombstones and corrections to review.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import pairwise
from operator import itemgetter
from urllib.parse import quote

from django.conf import settings
from django.db import connections, models, transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, ExtractYear
from django.utils.functional import cached_property
from simple_history.models import HistoricalRecords

from ..links import detail_url
from .base import ENGLISH, PREVIEW_WORDS, VOTE_RESULT_PHRASES, cite
from .decisions import Decision, Vote
from .meetings import Item, Meeting
from .querysets import SearchQuerySet
from .sources import SourceDocument
from .speakers import Speaker


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
        from ..paging import id_ranges

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
        from ..paging import FACET_SAMPLE, about

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


def keep_a_tombstone(sender, instance: Statement, **kwargs) -> None:
    """A statement deleted by any other way than ``retire()`` (the admin, a cascade, a shell) leaves a
    tombstone too, so that no permalink turns into a 404. Connected in ``DebatesConfig.ready``."""
    if not RetiredStatement.objects.filter(pk=instance.pk).exists():
        RetiredStatement.snapshot(instance, reason="Deleted from the archive.").save()


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
