from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Repertoire administration"
admin.site.site_title = "Repertoire admin"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("debates.urls")),
]
