"""Row links cost no reverse() each: one per URL name, and exactly what reverse() gives."""

import pytest
from django.urls import reverse, set_script_prefix

from debates import links
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_detail_urls_equal_reverse(archive):
    statement = archive["statements"]["fra1"]
    assert statement.get_absolute_url() == reverse("debates:statement-detail", kwargs={"pk": statement.pk})
    item = archive["items"]["sub"]
    assert item.get_absolute_url() == reverse("debates:item-detail", kwargs={"slug": item.slug})
    try:
        set_script_prefix("/archive/")
        assert archive["meetings"]["m1"].get_absolute_url() == "/archive/meetings/5007/"
    finally:
        set_script_prefix("/")


def test_list_pages_do_not_reverse_per_row(client, archive, monkeypatch):
    m = archive["meetings"]["m3"]
    for n in range(30):
        f.statement(m, archive["speakers"]["gbr"], f"Statement {n}.")
    calls = []
    original = links.reverse

    def counting(*args, **kwargs):
        calls.append(args[0])
        return original(*args, **kwargs)

    links._pattern.cache_clear()
    monkeypatch.setattr(links, "reverse", counting)
    for url in ("/statements/?page_size=40", "/meetings/8699/", "/meetings/"):
        client.get(url)
    assert len(calls) == len(set(calls)), calls  # each URL name reversed once, whatever the rows
