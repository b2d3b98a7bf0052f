"""The gate on its own: one read gives kind, size and sha256, or one clear refusal."""

from __future__ import annotations

import dataclasses
import hashlib
import io
import zipfile
from pathlib import Path

import pytest

from manumit import files
from manumit.files import kinds

MINIMAL_PDF = Path("data/pdfs/py-pdf_sample-files/001-trivial__minimal-document.pdf")


def test_a_real_pdf_is_measured_named_and_hashed(shared_dir: Path) -> None:
    path = shared_dir / MINIMAL_PDF
    facts = files.examine_path(path, max_bytes=10_000_000)
    content = path.read_bytes()
    assert facts.media_type == "application/pdf"
    assert facts.description == "a PDF document"
    assert facts.size == len(content) == 16978
    assert facts.sha256 == hashlib.sha256(content).hexdigest()
    assert facts.name == facts.stored_name == path.name
    assert not facts.renamed


def test_facts_cannot_be_changed_once_found() -> None:
    facts = files.examine(io.BytesIO(b"Debt bondage in brick kilns\n"), name="n.txt", max_bytes=99)
    with pytest.raises(dataclasses.FrozenInstanceError):
        facts.sha256 = "0" * 64  # type: ignore[misc]


def test_the_file_is_read_from_its_start_and_left_there() -> None:
    file = io.BytesIO(b"country,cases\nNepal,12\n")
    file.seek(7)
    facts = files.examine(file, name="cases.csv", max_bytes=1000)
    assert facts.media_type == "text/csv"
    assert facts.size == 23
    assert file.tell() == 0


def test_a_file_over_the_limit_is_refused_before_it_is_read() -> None:
    class Unreadable(io.BytesIO):
        def read(self, size: int | None = -1) -> bytes:
            raise AssertionError("a file refused by its size must not be read")

    with pytest.raises(files.TooLarge) as refused:
        files.examine(Unreadable(b""), name="big.pdf", max_bytes=1024, size=3 * 1024 * 1024)
    assert refused.value.message == "The file is 3.0 MB, larger than the 1.0 KB allowed."


def test_a_stream_of_unknown_size_is_refused_once_it_passes_the_limit() -> None:
    with pytest.raises(files.TooLarge) as refused:
        files.examine(io.BytesIO(b"a" * 3000), name="notes.txt", max_bytes=2048)
    assert refused.value.message == "The file is larger than the 2.0 KB allowed."


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "logo.png",
            b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
            "This file looks like an SVG image, which the library does not take. It takes a "
            "PDF, Word, Excel, PowerPoint, EPUB, CSV, HTML, text or image file.",
        ),
        (
            "data.bin",
            bytes(range(256)) * 4,
            "Manumit could not tell what kind of file this is. It takes a PDF, Word, Excel, "
            "PowerPoint, EPUB, CSV, HTML, text or image file.",
        ),
    ],
)
def test_a_kind_the_library_does_not_take_is_refused_saying_what_it_looks_like(
    name: str, content: bytes, message: str
) -> None:
    with pytest.raises(files.NotAccepted) as refused:
        files.examine(io.BytesIO(content), name=name, max_bytes=10_000)
    assert refused.value.message == message


def test_a_damaged_zip_and_a_false_pdf_are_unreadable() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w/>")
    with pytest.raises(files.Unreadable) as damaged:
        files.examine(io.BytesIO(buffer.getvalue()[:40]), name="r.docx", max_bytes=10_000)
    assert damaged.value.message.startswith("It starts like a ZIP file but cannot be opened")
    assert damaged.value.message.endswith("It may be damaged or incomplete.")
    with pytest.raises(files.Unreadable) as false_pdf:
        files.examine(io.BytesIO(b"Meeting notes\n"), name="report.PDF", max_bytes=10_000)
    assert false_pdf.value.message == "It is named .pdf but its content is not a PDF."


def test_every_refusal_is_one_kind_of_error_with_a_message() -> None:
    for refusal in (files.TooLarge(2, 1), files.NotAccepted(None), files.Unreadable("Bad.")):
        assert isinstance(refusal, files.Refusal)
        assert str(refusal) == refusal.message


def test_text_is_told_from_binary_in_the_same_read_as_the_hash() -> None:
    text = b"plain words\n" * 200_000
    assert files.examine(io.BytesIO(text), name="n.txt", max_bytes=10**8).media_type == (
        "text/plain"
    )
    with pytest.raises(files.NotAccepted):
        files.examine(io.BytesIO(text + b"\x00 tail"), name="n.txt", max_bytes=10**8)


def test_a_long_name_is_kept_as_given_and_stored_shortened() -> None:
    thai = "รายงานการค้ามนุษย์" * 5 + "ประมง.pdf"
    facts = files.examine(io.BytesIO(b"%PDF-1.7\n"), name=f"C:\\Users\\me\\{thai}", max_bytes=99)
    assert facts.name == thai
    assert facts.renamed
    assert facts.stored_name.endswith(".pdf")
    assert len(facts.stored_name.encode()) <= files.MAX_NAME_BYTES


def test_the_detector_counts_bytes_as_one_pass_would() -> None:
    counts = kinds.ByteCounts.of(b"abc") + kinds.ByteCounts.of(b"\x07de")
    assert counts == kinds.ByteCounts(nuls=0, controls=1, size=6)
    assert not counts.reads_as_text  # one control byte in six is too many for text
    assert kinds.detect(b"plain", counts=kinds.ByteCounts(0, 0, 5)) == kinds.TEXT
