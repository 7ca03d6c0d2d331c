"""
The filters of every list, shared by its page, its CSV/JSON export and the API.

Parameter names are part of the public interface (bookmarked searches, scripts
using the API): keep them stable. ``PARAMETERS`` describes each one; the API
page shows those descriptions beside the parameters each list accepts.
"""

from __future__ import annotations

import django_filters as filters
from django import forms
from django.db.models import Exists, FloatField, OuterRef, Q, Value
from django_filters.fields import ChoiceField, ModelMultipleChoiceField

from .models import ENGLISH, Decision, Item, Meeting, OldSlug, Speaker, SpeakerAlias, Statement, Vote
from .search import QuerySyntaxError, parse_query

PARAMETERS = {
    "q": 'Full-text query on statements and decisions: words (all required, stemmed), "an exact phrase", '
    'OR between alternatives, -word or -"a phrase" to exclude. A name or title search on other lists.',
    "country": "ISO 3166 alpha-3 code (FRA) or name (France) of a State (a predecessor State by the code it "
    "had, SUN for the USSR); repeat for several. On decisions: vetoed by.",
    "predecessors": "true: the country filter also takes in the States the given ones succeeded (RUS with "
    "the USSR, SRB with Serbia and Montenegro and Yugoslavia). Off by default: a State's record is its own.",
    "group": "Items: a group of the classification (africa, americas, asia, europe, middle-east, "
    "thematic-issues, other-matters).",
    "speaker": "Speaker slug (african-union) or name (African Union); repeat for several (States, "
    "organizations, offices). A part of a name that fits one speaker only is enough.",
    "speaker_kind": "Kind of speaker.",
    "person": "Part of the speaker's personal name, as printed.",
    "on_behalf_of": "Speaker slug of a group, organization or State spoken for (nordic-countries, "
    "european-union); repeat for several.",
    "item": "Item slug; an item includes its sub-items.",
    "meeting": "Meeting slug: its number (5007).",
    "date_after": "On or after this date (YYYY-MM-DD).",
    "date_before": "On or before this date (YYYY-MM-DD).",
    "year": "Calendar year (2004).",
    "month": "Month of the year, 1 to 12; with year, one month (year=2020&month=1).",
    "language": "Language the statement was delivered in (French); English: a verbatim speech with no "
    "interpretation noted. Case does not matter.",
    "source": "Where the statement comes from: a Repertoire summary or a verbatim record.",
    "status": "Attribution status: as parsed, corrected or verified by staff.",
    "capacity": "The capacity in which the speaker spoke.",
    "decision_kind": "Meetings with a decision of this kind.",
    "kind": "Kind of decision, meeting or speaker.",
    "adopted": "true or false: whether the draft was adopted.",
    "sort": "relevance (the default with q), date (oldest first) or -date (newest first).",
    "decision": "Decision slug (s-res-1631-2005, s-2022-431).",
    "choice": "How the member voted: yes (in favour), no (against), abstain, absent.",
    "veto": "true: only vetoes (a permanent member's negative vote that defeated a draft).",
}


SEARCH_HELP = 'All the words; "an exact phrase"; sanctions OR embargo; -word to exclude.'


class SearchQueryField(forms.CharField):
    """The search box: a malformed query is a form error with a helpful message, never a 500."""

    widget = forms.TextInput(attrs={"type": "search"})

    def clean(self, value):
        value = super().clean(value)
        if value:
            try:
                parse_query(value)
            except QuerySyntaxError as error:
                raise forms.ValidationError(str(error), code="query") from error
        return value


class SearchFilter(filters.CharFilter):
    field_class = SearchQueryField


def country_choices():
    """The States, by code: read once per version of the archive (every list's form shows them)."""
    from .caching import per_version

    def read():
        return [(code, name) for code, name in Speaker.objects.exclude(iso3="").values_list("iso3", "name")]

    return per_version("countries", read)


