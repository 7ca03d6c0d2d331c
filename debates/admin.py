from collections import Counter

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.http import Http404, HttpResponseRedirect
from django.template.defaultfilters import pluralize
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    CorrectionReview,
    Decision,
    Discrepancy,
    Item,
    Meeting,
    MeetingMember,
    MeetingRecord,
    OldSlug,
    RetiredStatement,
    SourceDocument,
    Speaker,
    SpeakerAlias,
    Statement,
    Vote,
)


@admin.register(SourceDocument)
class SourceDocumentAdmin(admin.ModelAdmin):
    list_display = ["name", "identity", "kind", "outcome", "size", "last_ingested"]
    list_filter = ["kind", "outcome"]
    search_fields = ["name", "identity", "checksum"]
    readonly_fields = ["first_ingested", "last_ingested"]


@admin.register(Item)
class ItemAdmin(admin.ModelAdmin):
    list_display = ["title", "number", "letter", "parent"]
    list_filter = [("parent", admin.EmptyFieldListFilter)]
    list_select_related = ["parent"]
    search_fields = ["title", "key"]
    prepopulated_fields = {"slug": ["title"]}
    raw_id_fields = ["parent"]


class SpeakerAliasInline(admin.TabularInline):
    model = SpeakerAlias
    fields = ["name"]
    extra = 1


class ChangeReasonForm(forms.ModelForm):
    """A model form with the optional reason that the history records with the change."""

    change_reason = forms.CharField(
        label="Reason for the change",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 60}),
        help_text="Optional: recorded in the history.",
    )


class SpeakerAdminForm(ChangeReasonForm):
    class Meta:
        model = Speaker
        fields = ["kind", "name", "slug", "iso3", "acronym", "needs_review"]


class SpeakerChoiceForm(forms.Form):
    """The intermediate page of a bulk action: a speaker, and why."""

    speaker = forms.ModelChoiceField(queryset=Speaker.objects.all())
    reason = forms.CharField(
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text="Optional: recorded in the history of every changed row.",
    )

    def __init__(self, *args, admin_site: admin.AdminSite, label: str, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["speaker"]
        field.label = label
        # The admin's own autocomplete (select2, searching SpeakerAdmin.search_fields).
        field.widget = AutocompleteSelect(Statement._meta.get_field("speaker"), admin_site)
        field.widget.choices = field.choices


def render_action_form(modeladmin, request, queryset, form, *, action: str, title: str, intro: str):
    """An intermediate page for a bulk action, posted back to the changelist (CSRF protected)."""
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": title,
        "intro": intro,
        "form": form,
        "queryset": queryset,
        "opts": modeladmin.model._meta,
        "action": action,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "media": modeladmin.media + form.media,
    }
    return TemplateResponse(request, "admin/debates/action_form.html", context)


@admin.register(Speaker)
class SpeakerAdmin(SimpleHistoryAdmin):
    form = SpeakerAdminForm
    list_display = ["name", "kind", "iso3", "acronym", "needs_review", "statement_count"]
    list_filter = ["kind", "needs_review"]
    search_fields = ["name", "iso3", "acronym", "aliases__name"]
    # Explicit, because the statement count's GROUP BY drops the model's default ordering.
    ordering = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [SpeakerAliasInline]
    actions = ["merge_speakers"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n_statements=Count("statements"))

    @admin.display(description="Statements", ordering="n_statements")
    def statement_count(self, obj: Speaker) -> int:
        return obj.n_statements

    def save_model(self, request, obj, form, change):
        obj._change_reason = form.cleaned_data.get("change_reason", "")
        super().save_model(request, obj, form, change)

    def get_urls(self):
        merge = path(
            "<path:object_id>/merge/",
            self.admin_site.admin_view(self.merge_view),
            name="debates_speaker_merge",
        )
        return [merge, *super().get_urls()]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), "can_merge": self.has_merge_permission(request)}
        return super().change_view(request, object_id, form_url, extra_context)

    def merge_view(self, request, object_id):
        """Merge one speaker, from its own page: the merge action for a selection of one."""
        if not self.has_merge_permission(request):
            raise PermissionDenied
        queryset = self.get_queryset(request).filter(pk=object_id)
        if not queryset.exists():
            raise Http404(f"No speaker {object_id}.")
        response = self.merge_speakers(request, queryset)
        if response is None:  # merged: the duplicate is gone, show where it went
            target = Speaker.objects.get(pk=request.POST["speaker"])
            return HttpResponseRedirect(reverse("admin:debates_speaker_change", args=[target.pk]))
        return response

    def has_merge_permission(self, request) -> bool:
        return request.user.has_perm("debates.merge_speaker") and self.has_change_permission(request)

    @admin.action(description="Merge selected speakers into another speaker", permissions=["merge"])
    def merge_speakers(self, request, queryset):
        """Merge duplicates or unresolved speakers into the right one (see Speaker.merge_into)."""
        form_kwargs = {"admin_site": self.admin_site, "label": "Merge into"}
        if "apply" in request.POST:
            form = SpeakerChoiceForm(request.POST, **form_kwargs)
            if form.is_valid():
                target, reason = form.cleaned_data["speaker"], form.cleaned_data["reason"]
                duplicates = list(queryset.exclude(pk=target.pk))
                moved: Counter[str] = Counter()
                try:
                    # All the selected speakers are merged, or none.
                    with transaction.atomic():
                        for duplicate in duplicates:
                            moved += duplicate.merge_into(target, user=request.user, reason=reason)
                except ValidationError as error:
                    form.add_error(None, error)
                else:
                    summary = (
                        ", ".join(f"{what}: {n}" for what, n in sorted(moved.items())) or "nothing moved"
                    )
                    self.message_user(
                        request,
                        f"Merged {len(duplicates)} speaker{pluralize(duplicates)} into {target}: {summary}.",
                        messages.SUCCESS,
                    )
                    return None
        else:
            form = SpeakerChoiceForm(**form_kwargs)
        return render_action_form(
            self,
            request,
            queryset,
            form,
            action="merge_speakers",
            title="Merge speakers",
            intro=(
                "The statements, votes and presided meetings of these speakers will be attributed to the "
                "speaker you choose; their names become its aliases, and they are deleted."
            ),
        )


class MeetingMemberInline(admin.TabularInline):
    model = MeetingMember
    raw_id_fields = ["speaker"]
    extra = 0


class MeetingRecordInline(admin.TabularInline):
    """The meeting's records, each with its own day and President."""

    model = MeetingRecord
    fields = [
        "symbol",
        "kind",
        "sequence",
        "date",
        "time",
        "president",
        "president_person",
        "source_document",
    ]
    raw_id_fields = ["president", "source_document"]
    extra = 0


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    inlines = [MeetingRecordInline, MeetingMemberInline]
    list_display = ["__str__", "number", "date", "kind", "president", "resumptions", "closed"]
    list_filter = ["kind", "closed", "date"]
    list_select_related = ["president"]
    search_fields = ["number", "record", "title", "letter"]
    date_hierarchy = "date"
    raw_id_fields = ["president"]
    filter_horizontal = ["items"]
    readonly_fields = ["source_documents"]


class VoteInline(admin.TabularInline):
    model = Vote
    raw_id_fields = ["speaker"]
    extra = 0


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kind", "date", "meeting", "adopted", "vote"]
    list_filter = ["kind", "adopted", "year"]
    list_select_related = ["meeting"]
    search_fields = ["symbol", "draft_symbol", "title"]
    date_hierarchy = "date"
    raw_id_fields = ["meeting"]
    readonly_fields = ["source_documents"]
    inlines = [VoteInline]

    @admin.display(description="Vote")
    def vote(self, obj: Decision) -> str:
        if obj.votes_for is None:
            return ""
        return f"{obj.votes_for}-{obj.votes_against or 0}-{obj.abstentions or 0}"


