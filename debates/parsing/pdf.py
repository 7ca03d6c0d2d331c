"""
Text of a born-digital PDF, page by page, in reading order.

The UN prints its documents (verbatim records, the Repertoire) in two columns
under a running head and above a footer. A PDF's content stream usually
follows the typesetter's story order, which happens to be the reading order
for these files, but nothing guarantees it: an edited or re-exported file can
draw the right column first, or the footer before the body. So the order is
rebuilt from geometry instead of trusted:

1. PDFium (through pypdfium2) gives the characters and their boxes; runs of
   characters on one baseline are segments, and segments on the same
   baseline form a row.
2. A row in the top or bottom margin (running head, footer, page number,
   barcode: in the outer tenth of the page, standing apart from the text by
   more than one and a half lines) is kept whole, as one line.
3. A page set in one column (a typescript, a letter: more rows run across
   the middle than are parted by a gutter) is read row by row.
4. Otherwise, in the body, a row with a segment that crosses the gutter (a
   heading or a cover-page table set across the page) is full width; it
   closes a band. Within a band, the left column's rows are read top to
   bottom, then the right column's.

OCR'd scans have an invisible text layer placed word by word: the same
geometry reads them, with no typeface to tell (``Line.bold`` and ``italic``
are then always false).

``docs/pdf-extraction.md`` says why PDFium was chosen (speed and fidelity
measured on the shipped verbatim records, ``bench/bench_pdf_extraction.py``).
"""

from __future__ import annotations

import ctypes
import re
import statistics
from dataclasses import dataclass
from itertools import pairwise

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

__all__ = ["Line", "PdfError", "extract_lines", "extract_pages"]

# A row whose box lies in the outer tenth of the page's height is page
# furniture: the UN's running heads sit about 60 pt from the top of a 792 pt
# page, the footers and page numbers about 65 pt from the bottom, while the
# columns stop some 90 pt from either edge.
MARGIN_FRACTION = 0.10

# How far (in points) a segment must reach past the page's middle to count
# as crossing the gutter; the columns stop some 4 pt short of it.
GUTTER_SLACK = 2.0

# Two glyphs on one baseline further apart than this (in points) belong to
# different runs: the gutter between the columns is about 9 pt wide, a word
# space in justified text under 4 pt; running heads and cover-page tables
# leave far wider gaps.
GUTTER_GAP = 6.0
WIDE_GAP = 24.0
# The widest word space of a one-column page between two glyphs' boxes
# (Courier 11 pt: 8 pt and more); the gutter of the UN's two-column records
# is never under 10 pt.
WORD_GAP = 9.5


# Words as PDFium spells them out, an em dash on its own, and line breaks.
_TOKEN = re.compile(r"\r\n|[\r\n]|[^\s—\ufffe]+\ufffe?|\ufffe|—")


class PdfError(Exception):
    """A PDF whose text cannot be extracted; the message is one line naming the file."""


@dataclass(slots=True)
class Line:
    """One line of a page, in reading order, with what a parser may need of its look."""

    text: str
    column: str = "full"  # "left", "right" or "full" (across the page, or in a margin)
    left: float = 0.0  # points from the page's left edge
    top: float = 0.0  # points from the page's bottom edge (PDF coordinates)
    indent: float = 0.0  # points from the left edge of its column on this page
    right: float = 0.0  # where the line ends, in points from the page's left edge
    right_indent: float = 0.0  # points short of the right edge of its column on this page
    margin: bool = False  # in the top or bottom margin: running head, footer, page number
    bold: bool = False  # the line's first character is set in a bold face
    italic: bool = False  # the line's first character is set in an italic face


@dataclass(slots=True)
class _Segment:
    left: float
    bottom: float
    right: float
    top: float
    text: str
    first: int  # index of its first letter in the page's text, for its typeface


