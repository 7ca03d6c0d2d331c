"""
Old slugs: a table of the slugs rows once had, so that cited URLs answer 301 to the current page.

Seeded with the slugs the archive gave before two changes, which the rules below reproduce:
- Items were slugged from their title as first printed (``slugify(title)``, a long one cut and
  told apart by a digest of its normalised title); since migration 0006 they are slugged from
  their key, which folds a leading "the" and splits at punctuation:
  ``the-democratic-republic-of-the-congo`` became ``democratic-republic-of-the-congo``, and
  ``cote-divoire`` ``cote-d-ivoire``. Every title that folds to an item's key is that item, so the
  old slug of each form of its title (with and without a leading "The") leads to it.
- Symbol-less decisions of one kind at a meeting were one row, ``{meeting}-{kind}``
  (``57-draft_resolution``); since every vetoed draft is a decision of its own they are
  ``…-veto-1``, ``…-veto-2``. The old slug leads to the first of them, where no row has it now.
A slug a row has today is never an old one. Slugs made unique by ingest order (``…-2``) cannot
be told from the data and are not seeded.
"""

import hashlib

from django.db import migrations, models
from django.utils.text import slugify

from debates.names import normalise_name


def former_item_slug(title: str) -> str:
    """An item's slug before migration 0006, from its title (collisions aside)."""
    base = slugify(title) or "item"
    if len(base) > 100:
        digest = hashlib.sha1(normalise_name(title)[:255].encode()).hexdigest()[:8]
        base = f"{base[:90].rstrip('-')}-{digest}"
    return base


def title_forms(title: str) -> set[str]:
    """The forms of a title that fold to the same key: with and without a leading "The"."""
    bare = title[4:] if title[:4].casefold() == "the " else title
    return {title, bare, f"The {bare}"}


def seed(apps, schema_editor):
    Item = apps.get_model("debates", "Item")
    Decision = apps.get_model("debates", "Decision")
    OldSlug = apps.get_model("debates", "OldSlug")
    rows: dict[tuple[str, str], int] = {}

    live = set(Item.objects.values_list("slug", flat=True))
    # The classification's groups and items were slugged by a rule that has not changed.
    for pk, title in Item.objects.exclude(key__startswith="classification:").values_list("pk", "title"):
        for form in title_forms(title):
            slug = former_item_slug(form)
            if slug not in live:
                rows.setdefault(("item", slug), pk)

    live = set(Decision.objects.values_list("slug", flat=True))
    vetoed = Decision.objects.filter(symbol__isnull=True, meeting__isnull=False, entry__startswith="veto-")
    firsts: dict[str, tuple[int, int]] = {}
    for pk, meeting_slug, kind, entry in vetoed.values_list("pk", "meeting__slug", "kind", "entry"):
        slug = slugify(f"{meeting_slug}-{kind}".replace("/", " "))
        n = int(entry.removeprefix("veto-")) if entry.removeprefix("veto-").isdigit() else 0
        if slug not in live and (slug not in firsts or n < firsts[slug][0]):
            firsts[slug] = (n, pk)
    for slug, (_, pk) in firsts.items():
        rows[("decision", slug)] = pk

    OldSlug.objects.bulk_create(
        [OldSlug(model=model, slug=slug, object_id=pk) for (model, slug), pk in rows.items()],
        batch_size=1000,
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("debates", "0008_archive_state"),
    ]

    operations = [
        migrations.CreateModel(
            name="OldSlug",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "model",
                    models.CharField(
                        choices=[
                            ("item", "Item"),
                            ("decision", "Decision"),
                            ("speaker", "Speaker"),
                            ("meeting", "Meeting"),
                        ],
                        max_length=16,
                    ),
                ),
                (
                    "slug",
                    models.CharField(help_text="The former slug, as cited URLs carry it.", max_length=120),
                ),
                (
                    "object_id",
                    models.BigIntegerField(
                        help_text="Id of the row that had it (the row's current slug is its URL)."
                    ),
                ),
                (
                    "recorded",
                    models.DateTimeField(auto_now_add=True, help_text="When the slug was left behind."),
                ),
            ],
            options={
                "ordering": ["model", "slug"],
                "indexes": [models.Index(fields=["model", "object_id"], name="old_slug_object_idx")],
                "constraints": [models.UniqueConstraint(fields=("model", "slug"), name="old_slug_unique")],
            },
        ),
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]
