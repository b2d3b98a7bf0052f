"""Real `manumit` processes over a throwaway library, on the database the suite runs on:
SQLite in the data folder, or, when the suite runs on PostgreSQL (EXPECT_DB_VENDOR=
postgresql, MANUMIT_DATABASE_URL naming the server), a fresh database of that server."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest

from manumit.tests.support.processes import REPO, environment

TIMEOUT_S = 600  # migrating a new database takes minutes on a loaded machine


@dataclass(frozen=True)
class Library:
    data_dir: Path
    database_url: str  # "" for the data folder's SQLite

    def start(self, *args: str) -> subprocess.Popen[bytes]:
        variables = {"MANUMIT_DATABASE_URL": self.database_url} if self.database_url else {}
        return subprocess.Popen(
            [sys.executable, "-m", "manumit", *args],
            env=environment(self.data_dir, **variables),
            cwd=REPO,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )

    def run(self, *args: str) -> None:
        process = self.start(*args)
        _, err = process.communicate(timeout=TIMEOUT_S)
        assert process.returncode == 0, err.decode()

    def rows(self, sql: str) -> list[tuple[Any, ...]]:
        if not self.database_url:
            with sqlite3.connect(self.data_dir / "manumit.sqlite3") as db:
                return list(db.execute(sql))
        import psycopg

        with psycopg.connect(self.database_url) as db:
            return list(db.execute(sql))  # type: ignore[arg-type]


@contextmanager
def library(tmp_path: Path) -> Iterator[Library]:
    """A migrated, empty library for child processes."""
    data_dir = tmp_path / "var"
    if os.environ.get("EXPECT_DB_VENDOR") != "postgresql":
        made = Library(data_dir, "")
        made.run("migrate", "-v", "0")
        yield made
        return
    import psycopg

    server = os.environ["MANUMIT_DATABASE_URL"]
    name = f"processes_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')  # type: ignore[arg-type]
    try:
        made = Library(data_dir, urlunsplit(urlsplit(server)._replace(path=f"/{name}")))
        made.run("migrate", "-v", "0")
        yield made
    finally:
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')  # type: ignore[arg-type]


def kill_when(process: subprocess.Popen[bytes], ready: Callable[[], bool]) -> None:
    """SIGKILL `process` as soon as `ready()` holds; fail if it ends (or hangs) first."""
    deadline = time.monotonic() + TIMEOUT_S
    while time.monotonic() < deadline and process.poll() is None:
        if ready():
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=30)
            assert process.returncode == -signal.SIGKILL
            return
        time.sleep(0.05)
    _, err = process.communicate(timeout=30) if process.poll() is not None else (b"", b"")
    pytest.fail(f"the process ended (or hung) before it could be killed: {err.decode()[-2000:]}")
