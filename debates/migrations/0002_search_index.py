"""
Hand-written: the full-text index, different on each database.

PostgreSQL gets a stored, generated ``search_vector`` column with a GIN index
on statements and decisions; SQLite gets external-content FTS5 tables kept in
sync by triggers. Each operation runs only on its own database, so the same
migrations serve both. The SQL lives in ``debates.search`` (``INDEXED``).
"""

from django.db import migrations

from debates import search


class VendorRunSQL(migrations.RunSQL):
    """RunSQL that only runs on one database vendor."""

    def __init__(self, vendor, sql, reverse_sql):
        self.vendor = vendor
        super().__init__(sql, reverse_sql)

    def deconstruct(self):
        name, args, kwargs = super().deconstruct()
        kwargs["vendor"] = self.vendor
        return name, args, kwargs

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    dependencies = [("debates", "0001_initial")]

    operations = [
        VendorRunSQL("postgresql", search.postgresql_forwards(), search.postgresql_backwards()),
        VendorRunSQL("sqlite", search.sqlite_forwards(), search.sqlite_backwards()),
    ]
