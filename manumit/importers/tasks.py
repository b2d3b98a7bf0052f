"""The admin import's background runs: the dry run, then the import a curator confirmed.

Both run in `manumit worker`, not in the web request: a WordPress export can be hundreds of
megabytes, and its one transaction (see manumit.importers.writer) would outlast any request
timeout. The dry run does every write and rolls it back, so its table is exactly what the
import will do. A job is claimed with a conditional UPDATE (queued -> running), so two
workers never run it twice.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from manumit.catalog import workflow
from manumit.catalog.models import Status
from manumit.importers import jobs, registry
from manumit.importers.mapping import Mapping, parse_mapping
from manumit.importers.models import ImportJob, JobState
from manumit.importers.writer import FileReport, ImportOptions, import_file

logger = logging.getLogger(__name__)


def queue(job: ImportJob) -> None:
    """Hand the job to the worker once the transaction that made it commits."""
    transaction.on_commit(lambda: enqueue(job.pk))


def confirm(job: ImportJob) -> bool:
    """Queue the real import of a checked job; False if it is not waiting for confirmation
    (confirmed already, say, in another tab)."""
    confirmed = ImportJob.objects.filter(pk=job.pk, state=JobState.CHECKED).update(
        state=JobState.QUEUED, dry_run=False, started_at=None, finished_at=None
    )
    if confirmed:
        queue(job)
    return bool(confirmed)


def enqueue(job_id: int) -> None:
    result = run_import_job.enqueue(job_id)
    ImportJob.objects.filter(pk=job_id).update(task_id=str(result.id)[:64])


@task()
def run_import_job(job_id: int) -> str:
    """Run the job's current phase (dry run or import); returns the state it ended in."""
    claimed = ImportJob.objects.filter(pk=job_id, state=JobState.QUEUED).update(
        state=JobState.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        return "not claimed"
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    try:
        report = execute(job)
    except Exception as error:
        logger.exception("Import job %s failed", job_id)
        return finish(job, FileReport(job.file_name, job.format), f"Unexpected error: {error!r}.")
    return finish(job, report, report.message)


def execute(job: ImportJob) -> FileReport:
    format = registry.get(job.format)
    mapping = Mapping()
    if job.mapping_text:
        mapping = parse_mapping(job.mapping_text, origin=job.mapping_name or "the mapping file")
    source = registry.Source(jobs.upload_path(job), mapping=mapping, name=job.file_name)
    # Asked again at run time: a curator who lost the publish permission since the upload
    # imports drafts.
    may_publish = workflow.can_publish(job.created_by)
    status = job.status if may_publish else Status.DRAFT
    options = ImportOptions(
        dry_run=job.dry_run,
        update=job.update,
        status=status,
        skip_invalid=job.skip_invalid,
        fetch_files=job.fetch_files,
        fetch_public_only=not settings.IMPORT_FETCH_PRIVATE,
        may_publish=may_publish,
        user=job.created_by,
        keep_rows=False,
    )
    writer = jobs.ReportWriter(jobs.report_path(job))
    progress = jobs.ProgressFile(jobs.progress_path(job))
    try:
        return import_file(
            format, source, options, on_row=writer.write, on_progress=progress.update
        )
    finally:
        writer.close()


def finish(job: ImportJob, report: FileReport, message: str) -> str:
    if job.dry_run:
        # A dry run has a message only when the file as a whole could not be read.
        state = JobState.FAILED if message else JobState.CHECKED
    else:
        state = JobState.DONE if report.imported else JobState.FAILED
    job.state, job.message, job.imported = state, message, report.imported
    job.counts = dict(report.counts)
    job.finished_at = timezone.now()
    job.save(update_fields=["state", "message", "imported", "counts", "finished_at"])
    jobs.progress_path(job).unlink(missing_ok=True)
    if state != JobState.CHECKED:
        jobs.remove_upload(job)  # nothing more will read it
    return state
