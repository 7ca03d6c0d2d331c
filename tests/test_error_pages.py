"""With DEBUG off, errors are shown with the site's own pages."""

import pytest
from django.test import override_settings
from django.urls import include, path


def boom(request):
    raise RuntimeError("a failure")


urlpatterns = [path("boom/", boom), path("", include("debates.urls"))]
handler500 = "debates.views.server_error"


@pytest.mark.django_db
@override_settings(DEBUG=False)
def test_not_found_uses_the_site_template(client):
    response = client.get("/meetings/1/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "<h1>Not found</h1>" in html
    assert '<a class="brand" href="/">Repertoire</a>' in html and "/static/css/site.css" in html
    assert client.get("/no/such/page/").status_code == 404


@pytest.mark.django_db
@override_settings(DEBUG=False, ROOT_URLCONF=__name__)
def test_server_error_uses_the_site_template(client):
    client.raise_request_exception = False
    response = client.get("/boom/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "<h1>Something went wrong</h1>" in html and "/static/css/site.css" in html
