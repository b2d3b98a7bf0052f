"""Writing, for curators with a token: create and change resources, attach files.

Each operation runs in one transaction. The catalogue's signals write the search outbox in
that transaction, as they do for the admin, so a change reaches the index exactly when it
commits. Status changes follow the catalogue's workflow rule: editors may not publish.
"""

from __future__ import annotations

from typing import Any, BinaryIO, cast

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from ninja import File, Form, Schema, Status
from ninja.files import UploadedFile

from manumit import files
from manumit.api import represent, schemas
from manumit.api.errors import ApiError, ErrorOut
from manumit.api.inputs import ResourceCreate, ResourceUpdate
from manumit.api.routes import resources
from manumit.api.saving import apply_fields, check_status, lock_resource, require
from manumit.api.tokens import TokenAuth
from manumit.catalog.models import Attachment, Resource
from manumit.ingest.tasks import queue_ingest

# On the resources router: Django sends a path to one router only, so the writes to
# /resources/{slug} must sit beside its reads.
router = resources.router
TOKEN = TokenAuth()
TAGS = ["writing (curators)"]

WRITE_ERRORS: dict[int, Any] = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    422: ErrorOut,
}


@router.post(
    "/resources",
    response={201: schemas.ResourceDetail, **WRITE_ERRORS},
    url_name="resource-create",
    auth=TOKEN,
    tags=TAGS,
    summary="Create a resource (a draft unless the status says otherwise)",
)
def create_resource(request: HttpRequest, data: ResourceCreate) -> Status:
    require(request, "catalog.add_resource")
    status = data.status
    check_status(request.user, None, status)
    with transaction.atomic():
        resource = Resource(created_by=cast(Any, request.user), status=status)
        apply_fields(resource, data, creating=True)
    return Status(201, represent.detail(resource, request))


@router.patch(
    "/resources/{slug}",
    response={200: schemas.ResourceDetail, **WRITE_ERRORS},
    url_name="resource-update",
    auth=TOKEN,
    tags=TAGS,
    summary="Change a resource (any status); only the fields sent change",
)
def update_resource(request: HttpRequest, slug: str, data: ResourceUpdate) -> dict[str, Any]:
    require(request, "catalog.change_resource")
    with transaction.atomic():
        resource = lock_resource(slug)
        if "status" in data.model_fields_set:
            check_status(request.user, resource.status, data.status)
            resource.status = data.status
        apply_fields(resource, data, creating=False)
    return represent.detail(resource, request)


class AttachmentIn(Schema):
    label: str = ""
    note: str = ""
    position: int = 0


@router.post(
    "/resources/{slug}/attachments",
    response={201: schemas.Attachment, **WRITE_ERRORS, 413: ErrorOut},
    url_name="attachment-create",
    auth=TOKEN,
    tags=TAGS,
    summary="Upload a file to a resource; its text is extracted in the background",
)
def upload_attachment(
    request: HttpRequest,
    slug: str,
    file: File[UploadedFile],
    label: Form[str] = "",
    note: Form[str] = "",
    position: Form[int] = 0,
) -> Status:
    require(request, "catalog.add_attachment")
    facts = examine(file)
    if len(label) > 255 or len(note) > 255:
        too_long = {name: "at most 255 characters" for name in ("label", "note")}
        raise ApiError(422, "The label and note hold at most 255 characters.", fields=too_long)
    if not 0 <= position <= 32767:
        raise ApiError(422, "position is from 0 to 32767.", fields={"position": "out of range"})
    with transaction.atomic():
        resource = lock_resource(slug)
        existing = Attachment.objects.exact_duplicate(facts.sha256)
        if existing is not None:
            raise ApiError(
                409,
                "This file is already in the library.",
                fields={"file": f"already attached to {existing.resource.slug}"},
            )
        attachment = Attachment(resource=resource, label=label, note=note, position=position)
        attachment.apply_facts(facts)
        attachment.file.save(facts.stored_name, file, save=False)
        attachment.save()
        # The same queue as the admin's uploads: the worker counts pages and reads the text.
        queue_ingest(attachment)
    return Status(201, represent.attachment(attachment, request))


def examine(upload: UploadedFile) -> files.FileFacts:
    """The file gate's facts (kind by content, size, sha256), or its refusal as an error."""
    try:
        return files.examine(
            cast(BinaryIO, upload),
            name=upload.name or "upload",
            max_bytes=settings.MAX_UPLOAD_BYTES,
            size=upload.size,
        )
    except files.TooLarge as refusal:
        raise ApiError(413, refusal.message, fields={"file": "too large"}) from refusal
    except files.Refusal as refusal:
        raise ApiError(422, refusal.message, fields={"file": refusal.message}) from refusal
