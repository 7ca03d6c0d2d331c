"""
Settings for Repertoire, read from environment variables.

Every variable has a friendly development default, so that a newcomer can
check out the code, install requirements.txt and run ``manage.py runserver``
on SQLite with nothing else installed. Production (``DEBUG=0``) refuses to
start without a ``SECRET_KEY``.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: str) -> bool:
    value = os.environ.get(name, default).strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off", ""):
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), got {value!r}")


def envlist(name: str, default: str) -> list[str]:
    return [part.strip() for part in os.environ.get(name, default).split(",") if part.strip()]


DEBUG = envbool("DEBUG", "1")

# A development key is only acceptable while DEBUG is on: sessions, CSRF
# tokens and password resets are signed with it.
DEV_SECRET_KEY = "django-insecure-repertoire-development-only"
SECRET_KEY = os.environ.get("SECRET_KEY") or (DEV_SECRET_KEY if DEBUG else "")
if not SECRET_KEY:
    raise ImproperlyConfigured(
        "SECRET_KEY is not set. Production (DEBUG=0) needs a long random SECRET_KEY "
        'in the environment, e.g. python -c "import secrets; print(secrets.token_urlsafe(50))".'
    )

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django_filters",
    "simple_history",
    "debates",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Directly after SecurityMiddleware, as whitenoise's documentation asks.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Whether this request may read from a replica: before anything reads the database.
    "debates.routers.ReplicaMiddleware",
    # Public pages from the cache, and 304s, before sessions and authentication cost anything.
    "debates.caching.ArchiveCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Other sites' pages may read the API, the downloads and the feeds (GET only).
    "debates.middleware.CorsMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Records the signed-in user in the history of every change made in a request.
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "repertoire.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "repertoire.wsgi.application"

# Default database engine is SQLite, in a file in the project directory, so
# that the archive runs with nothing installed. Production sets DATABASE_URL
# to postgres://user:password@host:5432/name.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
PG_OPTIONS = "-c jit=off -c max_parallel_workers_per_gather=0"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server read while an ingest writes; a busy timeout
    # makes a writer wait for another instead of failing at once.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
else:
    # No JIT: it compiles a search's plan for longer than the search takes (hundreds of
    # milliseconds when a million rows make the plan look expensive). No parallel workers:
    # starting them costs a page more than it saves, and the web processes use the cores.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = PG_OPTIONS

# Read replicas (PostgreSQL streaming replication): comma-separated URLs. Public
# pages read from them; writes, the admin and commands use the primary (see
# debates/routers.py). In tests each replica mirrors the primary.
DATABASE_REPLICA_URLS = envlist("DATABASE_REPLICA_URLS", "")
for number, url in enumerate(DATABASE_REPLICA_URLS, 1):
    DATABASES[f"replica{number}"] = dj_database_url.parse(
        url, conn_max_age=DATABASES["default"]["CONN_MAX_AGE"], conn_health_checks=True
    )
    DATABASES[f"replica{number}"]["OPTIONS"] = {"options": PG_OPTIONS}
    DATABASES[f"replica{number}"]["TEST"] = {"MIRROR": "default"}
if DATABASE_REPLICA_URLS:
    DATABASE_ROUTERS = ["debates.routers.ReplicaRouter"]
# After a write, that browser reads from the primary for this long (replication lag).
REPLICA_PIN_SECONDS = int(os.environ.get("REPLICA_PIN_SECONDS", "10"))

# Django's cache framework: Redis in production (REDIS_URL, e.g.
# redis://redis:6379/0), shared by every web process and host; otherwise
# memory local to each process. Cached pages are keyed on the archive's
# version, so an ingest or a correction makes every process miss at once.
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL, "TIMEOUT": 3600}
        if REDIS_URL
        else {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "TIMEOUT": 3600,
            "OPTIONS": {"MAX_ENTRIES": 2000},
        }
    )
}
# Seconds a browser or proxy may reuse a public page without asking again; 0
# (the default) makes them revalidate each time, answered by a cheap 304.
HTTP_CACHE_MAX_AGE = int(os.environ.get("HTTP_CACHE_MAX_AGE", "0"))
# Each process reads the archive's version (one small query) at most this often: a change
# committed by another process or host shows within this many seconds.
ARCHIVE_VERSION_TTL = float(os.environ.get("ARCHIVE_VERSION_TTL", "1"))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Compressed, hashed file names in production; the plain storage while
    # developing so that collectstatic is not needed to see a change.
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# The shipped corpus that `manage.py ingest` loads by default.
CORPUS_DIR = Path(os.environ.get("CORPUS_DIR", BASE_DIR / "corpus"))

LOGIN_URL = "admin:login"

if not DEBUG:
    # Production behind HTTPS; `manage.py check --deploy` is clean with these.
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "1")
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # Behind the proxy of several web processes (docker-compose.yml), the Host it forwards.
    USE_X_FORWARDED_HOST = envbool("USE_X_FORWARDED_HOST", "0")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# The public address of the archive, used for the URLs in exports.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# The statements' search index (debates.searchindex, docs/search.md): optional, Tantivy. Each host
# keeps its own under SEARCH_INDEX_DIR, or several share one volume. SEARCH_ENGINE=0 answers every
# list from the database.
SEARCH_INDEX_DIR = Path(os.environ.get("SEARCH_INDEX_DIR", BASE_DIR / "search-index"))
SEARCH_ENGINE = envbool("SEARCH_ENGINE", "1")
