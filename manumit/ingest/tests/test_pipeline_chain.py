"""The whole chain over real files: what a curator finds afterwards, whatever the file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from manumit.catalog.models import Attachment, Resource, Status
from manumit.ingest.models import DocumentText, Outcome, Suggestion, SuggestionState
from manumit.ingest.pipeline import (
    StopPipeline,
    ingest_attachment,
    ingest_path,
    read_attachment_text,
)
from manumit.ingest.tests.ingest_fixtures import (
    BROKEN,
    ENCRYPTED,
    ENCRYPTED_PASSWORD,
    FBI_REPORT,
    FOUR_PAGES,
    copy,
)

pytestmark = pytest.mark.django_db


def stored_files() -> list[Path]:
    return [path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()]


def test_a_pdf_becomes_a_draft_with_text_thumbnail_and_suggestions(
    shared_dir: Path, tmp_path: Path
) -> None:
    document = ingest_path(copy(shared_dir, FBI_REPORT, tmp_path))
    resource = Resource.objects.get()
    assert resource.status == Status.DRAFT
    assert document.outcome == Outcome.TEXT
    attachment = resource.attachments.get()
    assert attachment.media_type == "application/pdf"
    assert attachment.page_count == 11
    text = DocumentText.objects.get(attachment=attachment)
    assert text.pages.count() == 11
    assert "trafficking" in text.pages.get(number=1).text.lower()
    assert text.thumbnail
    fields = set(resource.suggestions.values_list("field", flat=True))
    assert "countries" in fields
    countries = resource.suggestions.get(field="countries")
    assert "US" in countries.value, "the FBI report is about the United States"


def test_the_same_file_again_is_refused_naming_the_resource_that_holds_it(
    shared_dir: Path, tmp_path: Path
) -> None:
    first = ingest_path(copy(shared_dir, FOUR_PAGES, tmp_path / "a"))
    with pytest.raises(StopPipeline) as stopped:
        ingest_path(copy(shared_dir, FOUR_PAGES, tmp_path / "b", name="renamed.pdf"))
    assert stopped.value.outcome == Outcome.DUPLICATE
    assert stopped.value.existing == first.resource
    assert Resource.objects.count() == 1


def test_an_oversized_file_is_refused_and_nothing_is_stored(
    shared_dir: Path, tmp_path: Path, settings: object
) -> None:
    settings.MAX_UPLOAD_BYTES = 1000  # type: ignore[attr-defined]
    with pytest.raises(StopPipeline) as stopped:
        ingest_path(copy(shared_dir, FOUR_PAGES, tmp_path))
    assert stopped.value.outcome == Outcome.REJECTED
    assert not Resource.objects.exists()
    assert stored_files() == []


def test_a_broken_pdf_is_kept_with_a_message_a_curator_understands(
    shared_dir: Path, tmp_path: Path
) -> None:
    document = ingest_path(copy(shared_dir, BROKEN, tmp_path))
    assert document.outcome == Outcome.UNREADABLE
    attachment = Attachment.objects.get()
    assert attachment.file.read() == (shared_dir / BROKEN).read_bytes(), "the file is kept"
    text = DocumentText.objects.get(attachment=attachment)
    assert text.outcome == Outcome.UNREADABLE
    assert text.message
    assert text.pages.count() == 0


def test_an_encrypted_pdf_is_kept_and_its_password_later_yields_the_text(
    shared_dir: Path, tmp_path: Path
) -> None:
    document = ingest_path(copy(shared_dir, ENCRYPTED, tmp_path))
    assert document.outcome == Outcome.ENCRYPTED
    attachment = Attachment.objects.get()
    assert DocumentText.objects.get(attachment=attachment).outcome == Outcome.ENCRYPTED

    again = ingest_attachment(attachment, password=ENCRYPTED_PASSWORD)
    assert again.outcome == Outcome.TEXT
    text = DocumentText.objects.get(attachment=attachment)
    assert text.outcome == Outcome.TEXT
    assert text.char_count > 0
    assert text.pages.count() == 1


def test_a_dry_run_reads_the_file_and_stores_nothing(shared_dir: Path, tmp_path: Path) -> None:
    document = ingest_path(copy(shared_dir, FOUR_PAGES, tmp_path), dry_run=True)
    assert document.outcome == Outcome.TEXT
    assert document.page_count == 4
    assert document.proposals
    assert not Resource.objects.exists()
    assert not Suggestion.objects.exists()
    assert stored_files() == []


def test_new_drafts_take_their_suggestions_at_once_when_the_setting_says_so(
    shared_dir: Path, tmp_path: Path, settings: object
) -> None:
    settings.AUTO_APPLY_SUGGESTIONS = True  # type: ignore[attr-defined]
    ingest_path(copy(shared_dir, FBI_REPORT, tmp_path))
    resource = Resource.objects.get()
    assert resource.countries.filter(iso2="US").exists()
    assert not resource.suggestions.filter(state=SuggestionState.PENDING, field="countries")


def test_without_the_setting_suggestions_wait_for_a_curator(
    shared_dir: Path, tmp_path: Path
) -> None:
    ingest_path(copy(shared_dir, FBI_REPORT, tmp_path))
    resource = Resource.objects.get()
    assert not resource.countries.exists()
    assert resource.suggestions.filter(state=SuggestionState.PENDING, field="countries")


def test_a_second_run_over_an_attached_file_replaces_its_pages(
    shared_dir: Path, tmp_path: Path, django_capture_on_commit_callbacks: Any
) -> None:
    ingest_path(copy(shared_dir, FOUR_PAGES, tmp_path))
    attachment = Attachment.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        ingest_attachment(attachment)
    text = DocumentText.objects.get(attachment=attachment)
    assert list(text.pages.values_list("number", flat=True)) == [1, 2, 3, 4]
    assert DocumentText.objects.count() == 1
    thumbnails = [path for path in stored_files() if "thumbnails" in path.parts]
    assert len(thumbnails) == 1, "the old thumbnail is not left behind"


def test_reading_only_the_text_of_an_attached_file_leaves_its_resource_as_it_was(
    attach: Callable[[Path], Attachment], django_capture_on_commit_callbacks: Any
) -> None:
    attachment = attach(FBI_REPORT)
    resource = attachment.resource
    with django_capture_on_commit_callbacks(execute=True):
        document = read_attachment_text(attachment, media_type="application/pdf")
    assert document.outcome == Outcome.TEXT
    text = DocumentText.objects.get(attachment=attachment)
    assert text.pages.count() == 11 and text.thumbnail
    assert not resource.suggestions.exists()
    assert not resource.countries.exists()
    # That search is told of the text: manumit/search/tests/test_outbox_text_only.py.


def test_deleting_an_attachment_removes_its_file_and_thumbnail_once_committed(
    shared_dir: Path, tmp_path: Path, django_capture_on_commit_callbacks: Any
) -> None:
    ingest_path(copy(shared_dir, FOUR_PAGES, tmp_path))
    assert len(stored_files()) == 2  # the PDF and its thumbnail
    with django_capture_on_commit_callbacks(execute=True):
        Attachment.objects.get().delete()
    assert stored_files() == []
    assert not DocumentText.objects.exists()
