"""Plain text and CSV: decode without guessing wildly, split into pages on form feeds."""

from __future__ import annotations

import codecs
from pathlib import Path

from ._language import detect_language
from ._language import warm_up as warm_up_language
from ._types import NO_TEXT, TEXT, Extracted, Job

BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: its BOM starts the same way
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text of a Latin script has a zero byte in every other place."""
    head = data[:2000]
    if len(head) < 4 or head.count(0) < len(head) // 3:
        return None
    even_zeros = head[0::2].count(0)
    odd_zeros = head[1::2].count(0)
    return "utf-16-be" if even_zeros > odd_zeros else "utf-16-le"


def decode(data: bytes, declared: str = "") -> str:
    """Bytes to text: a byte-order mark wins, then a declared charset, then UTF-8, then
    Windows-1252 (what most 8-bit Western files are), then Latin-1, which never fails."""
    for bom, codec in BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(codec, errors="replace")
    candidates = [declared] if declared else []
    utf16 = _utf16_without_bom(data)
    if utf16:
        candidates.append(utf16)
    candidates += ["utf-8", "cp1252"]
    for codec in candidates:
        try:
            return data.decode(codec)
        except (UnicodeDecodeError, LookupError):
            continue
    return data.decode("latin-1")


def split_pages(text: str) -> list[str]:
    """Form feeds separate pages (as `pdftotext` and line printers write them)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    pages = text.split("\f")
    if len(pages) > 1 and not pages[-1].strip():
        pages.pop()  # a final form feed ends the last page; it does not start a new one
    return pages


def from_text(text: str, metadata: dict[str, str] | None = None) -> Extracted:
    pages = split_pages(text)
    if not any(page.strip() for page in pages):
        return Extracted(
            NO_TEXT, [], len(pages), metadata or {}, "", None, "The file holds no text."
        )
    return Extracted(TEXT, pages, len(pages), metadata or {}, detect_language(text), None, "")


def extract_text(job: Job) -> Extracted:
    return from_text(decode(Path(job.path).read_bytes()))


def warm_up() -> None:
    """Load the language model now, before the worker lowers its memory limit."""
    warm_up_language()