class StatementAdminForm(ChangeReasonForm):
    class Meta:
        model = Statement
        fields = [
            "meeting",
            "item",
            "speaker",
            "label",
            "person",
            "capacity",
            "on_behalf_of",
            "date",
            "language",
            "text",
            "record",
            "pages",
            "page_start",
            "page_end",
            "position",
            "source",
            "source_document",
            "source_key",
            "source_start",
            "source_end",
            "footnote",
            "group_key",
            "status",
        ]


@admin.register(Statement)
class StatementAdmin(SimpleHistoryAdmin):
    form = StatementAdminForm
    list_display = ["id", "speaker", "label", "meeting", "citation", "source", "status"]
    list_filter = ["status", "source", "capacity", "speaker__kind", "speaker__needs_review"]
    list_select_related = ["speaker", "meeting"]
    search_fields = ["label", "person", "speaker__name", "text", "record"]
    autocomplete_fields = ["speaker", "on_behalf_of"]
    raw_id_fields = ["meeting", "item", "source_document"]
    actions = ["reassign_speaker", "mark_verified"]
    history_list_display = ["status"]
    # Where the statement comes from: the idempotency key and offsets that let re-ingestion
    # find it again, so staff see them but cannot change them.
    provenance_fields = [
        "source",
        "source_document",
        "source_key",
        "source_start",
        "source_end",
        "footnote",
        "group_key",
        "position",
    ]

    class Media:
        css = {"all": ["debates/admin/statement.css"]}

    def get_fieldsets(self, request, obj=None):
        attribution = (
            "Attribution",
            {
                "classes": ["attribution"],
                "fields": [
                    "speaker",
                    "person",
                    "capacity",
                    "on_behalf_of",
                    "record",
                    "pages",
                    "text",
                    "status",
                    "change_reason",
                ],
            },
        )
        where = (
            "Meeting and provenance",
            {
                "classes": ["collapse"],
                "fields": [
                    "meeting",
                    "date",
                    "item",
                    "language",
                    "page_start",
                    "page_end",
                    *self.provenance_fields,
                ],
            },
        )
        if obj is None:
            return [attribution, (None, {"fields": ["label"]}), where]
        printed = (
            "As the source prints it",
            {"classes": ["source-panel"], "fields": ["label", "source_links", "source_passage"]},
        )
        return [attribution, printed, where]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return ["label", "source_links", "source_passage", *self.provenance_fields]

    @admin.display(description="Source")
    def citation(self, obj: Statement) -> str:
        return format_html("<cite>{}</cite>", obj.citation)

    @admin.display(description="Source document")
    def source_links(self, obj: Statement) -> str:
        document = obj.source_document
        document_url = reverse("admin:debates_sourcedocument_change", args=[document.pk])
        kind = document.get_kind_display()
        parts = [format_html('<a href="{}">{}</a> ({})', document_url, document.name, kind)]
        if obj.record_url:
            parts.append(
                format_html(
                    'Official record: <a href="{}" rel="noopener" target="_blank"><cite>{}</cite></a>',
                    obj.record_url,
                    obj.citation,
                )
            )
        parts.append(format_html('<a href="{}">Public page</a>', obj.get_absolute_url()))
        # Every part was escaped by format_html.
        return mark_safe("<br>".join(parts))

    @admin.display(description="Source passage")
    def source_passage(self, obj: Statement) -> str:
        review = obj.reviews.filter(reviewed__isnull=True).first()
        warning = ""
        if review is not None:
            url = reverse("admin:debates_correctionreview_change", args=[review.pk])
            what = (
                "is no longer in the current version of the source"
                if review.change == CorrectionReview.Change.GONE
                else "changed in the current version of the source since it was corrected"
            )
            warning = format_html(
                '<p class="review-warning">This passage {} (<a href="{}">to review</a>).</p>', what, url
            )
        passage = obj.source_passage()
        if passage is None:
            return format_html(
                '{}<div class="source-passage" tabindex="0" role="region" aria-label="Source passage">'
                "{}</div><p><em>{}</em></p>",
                warning,
                obj.text,
                "The source text is not at hand for this document (or no longer holds the statement): "
                "the parsed text is shown.",
            )
        before, text, after = passage
        # A region that scrolls must be reachable from the keyboard.
        return format_html(
            '{}<div class="source-passage" tabindex="0" role="region" aria-label="Source passage">'
            "…{}<mark>{}</mark>{}…</div>",
            warning,
            before,
            text,
            after,
        )

    def save_model(self, request, obj, form, change):
        reason = form.cleaned_data.get("change_reason", "")
        if change:
            # Whom it speaks for is a relation, saved after the row: compared here, so that
            # changing it alone counts as a correction too.
            obj.save_correction(
                user=request.user, reason=reason, on_behalf_of=form.cleaned_data.get("on_behalf_of")
            )
        else:
            obj.save_with_history(user=request.user, reason=reason)

    @admin.action(description="Reassign selected statements to another speaker", permissions=["change"])
    def reassign_speaker(self, request, queryset):
        form_kwargs = {"admin_site": self.admin_site, "label": "New speaker"}
        if "apply" in request.POST:
            form = SpeakerChoiceForm(request.POST, **form_kwargs)
            if form.is_valid():
                speaker = form.cleaned_data["speaker"]
                changed = queryset.reassign(speaker, user=request.user, reason=form.cleaned_data["reason"])
                self.message_user(
                    request,
                    f"Reassigned {changed} statement{pluralize(changed)} to {speaker}.",
                    messages.SUCCESS,
                )
                return None
        else:
            form = SpeakerChoiceForm(**form_kwargs)
        return render_action_form(
            self,
            request,
            queryset,
            form,
            action="reassign_speaker",
            title="Reassign statements",
            intro="These statements will be attributed to the speaker you choose and marked corrected.",
        )

    @admin.action(description="Mark selected statements verified", permissions=["change"])
    def mark_verified(self, request, queryset):
        changed = queryset.mark_verified(user=request.user, reason="Marked verified")
        self.message_user(
            request, f"Marked {changed} statement{pluralize(changed)} verified.", messages.SUCCESS
        )


