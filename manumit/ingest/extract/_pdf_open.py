"""Opening a PDF with PDFium: passwords, damage, and the document's own metadata."""

from __future__ import annotations

import re
import stringprep
import unicodedata
from typing import Any

from ._types import ENCRYPTED, NO_TEXT, Extracted, unreadable

# PDFium's FPDF_GetLastError codes (fpdfview.h)
ERR_SUCCESS, ERR_FILE, ERR_FORMAT, ERR_PASSWORD, ERR_SECURITY = 0, 2, 3, 4, 6

ASK_FOR_PASSWORD = "Give the password in the admin to read it."  # noqa: S105 (words)
METADATA_FIELDS = {
    "Title": "title",
    "Author": "author",
    "Subject": "subject",
    "Keywords": "keywords",
    "Creator": "creator",
    "Producer": "producer",
    "CreationDate": "created",
    "ModDate": "modified",
}
MAX_FIELD_CHARS = 2000
PDF_DATE = re.compile(
    r"^(?:D:)?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?\s*(Z|[+-]\d{2}'?\d{2}'?|[+-]\d{2})?"
)


def saslprep(password: str) -> str:
    """RFC 4013 as PDF 2.0 asks of AES-256 passwords: soft hyphens and the like vanish,
    odd spaces become spaces, then NFKC ("ª" becomes "a")."""
    mapped = "".join(
        " " if stringprep.in_table_c12(ch) else "" if stringprep.in_table_b1(ch) else ch
        for ch in password
    )
    return unicodedata.normalize("NFKC", mapped)


def password_variants(password: str) -> list[str]:
    """The password as typed, then the normalised forms other software may have used."""
    variants = [password, saslprep(password), unicodedata.normalize("NFKC", password)]
    variants.append(unicodedata.normalize("NFC", password))
    return [p for i, p in enumerate(variants) if p and p not in variants[:i]]


def _load(path: str, password: str) -> tuple[Any, int]:
    """A raw FPDF_DOCUMENT (or None) and PDFium's error code.

    pypdfium2's PdfDocument treats a document without pages as a failure and then reads
    an error code PDFium never cleared, so an empty PDF would pass for a damaged one."""
    import pypdfium2.raw as raw  # imported in the worker only

    handle = raw.FPDF_LoadDocument(
        path.encode("utf-8", errors="surrogateescape"),
        password.encode("utf-8", errors="surrogateescape") if password else None,
    )
    if handle:
        return handle, ERR_SUCCESS
    return None, raw.FPDF_GetLastError()


def open_pdf(path: str, password: str) -> Any:
    """A pypdfium2 PdfDocument with at least one page, or an Extracted saying why not."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    handle, code = _load(path, "")
    if code == ERR_PASSWORD:
        for variant in password_variants(password):
            handle, code = _load(path, variant)
            if handle:
                break
    if not handle:
        return _failure(code, bool(password))
    if raw.FPDF_GetPageCount(handle) < 1:
        raw.FPDF_CloseDocument(handle)
        return Extracted(NO_TEXT, [], 0, {}, "", None, "No text layer: the PDF has no pages.")
    return pdfium.PdfDocument(handle)


def _failure(code: int, password_given: bool) -> Extracted:
    if code == ERR_PASSWORD and password_given:
        message = "Encrypted: the password given does not open it. Give the right one in the admin."
        return Extracted(ENCRYPTED, [], None, {}, "", None, message)
    if code == ERR_PASSWORD:
        message = f"Encrypted: text not extracted. {ASK_FOR_PASSWORD}"
        return Extracted(ENCRYPTED, [], None, {}, "", None, message)
    if code == ERR_SECURITY:
        message = "Encrypted with a scheme that cannot be read here: text not extracted."
        return Extracted(ENCRYPTED, [], None, {}, "", None, message)
    if code == ERR_FILE:
        return unreadable("Unreadable: the file could not be opened.")
    return unreadable("Unreadable: the file is damaged or not a PDF (PDFium could not parse it).")


def pdf_date(value: str) -> str:
    """ "D:20240131093000+01'00'" as "2024-01-31T09:30:00+01:00"; other text as it was."""
    match = PDF_DATE.match(value.strip())
    if not match:
        return value
    year, month, day, hour, minute, second, zone = match.groups()
    date = "-".join(part for part in (year, month, day) if part)
    if not hour:
        return date
    time = f"{hour}:{minute or '00'}:{second or '00'}"
    if zone in (None, ""):
        return f"{date}T{time}"
    if zone == "Z":
        return f"{date}T{time}Z"
    digits = zone.replace("'", "")
    return f"{date}T{time}{digits[:3]}:{digits[3:5] or '00'}"


def metadata(pdf: Any) -> dict[str, str]:
    try:
        raw = pdf.get_metadata_dict(skip_empty=True)
    except Exception:  # damaged metadata must not cost the text
        return {}
    fields: dict[str, str] = {}
    for key, name in METADATA_FIELDS.items():
        value = " ".join(str(raw.get(key, "")).replace("\x00", "").split())[:MAX_FIELD_CHARS]
        if value:
            fields[name] = pdf_date(value) if name in ("created", "modified") else value
    return fields
