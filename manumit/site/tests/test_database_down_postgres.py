"""PostgreSQL stops under load and comes back: `manumit serve` never answers 500.

A PostgreSQL cluster of this test's own (scripts/postgres.sh with its own folder and port)
serves a migrated library to `manumit serve` (two granian workers, each keeping its
connections). Threads read the listing, a resource, its JSON twin, search, the API,
/healthz and never-cached addresses while the server is crashed (`pg_ctl -m immediate`)
and started again: every answer is 200 or 503, the 503s are the friendly page (JSON for
JSON), and the pages answer 200 again within seconds without a restart of Manumit.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from manumit.tests.support.processes import REPO, environment, run_python
from manumit.tests.support.servers import MANUMIT, free_port, get, serving

SCRIPT = REPO / "scripts" / "postgres.sh"
FRIENDLY = "The library is briefly unavailable"
RECOVERY_LIMIT_S = 20.0  # a few seconds on a quiet machine; two shared cores here
WORKERS = 2

PUBLISH = """
import django
django.setup()
from manumit.catalog.tests.factories import ResourceFactory
print(ResourceFactory.create(title="Zanzibar clove harvest audit").slug)
"""


def postgres_installed() -> bool:
    return any(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))


pytestmark = pytest.mark.skipif(
    not postgres_installed(),
    reason="PostgreSQL's binaries are not installed (CI installs them: scripts/postgres.sh)",
)


class Cluster:
    """scripts/postgres.sh on a folder and port of this test's own."""

    def __init__(self, folder: Path, port: int) -> None:
        self.env = {**os.environ, "PG_DIR": str(folder), "PG_PORT": str(port)}

    def run(self, command: str) -> str:
        done = subprocess.run(
            ["bash", str(SCRIPT), command],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    def start(self) -> str:
        """Starts the cluster; returns its database URL."""
        line = self.run("start").strip().splitlines()[-1]
        return line.removeprefix("export MANUMIT_DATABASE_URL=")


@dataclass(frozen=True)
class Answer:
    address: str
    started: float
    ended: float
    status: int
    headers: dict[str, str]
    body: str


@dataclass
class Library:
    base: str
    slug: str
    cluster: Cluster


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Library]:
    # The cluster's folder must be reachable by the postgres user (pytest's is private).
    holder = Path(tempfile.mkdtemp(prefix="manumit-pg-faults-"))
    holder.chmod(stat.S_IRWXU | stat.S_IRGRP | stat.S_IXGRP | stat.S_IROTH | stat.S_IXOTH)
    cluster = Cluster(holder / "cluster", free_port())
    tmp_path = tmp_path_factory.mktemp("database-down")
    data_dir = tmp_path / "var"
    try:
        url = cluster.start()
        variables = {
            "MANUMIT_DATABASE_URL": url,
            "MANUMIT_PAGE_RATE_LIMIT": "0",  # many requests from one address, on purpose
            "MANUMIT_API_RATE_LIMIT": "1000000",
            "MANUMIT_HEALTH_MIN_FREE_MB": "0",  # the disk is not what this test is about
        }
        env = environment(data_dir, **variables)
        subprocess.run([*MANUMIT, "migrate", "-v0"], env=env, check=True, timeout=600, cwd=tmp_path)
        published = run_python(PUBLISH, data_dir, **variables)
        assert published.returncode == 0, published.stderr
        slug = published.stdout.strip().splitlines()[-1]
        options = ["--workers", str(WORKERS), "--threads", "2"]
        with serving(env, tmp_path, tmp_path / "serve.log", *options, workers=WORKERS) as running:
            yield Library(running[0], slug, cluster)
    finally:
        subprocess.run(["bash", str(SCRIPT), "stop"], env=cluster.env, timeout=120, check=False)
        shutil.rmtree(holder, ignore_errors=True)


def addresses(library: Library) -> dict[str, str]:
    slug = library.slug
    return {
        "home": "/",
        "listing": "/resources/",
        "resource": f"/resources/{slug}/",
        "twin": f"/resources/{slug}.json",
        "search": "/search/?q=zanzibar",
        "api": "/api/v1/resources",
        "healthz": "/healthz",
    }


