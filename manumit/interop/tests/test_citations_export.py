"""Bulk export of a listing, a browse page or a search as CSV, BibTeX, RIS and CSL-JSON:
the whole result, linked from the page, streamed so a big library never sits in memory."""

from __future__ import annotations

import csv
import io
import json

import pytest
import rispy
from django.db import connection
from django.http import StreamingHttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext

from manumit.catalog.formats.subjects import CHUNK_SIZE
from manumit.catalog.models import Authorship, Organisation, Publishing, Resource, Status
from manumit.catalog.tests.factories import ResourceFactory
from manumit.interop.tests.citation_helpers import parse_bibtex

pytestmark = pytest.mark.django_db


def streamed_text(client: Client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Disposition"].startswith("attachment;")
    return b"".join(response.streaming_content).decode()  # type: ignore[arg-type]


def test_a_browse_page_exports_all_its_resources_in_four_formats(client: Client) -> None:
    ResourceFactory.create_batch(23, regions=["Europe"], publishers=["Europol"])
    ResourceFactory.create(title="Asian", regions=["Asia"])
    ResourceFactory.create(title="Hidden", regions=["Europe"], status=Status.DRAFT)
    # The whole listing, not its first page of 20.
    assert len(parse_bibtex(streamed_text(client, "/tags/europe.bib")).entries) == 23
    assert len(rispy.loads(streamed_text(client, "/tags/europe.ris"))) == 23
    assert len(json.loads(streamed_text(client, "/tags/europe.csl.json"))) == 23
    rows = list(csv.DictReader(io.StringIO(streamed_text(client, "/tags/europe.csv"))))
    assert len(rows) == 23
    assert {row["publishers"] for row in rows} == {"Europol"}
    assert "Hidden" not in streamed_text(client, "/tags/europe.csv")


def test_listing_pages_link_their_exports(client: Client) -> None:
    ResourceFactory.create(regions=["Europe"])
    html = client.get("/tags/europe/").content.decode()
    assert "Export all:" in html
    for suffix in ("csv", "bib", "ris", "csl.json"):
        assert f'href="/tags/europe.{suffix}"' in html
    assert 'href="/resources.bib"' in client.get("/").content.decode()


def test_a_spreadsheet_never_runs_a_title_as_a_formula(client: Client) -> None:
    ResourceFactory.create(title='=HYPERLINK("http://evil.example","Click")')
    [row] = csv.DictReader(io.StringIO(streamed_text(client, "/resources.csv")))
    assert row["title"] == '\'=HYPERLINK("http://evil.example","Click")'


def many_resources(count: int) -> None:
    """`count` published resources with an author and a publisher, written in bulk."""
    org = Organisation.objects.create(name="Walk Free", slug="walk-free")
    Resource.objects.bulk_create(
        Resource(title=f"Report {n}", slug=f"report-{n}", status=Status.PUBLISHED)
        for n in range(count)
    )
    ids = list(Resource.objects.values_list("id", flat=True))
    Authorship.objects.bulk_create(Authorship(resource_id=i, organisation=org) for i in ids)
    Publishing.objects.bulk_create(Publishing(resource_id=i, organisation=org) for i in ids)


def test_two_thousand_records_stream_in_chunks_without_being_read_at_once(
    client: Client,
) -> None:
    count = 2_100
    many_resources(count)
    response = client.get("/resources.bib")
    assert isinstance(response, StreamingHttpResponse)
    pieces = iter(response.streaming_content)
    with CaptureQueriesContext(connection) as first:
        opening = next(pieces)
    with CaptureQueriesContext(connection) as rest:
        body = (opening + b"".join(pieces)).decode()
    # The first entry left after one chunk was read, long before the whole library.
    assert len(first.captured_queries) < 15
    chunks = -(-count // CHUNK_SIZE)
    # A fixed number of queries per chunk of 500, never one (or more) per record.
    assert len(first.captured_queries) + len(rest.captured_queries) <= chunks * 15
    library = parse_bibtex(body, split_names=True)
    assert len(library.entries) == count
    assert len({entry.key for entry in library.entries}) == count  # keys stay unique
    assert library.entries[0]["author"] == ["{Walk Free}"]


def test_a_search_exports_every_hit_with_the_same_query(client: Client) -> None:
    from manumit.search import apply_outbox

    ResourceFactory.create(title="Forced labour in Thai seafood", regions=["Asia"])
    ResourceFactory.create(title="Seafood supply chains in Europe", regions=["Europe"])
    ResourceFactory.create(title="Garment factories", regions=["Asia"])
    apply_outbox()
    page = client.get("/search/?q=seafood&region=asia").content.decode()
    assert 'href="/search.bib?q=seafood&amp;region=asia"' in page
    titles = [row["title"] for row in rispy.loads(streamed_text(client, "/search.ris?q=seafood"))]
    assert sorted(titles) == ["Forced labour in Thai seafood", "Seafood supply chains in Europe"]
    rows = list(
        csv.DictReader(io.StringIO(streamed_text(client, "/search.csv?q=seafood&region=asia")))
    )
    assert [row["title"] for row in rows] == ["Forced labour in Thai seafood"]
