"""The home page and the admin, as a visitor and as staff see them."""

import datetime

import pytest

from debates.models import Decision, Meeting

pytestmark = pytest.mark.django_db


def test_the_home_page_renders_accessibly(client):
    Meeting.objects.create(number=5007, slug="5007", date=datetime.date(2004, 7, 20), record="S/PV.5007")
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert 'href="#main-content"' in html and '<main id="main-content"' in html
    assert "<nav" in html and "<header" in html and "<footer" in html
    assert "20 July 2004" in html
    assert "1</strong> meeting" in html


def test_static_assets_are_served_locally(client):
    html = client.get("/").content.decode()
    assert "/static/css/site.css" in html
    assert "http://" not in html.split("<body")[0].replace("http://www.w3.org", "")


def test_a_decision_page_renders(client):
    meeting = Meeting.objects.create(
        number=5282, slug="5282", date=datetime.date(2005, 10, 17), record="S/PV.5282"
    )
    decision = Decision.objects.create(
        symbol="S/RES/1631 (2005)", slug="s-res-1631-2005", kind="resolution", meeting=meeting,
        date=meeting.date, votes_for=15, votes_against=0, abstentions=0, adopted=True,
    )  # fmt: skip
    response = client.get(decision.get_absolute_url())
    assert response.status_code == 200
    assert "15 in favour, 0 against, 0 abstaining" in response.content.decode()


def test_the_admin_refuses_anonymous_users(client):
    response = client.get("/admin/debates/statement/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_the_admin_loads_for_staff(client, superuser):
    client.force_login(superuser)
    for model in ["statement", "meeting", "speaker", "decision", "item", "sourcedocument", "discrepancy"]:
        response = client.get(f"/admin/debates/{model}/")
        assert response.status_code == 200, model


def test_the_admin_refuses_staff_without_permission(client, staff_user):
    client.force_login(staff_user)
    assert client.get("/admin/debates/statement/").status_code == 403
