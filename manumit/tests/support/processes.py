"""A fresh interpreter with a chosen environment, for the tests of settings and the CLI,
and a look at the process tree (/proc) for the tests that start real servers and workers.

Settings are read once, at import, so seeing what a set of MANUMIT_* variables produces
takes a new process each time.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[3]


def environment(data_dir: Path, **variables: str) -> dict[str, str]:
    """The current environment minus every MANUMIT_* variable, plus `variables`."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("MANUMIT_")
        # The browser tests set DJANGO_ALLOW_ASYNC_UNSAFE in this process; a child is a
        # fresh start, as in production, where check --deploy rightly refuses it.
        and key not in ("DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    env["MANUMIT_DATA_DIR"] = str(data_dir)
    env["DJANGO_SETTINGS_MODULE"] = "manumit.settings"
    # Import the code under test, whichever checkout or installation the tests came from.
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    env.update(variables)
    return env


def run(
    command: list[str], data_dir: Path, timeout_s: float, **variables: str
) -> subprocess.CompletedProcess[str]:
    """`command` run to its end in `environment(data_dir, ...)`, its output kept as text."""
    return subprocess.run(
        command,
        env=environment(data_dir, **variables),
        cwd=data_dir.parent,
        capture_output=True,
        text=True,
        timeout=timeout_s,
        check=False,
    )


def run_python(code: str, data_dir: Path, **variables: str) -> subprocess.CompletedProcess[str]:
    return run([sys.executable, "-c", code], data_dir, 60, **variables)


def python_json(code: str, env: dict[str, str], timeout_s: float) -> dict[str, object]:
    """Run `code` in `env` from the checkout; the last line it prints, read as JSON."""
    done = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=timeout_s,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    values: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return values


def stat(pid: int) -> list[str]:
    """/proc/PID/stat's fields after the command name: state, parent pid, ...; [] once gone."""
    try:
        return (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return []


def children(pid: int) -> list[int]:
    """The process ids whose parent is `pid` (a server's workers, a worker's extractor)."""
    listed = (entry.name for entry in Path("/proc").iterdir() if entry.name.isdigit())
    return [int(name) for name in listed if stat(int(name))[1:2] == [str(pid)]]


def alive(pid: int) -> bool:
    fields = stat(pid)
    return bool(fields) and fields[0] not in ("Z", "X")  # a zombie has ended


SHOW = """
import json
import manumit.settings as s
print(json.dumps({name: getattr(s, name) for name in dir(s) if name.isupper()}, default=str))
"""


def load(data_dir: Path, **variables: str) -> dict[str, Any]:
    """The settings module's upper-case names, as JSON, for this environment."""
    result = run_python(SHOW, data_dir, **variables)
    assert result.returncode == 0, result.stderr
    values: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return values


def refuse(data_dir: Path, **variables: str) -> str:
    """Import the settings expecting a refusal; return the last line of the traceback."""
    result = run_python("import manumit.settings", data_dir, **variables)
    assert result.returncode != 0, "the settings import should have failed"
    return result.stderr.strip().splitlines()[-1]
