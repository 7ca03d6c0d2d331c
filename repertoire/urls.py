from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Repertoire administration"
admin.site.site_title = "Repertoire admin"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("debates.urls")),
]

# With DEBUG off, Django renders templates/404.html, 400.html and 403.html itself; the 500 page
# is rendered without a context, so that it does not depend on what failed.
handler500 = "debates.views.server_error"
