"""PDFs made on the spot with fpdf2: text page by page, the document's own fields, a
thumbnail about 300 px wide, passwords, and OCR of a page that is only a picture of words."""

from __future__ import annotations

import io
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fpdf import FPDF
from fpdf.enums import EncryptionMethod
from PIL import Image, ImageDraw, ImageFont

from manumit.ingest.extract import ENCRYPTED, NO_TEXT, OCR, TEXT, UNREADABLE, extract_file
from manumit.ingest.extract._pdf_open import password_variants, pdf_date
from manumit.ingest.models import Outcome

PARAGRAPH = (
    "Forced labour in supply chains remains widespread. Workers recruited abroad often pay "
    "fees to agents and arrive owing debts they cannot repay, while employers keep their "
    "passports. Companies must map their suppliers and act on what they find. "
)
needs_tesseract = pytest.mark.skipif(
    shutil.which("tesseract") is None, reason="Tesseract (Debian tesseract-ocr) is not installed"
)


def text_pdf(path: Path, pages: int = 2, **options: object) -> Path:
    pdf = FPDF()
    pdf.set_title("Forced Labour in Supply Chains")
    pdf.set_author("Anti-Slavery Research Unit")
    pdf.set_creation_date(datetime(2023, 5, 17, 9, 30, tzinfo=UTC))
    if options.get("password"):
        pdf.set_encryption(
            owner_password="owner-secret",
            user_password=str(options["password"]),
            encryption_method=EncryptionMethod.RC4,  # AES would need `cryptography`
        )
    pdf.set_font("helvetica", size=12)
    for number in range(1, pages + 1):
        pdf.add_page()
        pdf.multi_cell(0, 8, f"Page {number}. " + PARAGRAPH * 3)
    pdf.output(str(path))
    return path


def picture_of_words_pdf(path: Path) -> Path:
    image = Image.new("L", (1700, 2200), 255)
    font = ImageFont.load_default(size=72)
    draw = ImageDraw.Draw(image)
    for line, words in enumerate(["FORCED LABOUR", "IN SUPPLY CHAINS", "ANNUAL REPORT"]):
        draw.text((150, 300 + line * 160), words, font=font, fill=0)
    pdf = FPDF()
    pdf.add_page()
    pdf.image(image, x=0, y=0, w=pdf.w, h=pdf.h)
    pdf.output(str(path))
    return path


def test_the_outcomes_are_the_ingestion_models_words() -> None:
    assert {TEXT, OCR, ENCRYPTED, NO_TEXT, UNREADABLE} <= set(Outcome.values)


def test_a_text_pdf_gives_its_text_page_by_page(tmp_path: Path) -> None:
    result = extract_file(text_pdf(tmp_path / "report.pdf", pages=3), "application/pdf")
    assert (result.outcome, result.page_count, result.message) == (TEXT, 3, "")
    assert [page.split(".")[0] for page in result.pages] == ["Page 1", "Page 2", "Page 3"]
    assert "Workers recruited abroad" in result.pages[1]
    assert result.language == "en"
    assert result.ocr_pages == []


def test_a_pdf_gives_its_own_title_author_and_dates_in_iso_format(tmp_path: Path) -> None:
    result = extract_file(text_pdf(tmp_path / "report.pdf"), "application/pdf")
    assert result.metadata["title"] == "Forced Labour in Supply Chains"
    assert result.metadata["author"] == "Anti-Slavery Research Unit"
    assert result.metadata["created"] == "2023-05-17T09:30:00Z"


@pytest.mark.parametrize(
    ("written", "iso"),
    [
        ("D:20240131093000+01'00'", "2024-01-31T09:30:00+01:00"),
        ("D:20240131093000-05'30", "2024-01-31T09:30:00-05:30"),
        ("D:20240131", "2024-01-31"),
        ("D:2024", "2024"),
        ("D:20240131093000Z", "2024-01-31T09:30:00Z"),
        ("last Tuesday", "last Tuesday"),
    ],
)
def test_pdf_dates_read_as_iso_8601(written: str, iso: str) -> None:
    assert pdf_date(written) == iso


