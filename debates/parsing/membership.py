"""
Parser for a list of Council membership terms (``council_membership.csv``).

One row per term: ``country_org,start_year,end_year,seat,note``, ``#``
comment lines before the rows. An elected member serves from 1 January of
its first year to 31 December of its last (Article 23 of the Charter: two
years). No database here.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

HEADER = ["country_org", "start_year", "end_year", "seat", "note"]


class MembershipError(ValueError):
    """Not a membership list, or a row that cannot be read."""


@dataclass(frozen=True)
class Term:
    label: str  # the member as the list names it
    start_year: int
    end_year: int
    seat: str  # permanent | elected
    note: str
    row: int


def looks_like_membership_list(text: str) -> bool:
    return text.lstrip("\ufeff").startswith(",".join(HEADER[:4]))


def parse_membership(text: str) -> list[Term]:
    """The terms of the list, in order; raise MembershipError naming the row of the first bad one."""
    lines = text.lstrip("\ufeff").splitlines()
    if not lines or lines[0].split(",")[:4] != HEADER[:4]:
        raise MembershipError(f"not a membership list: the header is not {','.join(HEADER)}")
    terms = []
    rows = csv.reader(io.StringIO("\n".join(lines[1:])))
    for number, row in enumerate(rows, start=2):
        if not row or row[0].lstrip().startswith("#"):
            continue
        if len(row) < 4:
            raise MembershipError(f"row {number}: {len(row)} fields where 5 are expected")
        label, start, end, seat = (field.strip() for field in row[:4])
        if seat not in ("permanent", "elected"):
            raise MembershipError(f"row {number}: seat {seat!r} is neither permanent nor elected")
        try:
            start_year, end_year = int(start), int(end)
        except ValueError as exc:
            raise MembershipError(f"row {number}: years {start!r}, {end!r} are not numbers") from exc
        if not 1945 <= start_year <= end_year <= 2100:
            raise MembershipError(f"row {number}: impossible term {start_year}-{end_year}")
        terms.append(Term(label, start_year, end_year, seat, row[4].strip() if len(row) > 4 else "", number))
    if not terms:
        raise MembershipError("the membership list has a header but no terms")
    return terms
