"""
Ingestion: source documents in, rows out, one transaction per document.

A document goes through these steps: the file is checked (a regular file,
within the size its kind may have), its kind is detected from its content
(``debates.loaders.LOADERS``), it is parsed by plain Python with no database,
it is recognised by what it is (the loader's ``identify``), then loaded inside
one transaction, and its ``SourceDocument`` row records the outcome. A
document that fails leaves nothing behind but that record.

Each loader module defines ``KIND``, ``MAX_BYTES``, ``detect(name, head)``,
``parse(name, data)``, ``identify(parsed)`` and ``load(parsed, document,
report)``, and may define ``find_document(parsed)``
to recognise a version of a document whose identity changed with it (a
Repertoire extract cut shorter).

Some sources are published as a folder of several files (the UNSC Debates
corpus: ``speaker.tsv``, ``meta.tsv``, ``speeches.tar``): such a folder is one
source, found whole by ``expand_paths`` and never taken file by file.
"""

from __future__ import annotations

import hashlib
import os
import stat
import time
from pathlib import Path
from types import ModuleType

from django.db import transaction

from .loaders import LOADERS
from .loaders import unscd as unscd_loader
from .models import SourceDocument
from .parsing import unscd
from .reporting import IngestError, Report

__all__ = ["IngestError", "Report", "detect", "expand_paths", "ingest_file"]

# Detection reads the start of a file; a PDF that only its first page can
# identify is read whole, if no larger than this.
HEAD_BYTES = 256 * 1024
MAX_DETECT_BYTES = 50 * 1024 * 1024


def largest_document() -> int:
    """The size limit of the kind of document allowed to be largest: nothing bigger is read at all."""
    return max(loader.MAX_BYTES for loader in LOADERS)


def megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"


# Sources published as a folder of files, by the test that recognises the folder.
FOLDER_SOURCES = {unscd_loader.LABEL: unscd.looks_like_corpus}
# How each is loaded: ``load(path, dry_run=, force=, allow_removals=, progress=)`` → (document, report).
FOLDER_LOADERS = {unscd_loader.LABEL: unscd_loader.ingest_release}


def folder_source(path: Path) -> str | None:
    """What multi-file source the folder ``path`` is, or None."""
    return next((kind for kind, recognises in FOLDER_SOURCES.items() if recognises(path)), None)


class _DryRun(Exception):
    """Rolls back the transaction of a dry run after the real load."""


def detect(name: str, data: bytes) -> ModuleType | None:
    """The loader module for this document, or None if no loader recognises it."""
    for loader in LOADERS:
        if loader.detect(name, data):
            return loader
    return None


FILE_TYPES = {
    stat.S_ISDIR: "a folder",
    stat.S_ISFIFO: "a FIFO (named pipe)",
    stat.S_ISCHR: "a character device",
    stat.S_ISBLK: "a block device",
    stat.S_ISSOCK: "a socket",
}


def check_file(path: Path) -> os.stat_result:
    """The file's status; raise IngestError for anything but a regular file of a size the archive reads.

    Looks without opening: opening a FIFO would wait for a writer forever, and
    reading a device would never end.
    """
    try:
        status = path.stat()
    except OSError as exc:
        raise IngestError(f"cannot read the file ({exc.strerror or exc})") from exc
    if not stat.S_ISREG(status.st_mode):
        what = next((name for test, name in FILE_TYPES.items() if test(status.st_mode)), "a special file")
        raise IngestError(f"not a regular file but {what}: refused")
    if status.st_size > largest_document():
        raise IngestError(
            f"{megabytes(status.st_size)}: larger than any document the archive reads "
            f"(at most {megabytes(largest_document())}); refused without reading it"
        )
    return status


def _read(path: Path, limit: int) -> bytes:
    """At most ``limit`` bytes of the file."""
    try:
        with path.open("rb") as file:
            return file.read(limit)
    except OSError as exc:
        raise IngestError(f"cannot read the file ({exc.strerror or exc})") from exc


def read_document(path: Path) -> tuple[ModuleType, bytes]:
    """The document's loader and bytes, checked: regular file, known kind, within its kind's size limit."""
    size = check_file(path).st_size
    head = _read(path, HEAD_BYTES)
    if not head.strip():
        raise IngestError("the file is empty")
    loader = detect(path.name, head)
    if loader is None and len(head) < size <= MAX_DETECT_BYTES:
        head = _read(path, size)
        loader = detect(path.name, head)
    if loader is None:
        raise IngestError("not a recognised document (no loader knows this kind of file)")
    if size > loader.MAX_BYTES:
        raise IngestError(
            f"{megabytes(size)}: over the limit for a {SourceDocument.Kind(loader.KIND).label.lower()} "
            f"({megabytes(loader.MAX_BYTES)}); refused without reading it"
        )
    data = head if len(head) == size else _read(path, loader.MAX_BYTES + 1)
    if len(data) > loader.MAX_BYTES:
        raise IngestError(f"the file grew past {megabytes(loader.MAX_BYTES)} while it was read")
    return loader, data


def ingest_file(
    path: Path,
    *,
    dry_run: bool = False,
    force: bool = False,
    allow_removals: bool = False,
    progress: bool = False,
) -> tuple[SourceDocument | None, Report]:
    """Ingest one file; raise IngestError (with a one-line reason) if it cannot be.

    A file whose bytes were loaded before, under any name, is skipped unless
    ``force`` (a copy under another name gets a report note). Otherwise the
    document is recognised by what it is (``identify``): a changed file
    under another name is a new version of the same document. A new version
    that would remove more than a small share of the document's statements
    is refused unless ``allow_removals``. With ``dry_run`` the load runs for
    real inside a transaction that is then rolled back: the report (and its
    ``plan``) tells what an ingest would do, and nothing is written.

    A folder that is a multi-file source (``FOLDER_SOURCES``) goes to its own
    loader, which streams it (``progress``: a bar on the terminal).
    """
    started = time.perf_counter()
    report = Report(allow_removals=allow_removals)
    if path.is_dir():
        kind = folder_source(path)
        if kind is None:
            raise IngestError("a folder, not a document")
        return FOLDER_LOADERS[kind](
            path, dry_run=dry_run, force=force, allow_removals=allow_removals, progress=progress
        )
    loader, data = read_document(path)
    report.kind = loader.KIND
    checksum = hashlib.sha256(data).hexdigest()

    same_bytes = (
        SourceDocument.objects.filter(checksum=checksum)
        .exclude(outcome=SourceDocument.Outcome.FAILED)
        .order_by("pk")
        .first()
    )
    if same_bytes is not None and not force:
        report.skipped = True
        if same_bytes.name != path.name:
            report.note(
                f"the same bytes as {same_bytes.name} ({same_bytes.identity}), loaded before: "
                "a copy under another name, skipped"
            )
        report.seconds = time.perf_counter() - started
        return same_bytes, report

    failed_before = SourceDocument.objects.filter(name=path.name, identity="").first()
    try:
        parsed = loader.parse(path.name, data)
        identity = loader.identify(parsed)
        existing = _find_document(loader, parsed, identity, path.name)
    except Exception as exc:
        message = (
            str(exc) if isinstance(exc, IngestError) else f"could not be parsed: {type(exc).__name__}: {exc}"
        )
        message = message.splitlines()[0] if message else type(exc).__name__
        _record_failure(path, loader.KIND, checksum, len(data), failed_before, "", dry_run, message)
        raise IngestError(message) from exc

    loaded_before = existing is not None and existing.outcome != SourceDocument.Outcome.FAILED
    if loaded_before and existing.name != path.name:
        report.note(f"a new version of {existing.identity or existing.name}, last loaded as {existing.name}")
    try:
        with transaction.atomic():
            document = existing or SourceDocument(identity=identity)
            document.name = path.name
            document.checksum = checksum
            document.kind = loader.KIND
            document.size = len(data)
            document.outcome = SourceDocument.Outcome.LOADED
            document.message = ""
            document.save()
            if failed_before is not None and failed_before.pk != document.pk:
                failed_before.delete()  # its failure is history: the document now loads
            loader.load(parsed, document, report)
            # The identity changes after the load, so that what the load says of the
            # document (a refusal, a tombstone) names the version it replaces.
            document.identity = identity
            document.counts = dict(report.counts)
            document.message = report.summary()
            document.save(update_fields=["identity", "counts", "message"])
            if dry_run:
                raise _DryRun
    except _DryRun:
        report.seconds = time.perf_counter() - started
        return None, report
    except IngestError as exc:
        _record_failure(path, loader.KIND, checksum, len(data), existing, identity, dry_run, str(exc))
        raise
    except Exception as exc:  # a loader bug or a database error: the batch must go on
        _record_failure(path, loader.KIND, checksum, len(data), existing, identity, dry_run, repr(exc))
        raise IngestError(f"could not be loaded: {type(exc).__name__}: {exc}".splitlines()[0]) from exc
    report.seconds = time.perf_counter() - started
    return document, report


def _find_document(loader: ModuleType, parsed, identity: str, name: str) -> SourceDocument | None:
    """The document this file is a version of: same identity; or what the loader recognises
    (``find_document``); or a row recorded by name before documents had identities."""
    document = SourceDocument.objects.filter(identity=identity).first()
    if document is None and hasattr(loader, "find_document"):
        document = loader.find_document(parsed)
    if document is None:
        document = SourceDocument.objects.filter(name=name, identity="", kind=loader.KIND).first()
    return document


def _record_failure(path, kind, checksum, size, existing, identity, dry_run, message) -> None:
    """Note the failure on the document's row, without touching what it loaded before."""
    if dry_run:
        return
    if existing is not None and existing.outcome != SourceDocument.Outcome.FAILED:
        # A document that loaded before keeps its rows and its checksum, so
        # that the next run tries the new version again.
        SourceDocument.objects.filter(pk=existing.pk).update(message=f"last ingest failed: {message}"[:2000])
        return
    values = {"checksum": checksum, "kind": kind, "size": size, "outcome": SourceDocument.Outcome.FAILED}
    values["message"] = message[:2000]
    if existing is not None:
        SourceDocument.objects.filter(pk=existing.pk).update(name=path.name, **values)
    elif identity:
        SourceDocument.objects.update_or_create(identity=identity, defaults={"name": path.name, **values})
    else:
        SourceDocument.objects.update_or_create(name=path.name, identity="", defaults=values)


def expand_paths(paths: list[Path]) -> list[tuple[Path, bool]]:
    """Sources to ingest, each with whether it was named explicitly (not found in a folder).

    A source is a file, or a folder that holds one source as several files
    (``folder_source``): such a folder is listed once and its files are not.
    Special files are listed too, so that they are refused by name rather than
    passed over in silence.
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
