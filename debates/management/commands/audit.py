from django.core.management.base import BaseCommand
from django.db.models import Count

from debates import reconcile
from debates.models import Discrepancy, Meeting, Presidency, Speaker


class Command(BaseCommand):
    help = (
        "Print every disagreement between sources, by kind, with counts (runs the cross-source checks first)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--no-check", action="store_true", help="Report what is recorded; check nothing.")
        parser.add_argument("--limit", type=int, default=5, help="Examples shown per kind (default 5).")

    def handle(self, *args, no_check: bool, limit: int, **options):
        if not no_check:
            reconcile.run()
        labels = dict(Discrepancy.Kind.choices)
        total = Discrepancy.objects.count()
        self.stdout.write(f"{total} disagreement(s) between sources")
        by_kind = Discrepancy.objects.values("kind").annotate(n=Count("pk")).order_by("-n", "kind")
        for row in by_kind:
            self.stdout.write(f"\n{row['n']:>6}  {row['kind']}: {labels.get(row['kind'], row['kind'])}")
            fields = (
                Discrepancy.objects.filter(kind=row["kind"])
                .values("model", "field")
                .annotate(n=Count("pk"))
                .order_by("-n", "model", "field")
            )
            for f in fields:
                self.stdout.write(f"{f['n']:>12}  {f['model']}.{f['field']}")
            for d in Discrepancy.objects.filter(kind=row["kind"]).order_by("object_key")[:limit]:
                self.stdout.write(
                    f"              {d.object_key}: {d.kept_value[:60]!r} / {d.other_value[:60]!r}"
                )
        unresolved = Speaker.objects.filter(needs_review=True).count()
        known = Meeting.objects.filter(president__isnull=False).count()
        self.stdout.write(
            f"\n{unresolved} speaker label(s) unresolved (admin: Unresolved labels); "
            f"Presidents known for {known} of {Meeting.objects.count()} meetings "
            f"({Presidency.objects.count()} months derived or recorded)"
        )
