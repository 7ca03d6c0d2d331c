"""
Items named by a title (topics as printed, the Repertoire's items) are keyed on it folded further
(punctuation too), and slugged from that key alone, so that neither depends on the order documents
were ingested in.

Items whose new keys coincide ("… Middle East — UNDOF", "… Middle East - UNDOF") become one:
the oldest row stays, the others' meetings, statements and sub-items move to it. Slugs are
recomputed from the keys; the title kept is the first in alphabetical order.
"""

from django.db import migrations, models


def rekey_items(apps, schema_editor):
    from debates.models import Item as CurrentItem

    Item = apps.get_model("debates", "Item")
    Statement = apps.get_model("debates", "Statement")
    Meeting = apps.get_model("debates", "Meeting")
    groups: dict[str, list] = {}
    # Items keyed on their title; the classification's own items and groups have keys of their own.
    for item in Item.objects.exclude(key__startswith="classification:").order_by("pk"):
        groups.setdefault(CurrentItem.key_for(item.title), []).append(item)
    links = Meeting.items.through
    for key, items in groups.items():
        kept, others = items[0], items[1:]
        for other in others:
            Statement.objects.filter(item=other).update(item=kept)
            Item.objects.filter(parent=other).update(parent=kept)
            for meeting_id in links.objects.filter(item_id=other.pk).values_list("meeting_id", flat=True):
                links.objects.get_or_create(meeting_id=meeting_id, item_id=kept.pk)
            links.objects.filter(item_id=other.pk).delete()
            for field in ("number", "letter"):
                if getattr(kept, field) in (None, "") and getattr(other, field) not in (None, ""):
                    setattr(kept, field, getattr(other, field))
            other.delete()
        kept.title = min(item.title for item in items)
        kept.key = f"\x00{kept.pk}"  # out of the way of the new keys until all are set
        kept.slug = f"rekeying-{kept.pk}"
        kept.save()
        kept.key, kept.slug = key, CurrentItem.slug_for(key)
    for key, items in groups.items():
        kept = items[0]
        Item.objects.filter(pk=kept.pk).update(key=key, slug=CurrentItem.slug_for(key), title=kept.title)


class Migration(migrations.Migration):
    dependencies = [("debates", "0005_permanent_records")]

    operations = [
        migrations.AlterField(
            model_name="item",
            name="key",
            field=models.CharField(
                help_text="Natural key: the title folded (case, accents, punctuation, a leading 'the'), "
                "so every source finds the same item.",
                max_length=255,
                unique=True,
            ),
        ),
        migrations.RunPython(rekey_items, migrations.RunPython.noop),
    ]
