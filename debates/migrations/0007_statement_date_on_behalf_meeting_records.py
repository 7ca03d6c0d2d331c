"""
Statements carry the day they were made and may speak for several speakers;
each record of a meeting has its own day and President.

* ``Statement.date``: backfilled from the meeting's date (a re-ingest of the
  verbatim records gives a resumption's statements the resumption's own day).
* ``Statement.capacity``: "invited" for States that are not Council members;
  "on_behalf" goes, since whom a statement speaks for is ``on_behalf_of``
  now: such statements become "national" (a State) or "briefer" (any other).
* ``Statement.on_behalf_of``: a many-to-many to Speaker (a group, an
  organization or several States). The one speaker each statement held is
  carried over, in the statements and in their history.
* ``Speaker.Kind.GROUP`` for groups of States; ``MeetingRecord``.
"""

import django.db.models.deletion
import simple_history.models
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def backfill_dates(apps, schema_editor):
    Meeting = apps.get_model("debates", "Meeting")
    for name in ("Statement", "HistoricalStatement"):
        model = apps.get_model("debates", name)
        model.objects.filter(date__isnull=True).update(
            date=Subquery(Meeting.objects.filter(pk=OuterRef("meeting_id")).values("date")[:1])
        )
    # A historical row whose meeting is gone keeps the day of its own record.
    HistoricalStatement = apps.get_model("debates", "HistoricalStatement")
    for row in HistoricalStatement.objects.filter(date__isnull=True).only("history_id", "history_date"):
        HistoricalStatement.objects.filter(history_id=row.history_id).update(date=row.history_date.date())


def capacities_forwards(apps, schema_editor):
    Speaker = apps.get_model("debates", "Speaker")
    states = Speaker.objects.filter(kind="state").values("pk")
    for name in ("Statement", "HistoricalStatement"):
        model = apps.get_model("debates", name)
        model.objects.filter(capacity="on_behalf", speaker_id__in=states).update(capacity="national")
        model.objects.filter(capacity="on_behalf").update(capacity="briefer")


def capacities_backwards(apps, schema_editor):
    for name in ("Statement", "HistoricalStatement"):
        model = apps.get_model("debates", name)
        model.objects.filter(capacity="invited").update(capacity="national")
        model.objects.filter(on_behalf_of_old__isnull=False).update(capacity="on_behalf")


def copy_on_behalf(apps, schema_editor):
    Statement = apps.get_model("debates", "Statement")
    HistoricalStatement = apps.get_model("debates", "HistoricalStatement")
    HistoricalBehalf = apps.get_model("debates", "HistoricalStatement_on_behalf_of")
    through = Statement.on_behalf_of.through
    rows = Statement.objects.filter(on_behalf_of_old__isnull=False).values_list("pk", "on_behalf_of_old_id")
    through.objects.bulk_create(
        [through(statement_id=pk, speaker_id=speaker) for pk, speaker in rows.iterator()], batch_size=1000
    )
    # The history keeps the relation's rows as they were: the same row ids where they still exist.
    ids = {
        (statement, speaker): pk
        for pk, statement, speaker in through.objects.values_list("pk", "statement_id", "speaker_id")
    }
    history = HistoricalStatement.objects.filter(on_behalf_of_old__isnull=False).values_list(
        "history_id", "id", "on_behalf_of_old_id"
    )
    HistoricalBehalf.objects.bulk_create(
        [
            HistoricalBehalf(id=ids.get((pk, speaker), 0), history_id=h, statement_id=pk, speaker_id=speaker)
            for h, pk, speaker in history.iterator()
        ],
        batch_size=1000,
    )


def copy_on_behalf_back(apps, schema_editor):
    Statement = apps.get_model("debates", "Statement")
    for statement_id, speaker_id in Statement.on_behalf_of.through.objects.values_list(
        "statement_id", "speaker_id"
    ):
        Statement.objects.filter(pk=statement_id).update(on_behalf_of_old_id=speaker_id)


