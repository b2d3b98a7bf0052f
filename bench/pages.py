"""Response times of the public pages, served by `manumit serve` as a reader would meet them.

    .venv/bin/python bench/pages.py [--requests 100] [--keep] [--no-page-cache] [--server waitress]

Sets up a throwaway data folder, migrates, loads the demo library (`manumit demo`; where that
command does not exist yet, ~50 resources from the test factories), starts `manumit serve`
on a free loopback port and times, over one keep-alive connection, N requests each of:

    listing   /                 the front page: newest resources, first page
    page2     /?page=2          the listing's second page
    tag       /tags/<region>/   a region tag page, taken from the listing
    detail    /resources/<..>/  a resource page, the first one in the listing
    baseline  /robots.txt       a tiny view with no query, measured in the same run

With --no-page-cache the anonymous page cache is off, so every request renders its page:
the figures compare with the ones taken before the cache existed.

Requests go round-robin over the five pages, so drift (a noisy neighbour, CPU frequency)
affects all of them alike. It prints the median and 95th percentile of each, the ratio of
each page's median to the baseline's, each page's SQL query count (counted afterwards, in a
separate process, with Django's test client), and ends with one line of figures for
docs/benchmarks.md.
Nothing here is a test: the suite never times anything.
"""

from __future__ import annotations

import argparse
import http.client
import importlib.util
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

HOST = "127.0.0.1"
WARM_UP = 5
START_TIMEOUT_S = 30.0
REQUEST_TIMEOUT_S = 30.0
FACTORY_RESOURCES = 50


def manumit_command() -> list[str]:
    script = Path(sys.executable).parent / "manumit"
    return [str(script)] if script.exists() else [sys.executable, "-m", "manumit"]


def clean_environment(data_dir: Path, **variables: str) -> dict[str, str]:
    """This process's environment without MANUMIT_* variables, plus a data folder."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("MANUMIT_")}
    env["MANUMIT_DATA_DIR"] = str(data_dir)
    env["DJANGO_SETTINGS_MODULE"] = "manumit.settings"
    env.update(variables)
    return env


def cache_setting(no_page_cache: bool) -> dict[str, str]:
    return {"MANUMIT_PAGE_CACHE_ENTRIES": "0"} if no_page_cache else {}


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        port: int = probe.getsockname()[1]
        return port


def has_demo_command() -> bool:
    try:
        return importlib.util.find_spec("manumit.demo.management.commands.demo") is not None
    except ModuleNotFoundError:
        return False


def prepare(data_dir: Path) -> str:
    """Migrate and load a library; say which library was loaded."""
    env = clean_environment(data_dir)
    subprocess.run(
        [*manumit_command(), "migrate", "--no-input"],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    if has_demo_command():
        subprocess.run([*manumit_command(), "demo"], env=env, check=True, stdout=subprocess.DEVNULL)
        return "demo library (manumit demo)"
    subprocess.run([sys.executable, __file__, "--seed-factories"], env=env, check=True)
    return f"{FACTORY_RESOURCES} resources from the test factories (no demo command yet)"


def seed_with_factories() -> None:
    """Run in a child process whose environment names the data folder."""
    import django

    django.setup()
    from manumit.catalog.tests.factories import ResourceFactory

    regions = ["Africa", "Americas", "Asia", "Europe", "Oceania"]
    types = ["Publications", "Guidance", "News & Analysis", "Online Tools"]
    topics = ["Forced labour", "Child labour", "Human trafficking"]
    for number in range(FACTORY_RESOURCES):
        ResourceFactory.create(
            types=[types[number % len(types)]],
            regions=[regions[number % len(regions)], regions[(number + 2) % len(regions)]],
            topics=[topics[number % len(topics)]],
            authors=[f"Author {number % 7}", "Walk Free Foundation"],
            publishers=["International Labour Organization"],
        )


def count_queries(paths: list[str]) -> None:
    """Run in a child process: print each path's SQL query count, as JSON."""
    import django

    django.setup()
    from django.db import connection
    from django.test import Client as DjangoClient
    from django.test.utils import CaptureQueriesContext

    client = DjangoClient(HTTP_HOST=HOST)
    counts = {}
    for path in paths:
        client.get(path)  # the first request of a process fills caches
        with CaptureQueriesContext(connection) as queries:
            client.get(path)
        counts[path] = len(queries)
    print(json.dumps(counts))


def query_counts(data_dir: Path, pages: list[Page], no_page_cache: bool) -> None:
    result = subprocess.run(
        [sys.executable, __file__, "--count-queries", *[page.path for page in pages]],
        env=clean_environment(data_dir, **cache_setting(no_page_cache)),
        check=True,
        capture_output=True,
        text=True,
    )
    counts = json.loads(result.stdout.strip().splitlines()[-1])
    for page in pages:
        page.queries = counts[page.path]