@dataclass(slots=True)
class _Row:
    """Segments sharing a baseline, on one side of the gutter or across it."""

    top: float
    bottom: float
    segments: list[_Segment]

    @property
    def left(self) -> float:
        return min(s.left for s in self.segments)

    def first(self) -> _Segment:
        return min(self.segments, key=lambda s: s.left)

    def text(self) -> str:
        parts: list[str] = []
        previous: _Segment | None = None
        for segment in sorted(self.segments, key=lambda s: s.left):
            piece = segment.text
            # PDFium ends a segment with the space that follows it; a segment
            # that stops short of the next one with no space (a bold speaker
            # name before its colon) is glued to it, as on the page.
            if previous is not None and parts and not parts[-1].endswith(" "):
                gap = segment.left - previous.right
                if gap > (previous.top - previous.bottom) * 0.5 or (gap > 0.5 and piece.startswith("—")):
                    parts.append(" ")
            parts.append(piece)
            previous = segment
        return " ".join("".join(parts).split())


def extract_pages(data: bytes, name: str) -> list[str]:
    """Return the text of each page of the PDF ``data``, in reading order.

    Lines are separated by ``\\n``; a page's lines come in the order a reader
    takes them (running head, left column, right column, footer). Raises
    ``PdfError`` with a one-line reason naming ``name`` when the file is not a
    PDF, is truncated or corrupt, needs a password, or has no text layer.
    """
    return ["\n".join(line.text for line in page) for page in extract_lines(data, name)]


def extract_lines(data: bytes, name: str) -> list[list[Line]]:
    """Like ``extract_pages``, but each page as ``Line`` objects that keep
    their column, indentation, margin and typeface: what tells a paragraph's
    first line, a bold speaker's name or an italic stage direction."""
    if b"%PDF-" not in data[:1024]:
        raise PdfError(f"{name}: not a PDF (no %PDF- header)")
    # A truncated download still opens: PDFium rebuilds the cross-reference
    # table from what is left and silently returns fewer pages or less text.
    # Every complete PDF ends with an end-of-file marker, so its absence is
    # the reliable sign.
    if b"%%EOF" not in data[-2048:]:
        raise PdfError(f"{name}: truncated PDF (no %%EOF marker at the end)")
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        reason = str(exc)
        if "password" in reason.lower():
            raise PdfError(f"{name}: encrypted PDF (a password is required to read it)") from None
        raise PdfError(f"{name}: corrupt PDF ({reason.rstrip('.')})") from None
    try:
        if len(document) == 0:
            raise PdfError(f"{name}: the PDF has no pages")
        pages = [_page_lines(document[index]) for index in range(len(document))]
    except pdfium.PdfiumError as exc:
        raise PdfError(f"{name}: corrupt PDF ({str(exc).rstrip('.')})") from None
    finally:
        document.close()
    if not any(page for page in pages):
        raise PdfError(f"{name}: no text layer on any of its {len(pages)} page(s) (a scan?)")
    return pages


def _page_lines(page: pdfium.PdfPage) -> list[Line]:
    width, height = page.get_size()
    textpage = page.get_textpage()
    try:
        segments = _segments(textpage, width / 2)
        lines = _reading_order(segments, width, height)
        flags = ctypes.c_int()
        name = ctypes.create_string_buffer(128)
        for line, first in lines:
            # One look-up per line: the first letter tells a bold heading or
            # speaker's name and an italic stage direction. The font
            # descriptor says so (weight, italic flag); the standard fonts
            # have none, and only their name does ("Times-BoldItalic").
            pdfium_c.FPDFText_GetFontInfo(textpage.raw, first, name, len(name), ctypes.byref(flags))
            font = name.value.decode("latin-1").lower()
            line.italic = bool(flags.value & 64) or "italic" in font or "oblique" in font
            line.bold = pdfium_c.FPDFText_GetFontWeight(textpage.raw, first) >= 600 or "bold" in font
    finally:
        textpage.close()
        page.close()
    result = [line for line, _ in lines]
    # Indentation is measured from the leftmost line of the same column.
    edges: dict[str, float] = {}
    for line in result:
        if not line.margin:
            edges[line.column] = min(edges.get(line.column, line.left), line.left)
    for line in result:
        line.indent = line.left - edges.get(line.column, line.left)
    # And from the right: a block quotation is indented on both sides.
    right_edges: dict[str, float] = {}
    for line in result:
        if not line.margin:
            right_edges[line.column] = max(right_edges.get(line.column, line.right), line.right)
    for line in result:
        line.right_indent = right_edges.get(line.column, line.right) - line.right
    return result


