from django.urls import path, re_path, register_converter

from . import api, feeds, views


class IdConverter:
    """A row id: up to 18 digits, so that a longer number is a 404 here rather than an
    integer too large for the database."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return str(value)


register_converter(IdConverter, "id")

app_name = "debates"

# Lists that can be downloaded and read from the API (see listings.LISTINGS).
LISTS = "statements|meetings|decisions|speakers|items|votes"

# Detail URLs are permalinks: meetings by number (slug), statements by id,
# speakers, items and decisions by slug. Keep their shapes.
urlpatterns = [
    path("", views.home, name="home"),
    path("meetings/", views.meeting_list, name="meeting-list"),
    path("meetings/<slug:slug>/", views.meeting_detail, name="meeting-detail"),
    path("statements/", views.statement_list, name="statement-list"),
    path("statements/feed/", feeds.StatementFeed(), name="statement-feed"),
    path("statements/<id:pk>/", views.statement_detail, name="statement-detail"),
    path("speakers/", views.speaker_list, name="speaker-list"),
    path("speakers/<slug:slug>/", views.speaker_detail, name="speaker-detail"),
    path("items/", views.item_list, name="item-list"),
    path("items/<slug:slug>/", views.item_detail, name="item-detail"),
    path("decisions/", views.decision_list, name="decision-list"),
    path("decisions/<slug:slug>/", views.decision_detail, name="decision-detail"),
    re_path(
        rf"^export/(?P<name>{LISTS})\.(?P<fmt>csv|spreadsheet\.csv|json)$",
        api.export,
        name="export",
    ),
    re_path(
        rf"^export/(?P<name>{LISTS})\.csv-metadata\.json$", api.export_metadata_view, name="export-metadata"
    ),
    path("api/", api.api_docs, name="api-docs"),
    path("api/openapi.json", api.openapi_document, name="api-openapi"),
    re_path(rf"^api/(?P<name>{LISTS})$", api.api_list, name="api-list"),
]
