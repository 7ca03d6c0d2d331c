"""Who may correct attributions: the Editors group, staff without permission, anonymous users; CSRF."""

import re

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from debates.models import Speaker, Statement
from debates.permissions import EDITORS
from tests.corrections_factory import change_url, form_data, make_speaker, make_statement, make_user

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "visitor", "staff", "editor", "superuser"]
# What each role gets from the admin: the login page, a refusal, or the page.
EXPECTED = {"anonymous": "login", "visitor": "login", "staff": "denied", "editor": "ok", "superuser": "ok"}


def client_for(role: str, **kwargs) -> Client:
    client = Client(**kwargs)
    if role != "anonymous":
        user = make_user(
            role,
            staff=role != "visitor",
            editor=role == "editor",
            superuser=role == "superuser",
        )
        client.force_login(user)
    return client


def outcome(response, success_status: int = 200) -> str:
    if response.status_code == 302 and response.url.startswith(reverse("admin:login")):
        return "login"
    if response.status_code == 403:
        return "denied"
    assert response.status_code == success_status, response.status_code
    return "ok"


@pytest.fixture
def world():
    benin, ghana = make_speaker("Benin"), make_speaker("Ghana")
    duplicate = make_speaker("Benin (Republic of)", needs_review=True)
    return {
        "benin": benin,
        "ghana": ghana,
        "duplicate": duplicate,
        "statement": make_statement(benin),
        "duplicate statement": make_statement(duplicate),
    }


def test_the_editors_group_exists_with_its_permissions():
    codenames = set(
        Group.objects.get(name=EDITORS).permissions.values_list("content_type__app_label", "codename")
    )

    assert {
        ("debates", "change_statement"),
        ("debates", "view_statement"),
        ("debates", "change_speaker"),
        ("debates", "merge_speaker"),
        ("debates", "change_speakeralias"),
        ("debates", "view_meeting"),
        ("debates", "view_historicalstatement"),
    } <= codenames
    assert not {app for app, _ in codenames} - {"debates"}
    assert (
        not {
            ("debates", "add_statement"),
            ("debates", "delete_statement"),
            ("debates", "delete_speaker"),
            ("debates", "change_meeting"),
            ("debates", "change_sourcedocument"),
        }
        & codenames
    )


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    "page", ["admin:debates_statement_changelist", "admin:debates_speaker_changelist", "history"]
)
def test_viewing_the_admin(world, role, page):
    statement = world["statement"]
    url = (
        reverse("admin:debates_statement_history", args=[statement.pk])
        if page == "history"
        else reverse(page)
    )
    assert outcome(client_for(role).get(url)) == EXPECTED[role]


@pytest.mark.parametrize("role", ROLES)
def test_changing_a_statement(world, role):
    statement, ghana = world["statement"], world["ghana"]
    client = client_for(role)

    assert outcome(client.get(change_url(statement))) == EXPECTED[role]
    response = client.post(change_url(statement), form_data(statement, speaker=ghana.pk))

    assert outcome(response, success_status=302) == EXPECTED[role]
    statement.refresh_from_db()
    assert (statement.speaker == ghana) is (EXPECTED[role] == "ok")


@pytest.mark.parametrize("role", ROLES)
def test_the_reassign_action(world, role):
    statement, ghana = world["statement"], world["ghana"]
    response = client_for(role).post(
        reverse("admin:debates_statement_changelist"),
        {
            "action": "reassign_speaker",
            ACTION_CHECKBOX_NAME: [statement.pk],
            "apply": "1",
            "speaker": ghana.pk,
        },
    )

    assert outcome(response, success_status=302) == EXPECTED[role]
    statement.refresh_from_db()
    assert (statement.speaker == ghana) is (EXPECTED[role] == "ok")


@pytest.mark.parametrize("role", ROLES)
def test_the_verify_action(world, role):
    statement = world["statement"]
    response = client_for(role).post(
        reverse("admin:debates_statement_changelist"),
        {"action": "mark_verified", ACTION_CHECKBOX_NAME: [statement.pk], "index": 0},
    )

    assert outcome(response, success_status=302) == EXPECTED[role]
    statement.refresh_from_db()
    assert (statement.status == "verified") is (EXPECTED[role] == "ok")


@pytest.mark.parametrize("role", ROLES)
def test_the_merge_action(world, role):
    duplicate, benin = world["duplicate"], world["benin"]
    response = client_for(role).post(
        reverse("admin:debates_speaker_changelist"),
        {"action": "merge_speakers", ACTION_CHECKBOX_NAME: [duplicate.pk], "apply": "1", "speaker": benin.pk},
    )

    assert outcome(response, success_status=302) == EXPECTED[role]
    assert Speaker.objects.filter(pk=duplicate.pk).exists() is (EXPECTED[role] != "ok")


