from django.urls import path

from . import views

app_name = "debates"

urlpatterns = [
    path("", views.home, name="home"),
    path("meetings/<slug:slug>/", views.meeting_detail, name="meeting-detail"),
    path("statements/<int:pk>/", views.statement_detail, name="statement-detail"),
    path("speakers/<slug:slug>/", views.speaker_detail, name="speaker-detail"),
    path("items/<slug:slug>/", views.item_detail, name="item-detail"),
    path("decisions/<slug:slug>/", views.decision_detail, name="decision-detail"),
]