def test_the_thumbnail_is_the_first_page_about_300_pixels_wide(tmp_path: Path) -> None:
    result = extract_file(text_pdf(tmp_path / "report.pdf"), "application/pdf")
    assert result.thumbnail_png is not None
    thumbnail = Image.open(io.BytesIO(result.thumbnail_png))
    assert thumbnail.format == "PNG"
    assert 295 <= thumbnail.width <= 305
    assert thumbnail.height == pytest.approx(thumbnail.width * 297 / 210, abs=3)  # A4


def test_a_very_tall_page_gives_a_thumbnail_of_its_top(tmp_path: Path) -> None:
    pdf = FPDF(format=(100, 5000))
    pdf.set_font("helvetica", size=12)
    pdf.add_page()
    pdf.cell(0, 10, "A receipt as long as a street")
    pdf.output(str(tmp_path / "tall.pdf"))
    result = extract_file(tmp_path / "tall.pdf", "application/pdf")
    assert result.thumbnail_png is not None
    thumbnail = Image.open(io.BytesIO(result.thumbnail_png))
    assert (thumbnail.width, thumbnail.height) == (300, 600)


def test_an_encrypted_pdf_opens_with_the_curators_password(tmp_path: Path) -> None:
    path = text_pdf(tmp_path / "locked.pdf", password="Bridge-7")
    locked = extract_file(path, "application/pdf")
    assert (locked.outcome, locked.pages) == (ENCRYPTED, [])
    assert locked.message == (
        "Encrypted: text not extracted. Give the password in the admin to read it."
    )
    opened = extract_file(path, "application/pdf", password="Bridge-7")
    assert opened.outcome == TEXT and "Forced labour" in opened.pages[0]


def test_a_wrong_password_is_named_as_such(tmp_path: Path) -> None:
    path = text_pdf(tmp_path / "locked.pdf", password="right")
    result = extract_file(path, "application/pdf", password="wrong")
    assert result.outcome == ENCRYPTED
    assert result.message.startswith("Encrypted: the password given does not open it.")


def test_passwords_are_also_tried_in_their_saslprep_form() -> None:
    # pdf.js/saslprep-r6.pdf: a soft hyphen vanishes and "ª" becomes "a".
    variants = password_variants("SªSL\u00adprep")
    assert variants[0] == "SªSL\u00adprep"
    assert "SaSLprep" in variants
    assert password_variants("") == []


@needs_tesseract
def test_a_page_that_is_a_picture_of_words_is_read_by_ocr(tmp_path: Path) -> None:
    result = extract_file(picture_of_words_pdf(tmp_path / "scan.pdf"), "application/pdf")
    assert result.outcome == OCR
    assert result.ocr_pages == [1]
    assert "FORCED LABOUR" in result.pages[0]
    assert result.message == "Text recognised by OCR on 1 of 1 pages."


def test_without_ocr_a_picture_of_words_has_no_text_layer(tmp_path: Path) -> None:
    path = picture_of_words_pdf(tmp_path / "scan.pdf")
    result = extract_file(path, "application/pdf", ocr=False)
    assert (result.outcome, result.pages, result.page_count) == (NO_TEXT, [], 1)
    assert result.message == "No text layer (a scanned document?)."
    assert result.thumbnail_png is not None


def test_a_file_that_is_not_a_pdf_is_unreadable_with_a_reason(tmp_path: Path) -> None:
    path = tmp_path / "fake.pdf"
    path.write_bytes(b"%PDF-1.7\nthis is not really a PDF at all")
    result = extract_file(path, "application/pdf")
    assert (result.outcome, result.pages, result.thumbnail_png) == (UNREADABLE, [], None)
    assert result.message == (
        "Unreadable: the file is damaged or not a PDF (PDFium could not parse it)."
    )
