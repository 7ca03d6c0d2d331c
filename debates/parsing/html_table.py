"""
Reading the rows of the UN library's HTML tables, as saved from the web.

The pages are hand-edited HTML: ``</br>`` end tags, ``<a>`` closed after the
cell it opened in, header cells (``<th rowspan="2">``) used for data, and
here and there a forgotten ``<tr>`` that glues two or three rows into one.
The standard library's ``html.parser`` is tolerant of all of this and keeps
the project free of a parsing dependency; the table structure is rebuilt
here (row spans, glued rows) where a strict tree builder would guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Cell:
    """One table cell: its text (``<br>`` and ``<p>`` become newlines) and the links in it."""

    text: str = ""
    links: list[tuple[str, str]] = field(default_factory=list)  # (href, link text)
    header: bool = False
    rowspan: int = 1
    colspan: int = 1

    @property
    def flat(self) -> str:
        """The text on one line, runs of white space folded."""
        return " ".join(self.text.split())

    @property
    def lines(self) -> list[str]:
        return [" ".join(line.split()) for line in self.text.split("\n") if line.strip()]


class _TableParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[list[Cell]] = []
        self._row: list[Cell] | None = None
        self._cell: Cell | None = None
        self._link: list[str] | None = None  # [href, text so far]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "tr":
            self._close_cell()
            self._row = []
            self.rows.append(self._row)
        elif tag in ("td", "th"):
            self._close_cell()
            if self._row is None:
                self._row = []
                self.rows.append(self._row)
            self._cell = Cell(
                header=tag == "th",
                rowspan=_int(attributes.get("rowspan")),
                colspan=_int(attributes.get("colspan")),
            )
            self._row.append(self._cell)
        elif tag in ("br", "p") and self._cell is not None:
            self._cell.text += "\n"
        elif tag == "a" and self._cell is not None:
            self._close_link()
            self._link = [attributes.get("href") or "", ""]

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag == "br" and self._cell is not None:  # the pages write </br> for <br>
            self._cell.text += "\n"
        elif tag == "a":
            self._close_link()
        elif tag in ("td", "th"):
            self._close_cell()
        elif tag == "tr":
            self._close_cell()
            self._row = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.text += data
            if self._link is not None:
                self._link[1] += data

    def _close_link(self) -> None:
        if self._link is not None and self._cell is not None:
            self._cell.links.append((self._link[0], " ".join(self._link[1].split())))
        self._link = None

    def _close_cell(self) -> None:
        self._close_link()
        self._cell = None


def _int(value: str | None) -> int:
    try:
        return max(1, int(value or 1))
    except ValueError:
        return 1


def read_rows(html: str) -> list[list[Cell]]:
    """The raw rows of every table in the page, cells as written (no span handling)."""
    parser = _TableParser()
    parser.feed(html)
    parser.close()
    return [row for row in parser.rows if row]


def expand_rows(rows: list[list[Cell]], width: int) -> list[tuple[int, list[Cell]]]:
    """Rows of exactly ``width`` cells, with their 1-based position in the page's rows.

    A cell with ``rowspan="n"`` is repeated in the next n-1 rows at its column;
    a row holding a multiple of ``width`` cells (a forgotten ``<tr>``) is cut
    into rows of ``width``. Rows that still do not have ``width`` cells are
    returned as they are, for the caller to report.
    """
    result: list[tuple[int, list[Cell]]] = []
    pending: dict[int, tuple[Cell, int]] = {}  # column -> (cell, rows still to fill)
    for position, raw in enumerate(rows, start=1):
        chunks = [raw]
        if len(raw) > width and len(raw) % width == 0 and not pending:
            chunks = [raw[i : i + width] for i in range(0, len(raw), width)]
        for chunk in chunks:
            cells: list[Cell] = []
            source = iter(chunk)
            column = 0
            while True:
                if column in pending:
                    cell, left = pending[column]
                    cells.append(cell)
                    if left <= 1:
                        del pending[column]
                    else:
                        pending[column] = (cell, left - 1)
                    column += 1
                    continue
                cell = next(source, None)
                if cell is None:
                    break
                if cell.rowspan > 1:
                    pending[column] = (cell, cell.rowspan - 1)
                cells.append(cell)
                column += 1
            result.append((position, cells))
    return result


SPACE_RE = re.compile(r"\s+")
