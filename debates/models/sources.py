"""
Where rows come from: the source documents, and the archive's state of change.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from django.conf import settings
from django.db import models
from django.db.models import Q


class SourceDocument(models.Model):
    """A document the archive was built from: what makes ingestion idempotent.

    A document is known by what it is, not by its file name: each loader
    gives an ``identity`` from its content (a record symbol such as
    ``S/PV.8699 (Resumption 1)``, a decision symbol, ``meeting-table:1995``,
    the Repertoire's items), and the checksum of the version last loaded
    tells whether a file needs parsing again. The same bytes under another
    name are the same document; changed bytes with the same identity are a
    new version of it. The name is only the one it last came under.
    """

    class Kind(models.TextChoices):
        REPERTOIRE = "repertoire", "Repertoire of the Practice of the Security Council"
        MEETING_TABLE = "meeting_table", "UN library table of meetings"
        VETO_LIST = "veto_list", "UN library veto list"
        RESOLUTION = "resolution", "Resolution text"
        PRESIDENTIAL_STATEMENT = "presidential_statement", "Presidential statement"
        VERBATIM = "verbatim", "Verbatim record (S/PV)"
        # The UN Security Council Debates corpus: the release (identity ``unscd 1992-2023``, by
        # its years) and each of its records (``unscd:S/PV.8699 (Resumption 1)``), loaded one
        # record per transaction.
        UNSCD = "unscd", "UN Security Council Debates corpus"
        REFERENCE = "reference", "Reference list"

    class Outcome(models.TextChoices):
        LOADED = "loaded", "Loaded"
        UNCHANGED = "unchanged", "Unchanged since last ingest"
        FAILED = "failed", "Failed"

    name = models.CharField(max_length=255, help_text="The file name the document last came under.")
    identity = models.CharField(
        max_length=255,
        blank=True,
        help_text="What the document is, from its content (S/PV.8699 (Resumption 1), meeting-table:1995): "
        "its natural key. Blank for a file that failed before it could be read.",
    )
    checksum = models.CharField(max_length=64, help_text="SHA-256 of the bytes of the version last loaded.")
    kind = models.CharField(max_length=32, choices=Kind.choices)
    size = models.PositiveBigIntegerField(default=0, help_text="Size in bytes.")
    first_ingested = models.DateTimeField(auto_now_add=True)
    last_ingested = models.DateTimeField(auto_now=True)
    outcome = models.CharField(max_length=16, choices=Outcome.choices, default=Outcome.LOADED)
    message = models.TextField(blank=True, help_text="Summary of the last ingest, or its error.")
    counts = models.JSONField(default=dict, blank=True, help_text="Rows created per model.")

    class Meta:
        ordering = ["name"]
        constraints = [
            # One row per document, whatever its files were called.
            models.UniqueConstraint(
                fields=["identity"], condition=~Q(identity=""), name="sourcedocument_identity_unique"
            ),
        ]
        indexes = [
            # A re-run skips files whose bytes were loaded before, under any name.
            models.Index(fields=["checksum"], name="sourcedocument_checksum_idx"),
            # Failures of unreadable files are recorded by name.
            models.Index(fields=["name"], name="sourcedocument_name_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    def find_file(self) -> Path | None:
        """The document's file in the corpus folder (``settings.CORPUS_DIR``), or None.

        Looked up by the name it last came under, in the corpus's sub-folders too.
        """
        corpus = Path(settings.CORPUS_DIR)
        direct = corpus / self.name
        if direct.is_file():
            return direct
        return next((path for path in corpus.rglob(self.name) if path.is_file()), None)

    def read_text(self) -> str | None:
        """The text of the version that was loaded, when it is a plain-text file still in the corpus.

        None for PDF and HTML documents (their text is only known to their parser), and for a
        file whose bytes are no longer those loaded: offsets recorded on statements point into
        the version that was loaded, and in another version they would show another passage.
        """
        path = self.find_file()
        if path is None or path.suffix.lower() != ".txt":
            return None
        data = path.read_bytes()
        if self.checksum and hashlib.sha256(data).hexdigest() != self.checksum:
            return None
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")
        # Offsets count characters of the text as the parsers read it: line ends normalised.
        return text.replace("\r\n", "\n").replace("\r", "\n")


class ArchiveState(models.Model):
    """One row: how many committed changes the archive has had, and when the last was.

    Every committed transaction that changed a row of this app (an ingest, a staff
    correction, a merge) adds one (``debates.caching``). Pages are cached, and
    their ETag and Last-Modified given, from this row, so one query tells every
    web process and host whether what it has is still current.
    """

    version = models.PositiveBigIntegerField(default=0)
    changed = models.DateTimeField(help_text="When the last change was committed.")

    def __str__(self) -> str:
        return f"version {self.version} of {self.changed:%Y-%m-%d %H:%M:%S}"
