"""
Topics onto the item classification: ``Item`` rows for the classification's groups and items, and
for every topic string a source prints (``kind="topic"``), placed under the item it maps to.

Used by every loader that reads topics (the meeting tables; the Debates corpus's agenda items).
"""

from __future__ import annotations

import hashlib

from ..models import Discrepancy, Item, SourceDocument
from ..names import normalise_name
from ..reporting import Report
from ..taxonomy import GROUPS, Classification, classify, repair_topic


def _slug(text: str, key: str) -> str:
    """A slug from the words named, the same whichever document names them first
    (``Item.slug_for``); told apart by a digest of the key, never by a counter, where
    another item has it already."""
    slug = Item.slug_for(Item.key_for(text))
    if Item.objects.filter(slug=slug).exists():
        slug = f"{slug[:90].rstrip('-')}-{hashlib.sha1(key.encode()).hexdigest()[:8]}"
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
            else:
                # Titles that fold to one key ("… — UNDOF", "… - UNDOF"): the first in
                # alphabetical order is kept, whichever came first.
                changed = []
                if item.kind == "item" and item.number is None and item.parent_id is None:
                    # Loaded before topics were classified: the topic it is.
                    item.kind = "topic"
                    changed.append("kind")
                if item.kind == "topic" and item.parent_id != parent.pk:
                    item.parent = parent
                    changed.append("parent")
                if item.kind == "topic" and repair.title < item.title:
                    item.title = repair.title
                    changed.append("title")
                if changed:
                    item.save(update_fields=changed)
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
