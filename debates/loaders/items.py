"""
Topics onto the item classification: ``Item`` rows for the classification's groups and items, and
for every topic string a source prints (``kind="topic"``), placed under the item it maps to.

Used by every loader that reads topics (the meeting tables; the Debates corpus's agenda items).
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from django.utils.text import slugify

from ..models import Discrepancy, Item, SourceDocument
from ..names import normalise_name
from ..taxonomy import GROUPS, Classification, classify, repair_topic

if TYPE_CHECKING:
    from ..ingest import Report


def _slug(text: str, key: str) -> str:
    base = slugify(text) or "item"
    if len(base) > 100:
        base = f"{base[:90].rstrip('-')}-{hashlib.sha1(key.encode()).hexdigest()[:8]}"
    slug, n = base, 2
    while Item.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def classification_item(classification: Classification) -> Item:
    """The classification's item (and its group), created on first use."""
    group_key = f"classification:{normalise_name(classification.group)}"
    group = Item.objects.filter(key=group_key).first()
    if group is None:
        group = Item.objects.create(
            title=classification.group,
            key=group_key,
            slug=_slug(classification.group, group_key),
            kind="group",
            position=GROUPS.index(classification.group) + 1 if classification.group in GROUPS else 99,
        )
    key = f"{group_key}:{normalise_name(classification.item)}"[:255]
    item = Item.objects.filter(key=key).first()
    if item is None:
        item = Item.objects.create(
            title=classification.item,
            key=key,
            slug=_slug(f"{classification.group} {classification.item}", key),
            kind="item",
            parent=group,
        )
    return item


def topic_items(titles: list[str], document: SourceDocument, report: Report) -> dict[str, list[Item]]:
    """Each printed topic → the topic Items it stands for (two where titles ran together).

    A topic is repaired by rule (misspellings, titles run together) and each
    repair recorded as a discrepancy; the printed string stays on the meeting.
    """
    result: dict[str, list[Item]] = {}
    cache: dict[Classification, Item] = {}
    for raw in dict.fromkeys(titles):
        items = []
        for repair in repair_topic(raw):
            key = Item.key_for(repair.title)
            item = Item.objects.filter(key=key).first()
            classification = classify(repair.title)
            parent = cache.get(classification) or classification_item(classification)
            cache[classification] = parent
            if item is None:
                item = Item.objects.create(
                    title=repair.title, key=key, slug=_slug(repair.title, key), kind="topic", parent=parent
                )
            elif item.kind == "topic" and item.parent_id != parent.pk:
                item.parent = parent
                item.save(update_fields=["parent"])
            if repair.reasons:
                Discrepancy.objects.update_or_create(
                    model="item",
                    object_key=key[:128],
                    field="title",
                    other_value=raw[:500],
                    defaults={
                        "kept_value": repair.title[:500],
                        "kind": Discrepancy.Kind.TITLE,
                        "kept_source": document,
                        "other_source": document,
                        "reason": "; ".join(repair.reasons)[:255],
                    },
                )
                report.add("topics repaired")
            items.append(item)
        result[raw] = items
    return result
