"""Settings come from the environment, with development defaults and a strict production mode."""

import os
import subprocess
import sys
from pathlib import Path

import dj_database_url

ROOT = Path(__file__).resolve().parent.parent


def run_manage(*args, env_overrides, unset=()):
    env = {k: v for k, v in os.environ.items() if k not in unset}
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_database_url_defaults_to_a_sqlite_file_in_the_project():
    code = (
        "from django.conf import settings; d = settings.DATABASES['default']; print(d['ENGINE'], d['NAME'])"
    )
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT, env={**env, "DJANGO_SETTINGS_MODULE": "repertoire.settings"},
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    engine, name = result.stdout.split()
    assert engine == "django.db.backends.sqlite3", result.stderr
    assert Path(name) == ROOT / "db.sqlite3"


def test_database_url_parses_postgres_urls():
    config = dj_database_url.parse("postgres://archivist:s3cret@db.example.org:5433/repertoire")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["USER"], config["PASSWORD"]) == ("archivist", "s3cret")
    assert (config["HOST"], config["PORT"], config["NAME"]) == ("db.example.org", 5433, "repertoire")


def test_settings_read_database_url_from_the_environment():
    code = (
        "from django.conf import settings; d = settings.DATABASES['default']; print(d['ENGINE'], d['NAME'])"
    )
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "repertoire.settings",
             "DATABASE_URL": "postgres://u@localhost:5432/archive_db"},
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.stdout.split() == ["django.db.backends.postgresql", "archive_db"], result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    result = run_manage("check", env_overrides={"DEBUG": "0"}, unset=("SECRET_KEY",))
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_a_malformed_boolean_is_named():
    result = run_manage("check", env_overrides={"DEBUG": "maybe"})
    assert result.returncode != 0
    assert "DEBUG must be a boolean" in result.stderr


def test_production_settings_pass_the_deployment_checklist():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env_overrides={
            "DEBUG": "0",
            "SECRET_KEY": "k8Jr2-very-long-and-random-secret-key-for-the-deploy-check-0123456789abcdef",
            "ALLOWED_HOSTS": "archive.example.org",
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNINGS" not in result.stdout + result.stderr
