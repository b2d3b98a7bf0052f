"""`kill -9` in the middle of an import, then the same command again: every record ends up
in the library exactly once. Real processes, over a throwaway data folder (SQLite)."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from manumit.tests.support.processes import REPO, environment

ROWS = 60


def manumit(data_dir: Path, *args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "manumit", *args],
        env=environment(data_dir),
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def finish(process: subprocess.Popen[bytes]) -> None:
    _, err = process.communicate(timeout=600)
    assert process.returncode == 0, err.decode()


def sheet(path: Path, prefix: str) -> Path:
    lines = ["id,title,date,countries"]
    lines += [f"{prefix}{n},Report {prefix} number {n} on recruitment,2019,TH" for n in range(ROWS)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def titles(data_dir: Path) -> list[str]:
    with sqlite3.connect(data_dir / "manumit.sqlite3") as db:
        return [title for (title,) in db.execute("SELECT title FROM catalog_resource")]


def kill_midway(process: subprocess.Popen[bytes], report: Path, lines: int) -> None:
    """SIGKILL once the report shows `lines` records written (inside the transaction)."""
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and process.poll() is None:
        if report.exists() and len(report.read_text(encoding="utf-8").splitlines()) > lines:
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=30)
            return
        time.sleep(0.05)
    pytest.fail(f"the import ended (or hung) before writing {lines} records")


def test_a_killed_import_run_again_has_every_record_once(tmp_path: Path) -> None:
    data_dir = tmp_path / "var"
    finish(manumit(data_dir, "migrate", "-v", "0"))
    first, second = sheet(tmp_path / "a.csv", "a"), sheet(tmp_path / "b.csv", "b")
    finish(manumit(data_dir, "import", "csv", str(first)))
    report = tmp_path / "report.csv"
    killed = manumit(data_dir, "import", "csv", str(first), str(second), "--report", str(report))
    kill_midway(killed, report, ROWS + ROWS // 3)
    assert killed.returncode == -signal.SIGKILL
    # The second file's transaction died with the process: nothing of it is half there.
    assert sorted(titles(data_dir)) == sorted(
        f"Report a number {n} on recruitment" for n in range(ROWS)
    )
    finish(manumit(data_dir, "import", "csv", str(first), str(second)))
    stored = titles(data_dir)
    assert len(stored) == len(set(stored)) == 2 * ROWS
