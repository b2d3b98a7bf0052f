"""Keep stored files in step with attachments: a replaced or deleted file leaves no orphan.

Files are removed only after the transaction commits, so a rolled-back delete or edit
never loses a file that the database still points to.
"""

from __future__ import annotations

from typing import Any

from django.core.files.storage import default_storage
from django.db import transaction

from manumit.catalog.models import Attachment


def _delete_later(name: str) -> None:
    if name:
        transaction.on_commit(lambda: default_storage.delete(name))


def forget_replaced_file(sender: type, instance: Attachment, **kwargs: Any) -> None:
    if instance.pk is None:
        return
    previous = Attachment.objects.filter(pk=instance.pk).values_list("file", flat=True).first()
    if previous and previous != instance.file.name:
        _delete_later(previous)


def forget_deleted_file(sender: type, instance: Attachment, **kwargs: Any) -> None:
    _delete_later(instance.file.name or "")


def forget_deleted_thumbnail(sender: type, instance: Any, **kwargs: Any) -> None:
    """A document's thumbnail (manumit.ingest's DocumentText) goes when the document does,
    which is when its attachment is deleted."""
    _delete_later(instance.thumbnail.name or "")
