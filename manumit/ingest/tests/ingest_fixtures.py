"""Real files from ../shared/data that the ingestion tests share, how to read them without
the extractor, and made-up text for the near-duplicate tests."""

from __future__ import annotations

import csv
import random
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


def pdf_pages_and_metadata(path: Path) -> tuple[list[str], dict[str, str]]:
    """Pages and metadata with the keys the extractor produces (ISO dates)."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(path)
    try:
        pages = [pdf[index].get_textpage().get_text_range() for index in range(len(pdf))]
        raw = pdf.get_metadata_dict()
    finally:
        pdf.close()

    def iso(stamp: str) -> str:
        digits = stamp.removeprefix("D:")
        return f"{digits[:4]}-{digits[4:6]}-{digits[6:8]}" if len(digits) >= 8 else ""

    metadata = {key.lower(): raw.get(key, "") for key in ("Title", "Author", "Subject", "Keywords")}
    metadata |= {"creator": raw.get("Creator", ""), "producer": raw.get("Producer", "")}
    metadata |= {
        "created": iso(raw.get("CreationDate", "")),
        "modified": iso(raw.get("ModDate", "")),
    }
    return pages, metadata


def statements(shared_dir: Path) -> dict[str, dict[str, str]]:
    """The 213 Modern Slavery Act statements, by WikiRate Answer ID."""
    csv.field_size_limit(10**8)
    with (shared_dir / STATEMENTS).open(encoding="utf-8") as handle:
        return {row["Answer ID"]: row for row in csv.DictReader(handle)}


VOCABULARY = (
    "labour",
    "recruitment",
    "fees",
    "debt",
    "bondage",
    "supplier",
    "audit",
    "worker",
    "passport",
    "wage",
    "factory",
    "fishing",
    "vessel",
    "cocoa",
    "farm",
    "cotton",
    "mine",
    "brick",
    "kiln",
    "domestic",
    "migrant",
    "agency",
    "contract",
    "inspection",
    "remedy",
    "grievance",
    "union",
    "overtime",
    "dormitory",
    "broker",
    "visa",
    "deposit",
    "loan",
)


def made_up_words(seed: int, count: int) -> list[str]:
    """Made-up but varied words on the field's subjects, the same for the same seed."""
    pick = random.Random(seed).choice
    return [pick(VOCABULARY) for _ in range(count)]
