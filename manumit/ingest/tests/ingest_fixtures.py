"""Real files from ../shared/data that the pipeline, task, admin and command tests share."""

from __future__ import annotations

import importlib
import shutil
import sys
import types
from pathlib import Path
from typing import Any

PDFS = Path("data/pdfs")
ONE_PAGE = PDFS / "py-pdf_sample-files/001-trivial__minimal-document.pdf"
FOUR_PAGES = PDFS / "py-pdf_sample-files/004-pdflatex-4-pages__pdflatex-4-pages.pdf"
ENCRYPTED = (
    PDFS / "py-pdf_sample-files/005-libreoffice-writer-password__libreoffice-writer-password.pdf"
)
ENCRYPTED_PASSWORD = "openpassword"
# Starts like a PDF; PDFium cannot open it.
BROKEN = PDFS / "pdf.js/REDHAT-1531897-0.pdf"
ANTISLAVERY = Path("data/antislavery")
FBI_REPORT = ANTISLAVERY / "libertas_HTI/Human_Trafficking.pdf"
STATEMENTS = ANTISLAVERY / "project-aims/GT_MSA_Training_NewDataLabels_WithText.csv"


def copy(shared_dir: Path, relative: Path, folder: Path, name: str | None = None) -> Path:
    """A copy of a shared file in `folder` (tests never write beside the shared data)."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / (name or relative.name)
    shutil.copyfile(shared_dir / relative, target)
    return target


def stand_in_for_near_duplicates(monkeypatch: Any) -> None:
    """TEMPORARY, until `manumit.ingest.duplicates` lands (another helper builds it): a
    stand-in that finds no near-duplicates. Does nothing once the real module exists."""
    try:
        importlib.import_module("manumit.ingest.duplicates")
    except ModuleNotFoundError:
        module = types.ModuleType("manumit.ingest.duplicates")
        module.find_near_duplicates = lambda title, text, *, exclude_resource_id=None: []  # type: ignore[attr-defined]
        monkeypatch.setitem(sys.modules, "manumit.ingest.duplicates", module)
