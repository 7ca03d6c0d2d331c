from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from debates import reconcile
from debates.ingest import IngestError, NotLoaded, expand_paths, ingest_file


class Command(BaseCommand):
    help = (
        "Ingest source documents (files or folders): Repertoire extracts, meeting tables, "
        "resolution texts, presidential statements, verbatim records. Default: the shipped corpus."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "paths", nargs="*", type=Path, help="Files or folders (default: the shipped corpus)."
        )
        parser.add_argument("--dry-run", action="store_true", help="Parse and report; write nothing.")
        parser.add_argument("--force", action="store_true", help="Load documents again even if unchanged.")

    def handle(self, *args, paths: list[Path], dry_run: bool, force: bool, verbosity: int, **options):
        paths = [Path(p) for p in paths] or [settings.CORPUS_DIR]
        for path in paths:
            if not path.exists():
                raise CommandError(f"{path}: no such file or folder")
        loaded = unchanged = skipped = 0
        failed: list[str] = []
        for path, explicit in expand_paths(paths):
            try:
                document, report = ingest_file(path, dry_run=dry_run, force=force)
            except IngestError as exc:
                known = isinstance(exc, NotLoaded)  # a source worth a word, unlike a stray file
                if not explicit and (known or str(exc).startswith("not a recognised document")):
                    skipped += 1
                    if verbosity >= (1 if known else 2):
                        self.stdout.write(f"{path}: skipped, {exc}")
                    continue
                failed.append(str(path))
                self.stderr.write(f"{path}: {exc}")
                continue
            if report.skipped:
                unchanged += 1
                if verbosity >= 2:
                    self.stdout.write(f"{path.name}: unchanged")
                continue
            loaded += 1
            if verbosity >= 1:
                self.stdout.write(
                    f"{path.name} [{report.kind}]: {report.summary()} in {report.seconds:.2f} s"
                )
            if verbosity >= 1:
                for note in report.notes[:50] if verbosity < 2 else report.notes:
                    self.stdout.write(f"  {note}")
                if verbosity < 2 and len(report.notes) > 50:
                    self.stdout.write(f"  … and {len(report.notes) - 50} more notes (use -v 2)")
        if loaded and not dry_run:
            # Checks across sources (vetoes, tallies, membership, Presidents), rebuilt from what is stored.
            found = reconcile.run()
            if verbosity >= 1:
                self.stdout.write(
                    "cross-source checks: "
                    + ", ".join(f"{n} {what}" for what, n in found.items())
                    + " disagreement(s) recorded (manage.py audit lists them)"
                )
        verb = "parsed" if dry_run else "loaded"
        summary = (
            f"{loaded} document(s) {verb}, {unchanged} unchanged, {skipped} skipped, {len(failed)} failed"
        )
        if failed:
            self.stderr.write(self.style.ERROR(summary))
            raise CommandError(f"{len(failed)} document(s) failed: {', '.join(failed)}")
        self.stdout.write(self.style.SUCCESS(summary))
