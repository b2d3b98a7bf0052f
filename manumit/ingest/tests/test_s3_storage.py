"""Files on S3-compatible storage, for real: a local moto server (`scripts/s3.sh start`).

Run with `eval "$(scripts/s3.sh start)"; .venv/bin/pytest -m s3`, as CI does once. An
attachment's file goes to the bucket; ingestion reads it (through a temporary copy, since
S3 has no local path) and stores the thumbnail there too; the public download serves its
bytes; deleting the attachment deletes the object.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from django.core.files.base import ContentFile
from django.test import Client

from manumit.catalog.models import Attachment, Resource
from manumit.ingest.models import DocumentText
from manumit.ingest.pipeline import ingest_attachment
from manumit.tests.support import s3 as s3_tests

# Only where a server runs (CI starts one for `-m s3`); the default run needs no moto.
pytestmark = s3_tests.MARKS

PDF = "data/pdfs/pdfminer.six/contrib__pagelabels.pdf"


@pytest.fixture
def s3(settings: Any) -> Iterator[Any]:
    """The bucket, with the site's default storage on it (under a prefix per test)."""
    options = s3_tests.use_bucket(settings, f"test-{os.getpid()}-{id(settings)}")
    bucket = boto3.resource("s3", endpoint_url=options["endpoint_url"]).Bucket(
        options["bucket_name"]
    )
    yield bucket, options["location"]
    bucket.objects.filter(Prefix=options["location"] + "/").delete()


def keys(s3: Any) -> set[str]:
    bucket, prefix = s3
    return {item.key.removeprefix(prefix + "/") for item in bucket.objects.filter(Prefix=prefix)}


def test_an_attachment_on_s3_is_ingested_downloaded_and_deleted(
    s3: Any,
    shared_dir: Path,
    client: Client,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    source = shared_dir / PDF
    data = source.read_bytes()
    resource = Resource.objects.create(title="Page labels", slug="labels", status="published")
    attachment = Attachment(resource=resource, label="Report", media_type="application/pdf")
    attachment.file.save("page labels.pdf", ContentFile(data), save=True)
    assert attachment.file.name in keys(s3)
    assert attachment.file.name.startswith(f"attachments/{resource.pk}/")
    with pytest.raises(NotImplementedError):
        attachment.file.path  # noqa: B018 (S3 has no local path: ingestion copies)

    ingest_attachment(attachment)
    text = DocumentText.objects.get(attachment=attachment)
    assert text.page_count and text.page_count >= 1
    assert text.char_count > 0
    assert text.thumbnail.name and text.thumbnail.name in keys(s3)

    response = client.get(f"/resources/labels/download/{attachment.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == data  # type: ignore[attr-defined]

    stored = attachment.file.name
    with django_capture_on_commit_callbacks(execute=True):
        attachment.delete()
    assert stored not in keys(s3)


def test_the_same_file_name_twice_keeps_both_objects(s3: Any, tmp_path: Path) -> None:
    resource = Resource.objects.create(title="Twice", slug="twice", status="published")
    first = Attachment(resource=resource)
    first.file.save("report.pdf", ContentFile(b"%PDF-1.4 first"), save=True)
    second = Attachment(resource=resource)
    second.file.save("report.pdf", ContentFile(b"%PDF-1.4 second"), save=True)
    assert first.file.name != second.file.name
    copy = tmp_path / "copy.pdf"
    with first.file.open("rb") as handle, copy.open("wb") as target:
        shutil.copyfileobj(handle, target)
    assert copy.read_bytes() == b"%PDF-1.4 first"
