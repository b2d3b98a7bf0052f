"""Reading the real documents in ../shared for the suggest tests, without the extractor."""

from __future__ import annotations

import csv
from pathlib import Path

STATEMENTS = "data/antislavery/project-aims/GT_MSA_Training_NewDataLabels_WithText.csv"


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
