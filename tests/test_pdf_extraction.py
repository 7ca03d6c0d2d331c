"""Text extraction from PDFs: reading order, page furniture kept apart, clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from debates.parsing.pdf import PdfError, extract_pages
from tests.pdfs import encrypt, make_pdf

CORPUS = Path(__file__).resolve().parent.parent / "corpus" / "verbatim"


def lines(page: str) -> list[str]:
    return page.splitlines()


def test_it_reads_each_page_of_a_verbatim_record():
    pages = extract_pages((CORPUS / "S_PV.8701_E.pdf").read_bytes(), "S_PV.8701_E.pdf")

    assert len(pages) == 2
    assert lines(pages[0])[:2] == ["United Nations S/PV.8701", "Security Council"]
    assert "President: Mr. Dang" in pages[0]
    # The running head comes first and the footer last, not in the middle of the text.
    assert lines(pages[1])[0] == "S/PV.8701 The situation in the Middle East 13/01/2020"
    assert lines(pages[1])[-1] == "2/2 20-00899"
    assert "The President: The Security Council will now" in lines(pages[1])


def test_it_reads_the_left_column_before_the_right():
    pages = extract_pages((CORPUS / "S_PV.8699_E.pdf").read_bytes(), "S_PV.8699_E.pdf")
    page = pages[3]

    # The left column ends with Mrs. Robinson's opening; the right column continues it.
    assert page.index("Mrs. Robinson: I am honoured to address the") < page.index(
        "Responding to those threats is critical, but made"
    )
    assert page.index("proliferation and the climate crisis.") < page.index("Responding to those threats")


def test_it_orders_by_position_not_by_drawing_order():
    # The right column, the footer and the running head are drawn before the left column.
    data = make_pdf(
        [
            [
                (312, 700, "right column, first line"),
                (312, 688, "right column, second line"),
                (300, 60, "2/2"),
                (60, 700, "left column, first line"),
                (60, 688, "left column, second line"),
                (60, 728, "S/PV.1 Running head"),
            ]
        ]
    )

    assert lines(extract_pages(data, "drawn.pdf")[0]) == [
        "S/PV.1 Running head",
        "left column, first line",
        "left column, second line",
        "right column, first line",
        "right column, second line",
        "2/2",
    ]


def test_it_keeps_a_line_across_the_gutter_whole():
    data = make_pdf([[(60, 700, "A heading set across the whole width of the page, over both columns")]])

    assert extract_pages(data, "wide.pdf") == [
        "A heading set across the whole width of the page, over both columns"
    ]


def test_it_spaces_the_em_dash_as_printed():
    pages = extract_pages((CORPUS / "S_PV.8699_E.pdf").read_bytes(), "S_PV.8699_E.pdf")

    assert "adaptable and visionary document — and thus to the very" in lines(pages[3])


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"Not a PDF at all, just some text.\n", "bad.pdf: not a PDF (no %PDF- header)"),
        (encrypt(make_pdf([[(60, 700, "secret")]])), "bad.pdf: encrypted PDF (a password is required"),
        (make_pdf([[], []]), "bad.pdf: no text layer on any of its 2 page(s) (a scan?)"),
        (make_pdf([[(60, 700, "cut short")]])[:300], "bad.pdf: truncated PDF (no %%EOF marker at the end)"),
        (b"%PDF-1.4\n1 0 obj garbage endobj\n%%EOF\n", "bad.pdf: corrupt PDF (Failed to load document"),
    ],
    ids=["not-a-pdf", "encrypted", "scan", "truncated", "corrupt"],
)
def test_it_refuses_an_unreadable_pdf_with_a_one_line_reason(data, reason):
    with pytest.raises(PdfError) as caught:
        extract_pages(data, "bad.pdf")

    message = str(caught.value)
    assert message.startswith(reason)
    assert "\n" not in message
