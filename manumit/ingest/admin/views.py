"""The curator's ingestion actions on a resource, served under the resource admin:
create drafts from files, (re)run extraction (with a PDF's password), accept or dismiss a
suggestion, and the thumbnail and job state that the resource page shows."""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import Any

from django.contrib import messages
from django.contrib.admin import ModelAdmin
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html, format_html_join
from django.views.decorators.http import require_POST

from manumit.catalog.admin.revisions import must_hold
from manumit.catalog.models import Attachment, Resource, Status
from manumit.ingest.admin.forms import FromFilesForm
from manumit.ingest.models import DocumentText, JobState, Suggestion, SuggestionState
from manumit.ingest.pipeline import Document, StopPipeline, create_resource, preflight
from manumit.ingest.tasks import queue_ingest, retry

View = Callable[..., HttpResponse]


def resource_urls(model_admin: ModelAdmin) -> list[URLPattern]:
    """URLs under /admin/catalog/resource/; they go before the admin's catch-all ones."""
    views = IngestViews(model_admin)
    wrap = model_admin.admin_site.admin_view
    return [
        path("from-files/", wrap(views.from_files), name="ingest_from_files"),
        path("<int:resource_id>/ingest/state/", wrap(views.state), name="ingest_status"),
        path(
            "<int:resource_id>/ingest/<int:attachment_id>/thumbnail.png",
            wrap(views.thumbnail),
            name="ingest_thumbnail",
        ),
        path(
            "<int:resource_id>/ingest/<int:attachment_id>/extract/",
            wrap(require_POST(views.extract)),
            name="ingest_extract",
        ),
        path(
            "<int:resource_id>/ingest/suggestions/<int:suggestion_id>/<str:verdict>/",
            wrap(require_POST(views.decide)),
            name="ingest_suggestion",
        ),
    ]


def change_url(resource: Resource) -> str:
    return reverse("admin:catalog_resource_change", args=[resource.pk])


class IngestViews:
    def __init__(self, model_admin: ModelAdmin) -> None:
        self.model_admin = model_admin

    def resource(self, request: HttpRequest, resource_id: int, *, change: bool) -> Resource:
        """The resource, if this curator may see it (or change it, for `change`)."""
        resource = get_object_or_404(Resource, pk=resource_id)
        admin = self.model_admin
        allowed = (
            admin.has_change_permission(request, resource)
            if change
            else admin.has_view_or_change_permission(request, resource)
        )
        if not allowed:
            raise PermissionDenied
        return resource

    # Read-only

    def thumbnail(self, request: HttpRequest, resource_id: int, attachment_id: int) -> Any:
        resource = self.resource(request, resource_id, change=False)
        text = get_object_or_404(
            DocumentText, attachment_id=attachment_id, attachment__resource=resource
        )
        if not text.thumbnail:
            raise Http404("No thumbnail")
        return FileResponse(text.thumbnail.open("rb"), content_type="image/png")

    def state(self, request: HttpRequest, resource_id: int) -> JsonResponse:
        """Whether extraction is still under way, for the page to offer a reload."""
        resource = self.resource(request, resource_id, change=False)
        pending = resource.ingest_jobs.filter(state__in=[JobState.QUEUED, JobState.RUNNING])
        return JsonResponse({"pending": pending.exists()})

    # Changes (POST only, CSRF-checked by the admin site)

    def extract(self, request: HttpRequest, resource_id: int, attachment_id: int) -> Any:
        resource = self.resource(request, resource_id, change=True)
        attachment = get_object_or_404(Attachment, pk=attachment_id, resource=resource)
        if not attachment.file:
            raise Http404("A link has no file to read")
        password = request.POST.get("password", "")
        job = attachment.ingest_jobs.order_by("-created_at", "-id").first()
        with transaction.atomic():
            if job is None:
                queue_ingest(attachment, password=password)
                queued = True
            else:
                queued = retry(job, password=password)
        if queued:
            messages.success(request, f"Extraction of “{attachment.filename}” has started.")
        else:
            messages.warning(request, f"“{attachment.filename}” is being extracted already.")
        return redirect(change_url(resource))

    def decide(
        self, request: HttpRequest, resource_id: int, suggestion_id: int, verdict: str
    ) -> Any:
        from manumit.ingest.suggest import accept, dismiss

        resource = self.resource(request, resource_id, change=True)
        suggestion = get_object_or_404(Suggestion, pk=suggestion_id, resource=resource)
        if verdict not in ("accept", "dismiss"):
            raise Http404("Accept or dismiss")
        label = suggestion.get_field_display().lower()
        if suggestion.state != SuggestionState.PENDING:
            messages.info(request, f"The suggested {label} was {suggestion.state} already.")
            return redirect(change_url(resource))
        if verdict == "accept" and must_hold(request.user, resource.status):
            # As in the review queue: the public record changes only with a publisher
            # (docs/workflow.md), so the suggestion stays for one.
            messages.warning(request, held_message(label))
            return redirect(change_url(resource))
        with transaction.atomic():
            (accept if verdict == "accept" else dismiss)(suggestion)
            done = "Accepted" if verdict == "accept" else "Dismissed"
            self.model_admin.log_change(request, resource, f"{done} the suggested {label}.")
        messages.success(request, f"{done} the suggested {label}.")
        return redirect(change_url(resource))

    def from_files(self, request: HttpRequest) -> HttpResponse:
        if not self.model_admin.has_add_permission(request):
            raise PermissionDenied
        posted = request.method == "POST"
        form = FromFilesForm(request.POST, request.FILES) if posted else FromFilesForm()
        if posted and form.is_valid():
            created, refusals = make_drafts(request, form)
            report(request, created, refusals)
            if created and not refusals and len(created) == 1:
                return redirect(change_url(created[0]))
            if created:
                return redirect(reverse("admin:catalog_resource_changelist"))
        context = {
            **self.model_admin.admin_site.each_context(request),
            "opts": Resource._meta,
            "title": "Create resources from files",
            "form": form,
        }
        return TemplateResponse(request, "admin/catalog/resource/from_files.html", context)


