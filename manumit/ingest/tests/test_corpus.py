"""Every real PDF in ../shared/data/pdfs (157 files from PDF libraries' test suites) goes
through extraction and ends in a clear state, whatever it is: text, OCR, encrypted, no text
layer, or unreadable with a message a curator can act on. No crash, no hang.

The files are extracted once per session, two at a time through the shared worker pool,
and each test then checks one file's result (ids are the files' names).
"""

from __future__ import annotations

import csv
import functools
import re
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from manumit.ingest.extract import Extracted, extract_file

MANIFEST_PATH = Path(__file__).resolve().parents[4] / "shared" / "data" / "pdfs" / "MANIFEST.tsv"
# A shorter limit than the default 120 s keeps a regression in CI from costing minutes;
# the hazard files end in seconds either way (test_extract_isolation checks the limits).
TIMEOUT = 60.0
TEXT_CATEGORIES = {"general", "form", "non-latin", "large-page-count"}
# A page with fewer visible characters than this may be read by OCR instead (_pdf.py).
SPARSE_LAYER = 10
# Scanned files whose images hold no words (checked by eye: two 4 x 4 pt images, a photo
# from an aeroplane, a grey gradient, a cartoon boy): OCR rightly finds nothing in them.
PICTURES_WITHOUT_WORDS = {
    "py-pdf_sample-files/007-imagemagick-images__imagemagick-CCITTFaxDecode.pdf",
    "py-pdf_sample-files/007-imagemagick-images__imagemagick-lzw.pdf",
    "py-pdf_sample-files/019-grayscale-image__grayscale-image.pdf",
    "py-pdf_sample-files/023-cmyk-image__cmyk-image.pdf",
    "pdfminer.six/contrib__issue-1057-tiff-predictor.pdf",
}
HAS_TESSERACT = shutil.which("tesseract") is not None


def _manifest() -> list[dict[str, str]]:
    if not MANIFEST_PATH.exists():
        return []
    with MANIFEST_PATH.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


ROWS = _manifest()
BY_CATEGORY = {
    category: [pytest.param(row, id=row["file"]) for row in ROWS if row["category"] == category]
    for category in {row["category"] for row in ROWS}
}
ALL = [pytest.param(row, id=row["file"]) for row in ROWS] or [pytest.param({}, id="no-manifest")]


def known_password(notes: str) -> str:
    """The user password a manifest note gives, e.g. 'user "foo", owner "baz"' -> foo."""
    match = re.search(r'(?:user|password)\s*(?:password\s*)?"([^"]+)"', notes)
    if not match:
        return ""
    # One note writes a soft hyphen as \u00AD.
    return re.sub(r"\\u([0-9A-Fa-f]{4})", lambda m: chr(int(m.group(1), 16)), match.group(1))


def text_chars(row: dict[str, str]) -> int:
    return int(row["text_chars_first30p"] or 0)


def opens_without_password(row: dict[str, str]) -> bool:
    notes = row["notes"].lower()
    return row["encrypted"] != "1" or "attachment-only" in notes or "empty user password" in notes


def expected_outcomes(row: dict[str, str]) -> set[str]:
    """What a curator should see for this file, from its manifest category."""
    category, chars = row["category"], text_chars(row)
    if category in TEXT_CATEGORIES:
        if chars >= SPARSE_LAYER:
            return {"text"}
        # A few stray characters or none: OCR may read the page instead, or find nothing.
        return {"text", "ocr"} if chars else {"text", "ocr", "no_text"}
    if category == "encrypted":
        # With the curator's password (or none needed) it opens like any other document;
        # one of them (issue3371) opens to a scanned page.
        return {"text", "ocr"}
    if category == "scanned/image-only":
        if chars:
            return {"text", "ocr"}  # it has a text layer already (scan-bad: "pdf.js")
        if not HAS_TESSERACT or row["file"] in PICTURES_WITHOUT_WORDS:
            return {"no_text"}
        return {"ocr"}
    # broken/malicious: anything but a crash or a hang; PDFium recovers many of them.
    return {"text", "ocr", "no_text", "unreadable"}


def _extract_all(
    folder: Path, rows: list[dict[str, str]], *, with_password: bool, ocr: bool
) -> dict[str, Extracted]:
    def one(row: dict[str, str]) -> tuple[str, Extracted]:
        password = known_password(row["notes"]) if with_password else ""
        result = extract_file(
            folder / row["file"], "application/pdf", password=password, ocr=ocr, timeout=TIMEOUT
        )
        return row["file"], result

    with ThreadPoolExecutor(max_workers=2) as threads:
        return dict(threads.map(one, rows))


@functools.cache
def _results(folder: Path, *, with_password: bool = True, ocr: bool = True) -> dict[str, Extracted]:
    rows = ROWS
    if not with_password or not ocr:  # the variants need only their own category
        category = "encrypted" if not with_password else "scanned/image-only"
        rows = [row for row in ROWS if row["category"] == category]
    return _extract_all(folder, rows, with_password=with_password, ocr=ocr)


@pytest.fixture
def pdfs(shared_dir: Path) -> Path:
    folder = shared_dir / "data" / "pdfs"
    assert ROWS, f"{folder / 'MANIFEST.tsv'} lists no files"
    return folder


def assert_clear_for_a_curator(result: Extracted) -> None:
    assert result.outcome in {"text", "ocr", "encrypted", "no_text", "unreadable"}
    if result.outcome != "text":
        assert result.message.strip(), f"{result.outcome} without a message"
    assert "Traceback" not in result.message and 'File "' not in result.message
    assert len(result.message) < 300
    if result.pages:
        assert result.page_count == len(result.pages)


def test_the_manifest_lists_every_file_in_the_folder(pdfs: Path) -> None:
    on_disk = {str(path.relative_to(pdfs)) for path in pdfs.rglob("*.pdf")}
    assert on_disk == {row["file"] for row in ROWS}
    assert len(on_disk) == 157


@pytest.mark.parametrize("row", ALL)
def test_every_file_ends_in_the_state_its_category_expects(pdfs: Path, row: dict[str, str]) -> None:
    result = _results(pdfs)[row["file"]]
    assert_clear_for_a_curator(result)
    assert result.outcome in expected_outcomes(row), result.message
    if result.outcome in {"text", "ocr"} and (
        text_chars(row) or row["category"] != "broken/malicious"
    ):
        assert "".join(result.pages).strip(), "text was found but none came back"
    if result.outcome == "ocr":
        assert result.ocr_pages and "OCR" in result.message


@pytest.mark.parametrize(
    "row",
    [
        pytest.param(row, id=row["file"])
        for row in ROWS
        if row["category"] == "encrypted" and not opens_without_password(row)
    ],
)
def test_an_encrypted_file_without_its_password_asks_the_curator_for_it(
    pdfs: Path, row: dict[str, str]
) -> None:
    result = _results(pdfs, with_password=False)[row["file"]]
    assert result.outcome == "encrypted"
    assert result.pages == []
    assert "password in the admin" in result.message


@pytest.mark.parametrize("row", BY_CATEGORY.get("scanned/image-only", []))
def test_a_scanned_file_without_ocr_says_it_has_no_text_layer(
    pdfs: Path, row: dict[str, str]
) -> None:
    result = _results(pdfs, ocr=False)[row["file"]]
    if text_chars(row):
        assert result.outcome == "text"  # the few words of its own layer
    else:
        assert result.outcome == "no_text"
        assert result.message.startswith("No text layer")
    assert result.ocr_pages == []
