"""
Reads from PostgreSQL streaming replicas, writes to the primary.

``DATABASE_REPLICA_URLS`` (settings) adds one database alias per replica
(``replica1``, ``replica2``, …) and installs ``ReplicaRouter``. A replica
lags the primary by a moment, so reads go there only where a stale read is
harmless: public GET and HEAD requests (``ReplicaMiddleware`` allows it for
the length of the request). Everything else reads from the primary, so a
writer always sees its own writes:

* management commands (``ingest``, ``export``), the shell and tests: nothing
  allows replica reads outside a request;
* requests that may write (POST and the other unsafe methods), signed-in
  requests (the admin, where staff correct attributions and must see the
  correction at once) and, for ``REPLICA_PIN_SECONDS`` after a write, the
  requests of the browser that wrote (a cookie), so that the redirect after
  a form shows what was just saved;
* anything inside a transaction on the primary, and anything after the first
  write of a request.
"""

from __future__ import annotations

import random
import time
from contextvars import ContextVar

from django.conf import settings
from django.db import connections

PRIMARY = "default"
PIN_COOKIE = "primary_until"

# Whether this request may read from a replica; unset (False) outside requests.
_replica_reads: ContextVar[bool] = ContextVar("replica_reads", default=False)
# Set by the first write of a request: the rest of it reads from the primary.
_wrote: ContextVar[bool] = ContextVar("wrote", default=False)


def replica_aliases() -> list[str]:
    return [alias for alias in settings.DATABASES if alias != PRIMARY]


class ReplicaRouter:
    """Routes reads to a random replica when the current request allows it, writes to the primary."""

    def db_for_read(self, model, **hints):
        replicas = replica_aliases()
        if not replicas or not _replica_reads.get() or _wrote.get():
            return PRIMARY
        if connections[PRIMARY].in_atomic_block:
            return PRIMARY
        return random.choice(replicas)  # noqa: S311 - load spreading, not security

    def db_for_write(self, model, **hints):
        _wrote.set(True)
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        # Every alias holds the same data: objects from a replica relate to the primary's.
        return True

    def allow_migrate(self, db, app_label, **hints):
        # Replicas receive the schema through replication.
        return db == PRIMARY


class ReplicaMiddleware:
    """Allows replica reads for safe, anonymous requests of browsers that did not just write."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        pinned = request.COOKIES.get(PIN_COOKIE, "")
        recently_wrote = pinned.isdigit() and int(pinned) > time.time()
        allowed = (
            request.method in ("GET", "HEAD")
            and not recently_wrote
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
        )
        reads, wrote = _replica_reads.set(allowed), _wrote.set(False)
        try:
            response = self.get_response(request)
            if _wrote.get() or request.method not in ("GET", "HEAD", "OPTIONS"):
                seconds = settings.REPLICA_PIN_SECONDS
                response.set_cookie(
                    PIN_COOKIE,
                    str(int(time.time()) + seconds),
                    max_age=seconds,
                    httponly=True,
                    samesite="Lax",
                )
            return response
        finally:
            _replica_reads.reset(reads)
            _wrote.reset(wrote)


def reading_from_replicas() -> bool:
    """Whether reads of the current context may go to a replica (for tests and diagnostics)."""
    return bool(replica_aliases()) and _replica_reads.get() and not _wrote.get()
