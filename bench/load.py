"""Throughput under many readers: Manumit against the stock WordPress it replaces.

    .venv/bin/python bench/load.py [--duration 10] [--connections 20,50] [--server granian]
                                   [--workers N] [--threads N] [--no-page-cache] [--pages-only]
                                   [--only listing,resource]

Everything runs on loopback and stops by itself. It migrates a throwaway data folder,
loads the demo library, starts `manumit serve`, and starts the WordPress anchor
(`../shared/anchors/wordpress.sh`: PHP-FPM x 4, MariaDB, nginx, 60 posts, and nginx
serving a static copy of its home page, the ceiling). Then wrk (scripts/install-wrk.sh)
runs for `--duration` seconds per page and per connection count, 2 threads:

    listing /, page 2, a browse page, a resource page, search (a mixed query set, one
    after another), the feed /feed/, the API list /api/v1/resources, WordPress's listing,
    and the static copy.

Then, unless --pages-only: the listing under the same load while a curator saves a
resource every second and `manumit ingest` reads ../shared/data/pdfs (throughput, p95,
errors, "database is locked" in any log, lost saves), and freshness: how long after a
publish (and a withdrawal) the listing shows it on 8 fresh connections in a row (each may
reach a different worker process).

It prints a table and, LAST, one line per connection count:
    listing_rps X wordpress_rps Y ratio Z p95_ms P connections C
Nothing here is a test: the suite never times anything.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import pages
from pages import (
    clean_environment,
    free_port,
    manumit_command,
    prepare,
    wait_until_healthy,
)

pages.START_TIMEOUT_S = 180.0  # collecting static files and forking on a busy machine
REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
ANCHOR = SHARED / "anchors" / "wordpress.sh"
HOST = "127.0.0.1"
SEARCHES = [
    "forced labour",
    '"supply chain"',
    "trafficking -child",
    "seafood OR fishing",
    "recruit*",
    "modern slavery act",
    "due diligence",
    "cotton",
]
WRK_SCRIPT = """
local paths = {%s}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i %% #paths) + 1])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %%d %%d %%.1f %%.1f %%d\\n", summary.requests,
    summary.duration, latency:percentile(50), latency:percentile(95),
    e.connect + e.read + e.write + e.status + e.timeout))
