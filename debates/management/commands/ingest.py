from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from debates import reconcile, searchindex
from debates.ingest import IngestError, expand_paths, ingest_file
from debates.loaders.unscd import ReleaseFailed

# Lines of notes and of a dry run's plan shown per document at the default verbosity.
SHOWN = 50


class Command(BaseCommand):
    help = (
        "Ingest source documents (files or folders): Repertoire extracts, meeting tables, "
        "resolution texts, presidential statements, verbatim records, the UNSC Debates corpus (a folder "
        "of speaker.tsv, meta.tsv and speeches.tar). Default: the shipped corpus."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "paths", nargs="*", type=Path, help="Files or folders (default: the shipped corpus)."
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Load for real inside a transaction that is rolled back: say what would be created, "
            "changed and removed, and write nothing.",
        )
        parser.add_argument("--force", action="store_true", help="Load documents again even if unchanged.")
        parser.add_argument(
            "--allow-removals",
            action="store_true",
            help="Accept new versions that remove more than 10%% of a document's statements "
            "(their permalinks become tombstones).",
        )

    def handle(self, *args, dry_run: bool, **options):
        try:
            # One document per transaction: the search index is brought up to date once, at the end.
            with searchindex.applying_deferred():
                self._ingest(*args, dry_run=dry_run, **options)
        finally:
            if not dry_run:
                searchindex.apply_after_commit()

    def _ingest(
        self,
        *args,
        paths: list[Path],
        dry_run: bool,
        force: bool,
        allow_removals: bool,
        verbosity: int,
        **options,
    ):
        paths = [Path(p) for p in paths] or [settings.CORPUS_DIR]
        for path in paths:
            if not path.exists() and not path.is_symlink():
                raise CommandError(f"{path}: no such file or folder")
        loaded = unchanged = skipped = partly = 0
        failed: list[str] = []
        for path, explicit in expand_paths(paths):
            try:
                document, report = ingest_file(
                    path,
                    dry_run=dry_run,
                    force=force,
                    allow_removals=allow_removals,
                    progress=verbosity >= 1 and self.stderr.isatty(),
                )
            except ReleaseFailed as exc:
                # A multi-file source loaded in part: what loaded is reported, then each failure.
                self._summary(path, exc.report, verbosity, dry_run)
                failed.append(str(path))
                partly += 1
                for line in exc.lines:
                    self.stderr.write(f"{path}: {line}")
                self.stderr.write(f"{path}: {exc}")
                continue
            except IngestError as exc:
                if not explicit and str(exc).startswith("not a recognised document"):
                    skipped += 1
                    if verbosity >= 2:
                        self.stdout.write(f"{path}: skipped, {exc}")
                    continue
                failed.append(str(path))
                self.stderr.write(f"{path}: {exc}")
                continue
            if report.skipped:
                unchanged += 1
                if verbosity >= 2 or (verbosity >= 1 and report.notes):
                    self.stdout.write(f"{path.name}: {report.notes[0] if report.notes else 'unchanged'}")
                continue
            loaded += 1
            self._summary(path, report, verbosity, dry_run)
        if (loaded or partly) and not dry_run:
            # Checks across sources (vetoes, tallies, membership, Presidents), rebuilt from what is stored.
            found = reconcile.run()
            if verbosity >= 1:
                self.stdout.write(
                    "cross-source checks: "
                    + ", ".join(f"{n} {what}" for what, n in found.items())
                    + " disagreement(s) recorded (manage.py audit lists them)"
                )
        verb = "checked (dry run, nothing written)" if dry_run else "loaded"
        summary = (
            f"{loaded} document(s) {verb}, {unchanged} unchanged, {skipped} skipped, {len(failed)} failed"
        )
        if failed:
            self.stderr.write(self.style.ERROR(summary))
            raise CommandError(f"{len(failed)} document(s) failed: {', '.join(failed)}")
        self.stdout.write(self.style.SUCCESS(summary))

    def _summary(self, path: Path, report, verbosity: int, dry_run: bool) -> None:
        if verbosity >= 1:
            self.stdout.write(f"{path.name} [{report.kind}]: {report.summary()} in {report.seconds:.2f} s")
            self._lines(report.notes, verbosity, "notes")
            if dry_run:
                self._lines(report.plan, verbosity, "statements")

    def _lines(self, lines: list[str], verbosity: int, what: str) -> None:
        for line in lines[:SHOWN] if verbosity < 2 else lines:
            self.stdout.write(f"  {line}")
        if verbosity < 2 and len(lines) > SHOWN:
            self.stdout.write(f"  … and {len(lines) - SHOWN} more {what} (use -v 2)")
