"""`manumit serve` for real: several processes, each following the index, static files
hashed and compressed. One server process tree, bounded by timeouts, stopped at the end."""

from __future__ import annotations

import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest

from manumit.tests.support.processes import environment, run_python

START_TIMEOUT_S = 240.0  # collectstatic and two forks on a busy two-core machine
WORKERS = 2

PUBLISH = """
import django
django.setup()
from manumit.catalog.tests.factories import ResourceFactory
ResourceFactory.create(title="Zanzibar clove harvest audit")
"""


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


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


@pytest.fixture(scope="module")
def served(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[str, subprocess.Popen[bytes], Path]]:
    tmp_path = tmp_path_factory.mktemp("serve")
    data_dir = tmp_path / "var"
    manumit = [sys.executable, "-m", "manumit"]
    env = environment(data_dir)
    subprocess.run([*manumit, "migrate", "-v0"], env=env, check=True, timeout=300, cwd=tmp_path)
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("wb") as stream:
        server = subprocess.Popen(
            [*manumit, "serve", "--port", str(port), "--workers", str(WORKERS), "--threads", "2"],
            env=env,
            stdout=stream,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            cwd=tmp_path,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while len(children(server.pid)) < WORKERS or not answers(base):
            assert server.poll() is None, log.read_text()
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.5)
        yield base, server, data_dir
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)


def answers(base: str) -> bool:
    try:
        return get(base + "/")[0] == 200
    except OSError:
        return False


def test_serve_runs_workers_that_each_find_what_was_just_published(
    served: tuple[str, subprocess.Popen[bytes], Path],
) -> None:
    base, server, data_dir = served
    assert len(children(server.pid)) == WORKERS

    assert run_python(PUBLISH, data_dir).returncode == 0
    # Each request opens a new connection, which any worker may accept: all of them must
    # have picked the change up through their own sync thread within a few seconds.
    deadline = time.monotonic() + 20
    agreeing = 0
    while agreeing < 4 * WORKERS:
        assert time.monotonic() < deadline, "a worker's search never saw the new resource"
        page = get(base + "/search/?q=zanzibar")[2].decode()
        agreeing = agreeing + 1 if "Zanzibar clove harvest audit" in page else 0
        time.sleep(0.05)


def test_served_static_files_are_hashed_compressed_and_kept_for_ever(
    served: tuple[str, subprocess.Popen[bytes], Path],
) -> None:
    base, _, _ = served
    html = get(base + "/")[2].decode()
    found = re.search(r'href="(/static/manumit/site\.[0-9a-f]{12}\.css)"', html)
    assert found, "the page should name the stylesheet by its hashed name"
    status, headers, body = get(base + found.group(1), **{"Accept-Encoding": "gzip"})
    assert status == 200
    assert headers.get("content-encoding") == "gzip"
    assert "immutable" in headers.get("cache-control", "")
    assert body[:2] == b"\x1f\x8b"  # gzip's magic number
