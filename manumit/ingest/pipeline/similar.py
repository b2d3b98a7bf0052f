"""Warn about near-duplicates (never refuse them) before the save step stores the
warnings. (Search is not told here: it listens to the saved rows by signals.)"""

from __future__ import annotations

from manumit.ingest.pipeline.document import Document
from manumit.ingest.pipeline.suggesting import file_name_title, title_for


def near_duplicates(document: Document) -> None:
    from manumit.ingest.duplicates import find_near_duplicates

    resource = document.resource
    document.near_duplicates = find_near_duplicates(
        title_to_compare(document),
        document.text,
        exclude_resource_id=resource.pk if resource else None,
        fingerprint=document.fingerprint,
    )


def title_to_compare(document: Document) -> str:
    """The title the resource will have once saved: the curator's, else the suggested one
    (the save step accepts it in place of a title made from the file name)."""
    resource = document.resource
    if resource is not None and resource.title != file_name_title(document.name):
        return resource.title
    return title_for(document)
