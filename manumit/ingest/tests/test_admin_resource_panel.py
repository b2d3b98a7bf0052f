"""The resource page in the admin: an upload is extracted, and the page shows its thumbnail,
page count, extraction state and suggestions, with one-click decisions."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import Permission, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from manumit.catalog.models import Attachment, Resource, Status
from manumit.catalog.tests.admin_forms import ADD_URL, change_url, resource_form
from manumit.catalog.tests.factories import ResourceFactory
from manumit.ingest.models import (
    DocumentText,
    IngestJob,
    JobState,
    Outcome,
    Suggestion,
    SuggestionState,
)
from manumit.ingest.tests.ingest_fixtures import (
    BROKEN,
    ENCRYPTED,
    ENCRYPTED_PASSWORD,
    FBI_REPORT,
    FOUR_PAGES,
)

pytestmark = pytest.mark.django_db


def upload(
    curator: Client, capture: Any, shared_dir: Path, relative: Path, title: str = "Uploaded"
) -> Resource:
    """Add a resource with one file through the admin form, as a curator would."""
    content = (shared_dir / relative).read_bytes()
    file = SimpleUploadedFile(relative.name, content, content_type="application/pdf")
    data = resource_form(
        title=title, inlines={"attachments": [{"position": "0", "label": "", "file": file}]}
    )
    with capture(execute=True):  # the job reaches the worker when the save commits
        response = curator.post(ADD_URL, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return Resource.objects.get(title=title)


def test_an_uploaded_pdf_is_extracted_once_the_resource_is_saved(
    curator: Client, shared_dir: Path, django_capture_on_commit_callbacks: Any
) -> None:
    resource = upload(curator, django_capture_on_commit_callbacks, shared_dir, FOUR_PAGES)
    job = IngestJob.objects.get(resource=resource)
    assert job.state == JobState.DONE
    assert job.outcome == Outcome.TEXT
    text = DocumentText.objects.get(attachment__resource=resource)
    assert text.pages.count() == 4


def test_the_change_page_shows_the_thumbnail_page_count_state_and_suggestions(
    curator: Client, shared_dir: Path, django_capture_on_commit_callbacks: Any
) -> None:
    resource = upload(curator, django_capture_on_commit_callbacks, shared_dir, FBI_REPORT)
    page = curator.get(change_url(resource)).content.decode()
    attachment = resource.attachments.get()
    thumbnail = f"/admin/catalog/resource/{resource.pk}/ingest/{attachment.pk}/thumbnail.png"
    assert f'src="{thumbnail}"' in page
    assert 'alt="First page of Human_Trafficking.pdf"' in page
    assert '<dd class="ingest-pages-count">11</dd>' in page
    assert "Done" in page and "Text extracted" in page
    assert "<strong>Countries:</strong>" in page
    assert "United States" in page
    assert "mentions" in page, "each suggestion shows its evidence"
    assert page.count("Accept<span") >= 2


def test_the_thumbnail_is_a_png_for_curators_only(
    curator: Client, shared_dir: Path, django_capture_on_commit_callbacks: Any
) -> None:
    resource = upload(curator, django_capture_on_commit_callbacks, shared_dir, FOUR_PAGES)
    attachment = resource.attachments.get()
    url = f"/admin/catalog/resource/{resource.pk}/ingest/{attachment.pk}/thumbnail.png"
    response = curator.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")  # type: ignore[attr-defined]
    assert Client().get(url).status_code == 302, "anonymous visitors are sent to log in"


def test_accepting_a_suggestion_fills_the_field_in_one_click(
    curator: Client, shared_dir: Path, django_capture_on_commit_callbacks: Any
) -> None:
    resource = upload(curator, django_capture_on_commit_callbacks, shared_dir, FBI_REPORT)
    countries = Suggestion.objects.get(resource=resource, field="countries")
    url = f"/admin/catalog/resource/{resource.pk}/ingest/suggestions/{countries.pk}/accept/"
    response = curator.post(url, follow=True)
    assert "Accepted the suggested countries." in response.content.decode()
    assert resource.countries.filter(iso2="US").exists()
    countries.refresh_from_db()
    assert countries.state == SuggestionState.ACCEPTED
    page = curator.get(change_url(resource)).content.decode()
    assert "<strong>Countries:</strong>" not in page, "a decided suggestion leaves the panel"


def test_dismissing_a_suggestion_leaves_the_resource_as_it_was(
    curator: Client, shared_dir: Path, django_capture_on_commit_callbacks: Any
) -> None:
    resource = upload(curator, django_capture_on_commit_callbacks, shared_dir, FBI_REPORT)
    countries = Suggestion.objects.get(resource=resource, field="countries")
    url = f"/admin/catalog/resource/{resource.pk}/ingest/suggestions/{countries.pk}/dismiss/"
    curator.post(url)
    countries.refresh_from_db()
    assert countries.state == SuggestionState.DISMISSED
    assert not resource.countries.exists()


def test_a_suggestion_is_decided_by_post_only_and_only_by_who_may_change_the_resource(
    client: Client, curator: Client, shared_dir: Path, django_capture_on_commit_callbacks: Any
) -> None:
    resource = upload(curator, django_capture_on_commit_callbacks, shared_dir, FBI_REPORT)
    countries = Suggestion.objects.get(resource=resource, field="countries")
    url = f"/admin/catalog/resource/{resource.pk}/ingest/suggestions/{countries.pk}/accept/"
    assert curator.get(url).status_code == 405

    viewer = User.objects.create_user("vera", password="pw-for-tests-only", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_resource"))
    reader = Client()
    reader.force_login(viewer)
    assert reader.get(change_url(resource)).status_code == 200
    assert reader.post(url).status_code == 403
    countries.refresh_from_db()
    assert countries.state == SuggestionState.PENDING


def test_a_csrf_token_is_needed_to_accept(
    editor: User, shared_dir: Path, django_capture_on_commit_callbacks: Any
) -> None:
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(editor)
    resource = ResourceFactory.create()
    suggestion = Suggestion.objects.create(resource=resource, field="year", value=2015)
    url = f"/admin/catalog/resource/{resource.pk}/ingest/suggestions/{suggestion.pk}/accept/"
    assert strict.post(url).status_code == 403


def test_a_damaged_pdf_is_kept_and_its_page_says_it_cannot_be_read(
    curator: Client, shared_dir: Path, django_capture_on_commit_callbacks: Any
) -> None:
    # It starts like a PDF, so the form takes it; only the isolated extraction opens it.
    resource = upload(curator, django_capture_on_commit_callbacks, shared_dir, BROKEN, "Broken")
    assert resource.attachments.get().filename == BROKEN.name
    job = IngestJob.objects.get(resource=resource)
    assert (job.state, job.outcome) == (JobState.FAILED, Outcome.UNREADABLE)
    page = curator.get(change_url(resource)).content.decode()
    assert "Unreadable" in page
    assert "the file is damaged" in page


def test_the_same_file_on_another_resource_is_refused_with_a_link_to_the_first(
    curator: Client, shared_dir: Path, django_capture_on_commit_callbacks: Any
) -> None:
    first = upload(curator, django_capture_on_commit_callbacks, shared_dir, FOUR_PAGES, "First")
    file = SimpleUploadedFile("copy.pdf", (shared_dir / FOUR_PAGES).read_bytes())
    data = resource_form(title="Second", inlines={"attachments": [{"file": file}]})
    page = curator.post(ADD_URL, data).content.decode()
    assert (
        f'“copy.pdf” is already in the library, attached to <a href="{change_url(first)}">'
        "First</a>." in page
    )
    assert not Resource.objects.filter(title="Second").exists()


def test_retry_runs_the_extraction_again(
    curator: Client, shared_dir: Path, django_capture_on_commit_callbacks: Any
) -> None:
    resource = upload(curator, django_capture_on_commit_callbacks, shared_dir, FOUR_PAGES)
    attachment = resource.attachments.get()
    page = curator.get(change_url(resource)).content.decode()
    assert "Retry extraction" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = curator.post(
            f"/admin/catalog/resource/{resource.pk}/ingest/{attachment.pk}/extract/", follow=True
        )
    assert "Extraction of “004-pdflatex-4-pages__pdflatex-4-pages.pdf” has started." in (
        response.content.decode()
    )
    job = IngestJob.objects.get(resource=resource)
    assert job.attempts == 2
    assert job.state == JobState.DONE


def test_an_encrypted_pdf_asks_for_its_password_and_the_password_yields_text(
    curator: Client, shared_dir: Path, django_capture_on_commit_callbacks: Any
) -> None:
    resource = upload(curator, django_capture_on_commit_callbacks, shared_dir, ENCRYPTED)
    attachment = resource.attachments.get()
    page = curator.get(change_url(resource)).content.decode()
    assert "Encrypted: text not extracted" in page
    field_id = f"ingest-password-{attachment.pk}"
    assert f'<label for="{field_id}">Password to open this PDF</label>' in page
    assert f'type="password" id="{field_id}" name="password"' in page

    url = f"/admin/catalog/resource/{resource.pk}/ingest/{attachment.pk}/extract/"
    with django_capture_on_commit_callbacks(execute=True):
        curator.post(url, {"password": ENCRYPTED_PASSWORD})
    text = DocumentText.objects.get(attachment=attachment)
    assert text.outcome == Outcome.TEXT
    assert text.char_count > 0
    assert IngestJob.objects.get(resource=resource).password == ""


def test_a_resource_with_no_file_says_where_to_add_one(curator: Client) -> None:
    resource = ResourceFactory.create()
    page = curator.get(change_url(resource)).content.decode()
    assert "No file uploaded" in page


def test_a_file_attached_before_ingestion_existed_can_be_extracted_on_demand(
    curator: Client, shared_dir: Path, django_capture_on_commit_callbacks: Any
) -> None:
    resource = ResourceFactory.create()
    attachment = Attachment(resource=resource, media_type="application/pdf")
    attachment.file.save(
        "old.pdf", SimpleUploadedFile("old.pdf", (shared_dir / FOUR_PAGES).read_bytes())
    )
    page = curator.get(change_url(resource)).content.decode()
    assert "Never run" in page and "Extract text" in page
    with django_capture_on_commit_callbacks(execute=True):
        curator.post(f"/admin/catalog/resource/{resource.pk}/ingest/{attachment.pk}/extract/")
    assert DocumentText.objects.get(attachment=attachment).pages.count() == 4


def test_an_editor_s_accept_leaves_a_published_resource_for_a_publisher(
    curator: Client, publisher: User
) -> None:
    resource = ResourceFactory.create(status=Status.PUBLISHED)
    countries = Suggestion.objects.create(resource=resource, field="countries", value=["TH"])
    url = f"/admin/catalog/resource/{resource.pk}/ingest/suggestions/{countries.pk}/accept/"
    page = curator.post(url, follow=True).content.decode()
    assert "The suggested countries was not accepted: this resource is published" in page
    assert "pending revision" in page
    assert not resource.countries.exists()
    countries.refresh_from_db()
    assert countries.state == SuggestionState.PENDING
    assert "<strong>Countries:</strong>" in page, "the suggestion stays in the panel"
    # A publisher may accept it.
    publishing = Client()
    publishing.force_login(publisher)
    page = publishing.post(url, follow=True).content.decode()
    assert "Accepted the suggested countries." in page
    assert list(resource.countries.values_list("iso2", flat=True)) == ["TH"]
