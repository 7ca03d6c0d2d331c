"""Meeting tables are read by their header and refused when their columns are not what the header
says. Each shifted table is written here from a shipped one."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from debates.models import Decision, Meeting, SourceDocument

pytestmark = pytest.mark.django_db

MEETINGS = settings.CORPUS_DIR / "meetings"
CELL = re.compile(r"<td\b.*?</td>", re.S | re.I)
ROW = re.compile(r"(<tr\b[^>]*>)(.*?)(</tr>)", re.S | re.I)


def reorder_cells(html: str, width: int, order: list[int]) -> str:
    """The page with the cells of each full data row put in ``order`` (indexes of the old cells)."""

    def reorder(row: re.Match) -> str:
        cells = CELL.findall(row.group(2))
        if len(cells) != width:
            return row.group(0)
        return row.group(1) + "\n".join(cells[i] for i in order) + row.group(3)

    return ROW.sub(reorder, html)


def ingest(path) -> str:
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("ingest", str(path), stdout=StringIO(), stderr=err)
    return err.getvalue().splitlines()[0]


def test_a_table_whose_cells_are_shifted_under_the_header_is_refused(tmp_path):
    html = (MEETINGS / "scact2004_table_en.html").read_text(encoding="utf-8")
    # Press release moved to the end: the header's Topic now holds outcomes, its Outcome press releases.
    shifted = reorder_cells(html, 5, [0, 1, 3, 4, 2])
    assert shifted != html
    path = tmp_path / "scact2004_table_en.html"
    path.write_text(shifted, encoding="utf-8")

    line = ingest(path)

    assert line.startswith(f"{path}: changed layout: the column '")
    assert "shifted or swapped columns" in line
    assert not Meeting.objects.exists() and not Decision.objects.exists()
    assert SourceDocument.objects.get(name=path.name).outcome == "failed"


def test_swapped_letter_columns_never_move_vetoed_drafts(tmp_path):
    html = (MEETINGS / "scact2020_covid_table_en.html").read_text(encoding="utf-8")
    headers = ("Letter with Vote Procedure / <br> Briefings", "Letter with Vote Outcome")
    assert all(header in html for header in headers)
    swapped = html.replace(headers[0], "@@").replace(headers[1], headers[0]).replace("@@", headers[1])
    path = tmp_path / "scact2020_covid_table_en.html"
    path.write_text(swapped, encoding="utf-8")

    line = ingest(path)

    assert line == (
        f"{path}: changed layout: the columns 'Meeting Record | Date | Recording | Topic | Letter with Vote "
        "Outcome | Letter with Vote Procedure / Briefings | Security Council Outcome / Vote' are in no order "
        "the library has used"
    )
    assert not Decision.objects.filter(symbol__in=["S/2020/654", "S/2020/667"]).exists()


def test_a_header_shifted_over_its_columns_is_refused(tmp_path):
    html = (MEETINGS / "scact1995_table_en.html").read_text(encoding="utf-8")
    header = re.search(r"<th[^>]*>\s*Press.*?</th>\s*", html, re.S)
    # The header's Press Release column moved after Topic; the rows left as they were.
    topic = re.search(r"<th[^>]*>\s*Topic\s*</th>\s*", html)
    assert header and topic
    moved = html[: header.start()] + html[header.end() : topic.end()] + header.group(0) + html[topic.end() :]
    path = tmp_path / "scact1995_table_en.html"
    path.write_text(moved, encoding="utf-8")
    assert "in no order the library has used" in ingest(path)


def test_the_shipped_tables_all_pass_the_checks(tmp_path):
    names = ["scact2004_table_en.html", "scact2020_covid_table_en.html", "scact1955_table_en.html"]
    call_command("ingest", *(str(MEETINGS / name) for name in names), stdout=StringIO())
    assert Decision.objects.filter(symbol__in=["S/2020/654", "S/2020/667"]).count() == 2
