"""`kill -9` in the middle of an import, then the same command again: every record ends up
in the library exactly once. Real processes, over a throwaway library on the database the
suite uses (SQLite, or PostgreSQL: see processes.py)."""

from __future__ import annotations

from pathlib import Path

from manumit.importers.tests.processes import kill_when, library

ROWS = 60


def sheet(path: Path, prefix: str) -> Path:
    lines = ["id,title,date,countries"]
    lines += [f"{prefix}{n},Report {prefix} number {n} on recruitment,2019,TH" for n in range(ROWS)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def reported(report: Path, lines: int) -> bool:
    """The report shows `lines` records written (each inside the file's transaction)."""
    return report.exists() and len(report.read_text(encoding="utf-8").splitlines()) > lines


def test_a_killed_import_run_again_has_every_record_once(tmp_path: Path) -> None:
    first, second = sheet(tmp_path / "a.csv", "a"), sheet(tmp_path / "b.csv", "b")
    with library(tmp_path) as lib:
        lib.run("import", "csv", str(first))
        report = tmp_path / "report.csv"
        killed = lib.start("import", "csv", str(first), str(second), "--report", str(report))
        kill_when(killed, lambda: reported(report, ROWS + ROWS // 3))
        # The second file's transaction died with the process: nothing of it is half there.
        titles = [title for (title,) in lib.rows("SELECT title FROM catalog_resource")]
        assert sorted(titles) == sorted(f"Report a number {n} on recruitment" for n in range(ROWS))
        lib.run("import", "csv", str(first), str(second))
        stored = [title for (title,) in lib.rows("SELECT title FROM catalog_resource")]
        assert len(stored) == len(set(stored)) == 2 * ROWS
