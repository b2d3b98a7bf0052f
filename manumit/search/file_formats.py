"""The format facet: what kind of document an attachment is, in a reader's words.

An external link is a web page; a stored file goes by its media type (detected from its
content when it was uploaded), or, where none was stored, by its name's extension.
"""

from __future__ import annotations

import mimetypes
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from manumit.catalog.models import Attachment

# key -> label, in no particular order (the sidebar orders values by count)
LABELS = {
    "pdf": "PDF",
    "web-page": "Web page",
    "spreadsheet": "Spreadsheet",
    "document": "Word processor document",
    "presentation": "Presentation",
    "image": "Image",
    "audio": "Audio",
    "video": "Video",
    "text": "Plain text",
    "other": "Other file",
}

_BY_MEDIA_TYPE = {
    "application/pdf": "pdf",
    "text/html": "web-page",
    "application/xhtml+xml": "web-page",
    "text/csv": "spreadsheet",
    "application/vnd.ms-excel": "spreadsheet",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "spreadsheet",
    "application/vnd.oasis.opendocument.spreadsheet": "spreadsheet",
    "application/msword": "document",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "document",
    "application/vnd.oasis.opendocument.text": "document",
    "application/rtf": "document",
    "text/rtf": "document",
    "application/vnd.ms-powerpoint": "presentation",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "presentation",
    "application/vnd.oasis.opendocument.presentation": "presentation",
    "text/plain": "text",
    "text/markdown": "text",
}
_BY_FAMILY = {"image": "image", "audio": "audio", "video": "video"}


def of(attachment: Attachment) -> str:
    """The format key of one attachment."""
    if attachment.is_external:
        return "web-page"
    media_type = attachment.media_type or mimetypes.guess_type(attachment.filename)[0] or ""
    return of_media_type(media_type)


def of_media_type(media_type: str) -> str:
    media_type = media_type.split(";")[0].strip().lower()
    found = _BY_MEDIA_TYPE.get(media_type)
    if found:
        return found
    return _BY_FAMILY.get(media_type.partition("/")[0], "other")


def labels(keys: set[str]) -> dict[str, str]:
    return {key: LABELS.get(key, key) for key in keys}
