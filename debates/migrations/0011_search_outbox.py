"""
The search index's outbox (``debates.searchindex``): a row per statement changed, written by
triggers in the change's own transaction, and the token naming this database.
"""

import importlib

from django.db import migrations, models

from debates import searchindex

VendorRunSQL = importlib.import_module("debates.migrations.0002_search_index").VendorRunSQL


class Migration(migrations.Migration):
    dependencies = [
        ("debates", "0010_unscd_corpus"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchChange",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "statement_id",
                    models.BigIntegerField(help_text="The statement changed, added or deleted."),
                ),
            ],
        ),
        migrations.CreateModel(
            name="SearchOrigin",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("token", models.CharField(max_length=32)),
            ],
        ),
        migrations.RunPython(searchindex.create_origin, migrations.RunPython.noop),
        VendorRunSQL("postgresql", searchindex.postgresql_forwards(), searchindex.postgresql_backwards()),
        VendorRunSQL("sqlite", searchindex.sqlite_triggers(), searchindex.sqlite_backwards()),
    ]
