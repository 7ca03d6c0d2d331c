"""
The verbatim-record parser on records it has never seen, in every form of the record.

    python bench/eval_verbatim_forms.py [FOLDER] [--forms F,…] [--records N] [--show N]

FOLDER holds records in the Debates corpus's published layout (``speaker.tsv``,
``meta.tsv``, ``speeches.tar``): by default the corpus's 2020 part shipped in
``corpus/unscd-2020``. Each verbatim
record (S/PV) is drawn as a PDF in the forms ``born-digital``, ``typescript``
and ``scan``, each videoconference letter (S/2020/NNN) as a ``letter``
(``tests/verbatim_forms.py``), and parsed. The corpus segments the records
independently of this parser: its speeches, with the headings it read, are
the answer.

Printed per form: records, speeches drawn and parsed, speeches aligned with
the right speaker and start (precision = aligned / parsed, recall = aligned /
drawn), unread lines, pages and seconds. The goal is 0.98 or better on each
form. ``--show`` lists that many misalignments.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
GOAL = 0.98
RECORD_FORMS = ("born-digital", "typescript", "scan")


def main() -> None:
    from debates.parsing.verbatim import VerbatimError, parse_record
    from tests.verbatim_forms import FORMS, Score, read_unscd, render, score

    default = ROOT / "corpus" / "unscd-2020"
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", nargs="?", type=Path, default=default)
    parser.add_argument("--forms", default=",".join(FORMS))
    parser.add_argument(
        "--records", type=int, default=0, help="at most this many records of each kind (0: all)"
    )
    parser.add_argument("--show", type=int, default=10)
    options = parser.parse_args()
    forms = [f for f in options.forms.split(",") if f]

    records = read_unscd(options.folder)
    meetings = [r for r in records if not r.letter]
    letters = [r for r in records if r.letter]
    if options.records:
        meetings, letters = meetings[: options.records], letters[: options.records]
    print(f"{len(meetings)} records and {len(letters)} letters from {options.folder}")
    totals: dict[str, Score] = defaultdict(Score)
    pages: dict[str, int] = defaultdict(int)
    seconds: dict[str, float] = defaultdict(float)
    counts: dict[str, int] = defaultdict(int)
    failures: list[str] = []
    for form in forms:
        for record in letters if form == "letter" else meetings:
            started = time.perf_counter()
            data = render(record, form)
            try:
                parsed = parse_record(data, f"{record.symbol.replace('/', '_')}.pdf")
            except VerbatimError as error:
                failures.append(f"{form}: {error}")
                totals[form] += Score(gold=len(record.speeches))
                continue
            seconds[form] += time.perf_counter() - started
            pages[form] += parsed.page_count
            counts[form] += 1
            totals[form] += score(record, parsed)

    header = (
        f"{'form':13} {'records':>7} {'drawn':>6} {'parsed':>6} {'aligned':>7} {'precision':>9} {'recall':>6}"
    )
    print(f"\n{header} {'unread':>6} {'pages':>6} {'seconds':>7}")
    for form in forms:
        total = totals[form]
        verdict = "meets" if min(total.precision, total.recall) >= GOAL else "MISSES"
        print(
            f"{form:13} {counts[form]:7d} {total.gold:6d} {total.parsed:6d} {total.matched:7d}"
            f" {total.precision:9.3f} {total.recall:6.3f} {total.unread:6d}"
            f" {pages[form]:6d} {seconds[form]:7.1f}"
            f"  {verdict} the goal of {GOAL}"
        )
    for failure in failures:
        print(f"failed: {failure}")
    if options.show:
        for form in forms:
            for miss in totals[form].misses[: options.show]:
                print(f"{form}: {miss}")


if __name__ == "__main__":
    main()
