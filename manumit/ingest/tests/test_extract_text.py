"""Plain text and CSV files: decoded whatever their encoding, split into pages on form
feeds, and their language detected."""

from __future__ import annotations

from pathlib import Path

import pytest

from manumit.ingest.extract import NO_TEXT, TEXT, Extracted, extract_file
from manumit.ingest.extract._language import detect_language

STATEMENT = (
    "This statement sets out the steps our company has taken to ensure that slavery and "
    "human trafficking are not taking place in our supply chains or in any part of our "
    "business. We audit our suppliers every year and train our buyers."
)


def extract_file_text(tmp_path: Path, data: bytes, media_type: str = "text/plain") -> Extracted:
    path = tmp_path / "statement.txt"
    path.write_bytes(data)
    return extract_file(path, media_type)


def test_a_utf8_text_gives_its_text_as_one_page_with_its_language(tmp_path: Path) -> None:
    result = extract_file_text(tmp_path, STATEMENT.encode("utf-8"))
    assert (result.outcome, result.pages, result.page_count) == (TEXT, [STATEMENT], 1)
    assert result.language == "en"
    assert (result.thumbnail_png, result.message, result.metadata) == (None, "", {})


@pytest.mark.parametrize(
    ("encoded", "expected"),
    [
        ("Côte d’Ivoire – “cocoa”".encode("utf-8-sig"), "Côte d’Ivoire – “cocoa”"),
        ("Côte d’Ivoire – “cocoa”".encode("cp1252"), "Côte d’Ivoire – “cocoa”"),
        ("Côte d’Ivoire".encode("utf-16"), "Côte d’Ivoire"),
        ("Côte d’Ivoire".encode("utf-16-le"), "Côte d’Ivoire"),
        (b"caf\xe9 \x81", "café \x81"),  # not cp1252 either: Latin-1 never fails
    ],
    ids=["utf-8 with BOM", "windows-1252", "utf-16 with BOM", "utf-16 without BOM", "latin-1"],
)
def test_a_text_in_any_common_encoding_reads_right(
    tmp_path: Path, encoded: bytes, expected: str
) -> None:
    assert extract_file_text(tmp_path, encoded).pages == [expected]


def test_form_feeds_split_a_text_into_pages(tmp_path: Path) -> None:
    result = extract_file_text(tmp_path, b"First page\r\nstill first\fSecond page\fThird\f")
    assert result.pages == ["First page\nstill first", "Second page", "Third"]
    assert result.page_count == 3


def test_a_csv_file_is_read_as_text(tmp_path: Path) -> None:
    result = extract_file_text(tmp_path, b"company,country\nAcme,Thailand\n", "text/csv")
    assert result.outcome == TEXT
    assert result.pages == ["company,country\nAcme,Thailand\n"]


def test_an_empty_text_says_it_holds_no_text(tmp_path: Path) -> None:
    result = extract_file_text(tmp_path, b"  \n\n ")
    assert (result.outcome, result.pages, result.message) == (
        NO_TEXT,
        [],
        "The file holds no text.",
    )


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (STATEMENT, "en"),
        (
            "Le travail forcé reste répandu dans les chaînes d'approvisionnement. Les "
            "travailleurs recrutés à l'étranger paient souvent des frais aux agents.",
            "fr",
        ),
        (
            "El trabajo forzoso sigue siendo frecuente en las cadenas de suministro. Los "
            "trabajadores contratados en el extranjero pagan comisiones a los agentes.",
            "es",
        ),
        (
            "Zwangsarbeit ist in Lieferketten nach wie vor weit verbreitet. Arbeiter, die im "
            "Ausland angeworben werden, zahlen oft Gebühren an Vermittler.",
            "de",
        ),
    ],
)
def test_the_language_of_a_text_is_detected(text: str, language: str) -> None:
    assert detect_language(text) == language


def test_too_little_text_has_no_language() -> None:
    assert detect_language("hello") == ""
    assert detect_language("12 34 56 78 -- 2023") == ""


def test_the_language_of_a_long_text_comes_from_all_of_it_not_its_cover(tmp_path: Path) -> None:
    cover = "Rapport annuel. Sommaire. " * 3
    result = extract_file_text(tmp_path, (cover + "\f" + STATEMENT * 40).encode())
    assert result.language == "en"
