"""Background ingestion: one job per attached file, run by `manumit worker`.

A job is claimed with a conditional UPDATE (queued → running), so two workers never run
the same one. Its state, outcome and message are what the admin shows; a curator retries
a finished job (with a password, for an encrypted PDF), which queues the same job again.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django_tasks import task

from manumit.catalog.models import Attachment
from manumit.ingest import pipeline
from manumit.ingest.models import IngestJob, JobState, Outcome
from manumit.ingest.pipeline import Document, StopPipeline

logger = logging.getLogger(__name__)

# Outcomes after which the job failed at its purpose: no text can come without a new file.
FAILED_OUTCOMES = frozenset({Outcome.UNREADABLE, Outcome.DUPLICATE, Outcome.REJECTED})


def queue_ingest(attachment: Attachment, *, password: str = "") -> IngestJob:
    """A queued job for this attached file, handed to the worker once the upload commits."""
    job = IngestJob.objects.create(
        resource=attachment.resource, attachment=attachment, password=password
    )
    transaction.on_commit(lambda: enqueue(job.pk))
    return job


def retry(job: IngestJob, *, password: str = "") -> bool:
    """Queue a finished (or stuck) job again; False if it is queued or running already."""
    queued = IngestJob.objects.filter(Q(pk=job.pk) & retryable()).update(
        state=JobState.QUEUED,
        outcome="",
        message="",
        password=password,
        started_at=None,
        finished_at=None,
    )
    if queued:
        transaction.on_commit(lambda: enqueue(job.pk))
    return bool(queued)


def retryable() -> Q:
    """Finished jobs, and running ones whose worker must have died (past every limit)."""
    stuck_since = timezone.now() - stuck_after()
    return Q(state__in=[JobState.DONE, JobState.FAILED]) | Q(
        state=JobState.RUNNING, started_at__lt=stuck_since
    )


def stuck_after() -> timedelta:
    return timedelta(seconds=settings.EXTRACT_TIMEOUT_SECONDS * 2 + 300)


def enqueue(job_id: int) -> None:
    result = ingest_attachment.enqueue(job_id)
    IngestJob.objects.filter(pk=job_id).update(task_id=str(result.id)[:64])


@task()
def ingest_attachment(job_id: int) -> str:
    """Run the pipeline over the job's file; returns the state it ended in."""
    job = claim(job_id)
    if job is None:
        return "not claimed"
    try:
        if job.attachment is None or not job.attachment.file:
            raise StopPipeline(Outcome.REJECTED, "The job has no stored file to read.")
        document = pipeline.ingest_attachment(job.attachment, password=job.password)
    except StopPipeline as stop:
        return finish(job, stop.outcome, stop.message)
    except Exception as error:
        logger.exception("Ingestion job %s failed", job_id)
        return finish(job, "", f"Ingestion stopped with an unexpected error: {error!r}.")
    return finish(job, document.outcome, summary(document))


def claim(job_id: int) -> IngestJob | None:
    claimed = IngestJob.objects.filter(pk=job_id, state=JobState.QUEUED).update(
        state=JobState.RUNNING, started_at=timezone.now(), attempts=F("attempts") + 1
    )
    if not claimed:
        return None
    return IngestJob.objects.select_related("attachment__resource").get(pk=job_id)


def finish(job: IngestJob, outcome: str, message: str) -> str:
    """Record how the job ended and forget the password it was given."""
    failed = not outcome or outcome in FAILED_OUTCOMES
    job.state = JobState.FAILED if failed else JobState.DONE
    job.outcome, job.message, job.password = outcome, message, ""
    job.finished_at = timezone.now()
    job.save(update_fields=["state", "outcome", "message", "password", "finished_at"])
    return job.state


def summary(document: Document) -> str:
    """The job's message: what extraction said, then any near-duplicate warnings."""
    return "\n".join(line for line in [document.message, *document.warnings] if line)