class OpenReviewFilter(admin.SimpleListFilter):
    """Open reviews by default: the list is a queue."""

    title = "state"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("open", "To review"), ("reviewed", "Reviewed"), ("all", "All")]

    def choices(self, changelist):
        for value, label in self.lookup_choices:
            yield {
                "selected": (self.value() or "open") == value,
                "query_string": changelist.get_query_string({self.parameter_name: value}),
                "display": label,
            }

    def queryset(self, request, queryset):
        state = self.value() or "open"
        if state == "open":
            return queryset.filter(reviewed__isnull=True)
        if state == "reviewed":
            return queryset.filter(reviewed__isnull=False)
        return queryset


@admin.register(CorrectionReview)
class CorrectionReviewAdmin(admin.ModelAdmin):
    """Corrections to review: a corrected or verified statement whose passage a new version of
    its source changed or no longer holds, the passage as it was beside the new one."""

    list_display = ["statement_link", "change", "then_and_now", "noticed", "reviewed"]
    list_filter = [OpenReviewFilter, "change"]
    list_select_related = ["statement__speaker", "source_document"]
    search_fields = ["statement__label", "passage_then", "passage_now"]
    actions = ["mark_reviewed"]
    fields = [
        "statement_link",
        "source_document",
        "change",
        "then_and_now",
        "noticed",
        "reviewed",
        "reviewed_by",
    ]
    readonly_fields = fields

    class Media:
        css = {"all": ["debates/admin/statement.css"]}

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="Statement")
    def statement_link(self, obj: CorrectionReview) -> str:
        statement = obj.statement
        url = reverse("admin:debates_statement_change", args=[statement.pk])
        return format_html(
            '<a href="{}">{} ({})</a>, {}', url, statement.label, statement.pk, statement.get_status_display()
        )

    @admin.display(description="The passage when corrected, and now")
    def then_and_now(self, obj: CorrectionReview) -> str:
        now = (
            format_html("<p><em>{}</em></p>", "No longer in the source.")
            if obj.change == CorrectionReview.Change.GONE
            else format_html(
                '<p><cite>{}</cite></p><div class="source-passage">{}</div>',
                obj.citation_now,
                obj.passage_now,
            )
        )
        return format_html(
            '<div class="then-and-now"><div><h4>When corrected</h4><p><cite>{}</cite></p>'
            '<div class="source-passage">{}</div></div><div><h4>Now</h4>{}</div></div>',
            obj.citation_then,
            obj.passage_then,
            now,
        )

    @admin.action(description="Mark selected corrections reviewed", permissions=["change"])
    def mark_reviewed(self, request, queryset):
        done = queryset.filter(reviewed__isnull=True).update(
            reviewed=timezone.now(), reviewed_by=request.user
        )
        self.message_user(request, f"Marked {done} correction{pluralize(done)} reviewed.", messages.SUCCESS)


