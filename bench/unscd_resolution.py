"""
How many of a UNSC Debates release's speakers the gazetteer resolves.

    python bench/unscd_resolution.py [PATH]      # default: the shipped 2020 part

Reads the release with ``debates.parsing.unscd`` and looks up every distinct
``country_org`` in ``debates.gazetteer.Gazetteer.default()``, as written and
as the reader cleans it for resolution (``Speech.entity``: a language marker
replaced by the heading's State, OCR debris dropped). Prints the share of
distinct values and of speeches resolved, then each unresolved value with its
count, most frequent first. No database.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from debates.gazetteer import Gazetteer  # noqa: E402
from debates.parsing.unscd import read_corpus  # noqa: E402


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "corpus" / "unscd-2020"
    written: Counter[str] = Counter()
    with read_corpus(folder) as corpus:
        for record in corpus.records():
            written.update(speech.country_org for speech in record.speeches)
        cleaned = corpus.country_orgs
    lookup = Gazetteer.default().lookup
    for what, counts in (
        ("country_org as written", written),
        ("country_org as the reader cleans it", cleaned),
    ):
        resolved = {value for value in counts if value and lookup(value) is not None}
        speeches = sum(counts[value] for value in resolved)
        print(
            f"{what}: {len(resolved)} of {len(counts)} distinct values resolved "
            f"({len(resolved) / len(counts):.1%}), {speeches:,} of {sum(counts.values()):,} speeches "
            f"({speeches / sum(counts.values()):.1%})"
        )
    print("unresolved (as the reader cleans it), with the speeches of each:")
    for value, n in sorted(cleaned.items(), key=lambda item: (-item[1], item[0])):
        if not value or lookup(value) is None:
            print(f"{n:6,}  {value or '(empty)'}")


if __name__ == "__main__":
    main()
