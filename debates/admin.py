from django.contrib import admin
from django.utils.html import format_html

from .models import (
    Decision,
    Discrepancy,
    Item,
    Meeting,
    SourceDocument,
    Speaker,
    SpeakerAlias,
    Statement,
    Vote,
)


@admin.register(SourceDocument)
class SourceDocumentAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "outcome", "size", "last_ingested"]
    list_filter = ["kind", "outcome"]
    search_fields = ["name", "checksum"]
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


@admin.register(Speaker)
class SpeakerAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "iso3", "acronym", "needs_review"]
    list_filter = ["kind", "needs_review"]
    search_fields = ["name", "iso3", "acronym", "aliases__name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [SpeakerAliasInline]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
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


@admin.register(Statement)
class StatementAdmin(admin.ModelAdmin):
    list_display = ["id", "speaker", "label", "meeting", "citation", "source", "status"]
    list_filter = ["status", "source", "capacity", "speaker__kind"]
    list_select_related = ["speaker", "meeting"]
    search_fields = ["label", "person", "speaker__name", "text", "record"]
    raw_id_fields = ["meeting", "item", "speaker", "on_behalf_of", "source_document"]

    @admin.display(description="Source")
    def citation(self, obj: Statement) -> str:
        return format_html("<cite>{}</cite>", obj.citation)


@admin.register(Discrepancy)
class DiscrepancyAdmin(admin.ModelAdmin):
    list_display = ["model", "object_key", "field", "kept_value", "other_value", "noticed"]
    list_filter = ["model", "field"]
    search_fields = ["object_key", "kept_value", "other_value"]
    list_select_related = ["kept_source", "other_source"]
