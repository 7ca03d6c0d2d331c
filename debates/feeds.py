"""
Atom feeds of statements, with Django's syndication framework.

One feed serves any statements list: the parameters of the statements page
(a search, a speaker, a country, an item…) select its entries, newest first,
a shared Repertoire passage once. Pages announce it with
``<link rel="alternate" type="application/atom+xml">``.
"""

from __future__ import annotations

import datetime

from django.contrib.syndication.views import Feed
from django.http import HttpResponseBadRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from .listings import LISTINGS
from .models import Statement, human_date

FEED_SIZE = 50


def describe(filterset) -> str:
    """A feed's title from the filters in use: "Statements by France on sanctions"."""
    if not filterset.is_bound or not filterset.is_valid():
        return "Statements"
    cleaned = filterset.form.cleaned_data
    parts = ["Statements"]
    who = [s.name for s in cleaned.get("speaker") or []]
    if cleaned.get("country"):
        names = dict(filterset.form.fields["country"].choices)
        who += [str(names.get(code, code)) for code in cleaned["country"]]
    if who:
        parts.append("by " + ", ".join(who))
    if cleaned.get("item"):
        parts.append(f"on item {cleaned['item']}")
    if cleaned.get("q"):
        parts.append(f"matching “{cleaned['q']}”")
    return " ".join(parts)


class StatementFeed(Feed):
    feed_type = Atom1Feed
    description_template = "debates/feed_statement.html"

    def __call__(self, request, *args, **kwargs):
        listing = LISTINGS["statements"]
        self.filterset, qs = listing.filter(request.GET)
        if not self.filterset.is_valid():
            errors = "\n".join(f"{k}: {' '.join(v)}" for k, v in self.filterset.errors.items())
            return HttpResponseBadRequest(errors + "\n", content_type="text/plain; charset=utf-8")
        # Newest first whatever the page's order: a feed tells what is new.
        qs = self.filterset.passages(listing.newest_first(qs))
        self.rows = list(qs.with_related()[:FEED_SIZE])
        Statement.objects.attach_attributions(self.rows)
        self.query = request.GET.copy()
        self.query.pop("page", None)
        return super().__call__(request, *args, **kwargs)

    def title(self):
        return describe(self.filterset) + " · Repertoire"

    def link(self):
        encoded = self.query.urlencode()
        return reverse("debates:statement-list") + (f"?{encoded}" if encoded else "")

    def feed_url(self):
        encoded = self.query.urlencode()
        return reverse("debates:statement-feed") + (f"?{encoded}" if encoded else "")

    def subtitle(self):
        return "What was said at the United Nations Security Council, newest first."

    def items(self):
        return self.rows

    def item_title(self, statement):
        who = (
            ", ".join(a.speaker.name for a in statement.attributions)
            if statement.shared
            else statement.speaker.name
        )
        return (
            f"{who} at {statement.meeting.record or statement.meeting}, {human_date(statement.meeting.date)}"
        )

    def item_link(self, statement):
        return statement.get_absolute_url()

    def item_guid(self, statement):
        return statement.get_absolute_url()

    def item_pubdate(self, statement):
        return datetime.datetime.combine(statement.meeting.date, datetime.time(), tzinfo=datetime.UTC)

    def item_updateddate(self, statement):
        return self.item_pubdate(statement)

    def item_author_name(self, statement):
        return statement.person or statement.speaker.name

    def item_categories(self, statement):
        return [statement.item.title] if statement.item else []
