"""
"Cite this": plain text and BibTeX for statements, meetings and decisions.

Each function takes the object and the absolute permalink (which needs the
request's host, so views pass it in) and costs no query beyond the related
rows the detail views already select.
"""

from __future__ import annotations

import re

from django.contrib.humanize.templatetags.humanize import ordinal

from .models import Decision, Meeting, Statement

COUNCIL = "United Nations Security Council"

# Characters with a meaning in BibTeX/LaTeX, escaped so a title cannot break the entry.
_BIBTEX_SPECIAL = re.compile(r"([&%$#_{}~^\\])")


def _bib(value: str) -> str:
    return _BIBTEX_SPECIAL.sub(lambda m: "\\" + m.group(1) if m.group(1) not in "~^\\" else " ", value)


def _bibtex(entry_type: str, key: str, fields: dict[str, str]) -> str:
    key = re.sub(r"[^A-Za-z0-9:-]+", "-", key).strip("-")
    lines = [f"@{entry_type}{{{key},"]
    for name, value in fields.items():
        if value:
            # Double braces keep a corporate author from being read as "Last, First".
            rendered = f"{{{{{_bib(value)}}}}}" if name == "author" else f"{{{_bib(value)}}}"
            lines.append(f"  {name} = {rendered},")
    lines.append("}")
    return "\n".join(lines)


def _meeting_name(meeting: Meeting) -> str:
    if meeting.number:
        return f"{ordinal(meeting.number)} meeting"
    return "videoconference" + (f" ({meeting.letter})" if meeting.letter else "")


def statement_text(statement: Statement, url: str) -> str:
    meeting = statement.meeting
    who = statement.label + (f" ({statement.person})" if statement.person else "")
    source = statement.citation or meeting.record
    if statement.source == Statement.Source.REPERTOIRE:
        footnote = f", footnote {statement.footnote}" if statement.footnote else ""
        source += f"; summarised in the Repertoire of the Practice of the Security Council{footnote}"
    return (
        f"{who}, statement at the {_meeting_name(meeting)} of the {COUNCIL}, "
        f"{meeting.date:%-d %B %Y}. {source}. {url}"
    )


def statement_bibtex(statement: Statement, url: str) -> str:
    meeting = statement.meeting
    note = ""
    if statement.source == Statement.Source.REPERTOIRE:
        note = "Summarised in the Repertoire of the Practice of the Security Council"
        if statement.footnote:
            note += f", footnote {statement.footnote}"
    return _bibtex(
        "misc",
        f"unsc-statement-{statement.pk}",
        {
            "author": statement.speaker.name,
            "title": f"Statement at the {_meeting_name(meeting)} of the {COUNCIL}",
            "howpublished": statement.citation or meeting.record,
            "date": meeting.date.isoformat(),
            "year": str(meeting.date.year),
            "note": note,
            "url": url,
        },
    )


def meeting_text(meeting: Meeting, url: str) -> str:
    topic = f" {meeting.title}." if meeting.title else ""
    record = f" {meeting.record}." if meeting.record else ""
    return f"{COUNCIL}, {_meeting_name(meeting)}, {meeting.date:%-d %B %Y}.{topic}{record} {url}"


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
        parts.append(f"{decision.date:%-d %B %Y}")
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
