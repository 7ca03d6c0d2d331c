"""
Ingestion: source documents in, rows out, one transaction per document.

A document goes through four steps: its kind is detected from its content
(``debates.loaders.LOADERS``), it is parsed by plain Python with no database,
then loaded inside one transaction, and its ``SourceDocument`` row records the
outcome. A document that fails leaves nothing behind but that record.
"""

from __future__ import annotations

import hashlib
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

from django.db import transaction

from .loaders import LOADERS
from .models import SourceDocument


class IngestError(Exception):
    """A one-line reason why a document cannot be ingested."""


@dataclass
class Report:
    """What ingesting one document did: rows per model, and notes worth reading."""

    counts: Counter[str] = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)
    kind: str = ""
    skipped: bool = False
    seconds: float = 0.0

    def add(self, what: str, n: int = 1) -> None:
        self.counts[what] += n

    def note(self, message: str) -> None:
        self.notes.append(message)

    def summary(self) -> str:
        return ", ".join(f"{n} {what}" for what, n in sorted(self.counts.items()) if n) or "nothing"


def detect(name: str, data: bytes) -> ModuleType | None:
    """The loader module for this document, or None if no loader recognises it."""
    for loader in LOADERS:
        if loader.detect(name, data):
            return loader
    return None


def read_document(path: Path) -> bytes:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise IngestError(f"cannot read the file ({exc.strerror or exc})") from exc
    if not data.strip():
        raise IngestError("the file is empty")
    return data


def ingest_file(
    path: Path, *, dry_run: bool = False, force: bool = False
) -> tuple[SourceDocument | None, Report]:
    """Ingest one file; raise IngestError (with a one-line reason) if it cannot be.

    Unchanged documents (same name and checksum, loaded before) are skipped
    unless ``force``. With ``dry_run`` the document is parsed and counted but
    nothing is written.
    """
    started = time.perf_counter()
    report = Report()
    data = read_document(path)
    loader = detect(path.name, data)
    if loader is None:
        raise IngestError("not a recognised document (no loader knows this kind of file)")
    report.kind = loader.KIND
    checksum = hashlib.sha256(data).hexdigest()

    existing = SourceDocument.objects.filter(name=path.name).first()
    if (
        not force
        and not dry_run
        and existing is not None
        and existing.checksum == checksum
        and existing.outcome != SourceDocument.Outcome.FAILED
    ):
        report.skipped = True
        report.seconds = time.perf_counter() - started
        return existing, report

    try:
        parsed = loader.parse(path.name, data)
    except Exception as exc:
        message = (
            str(exc) if isinstance(exc, IngestError) else f"could not be parsed: {type(exc).__name__}: {exc}"
        )
        message = message.splitlines()[0] if message else type(exc).__name__
        _record_failure(path, loader.KIND, checksum, len(data), existing, dry_run, message)
        raise IngestError(message) from exc
    if dry_run:
        report.counts.update(loader.summarize(parsed))
        report.seconds = time.perf_counter() - started
        return None, report

    try:
        with transaction.atomic():
            document, _ = SourceDocument.objects.update_or_create(
                name=path.name,
                defaults={
                    "checksum": checksum,
                    "kind": loader.KIND,
                    "size": len(data),
                    "outcome": SourceDocument.Outcome.LOADED,
                    "message": "",
                },
            )
            loader.load(parsed, document, report)
            document.counts = dict(report.counts)
            document.message = report.summary()
            document.save(update_fields=["counts", "message"])
    except IngestError as exc:
        _record_failure(path, loader.KIND, checksum, len(data), existing, dry_run, str(exc))
        raise
    except Exception as exc:  # a loader bug or a database error: the batch must go on
        _record_failure(path, loader.KIND, checksum, len(data), existing, dry_run, repr(exc))
        raise IngestError(f"could not be loaded: {type(exc).__name__}: {exc}".splitlines()[0]) from exc
    report.seconds = time.perf_counter() - started
    return document, report


def _record_failure(path, kind, checksum, size, existing, dry_run, message) -> None:
    """Note the failure on the document's row, without touching what it loaded before."""
    if dry_run:
        return
    if existing is not None:
        # A document that loaded before keeps its rows and its checksum, so
        # that the next run tries the new version again.
        SourceDocument.objects.filter(pk=existing.pk).update(message=f"last ingest failed: {message}"[:2000])
        return
    SourceDocument.objects.update_or_create(
        name=path.name,
        defaults={
            "checksum": checksum,
            "kind": kind,
            "size": size,
            "outcome": SourceDocument.Outcome.FAILED,
            "message": message[:2000],
        },
    )


def expand_paths(paths: list[Path]) -> list[tuple[Path, bool]]:
    """Files to ingest, each with whether it was named explicitly (not found in a folder)."""
    files: list[tuple[Path, bool]] = []
    for path in paths:
        if path.is_dir():
            files.extend(
                (child, False)
                for child in sorted(path.rglob("*"))
                if child.is_file() and not child.name.startswith(".") and child.name.lower() != "readme.md"
            )
        else:
            files.append((path, True))
    return files