end
"""


@dataclass
class Run:
    name: str
    connections: int
    rps: float
    median_ms: float
    p95_ms: float
    errors: int


def wrk(name: str, base: str, paths: list[str], connections: int, duration: int) -> Run:
    quoted = ", ".join(json.dumps(path) for path in paths)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT % quoted)
    # A 10 s timeout, not wrk's 2 s: a slow answer counts in the latency, not as an error.
    command = ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--timeout", "10s"]
    command += ["-s", script.name, base]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    Path(script.name).unlink()
    found = re.search(r"RESULT (\d+) (\d+) ([\d.]+) ([\d.]+) (\d+)", output)
    if found is None:
        raise SystemExit(f"wrk said:\n{output}")
    requests, micros, median, p95, errors = found.groups()
    rps = int(requests) / (int(micros) / 1e6)
    return Run(name, connections, rps, float(median) / 1000, float(p95) / 1000, int(errors))


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as response:
        return str(response.read().decode("utf-8", "replace"))


def start_wordpress() -> tuple[str, str]:
    if not ANCHOR.exists():
        raise SystemExit(f"{ANCHOR} is missing: the WordPress anchor comes from ../shared")
    output = subprocess.run(["bash", str(ANCHOR), "start"], capture_output=True, text=True).stdout
    found = re.search(r"wordpress (\S+)\s+static copy (\S+)", output)
    if found is None:
        raise SystemExit(f"the WordPress anchor did not start:\n{output}")
    return found.group(1), found.group(2)


def server_command(args: argparse.Namespace, port: int) -> list[str]:
    if args.server == "gunicorn":  # for comparison: pip install gunicorn
        gunicorn = str(Path(sys.executable).parent / "gunicorn")
        return [
            gunicorn, "--bind", f"{HOST}:{port}", "--workers", str(args.workers),
            "--threads", str(args.threads), "manumit.wsgi:application",
        ]  # fmt: skip
    command = [*manumit_command(), "serve", "--port", str(port), "--server", args.server]
    return [*command, "--workers", str(args.workers), "--threads", str(args.threads)]


def start_server(
    args: argparse.Namespace, data_dir: Path, log: Path
) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = server_environment(args, data_dir)
    if args.server == "gunicorn":  # manumit serve collects static files itself
        subprocess.run(
            [*manumit_command(), "collectstatic", "--no-input", "-v0"], env=env, check=True
        )
    with log.open("wb") as stream:
        server = subprocess.Popen(
            server_command(args, port), env=env, stdout=stream, stderr=subprocess.STDOUT,
            start_new_session=True, cwd=data_dir.parent,
        )  # fmt: skip
    wait_until_healthy(port, server)
    return server, f"http://{HOST}:{port}"


def server_environment(args: argparse.Namespace, data_dir: Path) -> dict[str, str]:
    # Many requests from one address: switch the per-client limits off for the bench.
    env = clean_environment(
        data_dir, MANUMIT_PAGE_RATE_LIMIT="0", MANUMIT_API_RATE_LIMIT="100000000"
    )
    if args.no_page_cache:
        env["MANUMIT_PAGE_CACHE_ENTRIES"] = "0"
    return env


def pick_pages(base: str) -> dict[str, list[str]]:
    """The pages to load, found from the listing as a reader would."""
    home = fetch(base + "/")
    resource = re.search(r'href="(/resources/[^"/]+/)"', home)
    browse = re.search(r'href="(/(?:tags|topics|types)/[^"/]+/)"', home)
    if resource is None or browse is None:
        raise SystemExit("the listing names no resource or browse page")
    return {
        "listing": ["/"],
        "page 2": ["/?page=2"],
        "browse": [browse.group(1)],
        "resource": [resource.group(1)],
        "search": ["/search/?q=" + urllib.parse.quote_plus(query) for query in SEARCHES],
        "feed": ["/feed/"],
        "api list": ["/api/v1/resources"],
    }


def measure(args: argparse.Namespace, base: str, wordpress: str, static: str) -> list[Run]:
    pages = pick_pages(base)
    if args.only:
        pages = {name: paths for name, paths in pages.items() if name in args.only}
    runs: list[Run] = []
    for connections in args.connections:
        for name, paths in pages.items():
            for path in paths:
                fetch(base + path)  # warm each process's page cache a little
            runs.append(wrk(name, base, paths, connections, args.duration))
            print(format_run(runs[-1]), flush=True)
        for name, url in (("wordpress", wordpress), ("static ceiling", static)):
            split = urllib.parse.urlsplit(url)
            runs.append(
                wrk(
                    name,
                    f"{split.scheme}://{split.netloc}",
                    [split.path],
                    connections,
                    args.duration,
                )
            )
            print(format_run(runs[-1]), flush=True)
    return runs


def format_run(run: Run) -> str:
    return (
        f"{run.name:<16} c={run.connections:<3} {run.rps:>9.1f} req/s"
        f"  median {run.median_ms:>7.1f} ms  p95 {run.p95_ms:>7.1f} ms  errors {run.errors}"
    )


CURATOR = """
import json, sys, time
import django
django.setup()
from django.db import OperationalError, transaction
from manumit.catalog.models import Resource
published = Resource.objects.filter(status="published").order_by("pk")
ids = list(published.values_list("pk", flat=True)[:10])
written, errors = {}, []
deadline = time.monotonic() + float(sys.argv[1])
n = 0
while time.monotonic() < deadline:
    pk = ids[n % len(ids)]
    title = f"Saved by the curator, round {n}"
    try:
        with transaction.atomic():
            resource = Resource.objects.select_for_update().get(pk=pk)
            resource.title = title
            resource.save()
        written[pk] = title
    except OperationalError as error:
        errors.append(str(error))
    n += 1
    time.sleep(1)
