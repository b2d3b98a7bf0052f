"""Warn about near-duplicates (never refuse them) before the save step stores the
warnings; tell search once everything is saved."""

from __future__ import annotations

from django.db import transaction

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


def notify_search(document: Document) -> None:
    if document.resource is not None:
        tell_search(document.resource.pk)


def tell_search(resource_id: int) -> None:
    """Tell the search index that the resource changed, once the change is committed."""
    from manumit import search

    # `manumit.search.changed` comes with the search feature; where it is absent (an older
    # checkout), nobody listens and there is nothing to tell.
    changed = getattr(search, "changed", None)
    if changed is not None:
        transaction.on_commit(lambda: changed(resource_id))
