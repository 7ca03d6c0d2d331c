"""
Synthesise a UNSC Debates corpus of the full release's size, in its published layout.

    python bench/synth_unscd.py OUT [--speeches 106302] [--seed N] [--tar-order table|shuffled] [--unpacked]

writes ``OUT/speaker.tsv``, ``OUT/meta.tsv`` and ``OUT/speeches.tar`` (or
``OUT/speeches/``): by default 106,302 speeches in 6,595 records, as release
6.1 holds, 1992 to 2023. Everything is made of the shipped 2020 part
(``corpus/unscd-2020``): each record copies the rows of a real record (who
spoke, in what capacity, under which form of address, on which topic), and
each speech keeps the first and last sentences of the speech it copies (so
that a covering letter still opens "I have the honour to…" and a President's
national statement still ends "I now resume my functions…") with real
sentences drawn at random between them, to a length drawn from the real
speeches' lengths, scaled to the release's mean of 3,658 characters.

It streams: records are planned first (a few numbers each), then written one
at a time, so memory stays flat whatever ``--speeches``. ``--tar-order
shuffled`` lists the tar's members in random order, unlike the table, to
measure a reader that has to hold texts until their row comes.

Importable for other benchmarks: :func:`speech_texts` yields realistic
speeches (real sentences, real length distribution) without writing a corpus;
:func:`write_corpus` writes one.
"""

from __future__ import annotations

import argparse
import bisect
import contextlib
import datetime as dt
import functools
import io
import random
import re
import resource
import subprocess
import sys
import tarfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from debates.parsing.unscd import Record, Speech, read_corpus  # noqa: E402

SHIPPED = ROOT / "corpus" / "unscd-2020"

# Release 6.1 (February 2025): 106,302 speeches of 6,595 records, 1992–2023,
# a speech's text 3,658 characters long on average.
SPEECHES = 106_302
RECORDS = 6_595
MEAN_LENGTH = 3_658
FIRST_DAY, LAST_DAY = dt.date(1992, 1, 1), dt.date(2023, 12, 31)

HEADER = (
    "\tfilename\tdate\tday\tmonth\tyear\tspeaker\tspeaker_undl\tspeaker_country\tcountry_org\trole\t"
    "participanttype\tspeech_number\trecord_speech\ttokens\ttypes\tsentences\ttopic\tagenda_item1\t"
    "agenda_item2\tagenda_item3\tagenda_item4\tagenda_item_manual\tdocument_symbol\tmeeting_symbol\t"
    "speech_format"
)
META_HEADER = "\tbasename\tdate\ttopic\tyear\tmonth\tday\tspv\tnum_speeches"
PARTICIPANTTYPE = {"president": "The President", "member": "Mentioned", "guest": "Guest"}
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"(])")


# --- What the shipped part gives ----------------------------------------------------------


@functools.cache
def shipped_records() -> tuple[Record, ...]:
    """The shipped 2020 part, read once."""
    with read_corpus(SHIPPED) as corpus:
        return tuple(corpus.records())


@functools.cache
def real_sentences() -> tuple[str, ...]:
    """The sentences of the shipped speeches (without their forms of address), 20 to 600 characters."""
    return tuple(
        sentence
        for record in shipped_records()
        for speech in record.speeches
        for sentence in SENTENCE_END.split(speech.text)
        if 20 <= len(sentence) <= 600
    )


@functools.cache
def real_lengths() -> tuple[int, ...]:
    """The shipped speeches' lengths as published (form of address included)."""
    return tuple(len(_printed(speech)) for record in shipped_records() for speech in record.speeches)


def length_sampler(rng: random.Random, mean: float = MEAN_LENGTH) -> Callable[[], int]:
    """Draws lengths from the real distribution, scaled so that its mean is ``mean``."""
    lengths = real_lengths()
    scale = mean / (sum(lengths) / len(lengths))
    return lambda: max(40, round(rng.choice(lengths) * scale))


def compose(rng: random.Random, length: int, first: str = "", last: str = "") -> str:
    """Real sentences drawn at random until the text is about ``length`` characters long,
    between ``first`` and ``last`` when given.

    A sentence is added while that brings the text nearer to ``length``
    than stopping would, so that lengths are right on average.
    """
    sentences = real_sentences()
    if last and len(first) + len(last) >= length:
        last = ""  # a short speech: its opening is what characterises it
    parts = [first] if first else []
    size = len(first) + len(last) + (1 if last else 0) - (0 if first else 1)
    while True:
        sentence = rng.choice(sentences)
        if parts and size + 1 + len(sentence) / 2 > length:
            return " ".join([*parts, last] if last else parts)
        parts.append(sentence)
        size += 1 + len(sentence)