lost = [pk for pk, title in written.items() if Resource.objects.get(pk=pk).title != title]
print(json.dumps({"saves": n - len(errors), "errors": errors, "lost": lost}))
"""


def reads_during_writes(args: argparse.Namespace, base: str, data_dir: Path) -> None:
    env = clean_environment(data_dir)
    seconds = args.duration * 2
    curator = subprocess.Popen(
        [sys.executable, "-c", CURATOR, str(seconds)], env=env, stdout=subprocess.PIPE, text=True
    )
    pdfs = SHARED / "data" / "pdfs"
    ingest = subprocess.Popen(
        [*manumit_command(), "ingest", str(pdfs)], env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    for connections in args.connections:
        run = wrk("listing+writes", base, ["/"], connections, args.duration)
        print(format_run(run), flush=True)
    saved = json.loads(curator.communicate(timeout=seconds + 60)[0].strip().splitlines()[-1])
    # The whole folder takes minutes; stop it with the load (a re-run skips what it read).
    ingest.send_signal(signal.SIGINT)
    _, ingest_errors = ingest.communicate(timeout=60)
    print(
        f"curator: {saved['saves']} saves, {len(saved['errors'])} failed, "
        f"{len(saved['lost'])} lost; ingest of {pdfs.name} stopped with the load, "
        f"'database is locked' {ingest_errors.count('database is locked')} times"
    )


FLIP = """
import datetime, sys, time
import django
django.setup()
from manumit.catalog.models import Resource, Status
resource = Resource.objects.get(pk=int(sys.argv[1]))
resource.status = Status.PUBLISHED if sys.argv[2] == "publish" else Status.WITHDRAWN
resource.title = sys.argv[3]
resource.pub_date = datetime.date.today()  # the newest, so on the listing's first page
resource.save()
print(time.time())
"""


def freshness(args: argparse.Namespace, base: str, data_dir: Path) -> None:
    """Seconds from a publish (then a withdrawal) to 8 fresh connections in a row agreeing."""
    env = clean_environment(data_dir)
    draft = subprocess.run(
        [sys.executable, "-c", NEWEST_DRAFT], env=env, capture_output=True, text=True, check=True
    ).stdout.split()[-1]
    load = threading.Thread(target=wrk, args=("load", base, ["/"], 20, args.duration))
    load.start()
    time.sleep(1)
    title = f"Freshly published {time.time():.0f}"
    for action, wanted, done in (("publish", True, "published"), ("withdraw", False, "withdrawn")):
        committed = float(
            subprocess.run(
                [sys.executable, "-c", FLIP, draft, action, title], env=env,
                capture_output=True, text=True, check=True,
            ).stdout.split()[-1]
        )  # fmt: skip
        agreeing = 0
        while agreeing < 8 and time.time() - committed < 30:
            agreeing = agreeing + 1 if (title in fetch(base + "/")) == wanted else 0
        print(
            f"freshness: {done}, the listing agreed on 8 connections"
            f" after {time.time() - committed:.3f} s"
        )
    load.join()


NEWEST_DRAFT = """
import django
django.setup()
from manumit.catalog.models import Resource, Status
from manumit.catalog.tests.factories import ResourceFactory
print(ResourceFactory.create(status=Status.DRAFT, title="Not yet public").pk)
"""


def _run_named(runs: list[Run], name: str, connections: int) -> Run | None:
    return next((r for r in runs if r.name == name and r.connections == connections), None)


def summary(runs: list[Run]) -> None:
    static = {run.connections: run.rps for run in runs if run.name == "static ceiling"}
    print("\nshare of the static nginx ceiling:")
    for run in runs:
        if run.name != "static ceiling":
            print(
                f"  {run.name:<16} c={run.connections:<3}"
                f" {100 * run.rps / static[run.connections]:5.1f} %"
            )
    for connections in sorted(static):
        listing = _run_named(runs, "listing", connections)
        wordpress = _run_named(runs, "wordpress", connections)
        if listing is None or wordpress is None:  # --only left one out: no ratio to give
            continue
        print(
            f"listing_rps {listing.rps:.1f} wordpress_rps {wordpress.rps:.1f}"
            f" ratio {listing.rps / wordpress.rps:.1f} p95_ms {listing.p95_ms:.1f}"
            f" connections {connections}"
        )


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    parser.add_argument("--connections", default="20,50")
    parser.add_argument("--server", choices=("granian", "waitress", "gunicorn"), default="granian")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--no-page-cache", action="store_true")
    parser.add_argument("--pages-only", action="store_true")
    parser.add_argument("--only", help="comma-separated page names, e.g. listing,resource")
    parser.add_argument("--keep", action="store_true", help="keep the data folder")
    args = parser.parse_args()
    args.connections = [int(part) for part in args.connections.split(",")]
    args.only = set(args.only.split(",")) if args.only else set()
    return args


def main() -> None:
    args = parse_arguments()
    subprocess.run(["bash", str(REPO / "scripts" / "install-wrk.sh")], check=True)
    folder = Path(tempfile.mkdtemp(prefix="manumit-load-"))
    data_dir = folder / "var"
    server = None
    try:
        prepare(data_dir)
        server, base = start_server(args, data_dir, folder / "server.log")
        wordpress, static = start_wordpress()
        print(f"manumit {base} ({args.server}, {args.workers} workers, {args.threads} threads)")
        print(f"wordpress {wordpress}  static ceiling {static}", flush=True)
        runs = measure(args, base, wordpress, static)
        if not args.pages_only:
            reads_during_writes(args, base, data_dir)
            freshness(args, base, data_dir)
        locked = (folder / "server.log").read_text(errors="replace").count("database is locked")
        print(f"server log: 'database is locked' {locked} times")
        summary(runs)
    finally:
        subprocess.run(["bash", str(ANCHOR), "stop"], capture_output=True)
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
        if args.keep:
            print(f"kept {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
