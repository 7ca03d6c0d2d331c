"""
What the search index must apply: the change log, and the token naming this database.
"""

from __future__ import annotations

from django.db import models


class SearchChange(models.Model):
    """One statement whose indexed fields changed: the search index's outbox.

    Written by database triggers (migration 0011) in the same transaction as the change itself,
    whatever made it (an ingest, a correction, a merge, a retirement, the admin, a bulk update),
    so that no committed change can be missed. ``manage.py searchindex`` applies the rows in id
    order; the index records the last id it applied, and a list is served from the index only
    while that is this table's last id. On PostgreSQL the triggers take an exclusive lock on
    this table, so ids are given in commit order (a later id never becomes visible before an
    earlier one); SQLite has a single writer anyway.
    """

    statement_id = models.BigIntegerField(help_text="The statement changed, added or deleted.")

    def __str__(self) -> str:
        return f"change {self.pk}: statement {self.statement_id}"


class SearchOrigin(models.Model):
    """One row: a random token naming this database, written by migration 0011. The search index
    records the token of the database it was built from, so that an index is never read for
    another database (a test database, a restored copy) whose change log happens to be as long."""

    token = models.CharField(max_length=32)

    def __str__(self) -> str:
        return self.token
