import contextlib

from django.core.management.base import BaseCommand, CommandError

from debates.exports import EXPORTS, write_csv, write_jsonl


class Command(BaseCommand):
    help = "Export statements, meetings, decisions or speakers as JSON Lines or CSV."

    def add_arguments(self, parser):
        parser.add_argument("what", choices=sorted(EXPORTS))
        parser.add_argument("--format", choices=["jsonl", "csv"], default="jsonl")
        parser.add_argument("-o", "--output", help="File to write (default: standard output).")

    def handle(self, what: str, format: str, output: str | None, **options):
        queryset, rows, fields = EXPORTS[what]
        data = rows(queryset())
        chunks = write_csv(data, fields) if format == "csv" else write_jsonl(data, fields)
        with contextlib.ExitStack() as stack:
            try:
                out = stack.enter_context(open(output, "w", encoding="utf-8", newline="")) if output else None
            except OSError as exc:
                raise CommandError(f"{output}: cannot write ({exc.strerror})") from exc
            write = out.write if out else lambda chunk: self.stdout.write(chunk, ending="")
            for chunk in chunks:
                write(chunk)