class Migration(migrations.Migration):
    dependencies = [("debates", "0006_item_keys")]

    operations = [
        # The records of a meeting.
        migrations.CreateModel(
            name="MeetingRecord",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "symbol",
                    models.CharField(
                        help_text="S/PV.8699 (Resumption 1), S/2020/594.", max_length=64, unique=True
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("meeting", "The meeting's own record"),
                            ("resumption", "Resumption"),
                            ("part", "Part"),
                            ("letter", "Letter recording a videoconference"),
                        ],
                        max_length=16,
                    ),
                ),
                (
                    "sequence",
                    models.PositiveSmallIntegerField(
                        default=0,
                        help_text="Its place among the meeting's records: 0 for the first day, then 1, 2…",
                    ),
                ),
                ("date", models.DateField(help_text="The day of this record's sitting.")),
                ("time", models.CharField(blank=True, max_length=32)),
                (
                    "president_person",
                    models.CharField(blank=True, help_text="Who presided, as printed.", max_length=255),
                ),
                ("pages", models.PositiveSmallIntegerField(blank=True, null=True)),
                (
                    "meeting",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="meeting_records",
                        to="debates.meeting",
                    ),
                ),
                (
                    "president",
                    models.ForeignKey(
                        blank=True,
                        help_text="The member holding the presidency at this sitting.",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="presided_records",
                        to="debates.speaker",
                    ),
                ),
                (
                    "source_document",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="meeting_records",
                        to="debates.sourcedocument",
                    ),
                ),
            ],
            options={"ordering": ["meeting", "sequence"]},
        ),
        migrations.AddConstraint(
            model_name="meetingrecord",
            constraint=models.UniqueConstraint(
                fields=("meeting", "sequence"), name="meeting_record_sequence_unique"
            ),
        ),
        # The day each statement was made.
        migrations.AddField(model_name="statement", name="date", field=models.DateField(null=True)),
        migrations.AddField(model_name="historicalstatement", name="date", field=models.DateField(null=True)),
        migrations.RunPython(backfill_dates, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="statement",
            name="date",
            field=models.DateField(
                help_text="The day the statement was made: a resumption's statements carry the resumption's own day."
            ),
        ),
        migrations.AlterField(
            model_name="historicalstatement",
            name="date",
            field=models.DateField(
                help_text="The day the statement was made: a resumption's statements carry the resumption's own day."
            ),
        ),
        migrations.AddIndex(
            model_name="statement", index=models.Index(fields=["date"], name="statement_date_idx")
        ),
        # On behalf of: from one speaker to several, keeping what each statement held.
        migrations.AlterField(
            model_name="statement",
            name="on_behalf_of",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="debates.speaker",
            ),
        ),
        migrations.RenameField(model_name="statement", old_name="on_behalf_of", new_name="on_behalf_of_old"),
        migrations.RenameField(
            model_name="historicalstatement", old_name="on_behalf_of", new_name="on_behalf_of_old"
        ),
        migrations.AddField(
            model_name="statement",
            name="on_behalf_of",
            field=models.ManyToManyField(
                blank=True,
                help_text="Whom the speaker speaks for besides itself: a group (Nordic countries), an organization (European Union) or several States.",
                related_name="statements_on_behalf",
                to="debates.speaker",
            ),
        ),
        migrations.CreateModel(
            name="HistoricalStatement_on_behalf_of",
            fields=[
                (
                    "id",
                    models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID"),
                ),
                ("m2m_history_id", models.AutoField(primary_key=True, serialize=False)),
                (
                    "history",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        to="debates.historicalstatement",
                    ),
                ),
                (
                    "speaker",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="debates.speaker",
                    ),
                ),
                (
                    "statement",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="debates.statement",
                    ),
                ),
            ],
            options={"verbose_name": "HistoricalStatement_on_behalf_of"},
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        # Before the copy, so that going back copies first and the old capacity can be told.
        migrations.RunPython(capacities_forwards, capacities_backwards),
        migrations.RunPython(copy_on_behalf, copy_on_behalf_back),
        migrations.RemoveField(model_name="statement", name="on_behalf_of_old"),
        migrations.RemoveField(model_name="historicalstatement", name="on_behalf_of_old"),
        migrations.AlterField(
            model_name="statement",
            name="capacity",
            field=models.CharField(
                choices=[
                    ("president", "As President"),
                    ("national", "National"),
                    ("invited", "Invited State"),
                    ("briefer", "Briefer"),
                ],
                default="national",
                max_length=16,
            ),
        ),
        migrations.AlterField(
            model_name="historicalstatement",
            name="capacity",
            field=models.CharField(
                choices=[
                    ("president", "As President"),
                    ("national", "National"),
                    ("invited", "Invited State"),
                    ("briefer", "Briefer"),
                ],
                default="national",
                max_length=16,
            ),
        ),
        # Groups of States.
        migrations.AlterField(
            model_name="speaker",
            name="kind",
            field=models.CharField(
                choices=[
                    ("state", "State"),
                    ("organization", "Organization"),
                    ("un", "UN office"),
                    ("group", "Group of States"),
                    ("other", "Other"),
                ],
                max_length=16,
            ),
        ),
        migrations.AlterField(
            model_name="historicalspeaker",
            name="kind",
            field=models.CharField(
                choices=[
                    ("state", "State"),
                    ("organization", "Organization"),
                    ("un", "UN office"),
                    ("group", "Group of States"),
                    ("other", "Other"),
                ],
                max_length=16,
            ),
        ),
    ]
