"""A resource's own page and its downloads."""

from __future__ import annotations

from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponseBase,
    HttpResponseRedirect,
)
from django.shortcuts import get_object_or_404, render

from manumit.catalog import formats
from manumit.catalog.formats.records import RECORD_PREFETCH
from manumit.catalog.formats.subjects import ResourceItem
from manumit.catalog.models import Attachment, Resource
from manumit.catalog.related import related_resources
from manumit.catalog.views import legacy
from manumit.catalog.views.pages import page_formats, public_resources


def _visible_resource(request: HttpRequest, slug: str) -> Resource:
    queryset = public_resources(request).prefetch_related(*RECORD_PREFETCH)
    return get_object_or_404(queryset, slug=slug)


def resource_detail(request: HttpRequest, slug: str, format: str = "") -> HttpResponseBase:
    """A resource's page, or its `format` (`.json`, and whatever else is registered)."""
    chosen = formats.lookup(formats.RESOURCE, format)
    try:
        resource = _visible_resource(request, slug)
    except Http404:
        # A renamed resource keeps its old slugs; send old links on to the new address.
        return legacy.old_slug(request, slug, format=format)
    if chosen is not None:
        return formats.respond(request, chosen, ResourceItem(request, resource))
    context = {
        "resource": resource,
        "authors": resource.ordered_authors(),
        "publishers": resource.ordered_publishers(),
        "attachments": list(resource.attachments.all()),
        "related": related_resources(resource),
        "is_preview": not resource.is_public,
        **page_formats(request, formats.RESOURCE),
    }
    return formats.private_if_curator(
        request, render(request, "catalog/resource_detail.html", context)
    )


# Types a browser may show in the page itself; anything else is saved as a download, so an
# uploaded file can never run as a page of this site.
INLINE_TYPES = frozenset({"application/pdf", "image/png", "image/jpeg", "image/gif", "image/webp"})


def download(request: HttpRequest, slug: str, attachment_id: int) -> HttpResponseBase:
    """Serve an attached file (PDFs inline, so `#page=N` works), or redirect to the link."""
    resource = get_object_or_404(public_resources(request), slug=slug)
    attachment = get_object_or_404(Attachment, pk=attachment_id, resource=resource)
    if attachment.is_external:
        return HttpResponseRedirect(attachment.url)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404("The file for this attachment is missing from storage.") from None
    content_type = attachment.media_type or "application/octet-stream"
    response = FileResponse(
        handle,
        filename=attachment.filename,
        content_type=content_type,
        as_attachment=content_type not in INLINE_TYPES,
    )
    # Even a file shown inline gets no scripts, forms or same-origin rights.
    response["Content-Security-Policy"] = "sandbox; default-src 'none'; style-src 'unsafe-inline'"
    return formats.private_if_curator(request, response)
