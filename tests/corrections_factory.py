"""Small factories for the correction workflow's tests: rows made in code, named after what they are."""

import datetime
import itertools

from django.contrib.auth.models import Group, User
from django.utils.text import slugify

from debates.models import Meeting, SourceDocument, Speaker, Statement
from debates.permissions import EDITORS

_keys = itertools.count(1)
PASSWORD = "correct horse battery staple"


def make_document(name: str = "repertoire_extract.txt", **fields) -> SourceDocument:
    fields.setdefault("kind", SourceDocument.Kind.REPERTOIRE)
    fields.setdefault("checksum", "0" * 64)
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
