"""Template helpers: links to official documents and the statements-per-year chart."""

from __future__ import annotations

from urllib.parse import quote

from django import forms, template
from django.conf import settings
from django.core.cache import cache
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import mark_safe

from debates.caching import RELEASE, archive_version

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
