"""Atom feeds of any statements list (Django's syndication framework), announced by the pages."""

import xml.etree.ElementTree as ET

import pytest

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def entries(response) -> list[ET.Element]:
    assert response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content).findall(f"{ATOM}entry")


def test_a_speaker_feed_newest_first(client, archive):
    feed = entries(client.get("/statements/feed/", {"country": "FRA"}))
    links = [e.find(f"{ATOM}link").get("href") for e in feed]
    s = archive["statements"]
    assert links == [f"http://testserver{s[k].get_absolute_url()}" for k in ("fra3", "fra2", "fra1")]
    root = ET.fromstring(client.get("/statements/feed/", {"country": "FRA"}).content)
    assert root.find(f"{ATOM}title").text == "Statements by France · Repertoire"
    assert feed[0].find(f"{ATOM}updated").text.startswith("2020-01-09")
    assert feed[0].find(f"{ATOM}author/{ATOM}name").text == "France"


def test_a_search_and_an_item_feed(client, archive):
    titles = [
        e.find(f"{ATOM}title").text for e in entries(client.get("/statements/feed/", {"q": "sanctions"}))
    ]
    assert titles == [
        "France at S/PV.5007, 20 July 2004",
        "United Kingdom of Great Britain and Northern Ireland at S/PV.5007, 20 July 2004",
    ]
    item = archive["items"]["other"]
    assert len(entries(client.get("/statements/feed/", {"item": item.slug}))) == 1


def test_a_bad_parameter_is_a_400(client, archive):
    response = client.get("/statements/feed/", {"q": '"unclosed'})
    assert response.status_code == 400
    assert "quotation mark" in response.content.decode()


def test_pages_announce_their_feed(client, archive):
    link = '<link rel="alternate" type="application/atom+xml"'
    html = client.get("/statements/", {"country": "FRA", "page": 1}).content.decode()
    assert f'{link} title="Statements by France" href="/statements/feed/?country=FRA">' in html
    assert f'{link} title="Statements by France" href="/statements/feed/?speaker=france">' in (
        client.get("/speakers/france/").content.decode()
    )
    item = archive["items"]["other"]
    assert (
        f'href="/statements/feed/?item={item.slug}"' in client.get(item.get_absolute_url()).content.decode()
    )
