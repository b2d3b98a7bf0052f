"""PDF extraction with PDFium: text page by page, a thumbnail, and OCR of image-only pages."""

from __future__ import annotations

import io
import math
import subprocess
import time
from dataclasses import dataclass, field
from typing import Any

import pypdfium2 as pdfium  # this module is only ever imported in a worker process
import pypdfium2.raw as raw
from PIL import Image, PngImagePlugin, PpmImagePlugin  # noqa: F401 (loaded before the limit)

from . import _ocr
from ._language import detect_language
from ._language import warm_up as warm_up_language
from ._pdf_open import metadata, open_pdf
from ._types import NO_TEXT, OCR, TEXT, Extracted, Job, unreadable

THUMBNAIL_WIDTH = 300
THUMBNAIL_MAX_ASPECT = 2.0  # a taller page shows its top, not a sliver of the whole
OCR_DPI = 300
MAX_RENDER_PIXELS = 25_000_000  # 5000 x 5000: a 35000 px square page is scaled down to this
ALMOST_NO_TEXT = 10  # visible characters below which a page is treated as image-only
LARGE_IMAGE_SHARE = 0.25  # of the page area
OCR_SHARE_OF_TIME = 0.75  # OCR stops here so that the text already read comes back
# Control characters PDFium may emit (soft hyphens as \x02, NULs) that no database wants.
CONTROL = {code: None for code in (*range(0, 9), 11, 12, *range(14, 32), 0xFFFE, 0xFFFF)}


@dataclass
class _Reading:
    pages: list[str] = field(default_factory=list)
    damaged: list[int] = field(default_factory=list)  # 1-based
    to_ocr: list[int] = field(default_factory=list)  # 1-based
    ocr_pages: list[int] = field(default_factory=list)
    ocr_tried: int = 0
    notes: list[str] = field(default_factory=list)
    thumbnail: bytes | None = None


def visible_chars(text: str) -> int:
    return sum(not ch.isspace() for ch in text)


def page_text(page: Any) -> str:
    textpage = page.get_textpage()
    try:
        text = textpage.get_text_range()
    finally:
        textpage.close()
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(CONTROL)
    return text + free_text_annotations(page, text)


def free_text_annotations(page: Any, shown: str) -> str:
    """Text boxes (FreeText annotations) whose words are not in the page text already:
    some writers leave out the appearance that would put them there."""
    import ctypes

    found = []
    for index in range(raw.FPDFPage_GetAnnotCount(page)):
        annot = raw.FPDFPage_GetAnnot(page, index)
        try:
            if raw.FPDFAnnot_GetSubtype(annot) != raw.FPDF_ANNOT_FREETEXT:
                continue
            size = raw.FPDFAnnot_GetStringValue(annot, b"Contents", None, 0)  # in bytes
            buffer = (ctypes.c_ushort * (size // 2 + 1))()
            raw.FPDFAnnot_GetStringValue(annot, b"Contents", buffer, size)
            contents = ctypes.string_at(buffer, max(size - 2, 0)).decode("utf-16-le", "replace")
        finally:
            raw.FPDFPage_CloseAnnot(annot)
        words = " ".join(contents.translate(CONTROL).split())
        if words and words not in " ".join(shown.split()):
            found.append(words)
    return "".join(f"\n{words}" for words in found)


def shows_large_image(page: Any) -> bool:
    width, height = page.get_size()
    area = max(width * height, 1.0)
    for image in page.get_objects(filter=[raw.FPDF_PAGEOBJ_IMAGE], max_depth=3):
        left, bottom, right, top = image.get_bounds()
        if (right - left) * (top - bottom) >= LARGE_IMAGE_SHARE * area:
            return True
    return False


def needs_ocr(page: Any, text: str) -> bool:
    """Image-only: nothing (or a few stray letters over a scan) to read, something drawn."""
    chars = visible_chars(text)
    if chars >= ALMOST_NO_TEXT:
        return False
    if chars == 0:
        return _draws_anything(page)  # a scan, or words drawn as curves
    return shows_large_image(page)


def _draws_anything(page: Any) -> bool:
    for _ in page.get_objects(max_depth=1):
        return True
    return False


def render_scale(width: float, height: float, wanted: float) -> float:
    """`wanted`, or less where the bitmap would pass MAX_RENDER_PIXELS."""
    area = max(width * height, 1.0)
    return min(wanted, math.sqrt(MAX_RENDER_PIXELS / area))


def thumbnail(page: Any) -> bytes | None:
    width, height = page.get_size()
    if width < 1 or height < 1:
        return None
    keep_height = min(height, width * THUMBNAIL_MAX_ASPECT)
    scale = render_scale(width, keep_height, THUMBNAIL_WIDTH / width)
    image = page.render(scale=scale, crop=(0, 0, 0, height - keep_height)).to_pil()
    if image.width < 1 or image.height < 1:
        return None
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, format="PNG")
    return buffer.getvalue()


def _read_pages(pdf: Any, job: Job) -> _Reading:
    reading = _Reading()
    for index in range(len(pdf)):
        try:
            page = pdf[index]
        except pdfium.PdfiumError:
            reading.damaged.append(index + 1)
            reading.pages.append("")
            continue
        try:
            text = page_text(page)
            reading.pages.append(text)
            if job.ocr and needs_ocr(page, text):
                reading.to_ocr.append(index + 1)
            if index == 0:
                reading.thumbnail = _safe_thumbnail(page, reading)
        finally:
            page.close()
    return reading


def _safe_thumbnail(page: Any, reading: _Reading) -> bytes | None:
    try:
        return thumbnail(page)
    except Exception:
        reading.notes.append("No thumbnail: the first page could not be drawn.")
        return None


def _ocr_pages(pdf: Any, job: Job, reading: _Reading, started: float) -> None:
    """Recognise the image-only pages while the time allows, and say where it stopped."""
    if not reading.to_ocr:
        return
    if not _ocr.available():
        reading.notes.append("OCR is not installed (Tesseract), so scanned pages stay empty.")
        return
    stop_at = started + job.timeout * OCR_SHARE_OF_TIME
    slowest = 0.0
    for done, number in enumerate(reading.to_ocr):
        now = time.monotonic()
        if now + slowest > stop_at:
            reading.notes.append(
                f"OCR stopped after {done} of {len(reading.to_ocr)} pages: the time limit."
            )
            return
        text = _recognise_page(pdf, number, stop_at - now, reading)
        reading.ocr_tried += 1
        slowest = max(slowest, time.monotonic() - now)
        if visible_chars(text) > visible_chars(reading.pages[number - 1]):
            reading.pages[number - 1] = text
            reading.ocr_pages.append(number)


def _recognise_page(pdf: Any, number: int, budget: float, reading: _Reading) -> str:
    page = pdf[number - 1]
    try:
        width, height = page.get_size()
        scale = render_scale(width, height, OCR_DPI / 72)
        image = page.render(scale=scale, grayscale=True).to_pil()
    finally:
        page.close()
    try:
        return _ocr.recognise(image, timeout=budget)
    except subprocess.TimeoutExpired:
        reading.notes.append(f"OCR of page {number} stopped: the time limit.")
        return ""


def _outcome(reading: _Reading, page_count: int) -> tuple[str, str]:
    ocr_chars = sum(visible_chars(reading.pages[n - 1]) for n in reading.ocr_pages)
    all_chars = sum(visible_chars(page) for page in reading.pages)
    notes = list(reading.notes)
    if reading.damaged:
        notes.insert(0, f"{len(reading.damaged)} of {page_count} pages could not be read.")
    if ocr_chars and ocr_chars * 2 >= all_chars:
        notes.insert(
            0, f"Text recognised by OCR on {len(reading.ocr_pages)} of {page_count} pages."
        )
        return OCR, " ".join(notes)
    if all_chars:
        return TEXT, " ".join(notes)
    if reading.ocr_tried:
        notes.insert(0, "No text layer, and OCR found no words (a picture?).")
    else:
        notes.insert(0, "No text layer (a scanned document?).")
    return NO_TEXT, " ".join(notes)


def extract_pdf(job: Job) -> Extracted:
    started = time.monotonic()
    opened = open_pdf(job.path, job.password)
    if isinstance(opened, Extracted):
        return opened
    with opened as pdf:
        reading = _read_pages(pdf, job)
        page_count = len(reading.pages)
        if len(reading.damaged) == page_count:
            return unreadable(
                "Unreadable: the file is damaged (none of its pages could be read).", page_count
            )
        _ocr_pages(pdf, job, reading, started)
        fields = metadata(pdf)
    outcome, message = _outcome(reading, page_count)
    pages = reading.pages if outcome != NO_TEXT else []
    language = detect_language("\n".join(pages)) if pages else ""
    return Extracted(
        outcome, pages, page_count, fields, language, reading.thumbnail, message, reading.ocr_pages
    )


def warm_up() -> None:
    """Load the language model now, before the worker lowers its memory limit."""
    warm_up_language()