@admin.register(RetiredStatement)
class RetiredStatementAdmin(admin.ModelAdmin):
    """Tombstones: read-only, the record of every permalink that lost its statement."""

    list_display = ["id", "speaker", "label", "meeting", "citation", "retired", "successor"]
    list_filter = ["source", "status"]
    search_fields = ["id", "label", "speaker", "record", "document_name", "document_identity"]
    readonly_fields = [f.name for f in RetiredStatement._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(OldSlug)
class OldSlugAdmin(admin.ModelAdmin):
    """Former slugs: read-only, the record of every cited URL that now redirects (301)."""

    list_display = ["model", "slug", "object_id", "recorded"]
    list_filter = ["model"]
    search_fields = ["slug"]
    readonly_fields = ["model", "slug", "object_id", "recorded"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Discrepancy)
class DiscrepancyAdmin(admin.ModelAdmin):
    list_display = ["model", "object_key", "field", "kept_value", "other_value", "noticed"]
    list_filter = ["model", "field"]
    search_fields = ["object_key", "kept_value", "other_value"]
    list_select_related = ["kept_source", "other_source"]


class UnresolvedLabel(Speaker):
    """A speaker created from a label the gazetteer did not know: the review queue."""

    class Meta:
        proxy = True
        verbose_name = "unresolved label"


@admin.register(UnresolvedLabel)
class UnresolvedLabelAdmin(admin.ModelAdmin):
    """Each unresolved label, how often it occurs and the gazetteer's fuzzy proposal.

    A proposal is only a proposal: accepting it merges the flagged speaker into the proposed one,
    whose alias the label becomes, so the next ingest resolves it directly.
    """

    list_display = ["name", "occurrences", "proposal"]
    search_fields = ["name"]
    actions = ["accept_proposals"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(needs_review=True)
            .annotate(n_statements=Count("statements", distinct=True), n_votes=Count("votes", distinct=True))
        )

    def has_add_permission(self, request):
        return False

    @admin.display(description="Occurrences")
    def occurrences(self, obj) -> int:
        return obj.n_statements + obj.n_votes

    def _proposed(self, obj):
        from .gazetteer import propose
        from .speakers import SpeakerResolver

        proposal = propose(obj.name)
        if proposal is None:
            return None, None
        return proposal, SpeakerResolver()._speaker_for(proposal.entry)

    @admin.display(description="Proposal")
    def proposal(self, obj) -> str:
        from .gazetteer import propose

        proposal = propose(obj.name)
        return f"{proposal.name} ({proposal.score:.0f}%)" if proposal else "—"

    @admin.action(description="Accept the proposals: merge each label into the proposed speaker")
    def accept_proposals(self, request, queryset):
        if not request.user.has_perm("debates.merge_speaker"):
            raise PermissionDenied
        accepted = 0
        for label in queryset:
            proposal, target = self._proposed(label)
            if target is None or target.pk == label.pk:
                continue
            label.merge_into(
                target, user=request.user, reason=f"Accepted proposal {proposal.name} ({proposal.score}%)"
            )
            accepted += 1
        self.message_user(
            request, f"{accepted} label{pluralize(accepted)} merged into the proposed speakers."
        )
