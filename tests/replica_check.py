"""Run by tests/test_replicas.py in its own process, with DATABASE_URL on a primary and
DATABASE_REPLICA_URLS on its streaming replica: exercises the archive and prints what
each database saw, as one line of JSON."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connections, router, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

from debates.models import Statement  # noqa: E402
from tests import factories as f  # noqa: E402

ALIASES = ("default", "replica1")


def lsn(alias: str, function: str) -> str:
    with connections[alias].cursor() as cursor:
        cursor.execute(f"SELECT {function}()")
        return cursor.fetchone()[0]


def wait_until_replayed() -> None:
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()")
        target = cursor.fetchone()[0]
    deadline = time.monotonic() + 60
    with connections["replica1"].cursor() as cursor:
        while True:
            cursor.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [target])
            if cursor.fetchone()[0]:
                return
            if time.monotonic() > deadline:
                raise SystemExit("the replica did not catch up within 60 s")
            time.sleep(0.1)


def queries_of(callable_, kind: str = "") -> tuple[dict[str, int], object]:
    """How many queries (only those starting with ``kind``, if given) each database ran."""
    contexts = {alias: CaptureQueriesContext(connections[alias]) for alias in ALIASES}
    for context in contexts.values():
        context.__enter__()
    try:
        result = callable_()
    finally:
        for context in contexts.values():
            context.__exit__(None, None, None)
    counts = {
        alias: sum(1 for query in context.captured_queries if query["sql"].startswith(kind))
        for alias, context in contexts.items()
    }
    return counts, result


def main() -> None:
    setup_test_environment()
    settings.ALLOWED_HOSTS = ["*"]
    settings.REPERTOIRE_PAGE_CACHE = False
    call_command("migrate", verbosity=0)
    assert settings.DATABASE_ROUTERS == ["debates.routers.ReplicaRouter"]

    fra = f.speaker("France", iso3="FRA")
    meeting = f.meeting(5007, "2004-07-20")
    f.statement(meeting, fra, "France supported targeted sanctions.")
    wait_until_replayed()

    seen = {}
    with connections["replica1"].cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery()")
        seen["replica_in_recovery"] = cursor.fetchone()[0]
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery()")
        seen["primary_in_recovery"] = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'")
        seen["streaming_replicas"] = cursor.fetchone()[0]

    # Freeze the replica: what is written from now on is on the primary only.
    with connections["replica1"].cursor() as cursor:
        cursor.execute("SELECT pg_wal_replay_pause()")
    f.statement(meeting, fra, "A statement written after the pause.")
    assert Statement.objects.count() == 2  # a command reads its own write

    anonymous = Client()
    seen["page_queries"], page = queries_of(lambda: anonymous.get("/meetings/5007/"))
    assert page.status_code == 200, page.status_code
    seen["page_shows_new_statement"] = b"written after the pause" in page.content

    # A staff member signs in (writes the session) and corrects through the admin.
    get_user_model().objects.create_superuser("root", "root@example.org", "a-long-test-password")
    staff = Client()
    assert staff.login(username="root", password="a-long-test-password")
    statement = Statement.objects.get(text="France supported targeted sanctions.")
    seen["staff_queries"], admin_page = queries_of(
        lambda: staff.get(f"/admin/debates/statement/{statement.pk}/change/")
    )
    assert admin_page.status_code == 200, admin_page.status_code

    # Signing in writes (the session, the last login); then the same browser, even without
    # its session cookie, reads from the primary for a while.
    writer = Client()
    seen["write_queries"], _ = queries_of(
        lambda: writer.post("/admin/login/", {"username": "root", "password": "a-long-test-password"}),
        kind="INSERT",
    )
    del writer.cookies[settings.SESSION_COOKIE_NAME]
    seen["after_write_queries"], after = queries_of(lambda: writer.get("/meetings/5007/"))
    seen["after_write_shows_new_statement"] = b"written after the pause" in after.content

    seen["command_reads_from"] = router.db_for_read(Statement)
    with transaction.atomic():
        seen["atomic_reads_from"] = router.db_for_read(Statement)

    with connections["replica1"].cursor() as cursor:
        cursor.execute("SELECT pg_wal_replay_resume()")
    wait_until_replayed()
    seen["caught_up_shows_new_statement"] = (
        b"written after the pause" in Client().get("/meetings/5007/").content
    )
    for alias in ALIASES:
        connections[alias].close()
    print(json.dumps(seen))


if __name__ == "__main__":
    main()
