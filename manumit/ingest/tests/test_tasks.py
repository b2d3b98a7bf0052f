"""Background ingestion jobs: their states, their reasons, retries, and the real queue."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from manumit.catalog.models import Attachment
from manumit.ingest.models import DocumentText, IngestJob, JobState, Outcome
from manumit.ingest.tasks import queue_ingest, retry
from manumit.ingest.tests.ingest_fixtures import (
    BROKEN,
    ENCRYPTED,
    ENCRYPTED_PASSWORD,
    FOUR_PAGES,
)

pytestmark = pytest.mark.django_db


def run_queued(capture: Any, attachment: Attachment, password: str = "") -> IngestJob:
    """Queue a job inside a transaction; it reaches the (immediate) worker on commit."""
    with capture(execute=True):
        job = queue_ingest(attachment, password=password)
        assert IngestJob.objects.get(pk=job.pk).state == JobState.QUEUED
    job.refresh_from_db()
    return job


def test_a_job_runs_once_its_upload_commits_and_ends_done_with_the_text(
    attach: Callable[[Path], Attachment], django_capture_on_commit_callbacks: Any
) -> None:
    attachment = attach(FOUR_PAGES)
    job = run_queued(django_capture_on_commit_callbacks, attachment)
    assert job.state == JobState.DONE
    assert job.outcome == Outcome.TEXT
    assert job.attempts == 1
    assert job.started_at is not None and job.finished_at is not None
    assert job.task_id
    assert DocumentText.objects.get(attachment=attachment).pages.count() == 4


def test_a_broken_file_fails_its_job_with_the_reason_and_stays_attached(
    attach: Callable[[Path], Attachment], django_capture_on_commit_callbacks: Any
) -> None:
    attachment = attach(BROKEN)
    job = run_queued(django_capture_on_commit_callbacks, attachment)
    assert job.state == JobState.FAILED
    assert job.outcome == Outcome.UNREADABLE
    assert "damaged" in job.message
    assert Attachment.objects.filter(pk=attachment.pk).exists()


def test_an_unexpected_error_fails_the_job_and_says_what_happened(
    attach: Callable[[Path], Attachment],
    django_capture_on_commit_callbacks: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def explode(document: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("manumit.ingest.pipeline.chain.run", explode)
    job = run_queued(django_capture_on_commit_callbacks, attach(FOUR_PAGES))
    assert job.state == JobState.FAILED
    assert "disk full" in job.message


def test_retrying_a_finished_job_runs_it_again(
    attach: Callable[[Path], Attachment], django_capture_on_commit_callbacks: Any
) -> None:
    job = run_queued(django_capture_on_commit_callbacks, attach(FOUR_PAGES))
    with django_capture_on_commit_callbacks(execute=True):
        assert retry(job)
    job.refresh_from_db()
    assert job.state == JobState.DONE
    assert job.attempts == 2


def test_a_queued_or_running_job_is_not_queued_twice(
    attach: Callable[[Path], Attachment],
) -> None:
    job = queue_ingest(attach(FOUR_PAGES))  # never committed: it stays queued
    assert not retry(job)
    IngestJob.objects.filter(pk=job.pk).update(state=JobState.RUNNING, started_at=timezone.now())
    assert not retry(job)


def test_a_job_whose_worker_died_long_ago_can_be_retried(
    attach: Callable[[Path], Attachment], django_capture_on_commit_callbacks: Any
) -> None:
    job = queue_ingest(attach(FOUR_PAGES))
    long_ago = timezone.now() - timedelta(hours=2)
    IngestJob.objects.filter(pk=job.pk).update(state=JobState.RUNNING, started_at=long_ago)
    with django_capture_on_commit_callbacks(execute=True):
        assert retry(job)
    job.refresh_from_db()
    assert job.state == JobState.DONE


def test_an_encrypted_pdf_waits_for_its_password_and_then_yields_text(
    attach: Callable[[Path], Attachment], django_capture_on_commit_callbacks: Any
) -> None:
    attachment = attach(ENCRYPTED)
    job = run_queued(django_capture_on_commit_callbacks, attachment)
    assert job.state == JobState.DONE
    assert job.outcome == Outcome.ENCRYPTED

    with django_capture_on_commit_callbacks(execute=True):
        assert retry(job, password=ENCRYPTED_PASSWORD)
    job.refresh_from_db()
    assert job.outcome == Outcome.TEXT
    assert job.password == "", "the password is forgotten once the job has run"
    assert DocumentText.objects.get(attachment=attachment).char_count > 0


def test_a_wrong_password_leaves_the_pdf_encrypted(
    attach: Callable[[Path], Attachment], django_capture_on_commit_callbacks: Any
) -> None:
    job = run_queued(django_capture_on_commit_callbacks, attach(ENCRYPTED), password="guess")
    assert job.outcome == Outcome.ENCRYPTED
    assert job.password == ""


@pytest.mark.django_db(transaction=True)
def test_the_worker_command_runs_what_the_database_queue_holds(
    attach: Callable[[Path], Attachment], settings: Any
) -> None:
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    from django_tasks_db.models import DBTaskResult

    job = queue_ingest(attach(FOUR_PAGES))  # autocommit: enqueued at once
    assert DBTaskResult.objects.count() == 1
    job.refresh_from_db()
    assert job.state == JobState.QUEUED

    call_command("worker", batch=True, startup_delay=False, verbosity=0)
    job.refresh_from_db()
    assert job.state == JobState.DONE
    assert job.outcome == Outcome.TEXT
