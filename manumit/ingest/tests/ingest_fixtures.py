"""Real files from ../shared/data that the pipeline, task, admin and command tests share."""

from __future__ import annotations

import shutil
from pathlib import Path

PDFS = Path("data/pdfs")
ONE_PAGE = PDFS / "py-pdf_sample-files/001-trivial__minimal-document.pdf"
FOUR_PAGES = PDFS / "py-pdf_sample-files/004-pdflatex-4-pages__pdflatex-4-pages.pdf"
ENCRYPTED = (
    PDFS / "py-pdf_sample-files/005-libreoffice-writer-password__libreoffice-writer-password.pdf"
)
ENCRYPTED_PASSWORD = "openpassword"
# Starts like a PDF; PDFium cannot open it.
BROKEN = PDFS / "pdf.js/poppler-85140-0.pdf"
ANTISLAVERY = Path("data/antislavery")
FBI_REPORT = ANTISLAVERY / "libertas_HTI/Human_Trafficking.pdf"
STATEMENTS = ANTISLAVERY / "project-aims/GT_MSA_Training_NewDataLabels_WithText.csv"


def copy(shared_dir: Path, relative: Path, folder: Path, name: str | None = None) -> Path:
    """A copy of a shared file in `folder` (tests never write beside the shared data)."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / (name or relative.name)
    shutil.copyfile(shared_dir / relative, target)
    return target
