"""
Ingestion: source documents in, rows out, one transaction per document.

A document goes through four steps: its kind is detected from its content
(``debates.loaders.LOADERS``), it is parsed by plain Python with no database,
then loaded inside one transaction, and its ``SourceDocument`` row records the
outcome. A document that fails leaves nothing behind but that record.

Some sources are published as a folder of several files (the UNSC Debates
corpus: ``speaker.tsv``, ``meta.tsv``, ``speeches.tar``): such a folder is one
source, found whole by ``expand_paths`` and never taken file by file.
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
from .parsing import unscd


class IngestError(Exception):
    """A one-line reason why a document cannot be ingested."""


class NotLoaded(IngestError):
    """A source the archive recognises but does not load: skipped when met inside a folder."""


# Sources published as a folder of files, by the test that recognises the folder.
FOLDER_SOURCES = {"the UNSC Debates corpus": unscd.looks_like_corpus}


def folder_source(path: Path) -> str | None:
    """What multi-file source the folder ``path`` is, or None."""
    return next((kind for kind, recognises in FOLDER_SOURCES.items() if recognises(path)), None)


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
    if path.is_dir():
        kind = folder_source(path)
        if kind is None:
            raise IngestError("a folder, not a document")
        raise NotLoaded(f"{kind}: recognised, but this version of the archive does not load it")
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
    """Sources to ingest, each with whether it was named explicitly (not found in a folder).

    A source is a file, or a folder that holds one source as several files
    (``folder_source``): such a folder is listed once and its files are not.
    """
    found: list[tuple[Path, bool]] = []
    for path in paths:
        if not path.is_dir() or folder_source(path):
            found.append((path, True))
        else:
            sources: list[Path] = []
            for child in sorted(path.rglob("*")):
                if any(child.is_relative_to(source) for source in sources):
                    continue
                if child.is_dir():
                    if folder_source(child):
                        sources.append(child)
                        found.append((child, False))
                elif not child.name.startswith(".") and child.name.lower() != "readme.md":
                    found.append((child, False))
    return found
