"""The "Cite" box after a resource's facts: APA 7, Chicago author-date and Harvard, and
links to the BibTeX, RIS and CSL-JSON downloads (the catalogue's RESOURCE_PANELS hook)."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string

from manumit.catalog import formats
from manumit.catalog.formats import records
from manumit.catalog.models import Resource
from manumit.interop.citations import styles
from manumit.interop.citations.exports import RESOURCE_FORMATS
from manumit.interop.citations.record import citable


def cite_box(request: HttpRequest, resource: Resource) -> str:
    item = citable(records.record(resource, request))
    downloads = [
        {
            "url": formats.twin_url(request, entry.name),
            "label": entry.label,
            "media_type": entry.media_type,
        }
        for entry in RESOURCE_FORMATS
    ]
    context = {"citations": styles.formatted(item), "downloads": downloads}
    return render_to_string("interop/cite_box.html", context, request=request)
