"""
Reading the UNSC Debates corpus at the full release's size: throughput and peak memory.

    python bench/bench_unscd_parse.py                        # 106,302 speeches, generated first
    python bench/bench_unscd_parse.py --speeches 2000        # small (CI)
    python bench/bench_unscd_parse.py --corpus PATH          # a release already on disk (e.g. Dataverse's)
    python bench/bench_unscd_parse.py --tar-order shuffled   # a tar that lists texts in another order

Generates a corpus with ``synth_unscd.py`` in a child process (its memory is
not this one's) in a temporary folder, then reads it with
``debates.parsing.unscd`` as a loader would: every record, every speech, no
database. Prints the time to check the folder, the time to stream it,
speeches and megabytes per second, and this process's peak resident memory,
which must stay flat however large the corpus: compare two sizes.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import synth_unscd  # noqa: E402  (bench/, beside this script)

from debates.parsing.unscd import read_corpus  # noqa: E402


def _peak_mb(who: int = resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # kB on Linux


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    parser.add_argument("--speeches", type=int, default=106_302, help="Size of the generated corpus.")
    parser.add_argument("--corpus", type=Path, help="Read this release instead of generating one.")
    parser.add_argument("--tar-order", choices=["table", "shuffled"], default="table")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-unscd-") as tmp:
        folder = args.corpus
        if folder is None:
            folder = Path(tmp) / "unscd"
            synth_unscd.generate(folder, args.speeches, tar_order=args.tar_order)
        size = sum(p.stat().st_size for p in folder.iterdir() if p.is_file())
        baseline = _peak_mb()

        started = time.perf_counter()
        corpus = read_corpus(folder)
        checked = time.perf_counter() - started
        records = speeches = characters = 0
        for record in corpus.records():
            records += 1
            speeches += len(record.speeches)
            characters += sum(len(speech.text) for speech in record.speeches)
        seconds = time.perf_counter() - started
        problems = len(corpus.problems)

    print(f"corpus: {size / 1e6:,.0f} MB on disk, {records:,} records, {speeches:,} speeches")
    print(f"problems reported: {problems}")
    print(f"checked (folder, columns, tar headers) in {checked:.1f} s; read in {seconds:.1f} s in all")
    print(
        f"throughput: {speeches / seconds:,.0f} speeches/s, "
        f"{characters / 1e6 / seconds:,.1f} M characters/s, {size / 1e6 / seconds:,.1f} MB/s"
    )
    print(
        f"peak memory: {_peak_mb():.0f} MB (the interpreter and the reader's code alone: {baseline:.0f} MB)"
    )


if __name__ == "__main__":
    main()
