"""Every way a file gets into the library, with the files on S3 (a local moto server,
`eval "$(scripts/s3.sh start)"`, then `pytest -m s3`): the resource admin's add form, the
admin's "Create from files", the API's upload and `manumit ingest FOLDER`.

Each route must end the same way: the object in the bucket, its text extracted and
searchable once the resource is published, its thumbnail in the bucket, the detail page's
DOWNLOAD link answering the file's bytes (Manumit streams the object itself: the objects
are private, so a draft's file is never one guessable URL away), a draft's file refused
to an anonymous reader, and deleting the resource deleting both objects.

It sits beside the other cross-app tests because it drives the admin, the API and the
ingestion command together, which no one app below them may import.
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from django.conf import settings
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client

from manumit.api import tokens
from manumit.catalog.models import Attachment, Resource, Status
from manumit.catalog.tests.admin_forms import ADD_URL, resource_form
from manumit.catalog.tests.factories import ResourceFactory
from manumit.ingest.models import DocumentText
from manumit.search import SearchQuery, apply_outbox, search
from manumit.tests.support import s3 as s3_tests

pytestmark = s3_tests.MARKS

# A real one-page PDF whose text holds a phrase found nowhere else in a test library.
PDF = "data/pdfs/py-pdf_sample-files/001-trivial__minimal-document.pdf"
PHRASE = '"consetetur sadipscing elitr"'


class Bucket:
    """The test's corner of the bucket, read with boto3 rather than through Django."""

    def __init__(self, options: dict[str, Any]) -> None:
        self.client = boto3.client("s3", endpoint_url=options["endpoint_url"])
        self.name = options["bucket_name"]
        self.prefix = options["location"]

    def holds(self, name: str | None) -> bool:
        assert name, "no stored file to look for"
        try:
            self.client.head_object(Bucket=self.name, Key=f"{self.prefix}/{name}")
        except ClientError as error:
            if error.response["Error"]["Code"] in {"404", "NoSuchKey"}:
                return False
            raise
        return True

    def empty(self) -> None:
        listed = self.client.list_objects_v2(Bucket=self.name, Prefix=self.prefix + "/")
        for item in listed.get("Contents", []):
            self.client.delete_object(Bucket=self.name, Key=item["Key"])


@pytest.fixture
def bucket(settings: Any, request: pytest.FixtureRequest) -> Iterator[Bucket]:
    location = f"routes-{os.getpid()}-" + re.sub(r"\W+", "-", request.node.name)
    options = s3_tests.use_bucket(settings, location)
    settings.API_RATE_LIMIT = 100_000
    corner = Bucket(options)
    yield corner
    corner.empty()


# The four routes: each takes the PDF's bytes and returns the draft it made.


def through_the_add_form(editor: User, data: bytes, tmp_path: Path) -> Resource:
    curator = Client()
    curator.force_login(editor)
    upload = SimpleUploadedFile("minimal.pdf", data, content_type="application/pdf")
    form = resource_form(
        title="Added in the admin",
        inlines={"attachments": [{"position": "0", "label": "Report", "file": upload}]},
    )
    response = curator.post(ADD_URL, form)
    assert response.status_code == 302, response.content.decode()[:2000]
    return Resource.objects.get(title="Added in the admin")


def through_create_from_files(editor: User, data: bytes, tmp_path: Path) -> Resource:
    curator = Client()
    curator.force_login(editor)
    upload = SimpleUploadedFile("minimal.pdf", data, content_type="application/pdf")
    response = curator.post("/admin/catalog/resource/from-files/", {"documents": [upload]})
    assert response.status_code == 302, response.content.decode()[:2000]
    return Resource.objects.get()


def through_the_api(editor: User, data: bytes, tmp_path: Path) -> Resource:
    resource = ResourceFactory.create(title="Uploaded through the API", status=Status.DRAFT)
    token = tokens.issue(editor, "tests")[1]
    response = Client().post(
        f"/api/v1/resources/{resource.slug}/attachments",
        {"file": SimpleUploadedFile("minimal.pdf", data), "label": "Report"},
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 201, response.content
    return resource


def through_the_ingest_command(editor: User, data: bytes, tmp_path: Path) -> Resource:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "minimal.pdf").write_bytes(data)
    out = io.StringIO()
    call_command("ingest", str(inbox), stdout=out, stderr=io.StringIO())
    return Resource.objects.get()


ROUTES = [
    through_the_add_form,
    through_create_from_files,
    through_the_api,
    through_the_ingest_command,
]


def download_link(client: Client, resource: Resource) -> str:
    page = client.get(f"/resources/{resource.slug}/").content.decode()
    links = re.findall(r'<a class="download" href="([^"]+)"', page)
    assert len(links) == 1, page
    return links[0]


@pytest.mark.parametrize("route", ROUTES, ids=[route.__name__ for route in ROUTES])
def test_a_pdf_on_s3_is_stored_extracted_served_and_deleted(
    route: Callable[[User, bytes, Path], Resource],
    bucket: Bucket,
    editor: User,
    shared_dir: Path,
    tmp_path: Path,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    data = (shared_dir / PDF).read_bytes()
    with django_capture_on_commit_callbacks(execute=True):  # the ingestion job runs here
        resource = route(editor, data, tmp_path)
    attachment = Attachment.objects.get(resource=resource)
    assert resource.status == Status.DRAFT
    assert bucket.holds(attachment.file.name)
    # Nothing is left in the media folder, not even ingestion's temporary copy.
    assert not [path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()]
    text = DocumentText.objects.get(attachment=attachment)
    assert text.page_count == 1
    assert text.thumbnail.name and bucket.holds(text.thumbnail.name)

    # A draft's file: no page, no download, not even with its address.
    anonymous = Client()
    draft_download = f"/resources/{resource.slug}/download/{attachment.pk}/"
    assert anonymous.get(draft_download).status_code == 404
    apply_outbox()
    assert search(SearchQuery(text=PHRASE)).hits == []

    resource.status = Status.PUBLISHED
    resource.save()
    apply_outbox()
    assert [hit.resource.pk for hit in search(SearchQuery(text=PHRASE)).hits] == [resource.pk]
    link = download_link(anonymous, resource)
    assert link == draft_download
    response = anonymous.get(link)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == data  # type: ignore[attr-defined]

    names = [attachment.file.name, text.thumbnail.name]
    with django_capture_on_commit_callbacks(execute=True):
        resource.delete()
    assert [bucket.holds(name) for name in names] == [False, False]
