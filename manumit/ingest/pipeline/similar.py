"""The last steps: warn about near-duplicates (never refuse them), and tell search."""

from __future__ import annotations

from django.db import transaction

from manumit.ingest.pipeline.document import Document
from manumit.ingest.pipeline.suggesting import title_for


def near_duplicates(document: Document) -> None:
    from manumit.ingest.duplicates import find_near_duplicates

    resource = document.resource
    document.near_duplicates = find_near_duplicates(
        resource.title if resource else title_for(document),
        document.text,
        exclude_resource_id=resource.pk if resource else None,
    )


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
