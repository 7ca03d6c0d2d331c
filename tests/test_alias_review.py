"""The admin's review queue of unresolved labels: counts, fuzzy proposals, accepted into aliases."""

import pytest

from debates.models import Speaker, SpeakerAlias, Statement
from debates.speakers import SpeakerResolver
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_an_editor_accepts_a_proposal_and_the_label_becomes_an_alias(client, superuser):
    typo = SpeakerResolver().resolve("Africa Unoin")
    assert typo.needs_review
    meeting = f.meeting(5282, "2005-10-17")
    f.statement(meeting, typo, "The Africa Unoin spoke.")
    f.statement(meeting, typo, "It spoke again.")
    client.force_login(superuser)
    page = client.get("/admin/debates/unresolvedlabel/").content.decode()
    assert "Africa Unoin" in page and "African Union (" in page and ">2<" in page
    client.post(
        "/admin/debates/unresolvedlabel/",
        {"action": "accept_proposals", "_selected_action": [typo.pk]},
    )
    union = Speaker.objects.get(name="African Union")
    assert not Speaker.objects.filter(pk=typo.pk).exists()
    assert Statement.objects.filter(speaker=union).count() == 2
    assert SpeakerAlias.objects.get(name="Africa Unoin").speaker == union
    assert SpeakerResolver().resolve("Africa Unoin") == union
