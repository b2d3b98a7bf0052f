"""Every change that alters what a resource's index document holds writes an outbox row
in the same transaction: the catalogue's `resources_changed` (manumit/catalog/changes.py)
for the record, and ingestion's extracted text. Connected in `SearchConfig.ready`."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save

from manumit.catalog.changes import resources_changed
from manumit.catalog.models import Attachment, Resource
from manumit.ingest.models import DocumentText
from manumit.search.facets import forget_labels, labelled_models
from manumit.search.outbox import changed, changed_many


def record_changed(sender: type, resource_ids: list[int], **kwargs: Any) -> None:
    changed_many(resource_ids)


def document_text_changed(sender: type, instance: DocumentText, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    resource_id = (
        Attachment.objects.filter(pk=instance.attachment_id)
        .values_list("resource_id", flat=True)
        .first()
    )
    if resource_id:
        changed(resource_id)


def connect() -> None:
    uid = "manumit.search"
    # The resource, its parts, tags and names: the catalogue's one signal for them all.
    resources_changed.connect(record_changed, dispatch_uid=f"{uid}.changes")
    # The text ingestion extracted: a row the catalogue does not know.
    post_save.connect(document_text_changed, sender=DocumentText, dispatch_uid=f"{uid}.ds")
    post_delete.connect(document_text_changed, sender=DocumentText, dispatch_uid=f"{uid}.dd")
    # Which labels are public follows the resources' statuses too (facets.py).
    labelled: tuple[type[Any], ...] = (*labelled_models(), Resource)
    for owner in labelled:
        for signal, kind in ((post_save, "s"), (post_delete, "d")):
            signal.connect(
                forget_labels, sender=owner, dispatch_uid=f"{uid}.l{kind}.{owner.__name__}"
            )
