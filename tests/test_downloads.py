"""Downloads under the production server (gunicorn with gunicorn.conf.py): complete, or visibly broken.

The archive is served by a real gunicorn from a SQLite file filled by the
benchmarks' builder (30,000 statements, a CSV of about 12 MB), and read over
a socket as a browser or ``curl`` would.
"""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
STATEMENTS = 30_000


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    database = tmp_path_factory.mktemp("downloads") / "archive.sqlite3"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "DJANGO_SETTINGS_MODULE": "repertoire.settings",
        "DEBUG": "1",
    }
    build = (
        "import sys; sys.path[:0] = [sys.argv[1], sys.argv[1] + '/bench']; import django; django.setup(); "
        f"import archive; archive.ensure(speeches=0, statements={STATEMENTS})"
    )
    made = subprocess.run(
        [sys.executable, "-c", build, str(ROOT)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert made.returncode == 0, made.stderr
    port = free_port()
    gunicorn = Path(sys.executable).with_name("gunicorn")
    process = subprocess.Popen(
        [str(gunicorn), "repertoire.wsgi", "-c", "gunicorn.conf.py", "--bind", f"127.0.0.1:{port}",
         "--workers", "1", "--access-logfile", "/dev/null"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert process.poll() is None and time.monotonic() < deadline, "gunicorn did not start"
                time.sleep(0.2)
        yield {"port": port, "master": process.pid}
    finally:
        process.terminate()
        process.wait(timeout=30)


def workers_of(master: int) -> list[int]:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return [int(pid) for pid in children]


def test_a_large_download_completes_with_its_last_line(server):
    connection = http.client.HTTPConnection("127.0.0.1", server["port"], timeout=120)
    connection.request("GET", "/export/statements.csv")
    response = connection.getresponse()
    assert response.status == 200
    # No length announced: the end of the body is the last chunk, which only a finished export sends.
    assert response.getheader("Transfer-Encoding") == "chunked"
    assert response.getheader("Content-Length") is None
    body = response.read().decode()  # raises IncompleteRead if the last chunk never came
    import csv
    import io

    rows = list(csv.reader(io.StringIO(body)))
    assert len(rows) == STATEMENTS + 1  # the header, then a row a statement


def test_an_interrupted_download_is_visibly_broken(server):
    connection = http.client.HTTPConnection("127.0.0.1", server["port"], timeout=120)
    connection.request("GET", "/export/statements.csv")
    response = connection.getresponse()
    assert response.status == 200
    received = response.read(64 * 1024)
    assert received
    # The worker dies mid-download (as when a machine fails or the worker is killed).
    for pid in workers_of(server["master"]):
        os.kill(pid, signal.SIGKILL)
    with pytest.raises(http.client.IncompleteRead) as broken:
        response.read()
    received += broken.value.partial
    assert received.count(b"\n") < STATEMENTS
    # The master starts another worker: the archive keeps serving.
    deadline = time.monotonic() + 30
    while True:
        try:
            again = http.client.HTTPConnection("127.0.0.1", server["port"], timeout=10)
            again.request("GET", "/export/speakers.csv")
            assert again.getresponse().status == 200
            break
        except (ConnectionError, http.client.HTTPException, OSError):
            assert time.monotonic() < deadline
            time.sleep(0.3)
