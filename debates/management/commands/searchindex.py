"""``manage.py searchindex``: bring the statements' search index up to date (``debates.searchindex``)."""

from django.core.management.base import BaseCommand, CommandError

from debates import searchindex


class Command(BaseCommand):
    help = (
        "Apply the statement changes not yet in the search index (SEARCH_INDEX_DIR), in order; build "
        "the index if there is none usable. --rebuild builds it afresh and swaps it in."
    )

    def add_arguments(self, parser):
        parser.add_argument("--rebuild", action="store_true", help="Index every statement again.")
        parser.add_argument("--database", default="default", help="The database to index (the primary).")

    def handle(self, *args, rebuild: bool, database: str, verbosity: int, **options):
        if searchindex.tantivy is None:
            raise CommandError("The search index needs the tantivy package (pip install tantivy).")
        try:
            if rebuild:
                progress = (lambda n: self.stdout.write(f"  {n:,} statements")) if verbosity >= 2 else None
                figures = searchindex.rebuild(database, progress=progress)
                message = f"Indexed {figures['statements']:,} statements in {figures['seconds']} s"
            else:
                figures = searchindex.apply_pending(database)
                if "rebuilt" in figures:
                    message = f"No usable index: indexed {figures['rebuilt']:,} statements"
                else:
                    message = f"Applied {figures['changes']:,} changes"
        except TimeoutError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"{message}; up to change {figures['applied']:,}."))