def test_staff_who_may_change_speakers_but_not_merge_them_are_not_offered_the_merge(world):
    assert "merge_speakers" in client_for("editor").get(reverse("admin:debates_speaker_changelist")).text
    user = make_user("speaker-keeper")
    user.user_permissions.add(*Group.objects.get(name=EDITORS).permissions.exclude(codename="merge_speaker"))
    client = Client()
    client.force_login(user)
    duplicate, benin = world["duplicate"], world["benin"]

    changelist = client.get(reverse("admin:debates_speaker_changelist"))
    assert changelist.status_code == 200
    assert "merge_speakers" not in changelist.text
    change = client.get(reverse("admin:debates_speaker_change", args=[duplicate.pk]))
    assert change.status_code == 200
    assert "Merge into another speaker" not in change.text
    assert client.get(reverse("admin:debates_speaker_merge", args=[duplicate.pk])).status_code == 403
    client.post(
        reverse("admin:debates_speaker_changelist"),
        {"action": "merge_speakers", ACTION_CHECKBOX_NAME: [duplicate.pk], "apply": "1", "speaker": benin.pk},
    )
    assert Speaker.objects.filter(pk=duplicate.pk).exists()


def test_editors_cannot_manage_users():
    client = client_for("editor")
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 403
    assert client.get(reverse("admin:auth_group_changelist")).status_code == 403
    assert client.get(reverse("admin:debates_meeting_changelist")).status_code == 200


def csrf_token_in(response) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.text).group(1)


def test_a_change_without_the_csrf_token_is_refused(world):
    statement, ghana = world["statement"], world["ghana"]
    client = client_for("editor", enforce_csrf_checks=True)

    refused = client.post(change_url(statement), form_data(statement, speaker=ghana.pk))
    assert refused.status_code == 403
    assert Statement.objects.get(pk=statement.pk).speaker != ghana

    token = csrf_token_in(client.get(change_url(statement)))
    accepted = client.post(
        change_url(statement), {**form_data(statement, speaker=ghana.pk), "csrfmiddlewaretoken": token}
    )
    assert accepted.status_code == 302
    assert Statement.objects.get(pk=statement.pk).speaker == ghana


def test_an_action_without_the_csrf_token_is_refused(world):
    statement, ghana = world["statement"], world["ghana"]
    client = client_for("editor", enforce_csrf_checks=True)
    changelist = reverse("admin:debates_statement_changelist")
    data = {"action": "reassign_speaker", ACTION_CHECKBOX_NAME: [statement.pk]}

    assert client.post(changelist, {**data, "apply": "1", "speaker": ghana.pk}).status_code == 403
    assert Statement.objects.get(pk=statement.pk).speaker != ghana

    token = csrf_token_in(client.get(changelist))
    intermediate = client.post(changelist, {**data, "index": 0, "csrfmiddlewaretoken": token})
    token = csrf_token_in(intermediate)
    done = client.post(changelist, {**data, "apply": "1", "speaker": ghana.pk, "csrfmiddlewaretoken": token})
    assert done.status_code == 302
    assert Statement.objects.get(pk=statement.pk).speaker == ghana


@pytest.mark.parametrize("role", ROLES)
def test_the_merge_page_of_one_speaker(world, role):
    duplicate, benin = world["duplicate"], world["benin"]
    client = client_for(role)
    url = reverse("admin:debates_speaker_merge", args=[duplicate.pk])

    assert outcome(client.get(url)) == EXPECTED[role]
    response = client.post(url, {"apply": "1", "speaker": benin.pk, "reason": "Same State"})

    assert outcome(response, success_status=302) == EXPECTED[role]
    assert Speaker.objects.filter(pk=duplicate.pk).exists() is (EXPECTED[role] != "ok")


def test_a_merge_without_the_csrf_token_is_refused(world):
    duplicate, benin = world["duplicate"], world["benin"]
    client = client_for("editor", enforce_csrf_checks=True)
    url = reverse("admin:debates_speaker_merge", args=[duplicate.pk])
    data = {"apply": "1", "speaker": benin.pk}

    assert client.post(url, data).status_code == 403
    assert Speaker.objects.filter(pk=duplicate.pk).exists()

    token = csrf_token_in(client.get(url))
    assert client.post(url, {**data, "csrfmiddlewaretoken": token}).status_code == 302
    assert not Speaker.objects.filter(pk=duplicate.pk).exists()
