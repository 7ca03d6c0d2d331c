"""
The lists of the archive, each described once.

A ``Listing`` says what a list is made of: its model, its FilterSet, its
export columns and how its rows are ordered. Its page, its CSV/JSON download,
its API endpoint, its feed and the OpenAPI document all read the same
description, so that the same parameters select the same rows everywhere and
a new list is one more entry in ``LISTINGS``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.db import models

from .exports import COLUMNS, EXPORTS, Column
from .filters import DecisionFilter, ItemFilter, MeetingFilter, SpeakerFilter, StatementFilter, VoteFilter
from .models import Decision, Item, Meeting, Speaker, Statement, Vote

MAX_PAGE_SIZE = 100
# Far past the last page of any list, and far below what an OFFSET can hold.
MAX_PAGE = 10_000_000


class PageForm(forms.Form):
    """The paging parameters every list takes. A malformed or out-of-range value is a 400 with
    a message, like a malformed filter: never a silent default, never an error from the database."""

    page = forms.IntegerField(min_value=1, max_value=MAX_PAGE, required=False)
    page_size = forms.IntegerField(min_value=1, max_value=MAX_PAGE_SIZE, required=False)


def _values(data, key: str) -> list:
    return data.getlist(key) if hasattr(data, "getlist") else [data[key]]


@dataclass(frozen=True)
class Listing:
    """One list of the site: how its parameters select and order rows.

    ``ordering`` is the default order; ``orderings`` the order for each value of ``sort``;
    ``ranked`` the order by relevance of a list that can be searched (``q``), and
    ``newest`` the order it falls back on when there are too many matches to rank.
    """

    name: str
    model: type[models.Model]
    filterset: type
    page: str = ""  # URL name of the list's page, if it has one
    title: str = ""  # what one row is, in the plural: "statements"
    ordering: tuple[str, ...] = ()
    orderings: dict[str, tuple[str, ...]] = field(default_factory=dict)
    ranked: tuple[str, ...] = ()
    newest: tuple[str, ...] = ()
    where: dict[str, Any] = field(default_factory=dict)  # the rows the list is made of

    @property
    def searchable(self) -> bool:
        return bool(self.ranked)

    @property
    def rows(self):
        """The export's row function: ``rows(queryset, base_url="")``."""
        return EXPORTS[self.name][1]

    @property
    def fields(self) -> list[str]:
        return EXPORTS[self.name][2]

    @property
    def columns(self) -> list[Column]:
        return COLUMNS[self.name]

    def base(self):
        return self.model._default_manager.filter(**self.where)

    def filter(self, data):
        """``(filterset, queryset)``; the queryset is empty when a parameter is invalid.

        Paging is validated with the filters (``PageForm``): ``filterset.is_valid()`` is false
        if either is wrong, ``filterset.parameter_errors`` says which and why, and
        ``filterset.paging`` holds the valid page and page size.
        """
        # No database stores a NUL character (PostgreSQL refuses it, even to compare): a
        # parameter holding one is refused before any filter reads it.
        nul = [key for key in data if any("\x00" in str(v) for v in _values(data, key))]
        if nul:
            data = data.copy()
            for key in nul:
                data.pop(key)
        filterset = self.filterset(data, queryset=self.base())
        paging = PageForm(data)
        valid = filterset.is_valid()
        filterset.parameter_errors = {k: list(v) for k, v in filterset.form.errors.items()}
        filterset.paging = paging.cleaned_data if paging.is_valid() else {}
        errors = {k: list(v) for k, v in paging.errors.items()}
        errors.update({key: ["Null characters are not allowed."] for key in nul})
        if errors:
            filterset.parameter_errors.update(errors)
            # Shown with the form's own errors on the HTML pages.
            for name, messages in errors.items():
                filterset.form.add_error(None, [f"{name}: {message}" for message in messages])
            valid = False
        if not valid:
            return filterset, self.base().none()
        return filterset, self.order(filterset.qs, filterset.form.cleaned_data)

    @staticmethod
    def sort_value(cleaned: dict[str, Any]) -> str:
        sort = cleaned.get("sort") or ""
        # An OrderingFilter cleans to a list of fields.
        return (sort[0] if sort else "") if isinstance(sort, list | tuple) else sort

    def ranks(self, cleaned: dict[str, Any]) -> bool:
        return self.searchable and bool(cleaned.get("q")) and self.sort_value(cleaned) in ("", "relevance")

    def newest_first(self, qs):
        return qs.order_by(*self.newest)

    def order(self, qs, cleaned: dict[str, Any]):
        if self.ranks(cleaned):
            return qs.order_by(*self.ranked)
        sort = self.sort_value(cleaned)
        if sort in self.orderings:
            return qs.order_by(*self.orderings[sort])
        return qs.order_by(*self.ordering) if self.ordering else qs


_STATEMENTS_BY_DATE = ("meeting__date", "meeting__number", "position")
_STATEMENTS_NEWEST = ("-meeting__date", "-meeting__number", "position")
_DECISIONS_NEWEST = ("-date", "-number", "pk")

LISTINGS: dict[str, Listing] = {
    listing.name: listing
    for listing in (
        Listing(
            "statements",
            Statement,
            StatementFilter,
            page="debates:statement-list",
            title="statements",
            ordering=_STATEMENTS_BY_DATE,
            orderings={"date": _STATEMENTS_BY_DATE, "-date": _STATEMENTS_NEWEST},
            ranked=("-rank", "-meeting__date", "position"),
            newest=_STATEMENTS_NEWEST,
        ),
        Listing(
            "meetings",
            Meeting,
            MeetingFilter,
            page="debates:meeting-list",
            title="meetings",
            ordering=("-date", "-number"),
            orderings={"date": ("date", "number"), "-date": ("-date", "-number")},
            newest=("-date", "-number"),
        ),
        Listing(
            "decisions",
            Decision,
            DecisionFilter,
            page="debates:decision-list",
            title="decisions",
            ordering=_DECISIONS_NEWEST,
            orderings={"date": ("date", "number", "pk"), "-date": _DECISIONS_NEWEST},
            ranked=("-rank", "-date", "pk"),
            newest=_DECISIONS_NEWEST,
        ),
        Listing(
            "speakers",
            Speaker,
            SpeakerFilter,
            page="debates:speaker-list",
            title="speakers",
            ordering=("kind", "name"),
        ),
        Listing(
            "items",
            Item,
            ItemFilter,
            page="debates:item-list",
            title="items",
            # The classification's items (topics as printed are on their pages).
            where={"kind": "item"},
            ordering=("parent__position", "parent__title", "number", "letter", "title"),
        ),
        Listing(
            "votes",
            Vote,
            VoteFilter,
            title="votes",
            ordering=("-decision__date", "decision__pk", "speaker__name"),
        ),
    )
}
