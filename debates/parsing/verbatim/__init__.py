"""
Verbatim records of the Security Council (S/PV.NNNN): the speeches of a meeting.

A record is a PDF (``debates.parsing.pdf`` gives its lines in reading order).
Its cover page names the meeting, its date and place, the President and the
members' representatives, and the agenda (``cover``). The body is a sequence
of speeches, each opening on a heading that names the speaker (``headings``):
``The President:``, ``Mr. Dang (Viet Nam):``, ``Mr. Baati (Tunisia) (spoke in
Arabic):``, ``The PRESIDENT (interpretation from French):``, or ``Mr.
Griffiths:`` for someone the President invited ("I invite Mr. Martin
Griffiths, Special Envoy of the Secretary-General for Yemen, to participate…").
Between the speeches come stage directions (the meeting's opening and close,
a vote by show of hands with its lists, a change of language within a
speech) and the titles of the agenda items (``body``).

The forms the UN's PDFs take across the Council's history (``FORMS``):

* ``born-digital``: today's two-column records, names in bold, stage
  directions in italics;
* ``typescript``: the one-column provisional records of the 1970s to 1990s,
  surnames in capitals, "(interpretation from French)", no bold;
* ``scan``: records before the mid-1990s are scans with an OCR text layer and
  no font information at all (the printed Official Records number their
  paragraphs: "12. Mr. ROSALES (El Salvador):"); headings come from the text;
* ``letter``: the videoconferences of 2020-2021 had no record; their
  statements were circulated as a letter from the President (S/2020/594) with
  one annex per speaker (``letters``).

Everything here is plain Python: ``parse_record`` returns dataclasses, and the
loader (``debates.loaders.verbatim``) maps them onto the models.
"""

from __future__ import annotations

import re

from ..pdf import Line, PdfError, extract_lines
from .body import Body, Layout
from .cover import parse_cover
from .phrases import find_invitations
from .records import (
    AgendaItem,
    Invitation,
    Member,
    RecordSymbol,
    Speech,
    UnreadLine,
    VerbatimError,
    VerbatimRecord,
    VoteResult,
    parse_symbol,
)

__all__ = [
    "FORMS",
    "AgendaItem",
    "Invitation",
    "Member",
    "RecordSymbol",
    "Speech",
    "UnreadLine",
    "VerbatimError",
    "VerbatimRecord",
    "VoteResult",
    "find_invitations",
    "parse_lines",
    "parse_record",
    "parse_symbol",
]

# How a record was read: by typeface and text (born-digital), by text alone (a typescript
# or a scan), or as a letter with annexes.
FORMS = ("born-digital", "text-only", "letter")

# "…the statement, which will be issued as a document of the Security Council
# under the symbol S/PRST/2020/1."
PRST = re.compile(r"under\s+the\s+symbol\s+(S/PRST/\d{4}/\d+)")


def parse_record(data: bytes, name: str) -> VerbatimRecord:
    """Parse the PDF of a verbatim record (or of a letter recording a videoconference).

    Raises ``VerbatimError`` (one line, naming ``name``) for a PDF that cannot
    be read or is not a record.
    """
    try:
        pages = extract_lines(data, name)
    except PdfError as exc:
        raise VerbatimError(str(exc)) from None
    return parse_lines(pages, name)


def parse_lines(pages: list[list[Line]], name: str) -> VerbatimRecord:
    """Parse a record from its pages' lines (see ``debates.parsing.pdf.extract_lines``)."""
    if not pages or not pages[0]:
        raise VerbatimError(f"{name}: not a verbatim record (empty first page)")
    from . import letters

    if letters.is_letter(pages[0]):
        return letters.parse_letter(pages, name)
    cover = parse_cover(pages[0], name)
    layout = layout_of(pages)
    body = Body(cover, name, layout)
    if cover.body_start is not None:
        body.feed_page(pages[0], 1, skip=cover.body_start)
    for number, page in enumerate(pages[1:], start=2):
        body.feed_page(page, number)
    body.finish()
    if not body.speeches:
        raise VerbatimError(f"{name}: no speech found in {cover.symbol.symbol}")
    invitations = find_invitations(s.text for s in body.speeches if s.capacity == "president")
    for speech in body.speeches:
        if speech.country is None and not speech.secretary_general:
            for invitation in invitations:
                if invitation.matches(speech.person):
                    speech.role = invitation.role
                    break
    titles = {" ".join(item.title.split()).casefold(): item.title for item in cover.agenda}
    for speech in body.speeches:
        speech.item = titles.get(" ".join(speech.section.split()).casefold(), "")
        if not speech.item and speech.section:
            # The typescripts print the item's title in capitals.
            speech.item = titles.get(" ".join(speech.section.split()).casefold().rstrip("."), "")
        # A resumption takes up the meeting's item without a heading.
        if not speech.section and len(titles) == 1:
            speech.item = cover.agenda[0].title
    return VerbatimRecord(
        symbol=cover.symbol.symbol,
        meeting_number=cover.symbol.meeting,
        resumption=cover.symbol.sequence,
        kind=cover.symbol.kind,
        form="born-digital" if layout.fonts else "text-only",
        date=cover.date,
        time=cover.time,
        place=cover.place,
        president_person=cover.president_person,
        president_country=cover.president_country,
        members=cover.members,
        agenda=cover.agenda,
        documents=_documents(cover.agenda, body.speeches),
        invitations=invitations,
        speeches=body.speeches,
        votes=body.votes,
        presidential_statements=list(
            dict.fromkeys(
                symbol
                for speech in body.speeches
                if speech.capacity == "president"
                for symbol in PRST.findall(" ".join(speech.text.split()))
            )
        ),
        page_count=len(pages),
        unread=body.unread,
    )


def layout_of(pages: list[list[Line]]) -> Layout:
    """How the file sets its text: bold names (born-digital), plain fonts, or none at all (a scan)."""
    body = [line for page in pages[1:] for line in page if not line.margin]
    fonts = any(line.bold for line in body)
    scan = not any(line.bold or line.italic for page in pages for line in page)
    return Layout(fonts=fonts, scan=scan, states=states_in)


def states_in(text: str) -> list[str]:
    """The States the gazetteer finds named in ``text``, as printed."""
    from ...gazetteer import Gazetteer

    return [match.text for match in Gazetteer.default().find(text) if match.entry.kind == "state"]


def is_state(name: str) -> bool:
    """Whether the gazetteer knows ``name`` as a State, or a variant ("Saint Vincent and Grenadines")."""
    from ...gazetteer import Gazetteer

    entry = Gazetteer.default().lookup(name)
    return entry is not None and entry.kind == "state"


def _documents(agenda: list[AgendaItem], speeches: list[Speech]) -> list[str]:
    """Documents before the Council: those on the agenda and those the President
    draws attention to ("Members of the Council have before them document …")."""
    from .cover import DOCUMENT

    found = [symbol for item in agenda for symbol in item.documents]
    for speech in speeches:
        if speech.capacity != "president":
            continue
        for sentence in re.split(r"(?<=\.) ", " ".join(speech.text.split())):
            if re.search(
                r"have before them|draw the attention|contained in document|contains the text", sentence
            ):
                found.extend(DOCUMENT.findall(sentence))
    return list(dict.fromkeys(found))
