"""Template helpers: links to official documents and the statements-per-year chart."""

from __future__ import annotations

import re
from html import escape as escape_html
from urllib.parse import quote

from django import forms, template
from django.conf import settings
from django.core.cache import cache
from django.utils.dateformat import format as date_format
from django.utils.html import conditional_escape, escape, format_html, format_html_join
from django.utils.safestring import mark_safe

from debates.caching import RELEASE, archive_version, per_version

register = template.Library()


@register.filter
def undocs(symbol: str) -> str:
    """The UN's document resolver: ``S/PV.5007 (Resumption 1)`` -> https://undocs.org/S/PV.5007(Resumption1)."""
    return "https://undocs.org/" + quote(symbol.replace(" ", ""), safe="/().")


@register.simple_tag
def year_chart(per_year: list[dict], label: str):
    """A bar chart of ``[{"year": 2004, "n": 3}, …]`` as inline SVG, gaps shown as empty years.

    Server-rendered so that it needs no JavaScript; the same figures are
    given as a table beside it for screen readers and copying.
    """
    if not per_year:
        return ""
    counts = {row["year"]: row["n"] for row in per_year}
    years = list(range(min(counts), max(counts) + 1))
    top = max(counts.values())
    bar, gap, height, axis, pad = 14, 4, 120, 18, 16
    width = len(years) * (bar + gap) + gap + 2 * pad
    bars = []
    for index, year in enumerate(years):
        n = counts.get(year, 0)
        h = round(height * n / top) if top else 0
        x = pad + gap + index * (bar + gap)
        bars.append((x, height - h, bar, h, year, n, "statement" if n == 1 else "statements"))
    rects = format_html_join(
        "",
        '<rect x="{}" y="{}" width="{}" height="{}"><title>{}: {} {}</title></rect>',
        bars,
    )
    ticks = format_html_join(
        "",
        '<text x="{}" y="{}" text-anchor="middle">{}</text>',
        (
            (pad + gap + i * (bar + gap) + bar / 2, height + 14, year)
            for i, year in enumerate(years)
            # Every fifth year, and the first and last unless a label is that close.
            if year % 5 == 0 or (i == 0 and year % 5 < 3) or (i == len(years) - 1 and year % 5 > 2)
        ),
    )
    return format_html(
        '<svg class="chart" role="img" aria-label="{}" viewBox="0 0 {} {}" width="{}" height="{}" '
        'preserveAspectRatio="xMinYMin meet">{}{}</svg>',
        label,
        width,
        height + axis,
        width,
        height + axis,
        rects,
        ticks,
    )


@register.simple_tag
def filter_widget(bound_field):
    """A filter's input; a ``<select>`` is rendered in Python.

    Django renders each ``<option>`` through the template engine, which costs
    tens of milliseconds for the few hundred countries and speakers of the
    filters; the markup here is the same.
    """
    field = bound_field.field
    if getattr(field.widget, "searchable", False):
        return searchable_widget(bound_field)
    if not isinstance(field.widget, forms.Select) or isinstance(field.widget, forms.NullBooleanSelect):
        return bound_field.as_widget()
    multiple = field.widget.allow_multiple_selected
    value = bound_field.value()
    values = (value or []) if multiple else ([] if value in (None, "") else [value])
    # The options (hundreds of countries and speakers, read from the database) change only with
    # the archive: built once per version of it, in Django's cache; only the selection is per request.
    use_cache = getattr(settings, "REPERTOIRE_FRAGMENT_CACHE", True)
    options = key = None
    if use_cache:
        key = f"options:{RELEASE}:{archive_version()[0]}:{type(bound_field.form).__name__}:{bound_field.name}"
        options = cache.get(key)
    if options is None:
        # Plain string building: format_html per option is measurably slower here.
        options = "".join(f'<option value="{escape(v)}">{escape(text)}</option>' for v, text in field.choices)
        if use_cache:
            cache.set(key, options)
    for value in {str(v) for v in values}:
        option = f'<option value="{escape(value)}">'
        options = options.replace(option, option[:-1] + " selected>", 1)
    options = mark_safe(options)  # noqa: S308 - every value and label is escaped
    described = f"{bound_field.name}-errors" if bound_field.errors else ""
    return format_html(
        '<select name="{}" id="{}"{}{}>{}</select>',
        bound_field.html_name,
        bound_field.id_for_label,
        " multiple size=6" if multiple else "",
        format_html(' aria-describedby="{}"', described) if described else "",
        options,
    )


# A datalist beyond this size costs more to send than it helps: the server still resolves any
# name or part of a name typed in the box.
DATALIST_LIMIT = 2000


