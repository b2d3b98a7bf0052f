"""Real `manumit serve` processes for the tests that need a server of their own.

Each server runs in a process group of its own, so that stopping it reaches granian's
workers too and nothing outlives the test; the waits are bounded and show the server's
log when they give up.
"""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from manumit.tests.support.processes import children

START_TIMEOUT_S = 240.0  # collectstatic and two forks on a busy two-core machine
MANUMIT = [sys.executable, "-m", "manumit"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def get(url: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    """One request on a connection of its own (so any worker may take it)."""
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.netloc, timeout=30)
    try:
        connection.request("GET", f"{parts.path}?{parts.query}" if parts.query else parts.path,
                           headers=headers)  # fmt: skip
        response = connection.getresponse()
        # Header names are case-insensitive (granian sends them in lower case).
        headers_seen = {name.lower(): value for name, value in response.getheaders()}
        return response.status, headers_seen, response.read()
    finally:
        connection.close()


def answers(base: str, path: str = "/") -> bool:
    """Whether `path` answers 200 (not yet, while the server starts or builds its index)."""
    try:
        return get(base + path)[0] == 200
    except OSError:
        return False


def start(command: list[str], env: dict[str, str], cwd: Path, log: Path) -> subprocess.Popen[bytes]:
    """`command` in a new process group, its output (both streams) into `log`."""
    with log.open("wb") as stream:
        return subprocess.Popen(
            command, env=env, cwd=cwd, stdout=stream, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip


def stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM to the whole group, as a service manager sends it; SIGKILL if it hangs.

    A server that will not stop still fails the test, but leaves no process behind."""
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=60)
        raise


def wait_until(
    check: Callable[[], object],
    server: subprocess.Popen[bytes],
    log: Path,
    what: str,
    timeout_s: float = START_TIMEOUT_S,
    interval_s: float = 0.5,
) -> None:
    """Poll `check` until it holds; fail, with the log, if the server ends or time runs out."""
    deadline = time.monotonic() + timeout_s
    while not check():
        assert server.poll() is None, log.read_text()
        assert time.monotonic() < deadline, f"{what}\n{log.read_text()}"
        time.sleep(interval_s)


@contextmanager
def serving(
    env: dict[str, str],
    cwd: Path,
    log: Path,
    *options: str,
    workers: int = 1,
    ready: Callable[[str], bool] = answers,
    timeout_s: float = START_TIMEOUT_S,
    interval_s: float = 0.5,
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """`manumit serve` on a free port, once `workers` processes run and `ready(base)`;
    yields (base address, server) and stops the server's whole group afterwards."""
    port = free_port()
    server = start([*MANUMIT, "serve", "--port", str(port), *options], env, cwd, log)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until(
            lambda: len(children(server.pid)) >= workers and ready(base),
            server,
            log,
            "the server never answered",
            timeout_s,
            interval_s,
        )
        yield base, server
    finally:
        stop(server)


@contextmanager
def scratch_database(prefix: str) -> Iterator[str]:
    """'' for SQLite in the data folder; on PostgreSQL, an empty database of our own on
    the server MANUMIT_DATABASE_URL names, dropped afterwards."""
    if os.environ.get("EXPECT_DB_VENDOR") != "postgresql":
        yield ""
        return
    import psycopg

    server = os.environ["MANUMIT_DATABASE_URL"]
    name = f"{prefix}_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(urlsplit(server)._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
