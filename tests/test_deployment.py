"""What can be checked of the deployment here: no Docker engine runs on our machines."""

import os
import shlex
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def load_compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_names_a_healthy_database_and_the_web_app():
    services = load_compose()["services"]
    assert set(services) == {"db", "db-replica", "redis", "migrate", "indexer", "web", "proxy"}
    assert services["db"]["image"] == "postgres:16"
    assert "pg_isready" in " ".join(services["db"]["healthcheck"]["test"])
    assert services["web"]["depends_on"]["db"] == {"condition": "service_healthy"}
    assert services["web"]["environment"]["DATABASE_URL"].startswith("postgres://")


def test_compose_runs_several_web_processes_behind_a_proxy_reading_from_a_replica():
    services = load_compose()["services"]
    web = services["web"]
    assert web["deploy"]["replicas"] >= 2
    assert "ports" not in web
    assert services["proxy"]["ports"] == ["8000:80"]
    nginx = (ROOT / "docker" / "nginx.conf").read_text()
    assert "proxy_pass http://archive" in nginx and "server web:8000" in nginx
    assert "proxy_buffering off" in nginx  # downloads stream through
    environment = web["environment"]
    assert "@db-replica:5432/" in environment["DATABASE_REPLICA_URLS"]
    assert environment["REDIS_URL"].startswith("redis://redis:6379")
    # The primary streams to the replica, which starts from a base backup of it.
    assert "wal_level=replica" in services["db"]["command"]
    replica_script = (ROOT / "docker" / "replica-entrypoint.sh").read_text()
    assert 'pg_basebackup -h "$PRIMARY_HOST"' in replica_script and " -R " in replica_script
    assert "host replication" in (ROOT / "docker" / "primary-init.sh").read_text()
    # One migration run, before the web processes start.
    assert web["depends_on"]["migrate"] == {"condition": "service_completed_successfully"}
    assert environment["MIGRATE_ON_START"] == "0"


def test_compose_keeps_one_search_index_per_host_up_to_date():
    services = load_compose()["services"]
    volume = "searchindex:/data/search-index"
    assert volume in services["web"]["volumes"] and volume in services["indexer"]["volumes"]
    assert services["web"]["environment"]["SEARCH_INDEX_DIR"] == "/data/search-index"
    assert "manage.py searchindex" in " ".join(services["indexer"]["command"])
    assert (
        "mkdir -p /data/search-index && chown repertoire /data/search-index"
        in (ROOT / "Dockerfile").read_text()
    )


def test_the_image_command_and_entrypoint_exist():
    lines = (ROOT / "Dockerfile").read_text().splitlines()
    entrypoint = next(line for line in lines if line.startswith("ENTRYPOINT"))
    script = ROOT / entrypoint.split('"')[1].removeprefix("/app/")
    assert script.exists() and os.access(script, os.X_OK)
    assert "manage.py migrate" in script.read_text()
    cmd = next(line for line in lines if line.startswith("CMD"))
    assert '"gunicorn", "repertoire.wsgi"' in cmd
    requirements = (ROOT / "requirements.txt").read_text()
    assert "gunicorn==" in requirements


def test_the_env_example_names_every_variable_the_web_app_needs():
    names = {line.split("=")[0] for line in (ROOT / ".env.example").read_text().splitlines() if "=" in line}
    assert {"SECRET_KEY", "ALLOWED_HOSTS", "CSRF_TRUSTED_ORIGINS"} <= names


def test_the_documented_ingest_command_is_a_real_command():
    compose = (ROOT / "docker-compose.yml").read_text()
    line = next(line for line in compose.splitlines() if "manage.py ingest" in line)
    args = shlex.split(line.lstrip("# "))
    assert args[:5] == ["docker", "compose", "run", "--rm", "web"]
    assert (ROOT / "debates/management/commands" / f"{args[7]}.py").exists()
