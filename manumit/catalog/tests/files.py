"""Files for the admin's upload tests: a small real PDF, and what lies in the media folder."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from fpdf import FPDF


def tiny_pdf(pages: int = 2) -> bytes:
    document = FPDF()
    for number in range(pages):
        document.add_page()
        document.set_font("helvetica", size=12)
        document.cell(text=f"Page {number + 1}")
    return bytes(document.output())


def media_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []
