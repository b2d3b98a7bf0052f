"""Stored names fit any file system: at most 255 bytes, most often fewer."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from manumit.files import MAX_NAME_BYTES, base_name, safe_filename, was_shortened


def test_84_chinese_characters_and_pdf_are_cut_between_characters_keeping_the_extension() -> None:
    name = "现代奴隶制" * 16 + "报告报告.pdf"  # 84 characters, 252 bytes, then .pdf
    assert len(name.encode()) > 255
    safe = safe_filename(name)
    assert safe.endswith(".pdf")
    assert len(safe.encode()) <= MAX_NAME_BYTES
    assert name.startswith(safe.removesuffix(".pdf"))
    assert was_shortened(name)


@pytest.mark.parametrize(
    ("given_name", "stored"),
    [
        ("report.pdf", "report.pdf"),
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\Ana\\statement 2024.docx", "statement 2024.docx"),
        ("tab\there.txt", "tabhere.txt"),
        ("", "file"),
        ("...", "file"),
        (".pdf", "pdf"),
        ("A:\x07", "file"),  # a drive letter is left once the control character goes
    ],
)
def test_folders_control_characters_and_empty_names_are_dealt_with(
    given_name: str, stored: str
) -> None:
    assert safe_filename(given_name) == stored


def test_a_short_name_is_unchanged() -> None:
    assert not was_shortened("folder/report.pdf")
    assert base_name("folder/report.pdf") == "report.pdf"


def test_an_absurd_extension_is_not_kept_whole() -> None:
    name = "a." + "x" * 300
    assert len(safe_filename(name).encode()) <= MAX_NAME_BYTES


@given(st.text(min_size=0, max_size=400))
def test_any_name_becomes_a_short_printable_name_without_folders(name: str) -> None:
    safe = safe_filename(name)
    assert safe
    assert len(safe.encode()) <= MAX_NAME_BYTES
    assert "/" not in safe and "\\" not in safe and "\x00" not in safe
    assert safe == safe_filename(safe)