def searchable_widget(bound_field):
    """A multiple choice as a searchable list that needs no JavaScript: each chosen value as a
    checked checkbox (untick to remove), and a text box whose ``<datalist>`` suggests names as
    one types (type a name, a code or a part of a name; the filter resolves it)."""
    field = bound_field.field
    name = bound_field.html_name

    def read():
        if hasattr(field, "queryset"):
            found = [
                (slug, label) for slug, label in field.queryset.order_by("name").values_list("slug", "name")
            ]
            hinted = {}
        else:
            found = [(str(code), str(label)) for code, label in field.choices]
            hinted = {label: code for code, label in found}
        listed = "".join(
            f'<option value="{escape(label)}">{escape(hinted.get(label, ""))}</option>'
            for _, label in found[:DATALIST_LIMIT]
        )
        return found, listed

    # The names (hundreds of speakers) change only with the archive: read and escaped once per
    # version of it (``per_version``), not on every page.
    options, datalist = per_version(f"searchable:{type(bound_field.form).__name__}:{bound_field.name}", read)
    labels = dict(options)
    by_name = {label.casefold(): value for value, label in options}
    chosen = []
    for raw in bound_field.value() or []:
        raw = str(raw).strip()
        if not raw:
            continue
        value = (
            raw
            if raw in labels
            else raw.upper()
            if raw.upper() in labels
            else by_name.get(raw.casefold(), raw)
        )
        if value not in (v for v, _ in chosen):
            chosen.append((value, labels.get(value, raw)))
    list_id = f"{bound_field.id_for_label}-list"
    boxes = "".join(
        f'<li><label><input type="checkbox" name="{escape(name)}" value="{escape(value)}" checked> '
        f"{escape(label)}</label></li>"
        for value, label in chosen
    )
    described = f"{bound_field.name}-errors " if bound_field.errors else ""
    html = (
        (f'<ul class="chosen" aria-label="Chosen: {escape(field.label)}">{boxes}</ul>' if boxes else "")
        + f'<input type="text" name="{escape(name)}" id="{escape(bound_field.id_for_label)}" '
        f'list="{escape(list_id)}" autocomplete="off" '
        f'aria-describedby="{described}{escape(bound_field.id_for_label)}-hint">'
        + f'<p class="hint" id="{escape(bound_field.id_for_label)}-hint">'
        + ("Type a name to add another." if boxes else "Type a name (suggestions appear as you type).")
        + "</p>"
        + f'<datalist id="{escape(list_id)}">{datalist}</datalist>'
    )
    return mark_safe(html)  # noqa: S308 - every value and label is escaped above


# Filters shown at once; the others are under "More filters" (open when one of them is used).
MAIN_FILTERS = ("country", "speaker", "date", "year", "month", "kind", "sort")


@register.filter
def main_fields(form):
    return [field for field in form if field.name in MAIN_FILTERS]


@register.filter
def more_fields(form):
    return [field for field in form if field.name not in MAIN_FILTERS and field.name != "q"]


@register.filter
def any_used(fields) -> bool:
    """Whether any of these bound fields has a value or an error."""
    for field in fields:
        value = field.value()
        if field.errors or (
            value not in (None, "", [], ["", ""]) and any(value if isinstance(value, list) else [value])
        ):
            return True
    return False


@register.simple_tag
def preview(statement):
    """The statement's opening and the rest (see ``Statement.preview``): ``parts.opening``,
    ``parts.rest``. A dict, which the template reads at its first try (a tuple's ``parts.0``
    fails as a key and as an attribute before it is read as an index)."""
    opening, rest = statement.preview()
    return {"opening": opening, "rest": rest}


def _on_page(page: int, current: int, fragment: str) -> str:
    return f"#{fragment}" if page == current else f"?page={page}#{fragment}"


@register.simple_tag
def speaker_index(speakers: list[dict], current: int):
    """The meeting page's index of speakers: each speaker's name links to their first statement
    (on whichever page of the meeting it is), then 2, 3… to the others.

    Built here rather than in the template: a 200-speech meeting has hundreds of links, and a
    template loop over them was most of the page's rendering time.
    """
    items = []
    for speaker in speakers:
        name = escape_html(speaker["name"])
        links = []
        for n, link in enumerate(speaker["statements"], 1):
            href = _on_page(link["page"], current, f"statement-{link['pk']}")
            if n == 1:
                links.append(f'<a href="{href}">{name}</a>')
            else:
                links.append(f' <a href="{href}" aria-label="{name}, statement {n}">{n}</a>')
        items.append(f"<li>{''.join(links)}</li>")
    return mark_safe("\n    ".join(items))


@register.simple_tag
def record_index(records: list[dict], current: int):
    """The meeting page's links to the start of each of its records (and resumptions)."""
    return mark_safe(
        " · ".join(
            f'<a href="{_on_page(r["page"], current, r["anchor"])}">{escape_html(r["record"])}</a>'
            for r in records
        )
    )


_NEWLINES = re.compile(r"\r\n|\r")
_PARAGRAPH_BREAKS = re.compile(r"\n{2,}")


def _paragraphs(text: str) -> str:
    """Django's ``linebreaks`` filter, escaping on: the same HTML, with the text escaped once
    rather than paragraph by paragraph (escaping neither adds nor removes a line break)."""
    escaped = escape_html(_NEWLINES.sub("\n", text))
    return "\n\n".join(f"<p>{p.replace(chr(10), '<br>')}</p>" for p in _PARAGRAPH_BREAKS.split(escaped))


