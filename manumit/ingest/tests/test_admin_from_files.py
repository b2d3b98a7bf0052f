"""“Create from files” in the resource admin: a draft per file, the bad ones explained."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from manumit.catalog.models import Attachment, Resource, Status
from manumit.catalog.tests.admin_forms import change_url
from manumit.ingest.models import DocumentText, IngestJob, JobState
from manumit.ingest.tests.ingest_fixtures import (
    BROKEN,
    FOUR_PAGES,
    ONE_PAGE,
)

pytestmark = pytest.mark.django_db

URL = "/admin/catalog/resource/from-files/"


def a_file(shared_dir: Path, relative: Path, name: str = "") -> SimpleUploadedFile:
    return SimpleUploadedFile(name or relative.name, (shared_dir / relative).read_bytes())


def post(curator: Client, capture: Any, files: list[SimpleUploadedFile], **extra: str) -> str:
    with capture(execute=True):
        response = curator.post(URL, {"documents": files, **extra}, follow=True)
    assert response.status_code == 200
    return response.content.decode()


def test_the_resource_list_offers_to_create_resources_from_files(curator: Client) -> None:
    page = curator.get("/admin/catalog/resource/").content.decode()
    assert f'<a href="{URL}" class="addlink">Create from files</a>' in page


def test_the_form_has_a_labelled_multiple_file_input(curator: Client) -> None:
    page = curator.get(URL).content.decode()
    assert '<label for="id_documents">Files:</label>' in page
    assert 'type="file" name="documents"' in page and "multiple" in page
    assert "<h1>Create resources from files</h1>" in page


def test_each_file_becomes_a_draft_and_is_extracted(
    curator: Client, shared_dir: Path, django_capture_on_commit_callbacks: Any
) -> None:
    files = [a_file(shared_dir, ONE_PAGE), a_file(shared_dir, FOUR_PAGES)]
    page = post(curator, django_capture_on_commit_callbacks, files, type="publications")
    assert "Created 2 drafts" in page
    assert Resource.objects.count() == 2
    for resource in Resource.objects.all():
        assert resource.status == Status.DRAFT
        assert list(resource.types.values_list("slug", flat=True)) == ["publications"]
        assert IngestJob.objects.get(resource=resource).state == JobState.DONE
    four = Attachment.objects.get(file__endswith=FOUR_PAGES.name)
    assert four.page_count == 4
    assert DocumentText.objects.get(attachment=four).pages.count() == 4


def test_a_web_page_becomes_a_draft_with_the_text_a_reader_sees(
    curator: Client, django_capture_on_commit_callbacks: Any
) -> None:
    markup = (
        b"<!doctype html><html><head><title>Cocoa and child labour</title>"
        b"<script>steal()</script></head><body><p>Child labour on cocoa farms in "
        b"C\xc3\xb4te d'Ivoire and Ghana.</p></body></html>"
    )
    post(curator, django_capture_on_commit_callbacks, [SimpleUploadedFile("cocoa.html", markup)])
    attachment = Attachment.objects.get()
    assert attachment.media_type == "text/html"
    text = DocumentText.objects.get(attachment=attachment).pages.get().text
    assert "Child labour on cocoa farms in Côte d'Ivoire and Ghana." in text
    assert "steal()" not in text


def test_one_file_leads_straight_to_its_new_resource(
    curator: Client, shared_dir: Path, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = curator.post(URL, {"documents": [a_file(shared_dir, FOUR_PAGES)]})
    resource = Resource.objects.get()
    assert response.status_code == 302
    assert response["Location"] == change_url(resource)


def test_a_file_already_in_is_refused_with_a_link_and_the_others_still_come_in(
    curator: Client, shared_dir: Path, django_capture_on_commit_callbacks: Any
) -> None:
    post(curator, django_capture_on_commit_callbacks, [a_file(shared_dir, FOUR_PAGES)])
    first = Resource.objects.get()
    page = post(
        curator,
        django_capture_on_commit_callbacks,
        [a_file(shared_dir, FOUR_PAGES, "again.pdf"), a_file(shared_dir, ONE_PAGE)],
    )
    assert "“again.pdf” was not added: The same file is already in the library" in page
    assert f'<a href="{change_url(first)}">Open “{first.title}”</a>' in page
    assert Resource.objects.count() == 2


def test_a_drawing_a_browser_would_run_is_refused_saying_what_it_is(
    curator: Client, django_capture_on_commit_callbacks: Any
) -> None:
    drawing = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    page_file = SimpleUploadedFile("report.pdf.txt", drawing)
    page = post(curator, django_capture_on_commit_callbacks, [page_file])
    assert "“report.pdf.txt” was not added: This file looks like an SVG image" in page
    assert not Resource.objects.exists()
    assert not Attachment.objects.exists()


def test_a_file_over_the_limit_is_refused_and_nothing_is_half_made(
    curator: Client, shared_dir: Path, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.MAX_UPLOAD_BYTES = 20_000
    page = post(curator, django_capture_on_commit_callbacks, [a_file(shared_dir, FOUR_PAGES)])
    assert "was not added: The file is 24 KB, larger than the 20 KB allowed." in page
    assert not Resource.objects.exists()
    assert not Attachment.objects.exists()


def test_a_broken_pdf_is_kept_as_a_draft_whose_job_says_why(
    curator: Client, shared_dir: Path, django_capture_on_commit_callbacks: Any
) -> None:
    post(curator, django_capture_on_commit_callbacks, [a_file(shared_dir, BROKEN)])
    job = IngestJob.objects.get()
    assert job.state == JobState.FAILED
    assert "damaged" in job.message
    assert Attachment.objects.get().file.read() == (shared_dir / BROKEN).read_bytes()


def test_no_file_chosen_is_asked_for_again(curator: Client) -> None:
    response = curator.post(URL, {})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()


def test_only_curators_who_may_add_resources_may_create_them_from_files(
    client: Client, django_user_model: Any
) -> None:
    staff = django_user_model.objects.create_user("s", password="pw-for-tests-only", is_staff=True)
    client.force_login(staff)
    assert client.get(URL).status_code == 403
