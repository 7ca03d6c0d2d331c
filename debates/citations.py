"""
"Cite this": plain text and BibTeX for statements, meetings and decisions.

Each function takes the object and the absolute permalink (which needs the
request's host, so views pass it in) and costs no query beyond the related
rows the detail views already select.
"""

from __future__ import annotations

import re

from django.contrib.humanize.templatetags.humanize import ordinal

from .models import Decision, Meeting, Statement, human_date

COUNCIL = "United Nations Security Council"

# Characters with a meaning in BibTeX/LaTeX, escaped so a title cannot break the entry.
_BIBTEX_SPECIAL = re.compile(r"([&%$#_{}~^\\])")


def _bib(value: str) -> str:
    return _BIBTEX_SPECIAL.sub(lambda m: "\\" + m.group(1) if m.group(1) not in "~^\\" else " ", value)


def _bibtex(entry_type: str, key: str, fields: dict[str, str], raw: tuple[str, ...] = ()) -> str:
    """A BibTeX entry; the values of ``raw`` fields are already escaped and braced."""
    key = re.sub(r"[^A-Za-z0-9:-]+", "-", key).strip("-")
    lines = [f"@{entry_type}{{{key},"]
    for name, value in fields.items():
        if not value:
            continue
        if name in raw:
            rendered = f"{{{value}}}"
        elif name == "author":
            # Double braces keep a corporate author from being read as "Last, First".
            rendered = f"{{{{{_bib(value)}}}}}"
        else:
            rendered = f"{{{_bib(value)}}}"
        lines.append(f"  {name} = {rendered},")
    lines.append("}")
    return "\n".join(lines)


def _meeting_name(meeting: Meeting) -> str:
    if meeting.number:
        return f"{ordinal(meeting.number)} meeting"
    return "videoconference" + (f" ({meeting.letter})" if meeting.letter else "")


# Forms of address printed before a name ("Mr. Nebenzia"): not part of an author's name.
_HONORIFIC = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Mme|Mlle|Dr|Sir|Dame|Lord|Lady|H\.E)\.?\s+")


def _speaker_name(statement: Statement) -> str:
    """Who spoke, as a reference names them: "Mr. De Rivière (France)", "Mr. Dang (Viet Nam),
    President of the Security Council", "The Secretary-General"."""
    speaker = statement.speaker.name
    person = statement.person.strip()
    where = speaker
    if statement.on_behalf_of_id:
        where += f", on behalf of {statement.on_behalf_of.name}"
    # "The Secretary-General" already names the office that speaks.
    named = person and speaker.casefold() not in person.casefold()
    who = f"{person} ({where})" if named else person or where
    if statement.capacity == Statement.Capacity.PRESIDENT:
        who += ", President of the Security Council"
    return who


def _repertoire_note(statement: Statement) -> str:
    if statement.source != Statement.Source.REPERTOIRE:
        return ""
    footnote = f", footnote {statement.footnote}" if statement.footnote else ""
    return f"Summarised in the Repertoire of the Practice of the Security Council{footnote}"


def statement_text(statement: Statement, url: str) -> str:
    """ "Mr. De Rivière (France), statement at the 8699th meeting of the United Nations Security
    Council, S/PV.8699, p. 12, 9 January 2020. <url>": who, where, the record and page, when."""
    meeting = statement.meeting
    source = statement.citation or meeting.record
    note = _repertoire_note(statement)
    return (
        f"{_speaker_name(statement)}, statement at the {_meeting_name(meeting)} of the {COUNCIL}, "
        + (f"{source}, " if source else "")
        + f"{human_date(meeting.date)}."
        + (f" {note}." if note else "")
        + f" {url}"
    )


def _authors(statement: Statement) -> str:
    """The BibTeX author: the person who spoke (several joined by "and"), each kept whole."""
    people = [_HONORIFIC.sub("", part).strip() for part in statement.person.split("/")]
    people = [person for person in people if person]
    if not people:
        return f"{{{_bib(statement.speaker.name)}}}"
    # Braces keep "De Rivière" one surname rather than a first name and a last name.
    return " and ".join(f"{{{_bib(person)}}}" for person in people)


def statement_bibtex(statement: Statement, url: str) -> str:
    meeting = statement.meeting
    return _bibtex(
        "misc",
        f"unsc-statement-{statement.pk}",
        {
            "author": _authors(statement),
            "organization": statement.speaker.name,
            "title": f"Statement at the {_meeting_name(meeting)} of the {COUNCIL}",
            "howpublished": statement.citation or meeting.record,
            "date": meeting.date.isoformat(),
            "year": str(meeting.date.year),
            "note": _repertoire_note(statement),
            "url": url,
        },
        raw=("author",),
    )


def meeting_text(meeting: Meeting, url: str) -> str:
    topic = f" {meeting.title}." if meeting.title else ""
    record = f" {meeting.record}." if meeting.record else ""
    return f"{COUNCIL}, {_meeting_name(meeting)}, {human_date(meeting.date)}.{topic}{record} {url}"


def meeting_bibtex(meeting: Meeting, url: str) -> str:
    return _bibtex(
        "misc",
        f"unsc-meeting-{meeting.slug}",
        {
            "author": COUNCIL,
            "title": f"{_meeting_name(meeting).capitalize()}"
            + (f": {meeting.title}" if meeting.title else ""),
            "howpublished": meeting.record,
            "date": meeting.date.isoformat(),
            "year": str(meeting.date.year),
            "url": url,
        },
    )


def decision_text(decision: Decision, url: str) -> str:
    parts = [COUNCIL, decision.symbol or decision.get_kind_display()]
    if decision.title:
        parts.append(decision.title)
    if decision.date:
        parts.append(human_date(decision.date))
    return ", ".join(parts) + f". {url}"


def decision_bibtex(decision: Decision, url: str) -> str:
    return _bibtex(
        "misc",
        f"unsc-{decision.slug}",
        {
            "author": COUNCIL,
            "title": decision.title or str(decision),
            "number": decision.symbol or "",
            "howpublished": decision.get_kind_display(),
            "date": decision.date.isoformat() if decision.date else "",
            "year": str(decision.date.year) if decision.date else "",
            "url": url,
        },
    )
