"""Small factories for the correction workflow's tests: rows made in code, named after what they are."""

import datetime
import hashlib
import itertools

from django.contrib.auth.models import Group, User
from django.urls import reverse
from django.utils.text import slugify

from debates.models import Meeting, SourceDocument, Speaker, Statement
from debates.permissions import EDITORS

_keys = itertools.count(1)
PASSWORD = "correct horse battery staple"


def make_document(name: str = "repertoire_extract.txt", **fields) -> SourceDocument:
    """A source document; one named like a file of the shipped corpus is that file's version."""
    fields.setdefault("kind", SourceDocument.Kind.REPERTOIRE)
    if "checksum" not in fields:
        path = SourceDocument(name=name).find_file()
        fields["checksum"] = hashlib.sha256(path.read_bytes()).hexdigest() if path else "0" * 64
    document, _ = SourceDocument.objects.get_or_create(name=name, defaults=fields)
    return document


def make_speaker(name: str, **fields) -> Speaker:
    fields.setdefault("kind", Speaker.Kind.STATE)
    return Speaker.objects.create(name=name, slug=slugify(name), **fields)


def make_meeting(number: int = 5007, **fields) -> Meeting:
    fields.setdefault("date", datetime.date(2004, 7, 20))
    fields.setdefault("record", f"S/PV.{number}")
    meeting, _ = Meeting.objects.get_or_create(number=number, defaults={"slug": str(number), **fields})
    return meeting


def statement_values(speaker: Speaker, **fields) -> dict:
    """The fields of a parsed statement, as a loader would give them."""
    meeting = fields.pop("meeting", None) or make_meeting()
    values = {
        "meeting": meeting,
        "speaker": speaker,
        "label": speaker.name,
        "text": f"The representative of {speaker.name} welcomed the cooperation of regional organizations.",
        "record": meeting.record,
        "pages": "10",
        "page_start": 10,
        "page_end": 10,
        "source": Statement.Source.REPERTOIRE,
    }
    values.update(fields)
    return values


def make_statement(speaker: Speaker, *, document: SourceDocument | None = None, **fields) -> Statement:
    return Statement.objects.create(
        source_document=document or make_document(),
        source_key=fields.pop("source_key", f"item49/5007/{next(_keys)}"),
        **statement_values(speaker, **fields),
    )


def make_user(username: str, *, staff: bool = True, superuser: bool = False, editor: bool = False) -> User:
    if superuser:
        return User.objects.create_superuser(username, f"{username}@example.org", PASSWORD)
    user = User.objects.create_user(username, f"{username}@example.org", PASSWORD, is_staff=staff)
    if editor:
        user.groups.add(Group.objects.get(name=EDITORS))
    return user


def change_url(statement: Statement) -> str:
    return reverse("admin:debates_statement_change", args=[statement.pk])


def form_data(statement: Statement, **changes) -> dict:
    """What the admin's change form posts back for ``statement``, with ``changes`` applied."""
    data = {
        "meeting": statement.meeting_id,
        "item": statement.item_id or "",
        "speaker": statement.speaker_id,
        "person": statement.person,
        "capacity": statement.capacity,
        "on_behalf_of": statement.on_behalf_of_id or "",
        "language": statement.language,
        "text": statement.text,
        "record": statement.record,
        "pages": statement.pages,
        "page_start": statement.page_start or "",
        "page_end": statement.page_end or "",
        "status": statement.status,
        "change_reason": "",
    }
    data.update(changes)
    return data