def _segments(textpage: pdfium.PdfTextPage, middle: float) -> list[_Segment]:
    """Cut the page's words, in content order, into runs on one baseline.

    PDFium's own text rectangles are not used: the text it returns for a
    rectangle is taken by intersection and picks up neighbouring glyphs
    ("S/PV.V. 8698"). Character boxes are exact. Only a word's first and last
    characters are measured (a gutter or a column's edge always falls between
    words), through the raw call, which skips the helper's per-call overhead:
    that keeps a page of some 5,000 characters to about 2,000 calls.
    """
    text = textpage.get_text_range()
    handle = textpage.raw
    get_box = pdfium_c.FPDFText_GetCharBox
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    boxes = (ctypes.byref(left), ctypes.byref(right), ctypes.byref(bottom), ctypes.byref(top))
    segments: list[_Segment] = []
    current: _Segment | None = None
    for match in _TOKEN.finditer(text):
        word = match.group()
        if word[0] in "\r\n":
            current = None
            continue
        # PDFium gives a hyphen that ends a line as U+FFFE, with no line break
        # after it. The page shows a hyphen, so that is what the text says, and
        # the line ends there (joining a word broken across lines is the
        # caller's business: only it knows the lines).
        word = word.replace("\ufffe", "-")
        first, last = match.start(), match.end() - 1
        if not get_box(handle, first, *boxes):
            continue
        x0, x1, y0, y1 = left.value, right.value, bottom.value, top.value
        if last > first and get_box(handle, last, *boxes):
            x1, y0, y1 = max(x1, right.value), min(y0, bottom.value), max(y1, top.value)
        spaced = first > 0 and text[first - 1] in " \t\xa0"
        if current is not None:
            gap = x0 - current.right
            same_line = y0 <= current.top and y1 >= current.bottom
            across_gutter = current.right <= middle <= x0 and gap > GUTTER_GAP
            if not same_line or gap < -1.0 or gap > WIDE_GAP or across_gutter:
                current = None
        if current is None:
            # Its typeface is read on its first letter: "(spoke in French)"
            # is italic, its parenthesis is not.
            letter = next((i for i, char in enumerate(word) if char.isalnum()), 0)
            current = _Segment(x0, y0, x1, y1, word, first + letter)
            segments.append(current)
            if text[last] == "\ufffe":
                current = None
            continue
        # The UN sets its em dashes with a space either side, but PDFium
        # reports the space before one as a bare gap ("document— and").
        if spaced or (word == "—" and gap > 0.5):
            current.text += " "
        current.text += word
        current.right = max(current.right, x1)
        current.bottom = min(current.bottom, y0)
        current.top = max(current.top, y1)
        if text[last] == "\ufffe":
            current = None
    return segments


