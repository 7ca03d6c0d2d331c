"""Tiny PDFs written by hand for tests: text placed at known positions."""

from __future__ import annotations

import io


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


FONTS = {"": "/F1", "b": "/F2", "i": "/F3"}


def _show(x: float, y: float, text) -> str:
    """One line: ``text`` is a string, or runs of (style, text) with style "", "b" (bold) or "i"."""
    runs = [("", text)] if isinstance(text, str) else text
    shown = "".join(f"{FONTS[style]} 10 Tf ({_escape(piece)}) Tj " for style, piece in runs)
    return f"BT {x} {y} Td {shown}ET\n"


def make_pdf(pages: list[list[tuple]], *, width: int = 612, height: int = 792) -> bytes:
    """A PDF whose pages show each (x, y, text) in Times 10 pt, drawn in the given order.

    ``text`` is a string or a list of (style, text) runs (see ``_show``). A
    page given as an empty list has no text at all, like a scan without a
    text layer.
    """
    objects: list[bytes] = []
    page_ids = []
    font_id = 3
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objects.append(b"")  # the page tree, filled in below
    for base in ("Times-Roman", "Times-Bold", "Times-Italic"):
        objects.append(
            b"<< /Type /Font /Subtype /Type1 /BaseFont /%s /Encoding /WinAnsiEncoding >>" % base.encode()
        )
    for lines in pages:
        # A page without lines gets a filled rectangle: something, but no text.
        ops = "".join(_show(x, y, text) for x, y, text in lines) if lines else "0.5 g 72 72 468 648 re f\n"
        stream = ops.encode("cp1252")
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"endstream")
        content_id = len(objects)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Contents %d 0 R "
            b"/Resources << /Font << /F1 %d 0 R /F2 %d 0 R /F3 %d 0 R >> >> >>"
            % (width, height, content_id, font_id, font_id + 1, font_id + 2)
        )
        page_ids.append(len(objects))
    kids = " ".join(f"{i} 0 R" for i in page_ids)
    objects[1] = f"<< /Type /Pages /Kids [{kids}] /Count {len(page_ids)} >>".encode()
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def encrypt(data: bytes, password: str = "secret") -> bytes:
    """The same PDF, readable only with a password."""
    import pypdf

    writer = pypdf.PdfWriter(clone_from=io.BytesIO(data))
    writer.encrypt(user_password=password, owner_password=password + "-owner")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _column(x: float, top: float, lines: list) -> list[tuple]:
    """Lines down a column, 12 pt apart; a line given as (indent, text) is indented by that much."""
    placed = []
    for row, line in enumerate(lines):
        indent, text = line if isinstance(line, tuple) and isinstance(line[0], int | float) else (0, line)
        placed.append((x + indent, top - 12 * row, text))
    return placed


def make_record() -> bytes:
    """A small verbatim record, laid out like the UN's: cover page, two columns,
    running heads and footers, bold speaker names, italic stage directions.

    It holds what the shipped records do not: a speaker with no country
    invited by name (the issue's "Mr. Griffiths"), and a draft resolution
    vetoed by a permanent member.
    """
    leader = ". " * 58
    cover = [
        (60, 740, "United Nations"),
        (480, 740, "S/PV.9001"),
        (128, 700, [("b", "Security Council")]),
        (128, 688, "Seventy-fifth year"),
        (128, 660, [("b", "9001st meeting")]),
        (128, 648, "Monday, 2 March 2020, 10 a.m."),
        (128, 636, "New York"),
        (495, 700, [("i", "Provisional")]),
        (64, 600, [("i", "President:"), ("", f" Mr. Tran{leader}(Viet Nam)")]),
        (64, 580, [("i", "Members:"), ("", f" Belgium{leader}Mr. Pecsteen")]),
        (128, 568, f"Russian Federation{leader[:-16]}Mr. Nebenzia"),
        (128, 556, f"Tunisia{leader}Mr. Baati"),
        (64, 520, [("b", "Agenda")]),
        (128, 506, "The situation in the Middle East"),
        (145, 494, "Letter dated 1 March 2020 from the Secretary-General addressed to the"),
        (145, 482, "President of the Security Council (S/2020/98)"),
        (
            129,
            300,
            "This record contains the text of speeches delivered in English and of the translation of",
        ),
        (60, 60, "20-09999 (E)"),
        (60, 48, "*2009999*"),
    ]
    head = [(60, 730, "S/PV.9001"), (200, 730, "The situation in the Middle East"), (510, 730, "02/03/2020")]
    page2 = (
        head
        + _column(
            60,
            700,
            [
                (18, [("i", "The meeting was called to order at 10.05 a.m.")]),
                [("b", "Adoption of the agenda")],
                (18, [("i", "The agenda was adopted.")]),
                [("b", "The situation in the Middle East")],
                (18, [("b", "The President"), ("", ": In accordance with rule 39 of")]),
                "the provisional rules of procedure, I invite",
                "Mr. Martin Griffiths, Special Envoy of the",
                "Secretary-General for Yemen, to participate",
                "in this meeting.",
                (18, "I give the floor to Mr. Griffiths."),
                (18, [("b", "Mr. Griffiths"), ("", ": The situation calls for counter-")]),
                "terrorism measures and for dialogue.",
                (18, "We must act now, before the fighting"),
            ],
        )
        + _column(
            312,
            700,
            [
                "spreads any further.",
                (
                    18,
                    [("b", "Mr. Baati"), ("", " (Tunisia) ("), ("i", "spoke in Arabic"), ("", "): I thank")],
                ),
                "Mr. Griffiths for his briefing.",
                (18, [("b", "The President"), ("", ": I shall put the draft resolution")]),
                "contained in document S/2020/99 to the vote now.",
                (18, [("i", "A vote was taken by show of hands.")]),
                [("i", "In favour:")],
                (18, "Belgium, China, Dominican Republic, Estonia,"),
                (18, "France, Germany, Indonesia, Niger, Saint"),
                (18, "Vincent and the Grenadines, South Africa,"),
                (18, "Tunisia, United Kingdom of Great Britain and"),
                (18, "Northern Ireland, Viet Nam"),
                [("i", "Against:")],
                (18, "Russian Federation"),
                [("i", "Abstaining:")],
                (18, "United States of America"),
                (18, [("b", "The President"), ("", ": The draft resolution received 13")]),
                "votes in favour, 1 against and 1 abstention. The",
                "draft resolution has not been adopted, owing to",
            ],
        )
        + [(60, 60, "2/3"), (500, 60, "20-09999")]
    )
    page3 = [(60, 730, "02/03/2020"), (200, 730, "The situation in the Middle East"), (510, 730, "S/PV.9001")]
    page3 += _column(
        60,
        700,
        [
            "the negative vote of a permanent member.",
            (18, [("b", "Mr. Nebenzia"), ("", " (Russian Federation) ("), ("i", "spoke in")]),
            [("i", "Russian"), ("", "): We voted against the draft")],
            "resolution because it was unbalanced.",
            (18, [("i", "The meeting rose at 11 a.m.")]),
        ],
    ) + [(60, 60, "20-09999"), (500, 60, "3/3")]
    return make_pdf([cover, page2, page3])
