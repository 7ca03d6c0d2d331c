"""
Compare PDF text extractors on the shipped verbatim records: speed and fidelity.

    python bench/bench_pdf_extraction.py [corpus/verbatim] [--small]

For each candidate it prints pages per second (extraction only, best of
three runs) and fidelity figures measured on the same text:

- ``headings``: speech headings ("The President:", "Mr. Dang (Viet Nam):")
  found at the start of a line; a split heading ("The President :") or a
  heading buried in the middle of a line is lost to the parser.
- ``split``: spaces inserted inside a token ("S/ PV. 8701", "President :").
- ``glued``: a missing space before a spaced em dash ("document— and").
- ``order``: pages whose lines do not come in reading order, judged by the
  page's running head being the first line and its footer the last.
- ``speeches``: records whose speech headings, read from that extractor's
  text (a heading may run over three lines), come out complete and in the
  order the record prints them (the hand-checked sequence of
  ``tests/fixtures/verbatim/speakers.json``, less the President's changes of
  capacity, which have no heading of their own).

Results and the choice they support are written up in docs/pdf-extraction.md.
"""

from __future__ import annotations

import io
import json
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
GOLDEN = ROOT / "tests" / "fixtures" / "verbatim" / "speakers.json"

HEADING = re.compile(
    r"^(?:The President|The Secretary-General|(?:Mr|Mrs|Ms|Miss|Dame|Sir|Dr)\. [^\W\d][^:()]{0,60})"
    r"(?: \([^)]{2,60}\))*:",
    re.MULTILINE,
)
SPLIT = re.compile(r"S/ PV|S/PV\. \d|\b(?:President|\)) :")
GLUED = re.compile(r"\w—")
RUNNING_HEAD = re.compile(r"^S/PV\.\d+.* \d\d/\d\d/\d{4}$|^\d\d/\d\d/\d{4} .*S/PV\.\d+( \(Resumption \d\))?$")
FOOTER = re.compile(r"^\d+/\d+ \d\d-\d{5}$|^\d\d-\d{5} \d+/\d+$")


def pypdf_pages(data: bytes) -> list[str]:
    import pypdf

    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages]


def pdfminer_pages(data: bytes) -> list[str]:
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams, LTTextContainer

    pages = []
    for layout in extract_pages(io.BytesIO(data), laparams=LAParams()):
        pages.append("".join(el.get_text() for el in layout if isinstance(el, LTTextContainer)))
    return pages


def pdfium_stream_pages(data: bytes) -> list[str]:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(data)
    pages = []
    for page in document:
        textpage = page.get_textpage()
        pages.append(textpage.get_text_range().replace("\r\n", "\n"))
        textpage.close()
        page.close()
    document.close()
    return pages


def pdfium_columns_pages(data: bytes) -> list[str]:
    from debates.parsing.pdf import extract_pages

    return extract_pages(data, "bench")


def poppler_pages(data: bytes, raw: bool = False) -> list[str]:
    import pdftotext

    return list(pdftotext.PDF(io.BytesIO(data), raw=raw))


CANDIDATES: dict[str, Callable[[bytes], list[str]]] = {
    "pypdf (content order)": pypdf_pages,
    "pdfminer.six (LAParams)": pdfminer_pages,
    "pypdfium2 (content order)": pdfium_stream_pages,
    "pypdfium2 + column layout": pdfium_columns_pages,
    "poppler (pdftotext, layout analysis)": poppler_pages,
    "poppler (pdftotext, raw)": lambda data: poppler_pages(data, raw=True),
}


def order_errors(pages: list[str]) -> int:
    """Body pages whose first line is not the running head or last line not the footer."""
    errors = 0
    for text in pages[1:]:
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        if not lines:
            continue
        head_ok = RUNNING_HEAD.match(" ".join(lines[0].split())) is not None
        foot_ok = FOOTER.match(" ".join(lines[-1].split())) is not None
        errors += not (head_ok and foot_ok)
    return errors


FULL_HEADING = re.compile(
    r"^(The President|The Secretary-General|(?:Mr|Mrs|Ms|Miss|Dame|Sir|Dr)\. [^():\n]{1,80}?)"
    r"( \((?!spoke)[^()]+(?:\([^()]*\)[^()]*)?\))?( \(spoke in [A-Z][a-z]+\))?:"
)


def printed_headings(name: str, data: bytes) -> list[str]:
    """The headings the record prints, in order: the golden list less the
    President's changes of capacity (checked against it by the tests)."""
    from debates.parsing.verbatim import parse_record

    speeches = parse_record(data, name).speeches
    labels = [f"{s.heading} | {s.capacity}" for s in speeches]
    golden = json.loads(GOLDEN.read_text())
    assert labels == golden[name]["speeches"], f"{name}: parser and golden file disagree"
    return [s.heading for s in speeches if not s.continued]


def headings_in(pages: list[str]) -> list[str]:
    lines = [" ".join(line.split()) for page in pages for line in page.splitlines() if line.strip()]
    found = []
    for index, line in enumerate(lines):
        if not re.match(r"^(?:The President|The Secretary-General|(?:Mr|Mrs|Ms|Miss|Dame|Sir|Dr)\. )", line):
            continue
        for size in (1, 2, 3):
            match = FULL_HEADING.match(" ".join(lines[index : index + size]))
            if match:
                found.append(match.group(0)[:-1])
                break
    return found


def main() -> None:
    # --small: one record, one run of each extractor (CI).
    small = "--small" in sys.argv[1:]
    args = [arg for arg in sys.argv[1:] if arg != "--small"]
    folder = Path(args[0]) if args else ROOT / "corpus" / "verbatim"
    files = sorted(folder.glob("*.pdf"))[: 1 if small else None]
    blobs = {path.name: path.read_bytes() for path in files}
    expected = {name: printed_headings(name, data) for name, data in blobs.items()}
    print(f"{len(files)} files from {folder}")
    header = f"{'extractor':38} {'pages':>5} {'pages/s':>8} {'headings':>8} {'split':>5} {'glued':>5}"
    header += f" {'order':>5} {'speeches':>8}"
    print(header)
    for label, extract in CANDIDATES.items():
        try:
            extract(blobs[files[0].name])
        except ImportError as exc:
            # The other candidates are not project dependencies: install them
            # (pdftotext needs libpoppler-cpp-dev) to re-run the comparison.
            print(f"{label:38} not installed ({exc.name})")
            continue
        best = float("inf")
        results: dict[str, list[str]] = {}
        runs = 1 if "pdfminer" in label or small else 3  # pdfminer is slow enough that one run tells
        for _ in range(runs):
            start = time.perf_counter()
            results = {name: extract(data) for name, data in blobs.items()}
            best = min(best, time.perf_counter() - start)
        pages = sum(len(p) for p in results.values())
        text = "\n".join("\n".join(p) for p in results.values())
        headings = len(HEADING.findall(text))
        split = len(SPLIT.findall(text))
        glued = len(GLUED.findall(text))
        order = sum(order_errors(p) for p in results.values())
        matches = [headings_in(p) == expected[name] for name, p in results.items()]
        speeches = f"{sum(matches)}/{len(matches)}"
        print(
            f"{label:38} {pages:5d} {pages / best:8.1f} {headings:8d} {split:5d} {glued:5d}"
            f" {order:5d} {speeches:>8}"
        )


if __name__ == "__main__":
    main()
