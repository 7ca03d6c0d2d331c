"""The synthetic UNSC Debates corpus of the benchmarks, at a small size: the reader reads it whole."""

from __future__ import annotations

import importlib.util
import statistics
import sys
from pathlib import Path

import pytest

from debates.parsing.unscd import read_corpus

BENCH = Path(__file__).resolve().parent.parent / "bench" / "synth_unscd.py"


@pytest.fixture(scope="module")
def synth():
    spec = importlib.util.spec_from_file_location("synth_unscd", BENCH)
    module = importlib.util.module_from_spec(spec)
    sys.modules["synth_unscd"] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    yield module
    del sys.modules["synth_unscd"]


def read(folder: Path):
    with read_corpus(folder) as corpus:
        records = list(corpus.records())
    return records, corpus


def test_a_small_synthetic_corpus_reads_whole_in_the_releases_proportions(synth, tmp_path):
    written = synth.write_corpus(tmp_path / "unscd", 500)

    records, corpus = read(tmp_path / "unscd")

    assert corpus.problems == []
    assert written == {"records": 31, "speeches": 500, "characters": written["characters"]}
    assert (len(records), sum(len(r.speeches) for r in records)) == (31, 500)
    assert all(len(r.speeches) == r.expected for r in records)
    assert len({r.symbol for r in records}) == 31
    assert records[0].date.year == 1992 and records[-1].date.year == 2023
    # Who speaks, and how, comes from the real records.
    capacities = {s.capacity for r in records for s in r.speeches}
    assert {"president", "national", "briefer"} <= capacities


def test_the_tar_may_list_the_texts_in_another_order_and_read_the_same(synth, tmp_path):
    synth.write_corpus(tmp_path / "table", 300, seed=7)
    synth.write_corpus(tmp_path / "shuffled", 300, seed=7, tar_order="shuffled")

    table, _ = read(tmp_path / "table")
    shuffled, corpus = read(tmp_path / "shuffled")

    assert corpus.problems == []
    assert [(s.filename, s.label, s.text) for r in shuffled for s in r.speeches] == [
        (s.filename, s.label, s.text) for r in table for s in r.speeches
    ]


def test_speech_texts_have_the_releases_mean_length_and_real_sentences(synth):
    texts = list(synth.speech_texts(3000, seed=11))
    sentences = set(synth.real_sentences())

    assert len(texts) == 3000
    assert statistics.mean(len(t) for t in texts) == pytest.approx(synth.MEAN_LENGTH, rel=0.05)
    assert statistics.median(len(t) for t in texts) < synth.MEAN_LENGTH  # skewed, as real speeches are
    assert texts[0].split(". ")[0] + "." in sentences or texts[0] in sentences
