"""Helpers for the importer tests: run one file through the writer."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from manumit.importers import registry
from manumit.importers.mapping import Mapping
from manumit.importers.writer import FileReport, ImportOptions, import_file


@pytest.fixture
def run_import(db: None) -> Callable[..., FileReport]:
    def run(
        format_name: str, path: Path, mapping: Mapping | None = None, **options: Any
    ) -> FileReport:
        source = registry.Source(path, mapping=mapping or Mapping())
        return import_file(registry.get(format_name), source, ImportOptions(**options))

    return run


@pytest.fixture
def wxr_dir(shared_dir: Path) -> Path:
    folder = shared_dir / "data" / "interop" / "wxr"
    if not folder.is_dir():
        pytest.skip(f"{folder} is absent: the real WordPress exports live in ../shared")
    return folder