def _reading_order(segments: list[_Segment], width: float, height: float) -> list[tuple[Line, int]]:
    middle = width / 2

    def crosses(segment: _Segment) -> bool:
        return segment.left < middle - GUTTER_SLACK and segment.right > middle + GUTTER_SLACK

    # Rows: first by side, so that the two columns' lines at the same height
    # stay apart; a segment crossing the gutter makes its whole row full width.
    rows = _rows(segments)
    margins = _margin_rows(rows, height)
    body = [row for row in rows if id(row) not in margins]

    def across(row: _Row) -> bool | None:
        """Whether text runs on across the middle (a word crosses it, or only a word
        space parts the two sides: a typewriter's is 8 pt and more, a gutter 10 pt
        and more); False where a gutter parts them; None where one side is empty."""
        if any(crosses(s) for s in row.segments):
            return True
        left = [s.right for s in row.segments if s.right <= middle + GUTTER_SLACK]
        right = [s.left for s in row.segments if s.left >= middle - GUTTER_SLACK]
        if not (left and right):
            return None
        return min(right) - max(left) < WORD_GAP

    # A page set in one column (a typescript, a letter) has more rows that run
    # across the middle than rows parted by a gutter: its rows are read whole,
    # top to bottom. (Rows on one side only say nothing either way.)
    verdicts = [across(row) for row in body]
    one_column = bool(body) and verdicts.count(True) > verdicts.count(False)
    lines: list[tuple[Line, int]] = []
    left: list[_Row] = []
    right: list[_Row] = []

    def emit(row: _Row, column: str, margin: bool = False) -> None:
        text = row.text()
        if text:
            first = row.first()
            right = max(s.right for s in row.segments)
            lines.append((Line(text, column, first.left, row.top, right=right, margin=margin), first.first))

    def flush() -> None:
        for row in left:
            emit(row, "left")
        for row in right:
            emit(row, "right")
        left.clear()
        right.clear()

    for row in rows:
        in_margin = id(row) in margins
        if in_margin or any(crosses(s) for s in row.segments):
            flush()
            emit(row, "full", margin=in_margin)
            continue
        left_part = [s for s in row.segments if (s.left + s.right) / 2 < middle]
        right_part = [s for s in row.segments if (s.left + s.right) / 2 >= middle]
        if one_column:
            # On a one-column page, text on both sides of the middle is one
            # line (a word space of a typewriter's wide letters happened to
            # fall on the middle), unless a wide space parts them: two things
            # side by side ("Security Council … Provisional").
            gap = min((s.left for s in right_part), default=0) - max((s.right for s in left_part), default=0)
            if left_part and right_part and gap < WIDE_GAP:
                emit(row, "full")
            else:
                for part in (left_part, right_part):
                    if part:
                        emit(_Row(row.top, row.bottom, part), "full")
            continue
        if left_part:
            left.append(_Row(row.top, row.bottom, left_part))
        if right_part:
            right.append(_Row(row.top, row.bottom, right_part))
    flush()
    return lines


def _margin_rows(rows: list[_Row], height: float) -> set[int]:
    """The rows (by id) of the running head, the footer and the page number.

    They lie in the outer tenth of the page and stand apart from the text,
    by more than one and a half times the distance between its lines. A row
    in that band that follows on from the text (a typescript whose text runs
    close to the edge) is text.
    """
    top_band = height * (1 - MARGIN_FRACTION)
    bottom_band = height * MARGIN_FRACTION
    inner = [row for row in rows if row.bottom < top_band and row.top > bottom_band]
    # The distance between lines: two columns set on slightly different baselines (a
    # scan's) give rows closer than a line apart, which are not counted.
    height = statistics.median(row.top - row.bottom for row in inner) if inner else 10.0
    steps = [a.top - b.top for a, b in pairwise(inner) if 0.8 * height < a.top - b.top < 40]
    pitch = statistics.median(steps) if steps else 14.0
    margins: set[int] = set()
    # Walk outwards from the text, top band upwards and bottom band downwards.
    above = [row for row in rows if row.bottom >= top_band]
    below = [row for row in rows if row.top <= bottom_band and row.bottom < top_band]
    for band, edge_row in ((sorted(above, key=lambda r: r.top), inner[0] if inner else None),
                           (sorted(below, key=lambda r: -r.top), inner[-1] if inner else None)):  # fmt: skip
        previous = edge_row
        attached = previous is not None
        for row in band:
            if attached and abs(previous.top - row.top) <= 1.5 * pitch:
                previous = row
                continue
            attached = False
            margins.add(id(row))
    return margins


def _rows(segments: list[_Segment]) -> list[_Row]:
    """Group segments into rows, top to bottom: segments whose boxes overlap
    vertically by more than half the smaller height share a row."""
    rows: list[_Row] = []
    for segment in sorted(segments, key=lambda s: (-s.top, s.left)):
        for row in reversed(rows[-3:]):
            overlap = min(row.top, segment.top) - max(row.bottom, segment.bottom)
            smaller = min(row.top - row.bottom, segment.top - segment.bottom)
            if smaller > 0 and overlap > smaller / 2:
                row.segments.append(segment)
                row.top = max(row.top, segment.top)
                row.bottom = min(row.bottom, segment.bottom)
                break
        else:
            rows.append(_Row(segment.top, segment.bottom, [segment]))
    rows.sort(key=lambda r: -r.top)
    return rows
