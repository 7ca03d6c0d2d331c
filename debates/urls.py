from django.urls import path, re_path

from . import views

app_name = "debates"

# Detail URLs are permalinks: meetings by number (slug), statements by id,
# speakers, items and decisions by slug. Keep their shapes.
urlpatterns = [
    path("", views.home, name="home"),
    path("meetings/", views.meeting_list, name="meeting-list"),
    path("meetings/<slug:slug>/", views.meeting_detail, name="meeting-detail"),
    path("statements/", views.statement_list, name="statement-list"),
    path("statements/<int:pk>/", views.statement_detail, name="statement-detail"),
    path("speakers/", views.speaker_list, name="speaker-list"),
    path("speakers/<slug:slug>/", views.speaker_detail, name="speaker-detail"),
    path("items/", views.item_list, name="item-list"),
    path("items/<slug:slug>/", views.item_detail, name="item-detail"),
    path("decisions/", views.decision_list, name="decision-list"),
    path("decisions/<slug:slug>/", views.decision_detail, name="decision-detail"),
    re_path(
        r"^export/(?P<name>statements|meetings|decisions|speakers|items|votes)\.(?P<fmt>csv|json)$",
        views.export,
        name="export",
    ),
    path("api/", views.api_docs, name="api-docs"),
    re_path(r"^api/(?P<name>statements|meetings|decisions|speakers|votes)$", views.api_list, name="api-list"),
]
