"""Search hears of an upload one way only: the signals on the rows ingestion saves."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from manumit.catalog.models import Resource
from manumit.ingest.pipeline import ingest_path
from manumit.ingest.tests.ingest_fixtures import FOUR_PAGES, copy
from manumit.search import SearchQuery, apply_outbox, search
from manumit.search.models import OutboxEntry

pytestmark = pytest.mark.django_db


def test_one_upload_writes_one_outbox_row_per_saved_change_and_no_more(
    shared_dir: Path, tmp_path: Path, index_dir: Path, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        ingest_path(copy(shared_dir, FOUR_PAGES, tmp_path), status="published")
    resource = Resource.objects.get()
    rows = list(OutboxEntry.objects.values_list("resource_id", flat=True))
    # The new resource, its attachment, the attachment's text, and the resource again
    # when the suggested title is accepted: four saves, four rows, nothing told twice.
    assert rows == [resource.pk] * 4
    apply_outbox()
    words = resource.attachments.get().document_text.pages.get(number=3).text.split()
    found = search(SearchQuery(text=" ".join(words[:3])))
    assert [hit.resource for hit in found.hits] == [resource]
