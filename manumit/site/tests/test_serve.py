"""`manumit serve` for real: several processes, each following the index, static files
hashed and compressed. One server process tree, bounded by timeouts, stopped at the end."""

from __future__ import annotations

import re
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from manumit.tests.support.processes import children, environment, run_python
from manumit.tests.support.servers import MANUMIT, get, serving

WORKERS = 2

PUBLISH = """
import django
django.setup()
from manumit.catalog.tests.factories import ResourceFactory
ResourceFactory.create(title="Zanzibar clove harvest audit")
"""


@pytest.fixture(scope="module")
def served(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[str, subprocess.Popen[bytes], Path]]:
    tmp_path = tmp_path_factory.mktemp("serve")
    data_dir = tmp_path / "var"
    env = environment(data_dir)
    subprocess.run([*MANUMIT, "migrate", "-v0"], env=env, check=True, timeout=300, cwd=tmp_path)
    options = ["--workers", str(WORKERS), "--threads", "2"]
    with serving(env, tmp_path, tmp_path / "serve.log", *options, workers=WORKERS) as running:
        base, server = running
        yield base, server, data_dir


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
