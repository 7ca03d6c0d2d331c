#!/usr/bin/env python3
"""
Set up and run Repertoire with nothing but Python 3.11+.

    python3 run.py          create .venv, install, migrate, load the shipped corpus, build
                            the search index, serve the archive on http://127.0.0.1:8000
    python3 run.py test     create .venv, install the test tools, run the whole test suite
                            (extra arguments go to pytest)
    python3 run.py install  only create .venv and install (add --dev for the test tools)

Re-running is cheap: requirements are installed again only when they change, and
documents already ingested are skipped.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")


def run(*args: str | Path, **kwargs) -> None:
    result = subprocess.run([str(a) for a in args], cwd=ROOT, **kwargs)
    if result.returncode != 0:
        sys.exit(result.returncode)


def install(dev: bool) -> None:
    """Create the virtual environment and install the requirements if they changed."""
    if not PYTHON.exists():
        print(f"Creating a virtual environment in {VENV}", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    requirements = ROOT / ("requirements-dev.txt" if dev else "requirements.txt")
    digest = hashlib.sha256(
        b"".join((ROOT / name).read_bytes() for name in ("requirements.txt", requirements.name))
    ).hexdigest()
    stamp = VENV / f".installed-{requirements.stem}"
    if stamp.exists() and stamp.read_text() == digest:
        return
    print(f"Installing {requirements.name}", flush=True)
    run(PYTHON, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r", requirements)
    stamp.write_text(digest)


def serve() -> None:
    install(dev=False)
    run(PYTHON, "manage.py", "migrate", "--no-input", "-v", "0")
    run(PYTHON, "manage.py", "ingest")
    # The search index answers lists in milliseconds at the whole corpus's size; built once, then
    # only the changes since are applied (the database answers until it is current).
    run(PYTHON, "manage.py", "searchindex")
    print("Serving the archive on http://127.0.0.1:8000 (Ctrl-C to stop)", flush=True)
    run(PYTHON, "manage.py", "runserver", "127.0.0.1:8000")


def test(args: list[str]) -> None:
    install(dev=True)
    run(PYTHON, "-m", "pytest", *args)


def main(argv: list[str]) -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 - run.py is started by whatever python3 the machine has
        sys.exit(f"Repertoire needs Python 3.11 or newer; this is {sys.version.split()[0]}.")
    command, rest = (argv[0], argv[1:]) if argv else ("serve", [])
    if command == "serve":
        serve()
    elif command == "test":
        test(rest)
    elif command == "install":
        install(dev="--dev" in rest)
    else:
        sys.exit(f"run.py: unknown command {command!r} (use: serve, test, install)")


if __name__ == "__main__":
    try:
        main(sys.argv[1:])
    except KeyboardInterrupt:
        sys.exit(130)
