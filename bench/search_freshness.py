"""Freshness: the time from a publish to the resource being findable, on this node and
on a second replica (another process with its own index folder on the same database).

Run by bench/search.py; the replica is this script run with --replica DIR.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from search_library import setup_django

FRESHNESS_TIMEOUT_S = 30.0
FRESHNESS_POLL_S = 0.005


def publish_draft(word: str) -> Any:
    """A draft that only `word` finds, written (and indexed) before the clock starts."""
    from manumit.catalog.models import Resource

    return Resource.objects.create(title=f"Freshness probe {word}", slug=word, status="draft")


def wait_until_found(word: str) -> float:
    """Poll a full search until it finds `word`; the wall-clock time it did (time.time)."""
    from manumit.search import search
    from manumit.search.types import SearchQuery

    deadline = time.monotonic() + FRESHNESS_TIMEOUT_S
    while time.monotonic() < deadline:
        if search(SearchQuery(text=word)).total:
            return time.time()
        time.sleep(FRESHNESS_POLL_S)
    return float("nan")


def replica_process(data_dir: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, __file__, "--replica", str(data_dir)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )


def replica_main(data_dir: Path, replica_dir: Path) -> None:
    """The second node: its own index folder on the same database, kept fresh the way a
    web process keeps it (`start_background_sync`); answers each word with when it found it."""
    # The parent's database, passed down in the environment.
    setup_django(data_dir, replica_dir, os.environ["MANUMIT_DATABASE_URL"], migrate=False)
    from manumit.search import start_background_sync

    start_background_sync()
    print("ready", flush=True)
    for line in sys.stdin:
        print(f"{wait_until_found(line.strip()):.6f}", flush=True)


def freshness(data_dir: Path, trials: int = 5) -> None:
    """Publish, then time until a search finds it: on this node and on a second replica,
    each with the background sync a web process runs (it polls the outbox)."""
    from manumit.search import start_background_sync

    replica_dir = data_dir / "search-replica"
    shutil.rmtree(replica_dir, ignore_errors=True)
    shutil.copytree(data_dir / "search", replica_dir)  # a second node, started from a copy
    replica = replica_process(data_dir)
    assert replica.stdin and replica.stdout
    replica.stdout.readline()
    start_background_sync()
    here: list[float] = []
    there: list[float] = []
    for trial in range(trials):
        word = f"freshprobe{trial}x{os.getpid()}"
        resource = publish_draft(word)
        time.sleep(1.5)  # both nodes have applied the draft: only the publish is timed
        replica.stdin.write(word + "\n")
        replica.stdin.flush()
        resource.status = "published"
        published = time.time()
        resource.save()
        here.append(wait_until_found(word) - published)
        there.append(float(replica.stdout.readline()) - published)
    replica.stdin.close()
    replica.wait(timeout=30)
    print(
        f"freshness (publish to found, {trials} trials, background sync every 0.5 s): "
        f"this node median {statistics.median(here):.2f} s, max {max(here):.2f} s; "
        f"second replica median {statistics.median(there):.2f} s, max {max(there):.2f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description="the second node of bench/search.py")
    parser.add_argument("--replica", type=Path, required=True)
    args = parser.parse_args()
    replica_main(args.replica, args.replica / "search-replica")


if __name__ == "__main__":
    main()
