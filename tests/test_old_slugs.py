"""Old slugs: URLs researchers cited keep resolving (301 to the current page) when a slug changes."""

from __future__ import annotations

import datetime
from importlib import import_module
from pathlib import Path

import pytest
from django.apps import apps

from debates.ingest import Report, ingest_file
from debates.loaders.common import upsert_decision, upsert_meeting
from debates.models import Decision, Item, OldSlug, SourceDocument
from tests import factories as f

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
TABLES = ROOT / "corpus" / "meetings"
FIXTURES = Path(__file__).parent / "fixtures" / "council"

seed = import_module("debates.migrations.0009_old_slugs").seed


def redirect_of(client, url: str) -> tuple[int, str]:
    response = client.get(url)
    return response.status_code, response.get("Location", "")


class TestSlugsOfBeforeTheChange:
    """The data migration gives the slugs the archive made before items were slugged from their keys
    and before every vetoed draft became a decision of its own."""

    def test_an_item_cited_with_a_leading_the_redirects_to_its_page(self, client):
        # The 2015 table prints "The Democratic Republic of the Congo"; the item's slug folds "the".
        ingest_file(TABLES / "scact2015_table_en.html")
        item = Item.objects.get(key="democratic republic of the congo")
        assert item.slug == "democratic-republic-of-the-congo"
        seed(apps, None)

        status, location = redirect_of(client, "/items/the-democratic-republic-of-the-congo/")
        assert (status, location) == (301, "/items/democratic-republic-of-the-congo/")
        assert client.get(location).status_code == 200
        # The page itself is no old slug.
        assert not OldSlug.objects.filter(slug=item.slug).exists()

    def test_an_item_whose_apostrophe_the_old_slug_dropped_redirects(self, client):
        item = f.item("Côte d’Ivoire")
        item.slug = Item.slug_for(item.key)
        item.save()
        assert item.slug == "cote-d-ivoire"
        seed(apps, None)
        assert redirect_of(client, "/items/cote-divoire/") == (301, "/items/cote-d-ivoire/")
        assert redirect_of(client, "/items/the-cote-divoire/") == (301, "/items/cote-d-ivoire/")

    def test_the_drafts_vetoed_orally_at_the_57th_meeting_are_found_by_their_old_slug(self, client):
        # Three applications for membership vetoed orally at the 57th meeting were one row, the
        # meeting's "draft_resolution"; now each is a decision of its own, numbered in table order.
        ingest_file(TABLES / "scact1946_table_en.html")
        vetoed = Decision.objects.filter(meeting__number=57, symbol__isnull=True).order_by("entry")
        assert [d.entry for d in vetoed] == ["veto-1", "veto-2", "veto-3"]
        assert not Decision.objects.filter(slug="57-draft_resolution").exists()
        seed(apps, None)

        status, location = redirect_of(client, "/decisions/57-draft_resolution/")
        assert (status, location) == (301, vetoed[0].get_absolute_url())
        assert location == "/decisions/57-draft_resolution-veto-1/"
        assert client.get(location).status_code == 200

    def test_a_slug_a_row_has_today_is_never_seeded(self):
        f.item("The situation in the Middle East")  # slugged from its title, as before
        unnamed = f.meeting(57, "1946-08-29")
        document = f.source_document()
        upsert_decision(document, Report(), kind=Decision.Kind.DRAFT_RESOLUTION, meeting=unnamed)
        upsert_decision(
            document, Report(), kind=Decision.Kind.DRAFT_RESOLUTION, meeting=unnamed, entry="veto-1"
        )
        seed(apps, None)
        assert set(OldSlug.objects.values_list("model", "slug")) == {
            ("item", "situation-in-the-middle-east"),
        }