def held_message(label: str) -> str:
    return (
        f"The suggested {label} was not accepted: this resource is published, and only a"
        " publisher may change the public record. It stays in the panel for a publisher;"
        " to propose the change yourself, edit the field and save, which keeps it as a"
        " pending revision."
    )


def make_drafts(
    request: HttpRequest, form: FromFilesForm
) -> tuple[list[Resource], list[tuple[str, StopPipeline]]]:
    """A draft resource per acceptable file, its extraction queued; the refusals with why."""
    kind = form.cleaned_data["type"]
    created: list[Resource] = []
    refusals: list[tuple[str, StopPipeline]] = []
    user = request.user if isinstance(request.user, User) else None
    for upload in form.cleaned_data["documents"]:
        name = PurePosixPath(upload.name or "file").name
        with upload_on_disk(upload) as local:
            document = Document(
                path=local,
                name=name,
                status=Status.DRAFT,
                type_slugs=(kind.slug,) if kind else (),
                created_by=user,
            )
            try:
                preflight(document)
                with transaction.atomic():
                    create_resource(document)
                    assert document.attachment is not None
                    queue_ingest(document.attachment)
            except StopPipeline as stop:
                refusals.append((name, stop))
                continue
        assert document.resource is not None
        created.append(document.resource)
    return created, refusals


@contextmanager
def upload_on_disk(upload: UploadedFile) -> Iterator[Path]:
    """A large upload is on disk already; a small one (kept in memory) is written out."""
    on_disk = getattr(upload, "temporary_file_path", None)
    if on_disk is not None:
        yield Path(on_disk())
        return
    with tempfile.NamedTemporaryFile(suffix=".upload") as copy:
        for chunk in upload.chunks():
            copy.write(chunk)
        copy.flush()
        yield Path(copy.name)


def report(
    request: HttpRequest, created: list[Resource], refusals: list[tuple[str, StopPipeline]]
) -> None:
    if created:
        links = format_html_join(
            ", ", '<a href="{}">{}</a>', ((change_url(r), r.title) for r in created)
        )
        count = f"{len(created)} draft{'s' if len(created) != 1 else ''}"
        messages.success(
            request, format_html("Created {}: {}. Their text is being extracted.", count, links)
        )
    for name, stop in refusals:
        messages.error(request, refusal_message(name, stop))


def refusal_message(name: str, stop: StopPipeline) -> str:
    if stop.existing is not None:
        return format_html(
            '“{}” was not added: {} <a href="{}">Open “{}”</a>.',
            name,
            stop.message,
            change_url(stop.existing),
            stop.existing.title,
        )
    return f"“{name}” was not added: {stop.message}"
