"""The gate sits in the bottom layer: it must run without Django installed or configured."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import manumit.files

PACKAGE = Path(manumit.files.__file__).parent


def test_no_module_of_the_gate_imports_django() -> None:
    sources = [p for p in PACKAGE.rglob("*.py") if "tests" not in p.parts]
    assert sources
    for source in sources:
        text = source.read_text()
        assert "import django" not in text and "from django" not in text, source


def test_the_gate_imports_and_runs_in_a_python_without_django() -> None:
    # A fresh interpreter where importing django fails: the gate still examines a file.
    script = (
        "import io, sys; sys.modules['django'] = None; "
        "from manumit import files; "
        "print(files.examine(io.BytesIO(b'%PDF-1.7\\n'), name='a.pdf', max_bytes=99).media_type)"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        cwd=PACKAGE.parent.parent,
    )
    assert done.stdout.strip() == "application/pdf"
