"""Ingestion's own admin pages: jobs (with retry), tag rules (edited by curators) and the
extracted texts (read-only)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from manumit.catalog.models import Attachment, Resource, Topic
from manumit.catalog.tests.factories import ResourceFactory
from manumit.ingest.models import DocumentText, IngestJob, JobState, TagRule
from manumit.ingest.tasks import queue_ingest
from manumit.ingest.tests.ingest_fixtures import (
    ENCRYPTED,
    FOUR_PAGES,
)

pytestmark = pytest.mark.django_db

JOBS = "/admin/ingest/ingestjob/"


def ingested(shared_dir: Path, capture: Any, relative: Path) -> IngestJob:
    resource: Resource = ResourceFactory.create(title=f"Holds {relative.name}")
    attachment = Attachment(resource=resource, media_type="application/pdf")
    attachment.file.save(
        relative.name, SimpleUploadedFile("x", (shared_dir / relative).read_bytes())
    )
    with capture(execute=True):
        job = queue_ingest(attachment)
    job.refresh_from_db()
    return job


def test_curators_see_each_job_with_its_state_and_reason(
    curator: Client, shared_dir: Path, django_capture_on_commit_callbacks: Any
) -> None:
    ingested(shared_dir, django_capture_on_commit_callbacks, FOUR_PAGES)
    page = curator.get(JOBS).content.decode()
    assert FOUR_PAGES.name in page
    assert "Done" in page and "Text extracted" in page
    assert '<option value="retry_selected">Retry the selected jobs</option>' in page
    index = curator.get("/admin/").content.decode()
    assert "Document ingestion" in index, "the app shows on the admin's front page"


def test_the_retry_action_queues_the_selected_jobs_again(
    curator: Client, shared_dir: Path, django_capture_on_commit_callbacks: Any
) -> None:
    job = ingested(shared_dir, django_capture_on_commit_callbacks, FOUR_PAGES)
    data = {"action": "retry_selected", "_selected_action": [str(job.pk)], "index": "0"}
    with django_capture_on_commit_callbacks(execute=True):
        response = curator.post(JOBS, data, follow=True)
    assert "Queued 1 job again." in response.content.decode()
    job.refresh_from_db()
    assert job.attempts == 2 and job.state == JobState.DONE


def test_a_job_page_offers_the_password_for_an_encrypted_pdf(
    curator: Client, shared_dir: Path, django_capture_on_commit_callbacks: Any
) -> None:
    job = ingested(shared_dir, django_capture_on_commit_callbacks, ENCRYPTED)
    page = curator.get(f"{JOBS}{job.pk}/change/").content.decode()
    assert '<label for="ingest-job-password">Password to open this PDF</label>' in page
    assert (
        f'action="/admin/catalog/resource/{job.resource_id}/ingest/{job.attachment_id}/extract/"'
        in page
    )


def test_jobs_cannot_be_added_or_edited_by_hand(curator: Client) -> None:
    assert curator.get(f"{JOBS}add/").status_code == 403


def test_staff_who_cannot_see_resources_cannot_see_jobs(client: Client) -> None:
    staff = User.objects.create_user("s", password="pw-for-tests-only", is_staff=True)
    client.force_login(staff)
    assert client.get(JOBS).status_code == 403


def test_an_editor_adds_a_tag_rule(curator: Client) -> None:
    topic = Topic.objects.first()
    assert topic is not None
    response = curator.post(
        "/admin/ingest/tagrule/add/",
        {
            "topic": str(topic.pk),
            "algorithm": "any",
            "pattern": "kafala sponsorship",
            "min_matches": "2",
            "enabled": "on",
            "note": "Gulf labour migration",
        },
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    assert TagRule.objects.filter(pattern="kafala sponsorship", topic=topic).exists()


def test_a_rule_with_a_broken_regular_expression_is_refused_with_the_reason(
    curator: Client,
) -> None:
    topic = Topic.objects.first()
    assert topic is not None
    response = curator.post(
        "/admin/ingest/tagrule/add/",
        {"topic": str(topic.pk), "algorithm": "regex", "pattern": "(unclosed", "min_matches": "1"},
    )
    assert "Not a valid regular expression" in response.content.decode()


def test_the_extracted_text_reads_page_by_page_and_cannot_be_edited(
    curator: Client, shared_dir: Path, django_capture_on_commit_callbacks: Any
) -> None:
    job = ingested(shared_dir, django_capture_on_commit_callbacks, FOUR_PAGES)
    text = DocumentText.objects.get(attachment=job.attachment)
    page = curator.get(f"/admin/ingest/documenttext/{text.pk}/change/").content.decode()
    assert "<h3>Page 1</h3>" in page and "<h3>Page 4</h3>" in page
    assert 'name="_save"' not in page
    assert curator.post(f"/admin/ingest/documenttext/{text.pk}/delete/").status_code == 403
