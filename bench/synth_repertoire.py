"""Synthesise a large Repertoire text by repeating the shipped extract with renumbered items, meetings
and decisions, so that every copy is a distinct set of rows (used by ``bench_repertoire.py``)."""

from __future__ import annotations

import re
from pathlib import Path

SAMPLE = (
    Path(__file__).resolve().parent.parent / "corpus" / "repertoire" / "repertoire_2004-2007_items-49-50.txt"
)


def renumbered(text: str, k: int) -> str:
    """Copy ``k`` of the sample: items +2k, meetings +1000k, decision numbers +1000k."""
    if k == 0:
        return text
    text = re.sub(
        r"(?m)^(\s*)(49|50)\.(\s)", lambda m: f"{m.group(1)}{int(m.group(2)) + 2 * k}.{m.group(3)}", text
    )
    text = re.sub(r"\b(5\d{3})(st|nd|rd|th)\b", lambda m: f"{int(m.group(1)) + 1000 * k}{m.group(2)}", text)
    text = re.sub(r"S/PV\.(\d+)", lambda m: f"S/PV.{int(m.group(1)) + 1000 * k}", text)
    text = re.sub(
        r"S/PRST/(\d{4})/(\d+)", lambda m: f"S/PRST/{m.group(1)}/{int(m.group(2)) + 1000 * k}", text
    )
    return re.sub(r"resolution 1631 \(2005\)", f"resolution {1631 + 10000 * k} (2005)", text)


def synthesise(size: int) -> str:
    """At least ``size`` characters of Repertoire text."""
    sample = SAMPLE.read_text(encoding="utf-8")
    parts, total, k = [], 0, 0
    while total < size:
        part = renumbered(sample, k)
        parts.append(part)
        total += len(part)
        k += 1
    return "\n".join(parts)