class MultipleCountryFilter(filters.MultipleChoiceFilter):
    """``country=FRA&country=GBR``; codes are upper-cased, so ``fra`` works too.

    With ``predecessors=true`` the States the given ones succeeded are taken in too; never otherwise.
    """

    def filter(self, qs, value):
        if not value:
            return qs
        predecessors = bool(self.parent.form.cleaned_data.get("predecessors"))
        if self.by_ids:
            ids = Speaker.ids_for_countries(value, predecessors=predecessors)
            return getattr(self.parent, self.by_ids)(qs, self.field_name, ids)
        if hasattr(qs, "by_country"):
            return qs.by_country(*value, predecessors=predecessors)
        prefix = self.field_name.removesuffix("iso3").rstrip("_")
        ids = Speaker.ids_for_countries(value, predecessors=predecessors)
        return qs.filter(**{f"{prefix}__in" if prefix else "pk__in": ids})

    def __init__(self, *args, by_ids: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        # The FilterSet's method of this name takes speaker ids, the codes already resolved.
        self.by_ids = by_ids


class PredecessorsFilter(filters.BooleanFilter):
    """Read by the country filter; filters nothing by itself."""

    def filter(self, qs, value):
        return qs


class SearchableChoices(forms.SelectMultiple):
    """A multiple choice picked from a searchable list: the chosen values as checkboxes, and a
    text box with a ``<datalist>`` of names to add one more (rendered by ``filter_widget``).
    Works without JavaScript: browsers suggest from the list as one types."""

    searchable = True


def pick(text: str, names: dict[str, str], labels: dict[str, str], what: str) -> str:
    """The value a typed name stands for: ``names`` maps each value's name, casefolded, to the value.

    An exact name wins; otherwise the one name containing the text. Several candidates are an
    error listing them, so that the person can choose.
    """
    key = text.casefold()
    if key in names:
        return names[key]
    found = sorted({value for name, value in names.items() if key in name})
    if len(found) == 1:
        return found[0]
    if found:
        shown = sorted(labels.get(value, value) for value in found)
        shown = ", ".join(shown[:8]) + (", …" if len(shown) > 8 else "")
        raise forms.ValidationError(f"Several {what} match “{text}”: {shown}. Choose one.", code="ambiguous")
    return text  # not a name: left to the choice validation, which names the value


class CountryField(forms.MultipleChoiceField):
    """``country=FRA`` or ``country=France``; codes in any case; empty values (an empty text box) ignored."""

    widget = SearchableChoices

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Read the countries once per form, not each time the choices are looked at.
        self.choices = list(self.choices)

    def to_python(self, value):
        values = [v.strip() for v in super().to_python(value) if v.strip()]
        codes = {str(code) for code, _ in self.choices}
        names = None
        result = []
        for text in values:
            if text.upper() in codes:
                result.append(text.upper())
                continue
            if names is None:
                names = {str(name).casefold(): str(code) for code, name in self.choices}
                names.update(
                    (alias.casefold(), code)
                    for alias, code in SpeakerAlias.objects.filter(speaker__iso3__in=codes).values_list(
                        "name", "speaker__iso3"
                    )
                )
            result.append(pick(text, names, {str(c): str(n) for c, n in self.choices}, "countries"))
        return result


MultipleCountryFilter.field_class = CountryField


class SpeakerField(ModelMultipleChoiceField):
    """``speaker=african-union`` or ``speaker=African Union`` (or an alias, or a part of one name)."""

    widget = SearchableChoices

    def clean(self, value):
        values = [v.strip() for v in (value or []) if v and v.strip()]
        slugs = set(Speaker.objects.filter(slug__in=values).values_list("slug", flat=True) if values else [])
        names = labels = None
        resolved = []
        # A slug the speaker had before (a cited URL): its current one.
        former = [v for v in values if v not in slugs]
        moved = OldSlug.current_slugs(Speaker, former) if former else {}
        for text in values:
            if text in slugs or text in moved:
                resolved.append(moved.get(text, text))
                continue
            if names is None:
                labels = dict(Speaker.objects.values_list("slug", "name"))
                names = {name.casefold(): slug for slug, name in labels.items()}
                names.update(
                    (alias.casefold(), slug)
                    for alias, slug in SpeakerAlias.objects.values_list("name", "speaker__slug")
                )
            resolved.append(pick(text, names, labels, "speakers"))
        return super().clean(resolved)


class MultipleSpeakerFilter(filters.ModelMultipleChoiceFilter):
    field_class = SpeakerField


def language_choices():
    """The languages statements were delivered in. Reading them takes a pass over every statement
    (a second on a million), so they are kept until the archive changes."""
    from .caching import per_version

    def read():
        recorded = (
            Statement.objects.exclude(language="").order_by().values_list("language", flat=True).distinct()
        )
        return [(name, name) for name in sorted({ENGLISH, *recorded})]

    return per_version("languages", read)


class LanguageField(ChoiceField):
    """A language in any case: ``french`` is French."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.choices = list(self.choices)

    def to_python(self, value):
        value = super().to_python(value).strip()
        for choice, _ in self.choices:
            if str(choice).casefold() == value.casefold():
                return str(choice)
        return value


class LanguageFilter(filters.ChoiceFilter):
    field_class = LanguageField

    def filter(self, qs, value):
        return qs.in_language(value) if value else qs


class MonthFilter(filters.NumberFilter):
    field_class = forms.IntegerField


SORTS = [("relevance", "Relevance"), ("-date", "Newest first"), ("date", "Oldest first")]


class YearFilter(filters.NumberFilter):
    """A calendar year: a whole number a date can have, so that no database is asked for year 10²⁰."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 9999)
        super().__init__(*args, **kwargs)


class SortFilter(filters.ChoiceFilter):
    """Ordering is applied by the view's list (it depends on whether there is a query)."""

    def filter(self, qs, value):
        return qs


class StatementFilter(filters.FilterSet):
    q = SearchFilter(label="Search statements", method="search", help_text=SEARCH_HELP)
    country = MultipleCountryFilter(label="Country", choices=country_choices, field_name="speaker__iso3")
    predecessors = PredecessorsFilter(label="With predecessor States")
    speaker = MultipleSpeakerFilter(
        label="Speaker", to_field_name="slug", queryset=Speaker.objects.all(), method="filter_speaker"
    )
    speaker_kind = filters.ChoiceFilter(
        label="Kind of speaker", field_name="speaker__kind", choices=Speaker.Kind.choices
    )
    person = filters.CharFilter(label="Person", field_name="person", lookup_expr="icontains")
    item = filters.CharFilter(label="Item", method="filter_item")
    meeting = filters.CharFilter(label="Meeting", field_name="meeting__slug")
    on_behalf_of = filters.ModelMultipleChoiceFilter(
        label="On behalf of",
        to_field_name="slug",
        queryset=Speaker.objects.all(),
        method="filter_on_behalf_of",
    )
    # The day the statement was made: a resumption's statements are not on its meeting's first day.
    date = filters.DateFromToRangeFilter(
        label="Date",
        field_name="date",
        widget=filters.widgets.DateRangeWidget(attrs={"type": "date"}),
    )
    year = YearFilter(label="Year", field_name="date__year")
    source = filters.ChoiceFilter(label="Source", choices=Statement.Source.choices)
    status = filters.ChoiceFilter(label="Attribution", choices=Statement.Status.choices)
    capacity = filters.ChoiceFilter(label="Capacity", choices=Statement.Capacity.choices)
    language = LanguageFilter(label="Language", choices=language_choices)
    sort = SortFilter(label="Sort by", choices=SORTS, empty_label=None)

    class Meta:
        model = Statement
        fields = []

    # Filters on who a passage cites; the others (text, meeting, item, dates, source) hold for
    # every statement of a shared passage alike.
    ATTRIBUTION_FILTERS = ("country", "speaker", "speaker_kind", "person", "status", "capacity", "language")

    def attribution(self, queryset):
        """``queryset`` filtered on this form's attribution filters (see ``one_per_passage``)."""
        for name in self.ATTRIBUTION_FILTERS:
            value = self.form.cleaned_data.get(name)
            if value not in (None, "", []):
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    def passages(self, queryset):
        """``queryset`` (this form's rows, ordered) with one row per passage."""
        return queryset.one_per_passage(self.attribution)

    def search(self, qs, name, value):
        return qs.search(value) if value else qs

    def filter_item(self, qs, name, value):
        return qs.filter(
            Q(item__slug=value) | Q(item__parent__slug=value) | Q(item__parent__parent__slug=value)
        )

    def filter_speaker(self, qs, name, value):
        return qs.filter(speaker__in=value) if value else qs

    def filter_on_behalf_of(self, qs, name, value):
        return qs.on_behalf(*value) if value else qs


class MeetingFilter(filters.FilterSet):
    q = filters.CharFilter(label="Topic or record", method="filter_text")
    year = YearFilter(label="Year", field_name="date__year")
    month = MonthFilter(label="Month", field_name="date__month", min_value=1, max_value=12)
    date = filters.DateFromToRangeFilter(
        label="Date", field_name="date", widget=filters.widgets.DateRangeWidget(attrs={"type": "date"})
    )
    item = filters.CharFilter(label="Item", method="filter_item")
    decision_kind = filters.ChoiceFilter(
        label="Decision", choices=Decision.Kind.choices, method="filter_decision"
    )
    country = MultipleCountryFilter(
        label="Country that spoke", choices=country_choices, by_ids="filter_country"
    )
    predecessors = PredecessorsFilter(label="With predecessor States")
    speaker = MultipleSpeakerFilter(
        label="Speaker", to_field_name="slug", queryset=Speaker.objects.all(), method="filter_speaker"
    )
    source = filters.ChoiceFilter(
        label="Statements from", choices=Statement.Source.choices, method="filter_source"
    )
    kind = filters.ChoiceFilter(label="Kind of meeting", choices=Meeting.Kind.choices[1:])
    sort = filters.OrderingFilter(
        fields=(("date", "date"),),
        field_labels={"date": "Oldest first", "-date": "Newest first"},
        label="Sort by",
    )

    class Meta:
        model = Meeting
        fields = []

    def filter_text(self, qs, name, value):
        condition = Q(title__icontains=value) | Q(record__iexact=value) | Q(slug=value)
        # "2505", "resolution 2505": also the meeting that took the decision.
        decisions = Decision.objects.referenced_by(value)
        if decisions is not None:
            condition |= Q(Exists(decisions.filter(meeting=OuterRef("pk"))))
        return qs.filter(condition)

    def filter_item(self, qs, name, value):
        return qs.filter(
            Exists(
                Item.objects.filter(
                    Q(slug=value) | Q(parent__slug=value) | Q(parent__parent__slug=value),
                    meetings=OuterRef("pk"),
                )
            )
        )

    def filter_decision(self, qs, name, value):
        return qs.filter(Exists(Decision.objects.filter(meeting=OuterRef("pk"), kind=value)))

    def _spoke(self, qs, **conditions):
        # Exists rather than a join: a meeting is listed once however often it spoke.
        return qs.filter(Exists(Statement.objects.filter(meeting=OuterRef("pk"), **conditions)))

    def filter_country(self, qs, name, speaker_ids):
        return self._spoke(qs, speaker_id__in=speaker_ids)

    def filter_speaker(self, qs, name, value):
        return self._spoke(qs, speaker__in=value) if value else qs

    def filter_source(self, qs, name, value):
        return self._spoke(qs, source=value)


class DecisionFilter(filters.FilterSet):
    q = SearchFilter(label="Search decisions", method="search", help_text=SEARCH_HELP)
    kind = filters.ChoiceFilter(label="Kind", choices=Decision.Kind.choices)
    year = YearFilter(label="Year", field_name="date__year")
    date = filters.DateFromToRangeFilter(
        label="Date", field_name="date", widget=filters.widgets.DateRangeWidget(attrs={"type": "date"})
    )
    meeting = filters.CharFilter(label="Meeting", field_name="meeting__slug")
    adopted = filters.BooleanFilter(label="Adopted")
    country = MultipleCountryFilter(label="Vetoed by", choices=country_choices, by_ids="filter_veto")
    predecessors = PredecessorsFilter(label="With predecessor States")
    sort = SortFilter(label="Sort by", choices=SORTS, empty_label=None)

    class Meta:
        model = Decision
        fields = []

    def search(self, qs, name, value):
        if not value:
            return qs
        # A query that names decisions ("2505", "S/RES/2505 (2020)") finds them, not the texts
        # that mention them; put it in quotes to search the texts.
        referenced = qs.referenced_by(value)
        if referenced is not None and referenced.exists():
            return referenced.annotate(rank=Value(1.0, output_field=FloatField()))
        return qs.search(value)

    def filter_veto(self, qs, name, speaker_ids):
        return qs.filter(
            Exists(Vote.objects.filter(decision=OuterRef("pk"), veto=True, speaker_id__in=speaker_ids))
        )


class SpeakerFilter(filters.FilterSet):
    q = filters.CharFilter(label="Name", method="filter_name")
    kind = filters.ChoiceFilter(label="Kind", choices=Speaker.Kind.choices)
    country = MultipleCountryFilter(label="Country", choices=country_choices, field_name="iso3")
    predecessors = PredecessorsFilter(label="With predecessor States")

    class Meta:
        model = Speaker
        fields = []

    def filter_name(self, qs, name, value):
        # A subquery, not a join: a join on aliases would repeat a speaker once
        # per matching alias, and need a DISTINCT on every list and export.
        aliases = SpeakerAlias.objects.filter(name__icontains=value).values("speaker")
        return qs.filter(Q(name__icontains=value) | Q(acronym__iexact=value) | Q(pk__in=aliases))


def group_choices():
    return list(Item.objects.filter(kind="group").order_by("position").values_list("slug", "title"))


class ItemFilter(filters.FilterSet):
    """The classification's items; ``q`` matches an item's title or the title of any topic mapped to it."""

    q = filters.CharFilter(label="Title", method="filter_title")
    group = filters.ChoiceFilter(label="Group", choices=group_choices, method="filter_group")

    class Meta:
        model = Item
        fields = []

    def filter_title(self, qs, name, value):
        topics = Item.objects.filter(kind="topic", title__icontains=value).values("parent")
        return qs.filter(Q(title__icontains=value) | Q(pk__in=topics))

    def filter_group(self, qs, name, value):
        return qs.filter(parent__slug=value)


class VoteFilter(filters.FilterSet):
    """Member-by-member votes: ``/api/votes``, ``/export/votes.csv``."""

    decision = filters.CharFilter(label="Decision", field_name="decision__slug")
    country = MultipleCountryFilter(label="Member", choices=country_choices, field_name="speaker__iso3")
    predecessors = PredecessorsFilter(label="With predecessor States")
    choice = filters.ChoiceFilter(label="Vote", choices=Vote.Choice.choices)
    veto = filters.BooleanFilter(label="Veto")
    year = YearFilter(label="Year", field_name="decision__date__year")
    date = filters.DateFromToRangeFilter(
        label="Date",
        field_name="decision__date",
        widget=filters.widgets.DateRangeWidget(attrs={"type": "date"}),
    )

    class Meta:
        model = Vote
        fields = []
