"""Several real processes on one node sharing one index folder: first opens race, builds
beside the live index while others search, and nothing deleted from under anyone."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from manumit.search import generations
from manumit.search.backends._tantivy_schema import SCHEMA_VERSION
from manumit.tests.support.processes import environment, run_python

RESOURCES = 30

SETUP = f"""
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0, interactive=False)
from manumit.catalog.models import Resource
for n in range({RESOURCES}):
    Resource.objects.create(title=f"Forced labour report {{n}}", slug=f"report-{{n}}",
                            status="published")
"""

# Each process waits for the start file, then does its part and prints what it saw.
NODE = """
import json, os, sys, time
import django
django.setup()
from manumit.search import SearchQuery, SearchUnavailable, catch_up, reindex, search
from manumit.search.registry import live_folder
role, start, seconds = sys.argv[1], sys.argv[2], float(sys.argv[3])
while not os.path.exists(start):
    time.sleep(0.01)
seen = {"role": role, "totals": [], "generations": []}
if role == "reindex":
    for _ in range(2):
        seen["built"] = reindex()
        seen["generations"].append(live_folder().name)
else:
    ends, deadline = time.monotonic() + seconds, time.monotonic() + 120
    while True:
        catch_up()  # what the sync thread does; a first open builds here
        try:
            seen["totals"].append(search(SearchQuery(text="labour")).total)
            seen["generations"].append(live_folder().name)
        except SearchUnavailable:  # another process is building the first index
            seen["totals"].append(None)
        done = seen["totals"][-1] is not None and time.monotonic() > ends
        if done or time.monotonic() > deadline:
            break
        time.sleep(0.05)
print(json.dumps(seen))
"""


def start_nodes(data_dir: Path, roles: list[str], seconds: float) -> list[dict[str, object]]:
    start = data_dir / f"start-{len(roles)}-{seconds}"
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", NODE, role, str(start), str(seconds)],
            env=environment(data_dir),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for role in roles
    ]
    start.touch()  # all imported or importing: they race from here
    outcomes = []
    for process in processes:
        out, err = process.communicate(timeout=240)
        assert process.returncode == 0, err
        outcomes.append(json.loads(out.strip().splitlines()[-1]))
    return outcomes


def generation_folders(index: Path) -> list[str]:
    return sorted(path.name for path in index.iterdir() if path.name.startswith("gen-"))


def test_processes_share_one_index_folder_safely(tmp_path: Path) -> None:
    data_dir = tmp_path / "var"
    data_dir.mkdir()
    setup = run_python(SETUP, data_dir)
    assert setup.returncode == 0, setup.stderr
    index = data_dir / "search"

    # Four processes open a node with no index at once: one builds, the others wait for
    # it (their searches say "unavailable" meanwhile) and then all use that one build.
    first = start_nodes(data_dir, ["web"] * 4, seconds=3.0)
    assert len(generation_folders(index)) == 1
    for outcome in first:
        assert outcome["totals"][-1] == RESOURCES  # type: ignore[index]

    # Three processes search while a fourth rebuilds twice: every search during the
    # swaps answers in full, and no process ever meets a folder deleted from under it.
    second = start_nodes(data_dir, ["web", "web", "web", "reindex"], seconds=4.0)
    builder = next(outcome for outcome in second if outcome["role"] == "reindex")
    assert builder["built"] == RESOURCES
    for outcome in second:
        if outcome["role"] == "web":
            totals: list[int | None] = outcome["totals"]  # type: ignore[assignment]
            assert set(totals) == {RESOURCES}
    # Only the live generation is left once nobody holds the older ones.
    generations.sweep(index, SCHEMA_VERSION)
    assert generation_folders(index) == [builder["generations"][-1]]  # type: ignore[index]
