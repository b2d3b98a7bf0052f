"""Known vulnerabilities in the locked dependency set (requirements.lock), by pip-audit.

    .venv/bin/python scripts/audit.py        (make audit; CI runs it)

Fails when pip-audit names a vulnerability. pip-audit itself exits 0 when it could not
reach its vulnerability service at all (every package "not found on PyPI"), which would
read as a clean audit; this script says so instead, in words, so nobody mistakes an
unaudited set for a clean one.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "requirements.lock"


def run_pip_audit(report: Path) -> int:
    command = [
        str(Path(sys.executable).parent / "pip-audit"),
        *("--disable-pip", "--require-hashes", "--progress-spinner", "off"),
        *("-r", str(LOCK), "-f", "json", "-o", str(report)),
    ]
    return subprocess.run(command, check=False).returncode  # noqa: S603 (a fixed command)


def summarise(dependencies: list[dict[str, object]]) -> tuple[list[str], int]:
    """The findings, one line each, and how many packages could not be audited."""
    findings = []
    for dependency in dependencies:
        for vulnerability in dependency.get("vulns") or []:  # type: ignore[attr-defined]
            fixed = ", ".join(vulnerability.get("fix_versions") or []) or "no fix yet"
            findings.append(
                f"{dependency['name']} {dependency.get('version')}: {vulnerability['id']}"
                f" (fixed in {fixed})"
            )
    unaudited = sum(1 for dependency in dependencies if dependency.get("skip_reason"))
    return findings, unaudited


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "audit.json"
        status = run_pip_audit(report)
        if not report.exists():
            print(f"pip-audit failed (exit {status}) before writing its report", file=sys.stderr)
            return status or 1
        dependencies = json.loads(report.read_text())["dependencies"]
    findings, unaudited = summarise(dependencies)
    for line in findings:
        print(f"VULNERABLE {line}")
    total = len(dependencies)
    if unaudited == total:
        print(
            f"NOT AUDITED: pip-audit reached no vulnerability service from this machine "
            f"(all {total} locked packages unchecked); run `make audit` where PyPI's JSON "
            "API is reachable."
        )
    elif unaudited:
        print(f"{unaudited} of {total} locked packages could not be audited (not on PyPI)")
    if findings:
        return 1
    if unaudited < total:
        print(f"{total - unaudited} of {total} locked packages audited: no known vulnerability")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