def speech_texts(n: int, *, seed: int = 1992, mean: float = MEAN_LENGTH) -> Iterator[str]:
    """``n`` realistic speeches: real sentences, the real length distribution scaled to ``mean``."""
    rng = random.Random(seed)
    draw = length_sampler(rng, mean)
    for _ in range(n):
        yield compose(rng, draw())


# --- Planning the records --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PlannedRecord:
    """A synthetic record: the real record it copies, and its own symbol, date and size."""

    index: int
    template: int  # index into shipped_records()
    size: int
    symbol: str
    meeting_symbol: str
    basename: str
    date: dt.date
    spv: str


def plan(speeches: int = SPEECHES, *, records: int | None = None, seed: int = 1992) -> list[PlannedRecord]:
    """The records of a corpus of ``speeches`` speeches, in date order (a few fields each)."""
    rng = random.Random(seed)
    templates = shipped_records()
    records = records or max(1, round(speeches * RECORDS / SPEECHES))
    chosen = [rng.randrange(len(templates)) for _ in range(records)]
    sizes = [len(templates[t].speeches) for t in chosen]
    # Sizes as the real records have them, adjusted to add up exactly.
    while sum(sizes) > speeches:
        i = rng.randrange(records)
        sizes[i] -= sizes[i] > 1
    while sum(sizes) < speeches:
        sizes[rng.randrange(records)] += 1
    span = (LAST_DAY - FIRST_DAY).days
    planned: list[PlannedRecord] = []
    meeting, resumed = 3045, 0
    for index, (template, size) in enumerate(zip(chosen, sizes, strict=True)):
        real = templates[template]
        day = FIRST_DAY + dt.timedelta(days=span * index // max(1, records - 1))
        if real.letter:
            number = index + 1
            symbol = meeting_symbol = f"S/{day.year}/{number}"
            spv = f"{day.year}_{number}"
        else:
            # A resumption resumes the last meeting, numbered after its other records.
            if real.resumption == 0 or meeting == 3045:
                meeting, resumed = meeting + 1, 0
            else:
                resumed += 1
            symbol = meeting_symbol = f"S/PV.{meeting}"
            spv = str(meeting)
            if resumed:
                symbol = f"{meeting_symbol} (Resumption {resumed})"
                spv = f"{meeting}Resumption{resumed}"
        planned.append(
            PlannedRecord(
                index, template, size, symbol, meeting_symbol, f"UNSC_{day.year}_SPV.{spv}", day, spv
            )
        )
    return planned


def speech_of(record: PlannedRecord, position: int, seed: int) -> tuple[str, Speech, str]:
    """Speech ``position`` (from 1) of ``record``: its file name, the real speech it copies, its text.

    Deterministic: the same speech comes out whenever it is asked for, so that the
    tar can list the texts in another order than the table.
    """
    real = shipped_records()[record.template].speeches
    model = real[(position - 1) % len(real)]
    rng = random.Random(f"{seed}:{record.index}:{position}")
    length = length_sampler(rng)()
    heading = f"{model.label}: " if model.label else ""
    said = SENTENCE_END.split(model.text)
    first, last = said[0][:600], (said[-1][:600] if len(said) > 2 else "")
    text = heading + compose(rng, max(40, length - len(heading)), first, last)
    return f"{record.basename}_spch{position:03d}.txt", model, text


# --- Writing -------------------------------------------------------------------------------------


def write_corpus(
    folder: Path,
    speeches: int = SPEECHES,
    *,
    records: int | None = None,
    seed: int = 1992,
    tar_order: str = "table",
    unpacked: bool = False,
) -> dict[str, float]:
    """Write a synthetic corpus into ``folder``; return what was written."""
    folder.mkdir(parents=True, exist_ok=True)
    planned = plan(speeches, records=records, seed=seed)
    chars = 0
    row = 0
    speeches_dir = folder / "speeches"
    if unpacked:
        speeches_dir.mkdir(exist_ok=True)
    with contextlib.ExitStack() as stack:
        tar = None
        if not unpacked:
            tar = stack.enter_context(tarfile.open(folder / "speeches.tar", "w", format=tarfile.USTAR_FORMAT))
        with (
            (folder / "speaker.tsv").open("w", encoding="utf-8", newline="\n") as table,
            (folder / "meta.tsv").open("w", encoding="utf-8", newline="\n") as meta,
        ):
            table.write(HEADER + "\n")
            meta.write(META_HEADER + "\n")
            for record in planned:
                real = shipped_records()[record.template]
                day = record.date
                meta.write(
                    f"{record.index + 1}\t{record.basename}\t{day}\t{real.topic}\t{day.year}\t{day.month}\t"
                    f"{day.day}\t{record.spv}\t{record.size}\n"
                )
                for position in range(1, record.size + 1):
                    row += 1
                    name, model, text = speech_of(record, position, seed)
                    chars += len(text)
                    words = text.split()
                    items = (list(model.agenda_items) + [""] * 4)[:4]
                    fields = [
                        str(row), name, str(day), str(day.day), str(day.month), str(day.year), model.speaker,
                        "", "", model.country_org, model.role, PARTICIPANTTYPE.get(model.participant, ""),
                        str(position), "", str(len(words)), str(len(set(words))),
                        str(len(SENTENCE_END.split(text))), real.topic, *items, model.agenda_item_manual,
                        record.symbol, record.meeting_symbol, model.speech_format or real.speech_format,
                    ]  # fmt: skip
                    table.write("\t".join(fields) + "\n")
                    if tar_order == "table":
                        _add(tar, speeches_dir, name, text)
        if tar_order != "table":
            # Every speech again, in random order: regenerated, not kept.
            order = list(range(speeches))
            random.Random(seed).shuffle(order)
            starts = [0]
            for record in planned:
                starts.append(starts[-1] + record.size)
            for n in order:
                k = bisect.bisect_right(starts, n) - 1
                name, _, text = speech_of(planned[k], n - starts[k] + 1, seed)
                _add(tar, speeches_dir, name, text)
    return {"records": len(planned), "speeches": row, "characters": chars}


def _add(tar: tarfile.TarFile | None, folder: Path, name: str, text: str) -> None:
    data = text.encode("utf-8")
    if tar is None:
        (folder / name).write_bytes(data)
        return
    info = tarfile.TarInfo(f"speeches/{name}")
    info.size = len(data)
    info.mtime = 1735689600
    info.mode = 0o644
    tar.addfile(info, io.BytesIO(data))
    tar.members.clear()  # TarFile keeps every header it writes otherwise


def _printed(speech: Speech) -> str:
    return f"{speech.label}: {speech.text}" if speech.label else speech.text


def generate(folder: Path, speeches: int, *, tar_order: str = "table") -> None:
    """Write a release to ``folder`` in a child process, so that the generator's memory never
    counts in the peak of the benchmark that reads or imports it. Prints what it wrote and when."""
    started = time.perf_counter()
    command = [sys.executable, __file__, str(folder), "--speeches", str(speeches), "--tar-order", tar_order]
    subprocess.run(command, check=True)
    print(f"generated in {time.perf_counter() - started:.1f} s", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    parser.add_argument("folder", type=Path, help="Where to write the corpus.")
    parser.add_argument("--speeches", type=int, default=SPEECHES, help=f"How many (default {SPEECHES:,}).")
    parser.add_argument("--records", type=int, help="How many records (default: the release's proportion).")
    parser.add_argument("--seed", type=int, default=1992)
    parser.add_argument("--tar-order", choices=["table", "shuffled"], default="table")
    parser.add_argument("--unpacked", action="store_true", help="A speeches/ folder instead of speeches.tar.")
    args = parser.parse_args()
    if args.speeches < 1:
        parser.error("--speeches must be at least 1")
    started = time.perf_counter()
    written = write_corpus(
        args.folder,
        args.speeches,
        records=args.records,
        seed=args.seed,
        tar_order=args.tar_order,
        unpacked=args.unpacked,
    )
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    mean = written["characters"] / written["speeches"]
    print(
        f"wrote {written['records']:,} records, {written['speeches']:,} speeches, "
        f"{written['characters'] / 1e6:,.1f} M characters (mean {mean:,.0f}) "
        f"to {args.folder} in {seconds:.1f} s, peak memory {peak:.0f} MB"
    )


if __name__ == "__main__":
    main()
