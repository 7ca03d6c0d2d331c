"""
What an ingest tells its caller: the ``Report`` of one document and the
``IngestError`` that refuses one.

A module of its own so that ``debates.ingest`` (the framework) and
``debates.loaders`` (one module per document kind) can both use them without
importing each other.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field


class IngestError(Exception):
    """A one-line reason why a document cannot be ingested."""


@dataclass
class Report:
    """What ingesting one document did: rows per model, and notes worth reading.

    ``plan`` lists what the load did to statements, one line each
    (``created``, ``changed``, ``removed`` with the statement's id and label),
    so that a dry run can say exactly what a real one would do.
    """

    counts: Counter[str] = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)
    plan: list[str] = field(default_factory=list)
    kind: str = ""
    skipped: bool = False
    seconds: float = 0.0
    # What the caller allows: a new version that removes more than a small share of a
    # document's statements is refused without it (``ingest --allow-removals``).
    allow_removals: bool = False

    def add(self, what: str, n: int = 1) -> None:
        self.counts[what] += n

    def note(self, message: str) -> None:
        self.notes.append(message)

    def summary(self) -> str:
        return ", ".join(f"{n} {what}" for what, n in sorted(self.counts.items()) if n) or "nothing"
