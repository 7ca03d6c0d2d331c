"""Reads from a real PostgreSQL streaming replica, writes to the primary.

The test copies the local PostgreSQL (the primary, ``REPLICA_TEST_PRIMARY``,
by default 127.0.0.1:5432) with ``pg_basebackup`` into a second cluster on
another port, starts it as a hot standby streaming from the primary, and runs
the archive in a separate process (``tests/replica_check.py``) with
``DATABASE_URL`` on the primary and ``DATABASE_REPLICA_URLS`` on the replica.
It pauses the replica's replay so that the two differ, and so tells from the
page which database answered. Whatever it set up it removes.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import pytest

ROOT = Path(__file__).resolve().parent.parent
PRIMARY = os.environ.get("REPLICA_TEST_PRIMARY", "postgres://postgres@127.0.0.1:5432")
# Per process: two suites (SQLite, PostgreSQL) may run at once on one machine.
SCRATCH = f"repertoire_replica_check_{os.getpid()}"
HBA_LINE = "host replication all 127.0.0.1/32 trust"


def postgres_bindir() -> Path | None:
    """The directory of the server binaries (pg_basebackup, pg_ctl), or None."""
    # Debian puts them in a directory per major version; elsewhere they are on the PATH.
    candidates = sorted(
        Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name), reverse=True
    )
    found = shutil.which("pg_ctl")
    if found:
        candidates.append(Path(found).resolve().parent)
    for candidate in candidates:
        if (candidate / "pg_ctl").exists() and (candidate / "pg_basebackup").exists():
            return candidate
    return None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def as_postgres(args: list[str], **kwargs) -> subprocess.CompletedProcess:
    """PostgreSQL's server refuses to run as root: run its tools as the ``postgres`` user then."""
    if os.geteuid() == 0:
        args = ["runuser", "-u", "postgres", "--", *args]
    return subprocess.run(args, capture_output=True, text=True, timeout=300, **kwargs)


def allow_replication(admin: psycopg.Connection) -> None:
    """Let the primary accept replication connections from this machine (idempotent)."""
    hba = Path(admin.execute("SHOW hba_file").fetchone()[0])
    if HBA_LINE not in hba.read_text().splitlines():
        with hba.open("a") as handle:
            handle.write(f"\n# Streaming replicas on this machine (replica test).\n{HBA_LINE}\n")
        admin.execute("SELECT pg_reload_conf()")


@pytest.fixture(scope="module")
def replica():
    bindir = postgres_bindir()
    if bindir is None:
        pytest.skip("PostgreSQL's server binaries (pg_ctl, pg_basebackup) are not installed")
    parts = urlsplit(PRIMARY)
    host, port = parts.hostname or "127.0.0.1", parts.port or 5432
    try:
        admin = psycopg.connect(f"{PRIMARY}/postgres", autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as error:
        pytest.skip(f"no PostgreSQL primary at {host}:{port} to replicate: {error}")
    allow_replication(admin)
    admin.execute(f'DROP DATABASE IF EXISTS "{SCRATCH}" WITH (FORCE)')
    admin.execute(f'CREATE DATABASE "{SCRATCH}"')

    workdir = Path(tempfile.mkdtemp(prefix="repertoire-replica-"))
    data = workdir / "data"
    if os.geteuid() == 0:
        shutil.chown(workdir, "postgres", "postgres")
    replica_port = free_port()
    started = False
    try:
        backup = as_postgres(
            [str(bindir / "pg_basebackup"), "-h", host, "-p", str(port), "-U", parts.username or "postgres",
             "-D", str(data), "-X", "stream", "-R", "--checkpoint=fast", "--no-sync"]
        )  # fmt: skip
        assert backup.returncode == 0, f"pg_basebackup failed: {backup.stderr}"
        # Debian keeps the configuration outside the data directory: give the copy its own.
        # A standby needs at least the primary's values of these.
        at_least = "\n".join(
            f"{name} = {admin.execute(f'SHOW {name}').fetchone()[0]}"
            for name in ("max_connections", "max_worker_processes", "max_wal_senders",
                         "max_prepared_transactions", "max_locks_per_transaction")
        )  # fmt: skip
        (data / "postgresql.conf").write_text(
            f"hot_standby = on\nlisten_addresses = '127.0.0.1'\nshared_buffers = 16MB\n{at_least}\n"
            f"port = {replica_port}\nunix_socket_directories = '{workdir}'\n"
        )
        (data / "pg_hba.conf").write_text("local all all trust\nhost all all 127.0.0.1/32 trust\n")
        (data / "pg_ident.conf").write_text("")
        for name in ("postgresql.conf", "pg_hba.conf", "pg_ident.conf"):
            if os.geteuid() == 0:
                shutil.chown(data / name, "postgres", "postgres")
        # Up to 5 minutes: the copy replays the WAL written meanwhile, slow on a busy machine.
        start = as_postgres(
            [str(bindir / "pg_ctl"), "-D", str(data), "-l", str(workdir / "log"), "-w", "-t", "300", "start"]
        )
        assert start.returncode == 0, (
            f"the replica did not start: {start.stderr}{(workdir / 'log').read_text()}"
        )
        started = True
        yield {
            "primary": f"{PRIMARY}/{SCRATCH}",
            "replica": f"postgres://{parts.username or 'postgres'}@127.0.0.1:{replica_port}/{SCRATCH}",
            "admin": admin,
        }
    finally:
        if started:
            as_postgres([str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"])
        shutil.rmtree(workdir, ignore_errors=True)
        admin.execute(f'DROP DATABASE IF EXISTS "{SCRATCH}" WITH (FORCE)')
        admin.close()


def wait_for_replica_database(url: str) -> None:
    """The scratch database reaches the replica through the WAL: wait until it is there."""
    deadline = time.monotonic() + 60
    while True:
        try:
            with psycopg.connect(url, connect_timeout=5) as conn:
                assert conn.execute("SELECT pg_is_in_recovery()").fetchone()[0]
                return
        except psycopg.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def test_reads_go_to_the_replica_and_writes_to_the_primary(replica):
    wait_for_replica_database(replica["replica"])
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "repertoire.settings",
        "DATABASE_URL": replica["primary"],
        "DATABASE_REPLICA_URLS": replica["replica"],
        "DEBUG": "1",
    }
    result = subprocess.run(
        [sys.executable, str(ROOT / "tests" / "replica_check.py")],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-4000:]
    seen = json.loads(result.stdout.strip().splitlines()[-1])

    # The replica is a real hot standby, streaming from the primary.
    assert seen["replica_in_recovery"] is True
    assert seen["primary_in_recovery"] is False
    assert seen["streaming_replicas"] >= 1
    # A public page reads only from the replica, and shows the replica's (paused) state.
    assert seen["page_queries"]["replica1"] > 0
    assert seen["page_queries"]["default"] == 0
    assert seen["page_shows_new_statement"] is False
    # Writes go to the primary, never to the replica.
    assert seen["write_queries"]["default"] > 0
    assert seen["write_queries"]["replica1"] == 0
    # Read-your-writes: the browser that wrote, staff, commands and transactions read from the primary.
    assert seen["after_write_shows_new_statement"] is True
    assert seen["after_write_queries"]["replica1"] == 0
    assert seen["staff_queries"]["replica1"] == 0
    assert seen["command_reads_from"] == "default"
    assert seen["atomic_reads_from"] == "default"
    # Once replay resumes, the replica catches up and public pages show the new statement.
    assert seen["caught_up_shows_new_statement"] is True