@dataclass
class Page:
    name: str
    path: str
    times_ms: list[float] = field(default_factory=list)
    size: int = 0
    queries: int = 0

    @property
    def median(self) -> float:
        return statistics.median(self.times_ms)

    @property
    def p95(self) -> float:
        return statistics.quantiles(self.times_ms, n=20, method="inclusive")[18]


class Client:
    """One keep-alive HTTP/1.1 connection, reopened if the server closes it."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.connection = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT_S)

    def get(self, path: str) -> tuple[int, bytes, float]:
        """Status, body and milliseconds from sending the request to the body's last byte."""
        for attempt in (1, 2):
            started = time.perf_counter()
            try:
                self.connection.request("GET", path)
                response = self.connection.getresponse()
                body = response.read()
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.connection.close()
                if attempt == 2:
                    raise
                continue
            elapsed = (time.perf_counter() - started) * 1000
            if response.getheader("Connection", "").lower() == "close":
                self.connection.close()
            return response.status, body, elapsed
        raise AssertionError("unreachable")

    def close(self) -> None:
        self.connection.close()


def wait_until_healthy(port: int, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"manumit serve exited with {server.returncode}")
        try:
            connection = http.client.HTTPConnection(HOST, port, timeout=1)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                connection.close()
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise SystemExit(f"/healthz did not answer within {START_TIMEOUT_S:.0f} s")


def discover(client: Client) -> tuple[str, str]:
    """A tag page and a resource page, as the listing links to them."""
    status, body, _ = client.get("/")
    if status != 200:
        raise SystemExit(f"/ answered {status}")
    html = body.decode("utf-8", errors="replace")
    tag = re.search(r'href="(/tags/[^"/]+/)"', html)
    detail = re.search(r'href="(/resources/[^"/]+/)"', html)
    if tag is None or detail is None:
        raise SystemExit("the listing links to no tag page or no resource page")
    return tag.group(1), detail.group(1)


def measure(client: Client, pages: list[Page], requests: int) -> None:
    for page in pages:
        for _ in range(WARM_UP):
            client.get(page.path)
    for _ in range(requests):
        for page in pages:
            status, body, elapsed = client.get(page.path)
            if status != 200:
                raise SystemExit(f"{page.path} answered {status}")
            page.times_ms.append(elapsed)
            page.size = len(body)


def report(pages: list[Page], library: str, requests: int) -> None:
    baseline = pages[-1]
    print(f"library: {library}")
    print(f"{requests} requests per page, round-robin, one keep-alive connection\n")
    print(
        f"{'page':<9} {'path':<48} {'bytes':>7} {'queries':>7}"
        f" {'median ms':>10} {'p95 ms':>8} {'÷ base':>7}"
    )
    for page in pages:
        ratio = page.median / baseline.median
        print(
            f"{page.name:<9} {page.path[:48]:<48} {page.size:>7} {page.queries:>7}"
            f" {page.median:>10.2f} {page.p95:>8.2f} {ratio:>7.1f}"
        )
    print()
    print(" ".join(f"{page.name}_median_ms {page.median:.2f}" for page in pages))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--requests", type=int, default=100, help="timed requests per page")
    parser.add_argument("--keep", action="store_true", help="keep the temporary data folder")
    parser.add_argument("--no-page-cache", action="store_true", help="render every request")
    parser.add_argument("--server", default="granian", help="the server `manumit serve` runs")
    parser.add_argument("--seed-factories", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--count-queries", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.seed_factories:
        seed_with_factories()
        return
    if args.count_queries:
        count_queries(args.count_queries)
        return
    if args.requests < 2:
        parser.error("--requests must be at least 2")

    data_dir = Path(tempfile.mkdtemp(prefix="manumit-bench-"))
    server: subprocess.Popen[bytes] | None = None
    try:
        library = prepare(data_dir)
        port = free_port()
        log = data_dir / "serve.log"
        with log.open("wb") as sink:
            server = subprocess.Popen(
                [
                    *manumit_command(),
                    *("serve", "--host", HOST, "--port", str(port), "--server", args.server),
                ],
                env=clean_environment(data_dir, **cache_setting(args.no_page_cache)),
                stdout=sink,
                stderr=subprocess.STDOUT,
            )
        try:
            wait_until_healthy(port, server)
        except SystemExit:
            print(log.read_text(encoding="utf-8", errors="replace"), file=sys.stderr)
            raise
        client = Client(port)
        try:
            tag, detail = discover(client)
            pages = [
                Page("listing", "/"),
                Page("page2", "/?page=2"),
                Page("tag", tag),
                Page("detail", detail),
                Page("baseline", "/robots.txt"),
            ]
            measure(client, pages, args.requests)
        finally:
            client.close()
        query_counts(data_dir, pages, args.no_page_cache)
        report(pages, library, args.requests)
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait(timeout=10)
        if args.keep:
            print(f"data folder kept: {data_dir}", file=sys.stderr)
        else:
            shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
