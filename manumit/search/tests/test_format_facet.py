"""The format facet (one entry in facet_specs.py): PDF, web page, spreadsheet and the rest,
read from a resource's attachments, on the page, in the JSON twin and in the counts."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.test import Client

from manumit.catalog.models import Attachment, Resource
from manumit.search import SearchQuery, apply_outbox, search
from manumit.search.file_formats import of_media_type
from manumit.search.tests.conftest import make_resource

pytestmark = pytest.mark.django_db


def attach_file(resource: Resource, name: str, content: bytes, media_type: str = "") -> None:
    attachment = Attachment(resource=resource, media_type=media_type)
    attachment.file.save(name, ContentFile(content), save=False)
    attachment.save()


@pytest.fixture
def formats_library(index_dir: Path) -> dict[str, Resource]:
    pdf = make_resource(title="Seafood audit report")
    attach_file(pdf, "audit.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")
    sheet = make_resource(title="Seafood supplier list")
    attach_file(sheet, "suppliers.xlsx", b"PK\x03\x04 a workbook")  # no type stored: by name
    page = make_resource(title="Seafood campaign page")
    Attachment.objects.create(resource=page, url="https://example.org/campaign")
    both = make_resource(title="Seafood toolkit")
    attach_file(both, "toolkit.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")
    Attachment.objects.create(resource=both, url="https://example.org/toolkit")
    make_resource(title="Seafood note without attachments")
    apply_outbox()
    return {"pdf": pdf, "sheet": sheet, "page": page, "both": both}


def test_formats_are_counted_over_the_whole_match_set(formats_library: dict[str, Resource]) -> None:
    results = search(SearchQuery(text="seafood"))
    counts = {value.key: (value.label, value.count) for value in results.facets["format"]}
    assert counts == {
        "pdf": ("PDF", 2),
        "web-page": ("Web page", 2),
        "spreadsheet": ("Spreadsheet", 1),
    }


def test_the_page_and_its_twin_offer_and_apply_the_format_facet(
    client: Client, formats_library: dict[str, Resource]
) -> None:
    html = client.get("/search/", {"q": "seafood"}).content.decode()
    assert '<fieldset class="facet facet-format">' in html
    assert 'name="format" value="spreadsheet"' in html and "Spreadsheet" in html
    data = client.get("/search.json", {"q": "seafood", "format": "pdf"}).json()
    assert {item["title"] for item in data["results"]} == {
        formats_library["pdf"].title,
        formats_library["both"].title,
    }
    assert data["query"]["filters"] == {"format": ["pdf"]}
    # The facet ignores its own selection, so the other formats can still be added.
    counts = {value["key"]: value["count"] for value in data["facets"]["format"]}
    assert counts["spreadsheet"] == 1 and counts["pdf"] == 2
    both = client.get("/search.json", {"q": "seafood", "format": ["pdf", "web-page"]}).json()
    assert both["count"] == 3
    html = client.get("/search/", {"q": "seafood", "format": "web-page"}).content.decode()
    assert "Format: Web page" in html  # the removable chip


def test_media_types_map_to_the_formats_a_reader_knows() -> None:
    assert of_media_type("application/pdf") == "pdf"
    assert of_media_type("text/csv; charset=utf-8") == "spreadsheet"
    assert of_media_type("application/vnd.oasis.opendocument.text") == "document"
    assert of_media_type("image/png") == "image"
    assert of_media_type("application/zip") == "other"
    assert of_media_type("") == "other"