class TestSlugsThatChange:
    def test_a_decision_that_takes_its_symbol_at_re_ingest_keeps_its_old_url(self, client):
        # The Repertoire names a presidential statement of the 5007th meeting without its symbol;
        # the meeting table gives it, and the decision's slug becomes the symbol's.
        document = SourceDocument.objects.create(
            name="repertoire.txt", checksum="1" * 64, kind=SourceDocument.Kind.REPERTOIRE
        )
        report = Report()
        meeting = upsert_meeting(document, report, number=5007, date=datetime.date(2004, 7, 20))
        kind = Decision.Kind.PRESIDENTIAL_STATEMENT
        decision = upsert_decision(document, report, kind=kind, meeting=meeting)
        old_url = decision.get_absolute_url()
        assert old_url == "/decisions/5007-presidential_statement/"

        ingest_file(FIXTURES / "scact2004_excerpt.html")
        decision.refresh_from_db()
        assert (decision.symbol, decision.slug) == ("S/PRST/2004/27", "s-prst-2004-27")
        assert list(OldSlug.objects.values_list("model", "slug", "object_id")) == [
            ("decision", "5007-presidential_statement", decision.pk)
        ]
        assert redirect_of(client, old_url) == (301, "/decisions/s-prst-2004-27/")
        # The query string a citation carried goes along.
        moved = redirect_of(client, old_url + "?format=bibtex")
        assert moved == (301, "/decisions/s-prst-2004-27/?format=bibtex")

    def test_every_former_slug_leads_straight_to_the_current_page(self, client, archive):
        item = archive["items"]["other"]
        first = item.slug
        for slug in ("civilian-aspects", "civilian-aspects-of-conflicts"):
            item.slug = slug
            item.save()
        current = "/items/civilian-aspects-of-conflicts/"
        assert redirect_of(client, f"/items/{first}/") == (301, current)
        assert redirect_of(client, "/items/civilian-aspects/") == (301, current)
        # Given its first slug back, the item answers there again, and that slug is no longer an old one.
        item.slug = first
        item.save(update_fields=["slug"])
        assert client.get(f"/items/{first}/").status_code == 200
        assert set(OldSlug.objects.values_list("slug", flat=True)) == {
            "civilian-aspects",
            "civilian-aspects-of-conflicts",
        }

    def test_a_slug_changed_in_the_admin_is_kept(self, admin_client, archive):
        speaker = archive["speakers"]["au"]
        response = admin_client.post(
            f"/admin/debates/speaker/{speaker.pk}/change/",
            {
                "kind": speaker.kind,
                "name": speaker.name,
                "slug": "au",
                "iso3": "",
                "acronym": "AU",
                "aliases-TOTAL_FORMS": "0",
                "aliases-INITIAL_FORMS": "0",
            },
        )
        assert response.status_code == 302, response.content.decode()[:2000]
        assert redirect_of(admin_client, "/speakers/african-union/") == (301, "/speakers/au/")

    def test_a_new_row_given_an_old_slug_is_the_page_there(self, client, archive):
        item = archive["items"]["other"]
        old = item.slug
        item.slug = "civilian-aspects"
        item.save()
        newcomer = Item.objects.create(title="Conflict management", key="conflict management", slug=old)
        response = client.get(f"/items/{old}/")
        assert response.status_code == 200
        assert response.context["item"] == newcomer

    def test_an_unknown_slug_is_still_not_found(self, client, archive):
        for url in ("/items/nothing/", "/decisions/nothing/", "/speakers/nobody/", "/meetings/99999/"):
            assert client.get(url).status_code == 404

    def test_an_old_slug_whose_row_went_is_not_found(self, client, archive):
        item = f.item("A short-lived topic")
        item.slug = "short-lived"
        item.save()
        item.delete()
        assert OldSlug.objects.filter(slug="a-short-lived-topic").exists()
        assert client.get("/items/a-short-lived-topic/").status_code == 404

    def test_a_speaker_merged_into_another_leads_to_it(self, client, archive):
        duplicate = f.speaker("Frence", iso3="")
        duplicate.slug = "frence-2"
        duplicate.save()  # its first slug is an old one now
        duplicate.merge_into(archive["speakers"]["fra"], reason="A misspelling")
        for url in ("/speakers/frence/", "/speakers/frence-2/"):
            assert redirect_of(client, url) == (301, "/speakers/france/")

    def test_a_list_filtered_by_a_former_speaker_slug_still_lists_its_statements(self, client, archive):
        speaker = archive["speakers"]["au"]
        speaker.slug = "au"
        speaker.save()
        rows = client.get("/statements/", {"speaker": "african-union"}).context["page_obj"]
        assert [s.speaker for s in rows] == [speaker]
        api = client.get("/api/statements", {"speaker": "african-union"}).json()
        assert api["count"] == 1
