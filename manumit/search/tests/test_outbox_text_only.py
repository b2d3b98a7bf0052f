"""Search hears of a document's text even when ingestion only reads it (the demo's way,
and a re-read): the signal on the stored text writes the outbox, and the words are found."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from manumit.catalog.models import Attachment
from manumit.ingest.pipeline import read_attachment_text
from manumit.ingest.tests.ingest_fixtures import FBI_REPORT
from manumit.search import SearchQuery, apply_outbox, search
from manumit.search.models import OutboxEntry

pytestmark = pytest.mark.django_db


def test_reading_only_the_text_of_an_attached_file_tells_search(
    attach: Callable[[Path], Attachment],
    index_dir: Path,
    django_capture_on_commit_callbacks: Any,
) -> None:
    attachment = attach(FBI_REPORT)
    resource = attachment.resource
    told_before = OutboxEntry.objects.filter(resource_id=resource.pk).count()
    with django_capture_on_commit_callbacks(execute=True):
        read_attachment_text(attachment, media_type="application/pdf")
    told = OutboxEntry.objects.filter(resource_id=resource.pk).count()
    assert told > told_before, "search is told the resource changed"
    apply_outbox()
    words = attachment.document_text.pages.get(number=2).text.split()
    found = search(SearchQuery(text=" ".join(words[:3]), include_unpublished=True))
    assert resource in [hit.resource for hit in found.hits]
