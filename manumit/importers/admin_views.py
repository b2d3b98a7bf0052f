"""The admin's Import pages, under /admin/import/: upload a file, read the dry run's table,
confirm, and follow the import on the job's page, where its report stays.

Every curator (staff who may add resources) may import; what a non-publisher imports is a
draft, whatever the request says (see forms.ImportForm and tasks.execute).
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import admin, messages
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import permission_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST

from manumit.catalog.models import Resource
from manumit.files import human_size
from manumit.importers import jobs, registry, tasks
from manumit.importers.forms import ImportForm
from manumit.importers.models import ImportJob, JobState
from manumit.importers.writer import Action

View = Callable[..., HttpResponseBase]
RECENT_JOBS = 20
JOBS_PER_PAGE = 50
# The order the job page lists the counts in, each with the words it says them in.
COUNT_LABELS = [
    (Action.CREATE, "Create"),
    (Action.UPDATE, "Update"),
    (Action.UNCHANGED, "Unchanged"),
    (Action.SKIP, "Skip"),
    (Action.ERROR, "Error"),
    (Action.WARNING, "Warning (the file's)"),
    (Action.NOTE, "Note"),
]


def curators_only(view: View) -> View:
    """Staff who may add resources; anybody else is sent to log in, or refused."""
    checked = staff_member_required(
        permission_required("catalog.add_resource", raise_exception=True)(view)
    )
    return wraps(view)(checked)


def page(request: HttpRequest, template: str, title: str, **context: Any) -> TemplateResponse:
    context = {
        **admin.site.each_context(request),
        "opts": Resource._meta,
        "title": title,
        **context,
    }
    return TemplateResponse(request, f"importers/{template}", context)


@curators_only
def new(request: HttpRequest) -> HttpResponse:
    """The upload form; a valid upload becomes a job whose dry run starts at once."""
    posted = request.method == "POST"
    form = ImportForm(
        request.POST if posted else None, request.FILES if posted else None, user=request.user
    )
    if posted and form.is_valid():
        job = create_job(request, form)
        return redirect("importers:job", job_id=job.pk)
    recent = ImportJob.objects.select_related("created_by")[:RECENT_JOBS]
    total = ImportJob.objects.count()
    return page(request, "new.html", "Import resources", form=form, recent=recent, total=total)


def create_job(request: HttpRequest, form: ImportForm) -> ImportJob:
    data = form.cleaned_data
    upload = data["file"]
    assert isinstance(request.user, User)  # curators_only let nobody else in
    with transaction.atomic():
        job = ImportJob.objects.create(
            created_by=request.user,
            format=data["format"],
            file_name=upload.name or "file",
            size=upload.size or 0,
            mapping_name=form.mapping_name,
            mapping_text=data["mapping"],
            status=data["status"],
            update=data["update"],
            skip_invalid=data["skip_invalid"],
            fetch_files=data["fetch_files"],
        )
        try:
            jobs.store_upload(job, upload)
        except OSError:
            jobs.remove_all(job)
            raise
        tasks.queue(job)
    return job


@curators_only
def job_list(request: HttpRequest) -> HttpResponse:
    """Every import, newest first, a page at a time; `?state=` keeps one state."""
    found = ImportJob.objects.select_related("created_by").order_by("-created_at", "-pk")
    state = request.GET.get("state", "")
    if state in JobState.values:
        found = found.filter(state=state)
    else:
        state = ""
    listing = Paginator(found, JOBS_PER_PAGE).get_page(request.GET.get("page"))
    return page(
        request,
        "jobs.html",
        "All imports",
        listing=listing,
        state=state,
        states=JobState.choices,
        rows=[(job, _summary(job)) for job in listing],
    )


def _summary(job: ImportJob) -> str:
    """ "12 create, 1 error": the counts of the job's latest run, in the job page's order."""
    parts = [
        f"{job.counts[action]} {label.lower()}"
        for action, label in COUNT_LABELS[:5]
        if job.counts.get(action)
    ]
    return ", ".join(parts) or "—"


@curators_only
def job_page(request: HttpRequest, job_id: int) -> HttpResponse:
    """The job: its progress while it runs (the page reloads itself, by a meta refresh:
    the CSP allows no inline script), then its report, and the Confirm button after a
    dry run."""
    job = get_object_or_404(ImportJob.objects.select_related("created_by"), pk=job_id)
    counts = [(label, job.counts.get(action, 0)) for action, label in COUNT_LABELS]
    errors = job.counts.get(Action.ERROR, 0)
    return page(
        request,
        "job.html",
        f"Import of “{job.file_name}”",
        job=job,
        format_label=format_label(job.format),
        size=human_size(job.size),
        progress=jobs.read_progress(job) if job.pending else None,
        counts=[(label, count) for label, count in counts if count],
        total=sum(job.counts.values()),
        rows=list(jobs.read_report(job)) if not job.pending else [],
        shown_rows=jobs.SHOWN_ROWS,
        confirmable=confirmable(request, job, errors),
        blocked_by_errors=job.state == JobState.CHECKED and errors and not job.skip_invalid,
        link_resources=job.state == JobState.DONE,
    )


def confirmable(request: HttpRequest, job: ImportJob, errors: int) -> bool:
    """Only the curator who uploaded the file confirms it (the status they chose is theirs),
    and only a dry run whose import would write something."""
    if job.state != JobState.CHECKED or request.user.pk != job.created_by_id:
        return False
    return job.skip_invalid or not errors


def format_label(name: str) -> str:
    try:
        return registry.get(name).label
    except registry.UnknownFormat:
        return name


@curators_only
@require_POST
def confirm(request: HttpRequest, job_id: int) -> HttpResponse:
    job = get_object_or_404(ImportJob, pk=job_id)
    if not confirmable(request, job, job.counts.get(Action.ERROR, 0)):
        if job.state == JobState.CHECKED and request.user.pk != job.created_by_id:
            raise PermissionDenied("Only the curator who uploaded the file may confirm it.")
        messages.warning(request, "This import is not waiting for confirmation.")
        return redirect("importers:job", job_id=job.pk)
    with transaction.atomic():
        started = tasks.confirm(job)
    if started:
        messages.success(request, f"The import of “{job.file_name}” has started.")
    return redirect("importers:job", job_id=job.pk)


class Echo:
    """A file-like object csv.writer writes to, handing each line back to the response."""

    def write(self, value: str) -> str:
        return value


@curators_only
def report(request: HttpRequest, job_id: int) -> StreamingHttpResponse:
    """The whole report of the job's latest run, as CSV (the page shows its first lines)."""
    job = get_object_or_404(ImportJob, pk=job_id)
    writer = csv.writer(Echo())
    lines = (
        writer.writerow([line.get(column, "") for column in jobs.REPORT_COLUMNS])
        for line in jobs.read_report(job, limit=None)
    )
    header = writer.writerow(jobs.REPORT_COLUMNS)
    response = StreamingHttpResponse(
        (line for part in ([header], lines) for line in part),
        content_type="text/csv; charset=utf-8",
    )
    kind = "dry-run" if job.dry_run else "report"
    response["Content-Disposition"] = f'attachment; filename="import-{job.pk}-{kind}.csv"'
    return response
