"""Rendering costs no URL reversing per row (``debates.links``: one reversed pattern per URL name)."""

import pytest
from django.urls.resolvers import URLResolver

from tests import factories as f


@pytest.mark.parametrize("url", ["/meetings/5007/", "/statements/?q=sanctions", "/statements/"])
def test_a_page_reverses_as_many_urls_for_two_rows_as_for_forty(client, db, monkeypatch, url):
    calls = []
    original = URLResolver._reverse_with_prefix

    def counting(self, *args, **kwargs):
        calls.append(args[0])
        return original(self, *args, **kwargs)

    monkeypatch.setattr(URLResolver, "_reverse_with_prefix", counting)
    meeting = f.meeting(5007, "2004-07-20")
    counts = []
    for n in (2, 40):
        while meeting.statements.count() < n:
            speaker = f.speaker(
                f"State {meeting.statements.count()}", iso3=f"S{meeting.statements.count():02d}"
            )
            f.statement(meeting, speaker, "The Council discussed sanctions at length.")
        client.get(url)  # each URL pattern is reversed once, then filled in
        calls.clear()
        assert client.get(url).status_code == 200
        counts.append(len(calls))
    assert counts[0] == counts[1]
