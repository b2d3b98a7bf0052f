from __future__ import annotations

from pathlib import PurePosixPath
from urllib.parse import urlsplit

from django import template

from manumit.catalog import formatting
from manumit.catalog.models import Attachment, Organisation, Resource

register = template.Library()

FILE_KINDS = {".pdf": "PDF", ".docx": "Word", ".doc": "Word", ".xlsx": "Excel", ".csv": "CSV"}


@register.simple_tag
def citation_line(
    resource: Resource, attachment: Attachment, publishers: list[Organisation]
) -> str:
    """`Title - Publisher, Year`, where a labelled attachment (an edition, a part) is the title."""
    title = attachment.label or resource.title
    return formatting.citation(title, [org.name for org in publishers], resource.year)


@register.filter
def human_size(size: int | None) -> str:
    return formatting.human_size(size)


@register.filter
def file_kind(filename: str) -> str:
    suffix = PurePosixPath(filename).suffix.lower()
    return FILE_KINDS.get(suffix, suffix.lstrip(".").upper() or "File")


@register.filter
def link_host(url: str) -> str:
    """`www.ilo.org` for a link, so readers see where a DOWNLOAD takes them."""
    return urlsplit(url).hostname or url