JSON_KINDS = frozenset({"twin", "api", "healthz"})


class Load:
    """Threads that keep requesting every address (and a never-cached one) until stopped."""

    def __init__(self, library: Library, threads: int = 4) -> None:
        self.library = library
        self.answers: list[tuple[str, Answer]] = []
        self.failures: list[str] = []
        self.stopping = threading.Event()
        self.lock = threading.Lock()
        self.threads = [threading.Thread(target=self.work, args=(n,)) for n in range(threads)]

    def work(self, number: int) -> None:
        kinds = list(addresses(self.library).items())
        count = 0
        while not self.stopping.is_set():
            count += 1
            kind, address = kinds[(number + count) % len(kinds)]
            if count % 5 == 0:  # an address no one asked for before: the cache is cold
                kind, address = "cold", f"/resources/?cold={number}-{count}"
            self.one(kind, address)

    def one(self, kind: str, address: str) -> None:
        started = time.monotonic()
        try:
            status, headers, body = get(self.library.base + address)
        except OSError as error:
            with self.lock:
                self.failures.append(f"{address}: {error!r}")
            return
        answer = Answer(address, started, time.monotonic(), status, headers, body.decode())
        with self.lock:
            self.answers.append((kind, answer))

    def __enter__(self) -> Load:
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopping.set()
        for thread in self.threads:
            thread.join(timeout=60)


def assert_unavailable(kind: str, answer: Answer) -> None:
    where = f"{kind} {answer.address}"
    assert answer.status == 503, where
    assert answer.headers.get("retry-after", "").isdigit(), where
    assert "Traceback" not in answer.body, where
    if kind in JSON_KINDS:
        assert answer.headers["content-type"].startswith("application/json"), where
        data = json.loads(answer.body)
        if kind == "healthz":
            assert data["checks"]["database"]["ok"] is False, where
        else:
            assert data["error"]["code"] == "unavailable", where
    elif kind != "search":  # search answers its own page, saying it cannot search now
        assert answer.headers["content-type"].startswith("text/html"), where
        assert FRIENDLY in answer.body, where


def test_postgres_stopped_mid_load_gives_friendly_503s_and_pages_recover_by_themselves(
    library: Library,
) -> None:
    for kind, address in addresses(library).items():  # warm: the page cache holds them
        assert get(library.base + address)[0] == 200, kind
    with Load(library) as load:
        time.sleep(2)
        library.cluster.run("crash")
        down_from = time.monotonic()
        time.sleep(4)
        down_until = time.monotonic()
        library.cluster.start()
        back_at = time.monotonic()
        recovered = wait_until_every_address_answers(library, deadline=back_at + RECOVERY_LIMIT_S)
        time.sleep(1)  # the load keeps going a moment after recovery
    assert not load.failures, load.failures[:5]
    statuses = {answer.status for _, answer in load.answers}
    assert statuses <= {200, 503}, f"never a 500: saw {sorted(statuses)}"
    during = [(k, a) for k, a in load.answers if a.started > down_from and a.ended < down_until]
    assert {kind for kind, _ in during} >= {*addresses(library), "cold"}, "every kind was asked"
    for kind, answer in during:
        assert_unavailable(kind, answer)
    unavailable = sum(answer.status == 503 for _, answer in load.answers)
    print(
        f"{len(load.answers)} answers, {unavailable} of them 503; recovered"
        f" {recovered - back_at:.1f} s after PostgreSQL answered again"
    )
    after = [a for _, a in load.answers if a.started > recovered]
    assert after and all(a.status == 200 for a in after), "stale connections kept failing"


def wait_until_every_address_answers(library: Library, *, deadline: float) -> float:
    """When every address has answered 200 twice in a row (any worker may answer)."""
    streak = 0
    needed = 2 * len(addresses(library))
    while streak < needed:
        assert time.monotonic() < deadline, "the pages did not come back by themselves"
        for address in addresses(library).values():
            streak = streak + 1 if get(library.base + address)[0] == 200 else 0
        time.sleep(0.1)
    return time.monotonic()
