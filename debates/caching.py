"""
HTTP caching and Django's cache framework for the public pages.

The archive changes only when something is committed: an ingest, a staff
correction, a merge of speakers. Each such transaction adds one to
``ArchiveState.version`` when it commits (``note_change``, connected to every
save and delete of this app's models, history records included). The public
pages are then:

* revalidated by browsers and proxies with ``ETag`` (the version and the
  code's release) and ``Last-Modified`` (the time of the last change), answered
  with a 304 after one query;
* kept whole in Django's cache (Redis in production, shared by every process;
  local memory otherwise) under a key holding the version, so that after a
  change every process misses at once and nothing has to be deleted.

Only anonymous GET and HEAD requests are cached: a signed-in member of staff
always gets a fresh page, as does any request that sets a cookie.
"""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import connections, router, transaction
from django.db.models import F
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date

from .models import ArchiveState

UNCACHED_PREFIXES = ("/admin/", "/export/")


def _release() -> str:
    """What changes with the code: a page cached by other templates is another page."""
    if os.environ.get("RELEASE"):
        return os.environ["RELEASE"]
    root = Path(settings.BASE_DIR)
    digest = hashlib.sha1(usedforsecurity=False)
    for path in sorted([*root.glob("templates/**/*.html"), *root.glob("debates/**/*.py")]):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


RELEASE = _release()


# The version as last read, per database alias: (monotonic time read, (version, changed)).
_memo: dict[str, tuple[float, tuple[int, object]]] = {}


def archive_version(using: str | None = None) -> tuple[int, object]:
    """``(version, changed)`` of the archive. Costs a query, at most once every
    ``ARCHIVE_VERSION_TTL`` seconds per process (a change committed by this process is seen at
    once; one committed by another process or host within that time)."""
    using = using or router.db_for_read(ArchiveState)
    ttl = getattr(settings, "ARCHIVE_VERSION_TTL", 1.0)
    now = time.monotonic()
    memo = _memo.get(using)
    if memo is not None and now - memo[0] < ttl:
        return memo[1]
    row = ArchiveState.objects.using(using).filter(pk=1).values_list("version", "changed").first()
    _memo[using] = (now, row or (0, None))
    return _memo[using][1]


def bump(using: str = "default") -> None:
    """Count one committed change of the archive."""
    now = timezone.now()
    if not ArchiveState.objects.using(using).filter(pk=1).update(version=F("version") + 1, changed=now):
        ArchiveState.objects.using(using).get_or_create(pk=1, defaults={"version": 1, "changed": now})
    _memo.clear()


def note_change(sender, using: str = "default", **kwargs) -> None:
    """Signal handler: a row of this app changed; count it once when its transaction commits."""
    if sender._meta.app_label != "debates" or sender is ArchiveState:
        return
    connection = connections[using]
    if any(isinstance(callback, _Bump) and not callback.done for _, callback, _ in connection.run_on_commit):
        return
    transaction.on_commit(_Bump(using), using=using)


class _Bump:
    """``bump`` for one database, recognisable in the list of on-commit callbacks."""

    def __init__(self, using: str):
        self.using = using
        self.done = False

    def __call__(self) -> None:
        self.done = True
        bump(self.using)
        # The search index catches up with what just committed (until it has, lists are
        # answered by the database: ``debates.searchindex``).
        from .searchindex import apply_after_commit

        apply_after_commit(self.using)


def _cacheable_request(request) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.path.startswith(UNCACHED_PREFIXES)
    )


class ArchiveCacheMiddleware:
    """Conditional GET and whole-page caching of public pages, keyed on the archive's version."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _cacheable_request(request):
            return self.get_response(request)
        version, changed = archive_version()
        etag = f'"{version}-{RELEASE}"'
        last_modified = changed.timestamp() if changed else None
        not_modified = get_conditional_response(request, etag=etag, last_modified=last_modified)
        if not_modified is not None:
            return self._headers(not_modified, etag, last_modified)
        use_cache = getattr(settings, "REPERTOIRE_PAGE_CACHE", True)
        url = hashlib.sha1(request.build_absolute_uri().encode(), usedforsecurity=False).hexdigest()
        key = f"page:{RELEASE}:{version}:{url}"
        stored = cache.get(key) if use_cache else None
        if stored is not None:
            status, headers, content = stored
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
        else:
            response = self.get_response(request)
            if not self._storable(response):
                return response
            if use_cache:
                cache.set(key, (response.status_code, list(response.items()), response.content))
        return self._headers(response, etag, last_modified)

    @staticmethod
    def _storable(response) -> bool:
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not response.has_header("Cache-Control")
        )

    @staticmethod
    def _headers(response, etag: str, last_modified: float | None):
        response["ETag"] = etag
        if last_modified is not None:
            response["Last-Modified"] = http_date(last_modified)
        patch_cache_control(response, public=True, max_age=settings.HTTP_CACHE_MAX_AGE)
        # A signed-in request gets another page (never cached): shared caches must tell them apart.
        patch_vary_headers(response, ["Cookie"])
        return response


def per_version(key: str, compute):
    """``compute()``, kept in Django's cache until the archive changes (``REPERTOIRE_FRAGMENT_CACHE``
    turns it off: tests change rows without committing, so the version never moves there)."""
    if not getattr(settings, "REPERTOIRE_FRAGMENT_CACHE", True):
        return compute()
    cache_key = f"value:{RELEASE}:{archive_version()[0]}:{key}"
    value = cache.get(cache_key)
    if value is None:
        value = compute()
        cache.set(cache_key, value)
    return value
