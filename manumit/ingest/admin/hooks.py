"""What ingestion adds to the resource admin through the catalogue's hooks (registered in
`IngestConfig.ready()`): queue the files just uploaded, and the panel for its change page."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.forms.models import BaseModelFormSet
from django.http import HttpRequest

from manumit.catalog.models import Attachment, Resource
from manumit.ingest.admin.panel import Panel, resource_panel
from manumit.ingest.tasks import queue_ingest


def queue_new_uploads(formsets: Iterable[BaseModelFormSet]) -> list[Attachment]:
    """A job for every file uploaded (new or replaced) in the attachment rows just saved;
    each reaches the worker when the save commits."""
    queued = []
    for formset in formsets:
        if formset.model is not Attachment:
            continue
        for form in formset.forms:
            attachment = form.instance
            # A deleted row's instance has lost its pk; a link row has no file.
            if attachment.pk is None or not attachment.file:
                continue
            if "file" in form.changed_data:
                queue_ingest(attachment)
                queued.append(attachment)
    return queued


def after_resource_save(
    request: HttpRequest,
    resource: Resource,
    form: Any,
    formsets: Iterable[BaseModelFormSet],
    change: bool,
) -> None:
    """The resource admin's after-save hook: queue the files just uploaded."""
    queue_new_uploads(formsets)


def change_page_context(model_admin: Any, request: HttpRequest, object_id: str) -> dict:
    """The `ingest` panel for the resource's change page (nothing for a missing one)."""
    resource = (
        Resource.objects.filter(pk=object_id).first()
        if object_id.isascii() and object_id.isdigit()
        else None
    )
    if resource is None or not model_admin.has_view_or_change_permission(request, resource):
        return {}
    can_change = model_admin.has_change_permission(request, resource)
    panel: Panel = resource_panel(resource, can_change=can_change)
    return {"ingest": panel}
