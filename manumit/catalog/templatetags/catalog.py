from __future__ import annotations

from pathlib import PurePosixPath
from urllib.parse import urlsplit

from django import template
from django.utils.safestring import SafeString, mark_safe

from manumit.catalog import formatting, hooks
from manumit.catalog.models import Attachment, Resource
from manumit.catalog.models.fields import is_web_url

register = template.Library()

FILE_KINDS = {".pdf": "PDF", ".docx": "Word", ".doc": "Word", ".xlsx": "Excel", ".csv": "CSV"}


@register.simple_tag
def citation_line(resource: Resource, attachment: Attachment) -> str:
    return resource.citation_for(attachment)


@register.filter
def machine_date(resource: Resource) -> str:
    """The `datetime` attribute at the date's own precision: `2018`, `2019-11`, `2018-06-02`."""
    return formatting.machine_date(resource.pub_date, resource.pub_date_precision)


@register.filter
def human_size(size: int | None) -> str:
    return formatting.human_size(size)


@register.filter
def file_kind(filename: str) -> str:
    suffix = PurePosixPath(filename).suffix.lower()
    return FILE_KINDS.get(suffix, suffix.lstrip(".").upper() or "File")


@register.filter
def web_url(url: str) -> str:
    """The link if it is an http(s) address, else '': a value stored past the model's guard
    (an old row, raw SQL) is shown as text, never as a link a browser would run."""
    return url if is_web_url(url) else ""


@register.filter
def link_host(url: str) -> str:
    """`www.ilo.org` for a link, so readers see where a DOWNLOAD takes them."""
    return urlsplit(url).hostname or url


@register.simple_tag(takes_context=True)
def page_head_hooks(context: template.Context) -> SafeString:
    """What higher apps add to every public page's <head> (feed links, say)."""
    request = context.get("request")
    return _joined(hooks.call(hooks.PAGE_HEAD, request, context.flatten()))


@register.simple_tag(takes_context=True)
def resource_head_hooks(context: template.Context, resource: Resource) -> SafeString:
    """What higher apps add to a resource page's <head> (scholarly metadata, say)."""
    return _joined(hooks.call(hooks.RESOURCE_HEAD, context.get("request"), resource))


@register.simple_tag(takes_context=True)
def resource_panel_hooks(context: template.Context, resource: Resource) -> SafeString:
    """Panels higher apps add below a resource's facts (a "Cite" box, say)."""
    return _joined(hooks.call(hooks.RESOURCE_PANELS, context.get("request"), resource))


def _joined(parts: list[str]) -> SafeString:
    # Each hook returns markup its own template rendered (already escaped there).
    return mark_safe("\n".join(str(part) for part in parts if part))  # noqa: S308