@register.simple_tag
def statement_article(statement, heading: str = "h3", show_meeting: bool = False):
    """One statement or shared passage of a list, as ``debates/_statement.html`` renders it.

    The meeting page shows thirty of them with the whole text of each; through the template
    they were two thirds of its rendering time (some forty variable lookups and conditions a
    statement), here they are string formatting. The HTML is the template's, character for
    character: ``tests/test_rendering.py`` renders both for statements of every shape, so a
    change to one that the other does not follow fails there. Expects what the template
    expects: ``shared``, ``attributions``, ``votes``, ``vote_timing`` and ``spoken_for``
    attached (``Statement.objects.attach_*``), and ``headline`` where a search set one.
    """
    e = escape_html
    pk = statement.pk
    shared = statement.shared
    speaker = statement.speaker
    name = e(speaker.name)
    out = [
        f'<article class="statement{" shared" if shared else ""}" id="statement-{pk}" '
        f'aria-labelledby="statement-{pk}-head">\n'
        f'  <{heading} class="statement-head" id="statement-{pk}-head">\n    '
    ]
    if shared:
        links = ", ".join(
            f'<a href="{e(a.speaker.get_absolute_url())}">{e(a.speaker.name)}</a>'
            for a in statement.attributions
        )
        out.append(f'<span class="badge">Shared position</span> {links}\n    \n    ')
    else:
        out.append(f'<a href="{e(speaker.get_absolute_url())}">{name}</a>')
        if statement.person and statement.person != speaker.name:
            out.append(f", {e(statement.person)}")
        out.append("\n    ")
    if show_meeting:
        meeting = statement.meeting
        day, iso = date_format(meeting.date, "j F Y"), date_format(meeting.date, "Y-m-d")
        out.append(
            f'<span class="muted">at <a href="{e(meeting.get_absolute_url())}">'
            f'{e(meeting.record or str(meeting))}</a>, <time datetime="{iso}">{day}</time></span>'
        )
    out.append(f"\n  </{heading}>\n  ")
    if not shared:
        out.append('<p class="meta">')
        if statement.label and statement.label != speaker.name:
            out.append(f"Printed as “{e(statement.label)}”. ")
        if statement.capacity != "national":
            out.append(f'<span class="capacity">{e(statement.get_capacity_display())}</span>. ')
        if statement.spoken_for:
            out.append(f"On behalf of {', '.join(e(str(s)) for s in statement.spoken_for)}. ")
        if statement.language:
            out.append(f"Spoke in {e(statement.language)}. ")
        if show_meeting and statement.item:
            out.append(f"{e(statement.item.title)}. ")
        out.append("</p>")
    headline = getattr(statement, "headline", None)
    if headline:
        out.append(f'\n  <p class="snippet">{conditional_escape(headline)}</p>\n  \n  ')
    else:
        opening, rest = statement.preview()
        out.append(f'\n  \n  <div class="text">{_paragraphs(opening)}</div>\n  ')
        if rest:
            out.append(
                '<details class="more-text"><summary>Read the whole statement'
                f'<span class="visually-hidden"> by {name}</span></summary>'
                f"{_paragraphs(rest)}</details>"
            )
        out.append("\n  \n  ")
    if shared:
        out.append(
            '\n  <p class="meta">A Repertoire paragraph summarising the position of '
            f"{len(statement.attributions)} speakers, each cited at its own page:</p>\n"
            '  <ul class="attributions">\n    '
        )
        for a in statement.attributions:
            person = f" ({e(a.person)})" if a.person else ""
            out.append(
                f'<li><a href="{e(a.get_absolute_url())}">{e(a.speaker.name)}</a>{person}: '
                f"<cite>{e(a.citation)}</cite></li>"
            )
        out.append("\n  </ul>\n  ")
    out.append("\n  ")
    timing = {"before": '<span class="badge">Before the vote</span> ',
              "after": '<span class="badge">Explanation of vote after the vote</span> '}  # fmt: skip
    for vote in statement.votes:
        decision = vote.decision
        choice = e(vote.get_choice_display().lower()) + (" (veto)" if vote.veto else "")
        on = str(decision) if decision.symbol else (decision.title or str(decision))
        out.append(
            f'\n  <p class="vote-link">{timing.get(statement.vote_timing, "")}{name} voted '
            f'<a href="{e(decision.get_absolute_url())}#votes">{choice} on {e(on)}</a>.</p>\n  '
        )
    out.append('\n  <p class="meta">')
    footnote = statement.footnote
    if not shared:
        citation = e(statement.citation)
        if statement.record:
            out.append(f'<a href="{e(statement.record_page_url)}"><cite>{citation}</cite></a>')
        else:
            out.append(f"<cite>{citation}</cite>")
        if footnote:
            out.append(f", Repertoire footnote {footnote}")
        out.append(" · ")
    elif footnote:
        out.append(f"Repertoire footnote {footnote} · ")
    out.append(
        f'<a href="{e(statement.get_absolute_url())}">Permalink'
        f'<span class="visually-hidden"> to the statement by {name}</span></a></p>\n</article>\n'
    )
    return mark_safe("".join(out))  # noqa: S308 - every value is escaped above
