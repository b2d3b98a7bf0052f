"""`manumit export`: the whole library in the Manumit format, with its files, or another."""

from __future__ import annotations

import datetime
import hashlib
import json
import zipfile
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.test import Client

from manumit.catalog.models import Attachment, Country, DatePrecision, LegacySlug, Resource, Status
from manumit.catalog.tests.factories import LinkAttachmentFactory, ResourceFactory
from manumit.search import apply_outbox

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def export(*args: str) -> str:
    output = StringIO()
    call_command("export", *args, stdout=output)
    return output.getvalue()


def read_lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture
def library() -> Resource:
    """A draft with everything a record can hold, and a plain published resource."""
    resource = ResourceFactory.create(
        title="Forced labour in Thai fishing",
        status=Status.DRAFT,
        pub_date=datetime.date(2019, 11, 1),
        pub_date_precision=DatePrecision.MONTH,
        types=["Publications"],
        regions=["Asia"],
        topics=["Forced labour"],
        authors=["Walk Free Foundation", "Jane Smith"],
        publishers=["International Labour Organization"],
        doi="10.1234/fish",
        isbn="9780000000002",
        source_url="https://example.org/fish",
        wp_post_id=4321,
    )
    resource.countries.add(Country.objects.get(iso2="TH"))
    LegacySlug.objects.create(slug="thai-fishing-old", resource=resource)
    LinkAttachmentFactory.create(resource=resource, url="https://example.org/fish.pdf", position=0)
    stored = Attachment(
        resource=resource, position=1, label="Summary", media_type="application/pdf"
    )
    stored.file.save("summary.pdf", ContentFile(PDF), save=False)
    stored.measure()
    stored.save()
    ResourceFactory.create(title="Another resource")
    return resource


def test_the_export_starts_with_its_format_and_version_then_vocabularies(
    library: Resource, tmp_path: Path
) -> None:
    out = tmp_path / "library.jsonl"
    assert "Exported 2 resources to" in export(str(out))
    lines = read_lines(out)
    assert lines[0]["format"] == "manumit" and lines[0]["version"] == 1
    assert lines[0]["counts"] == {"resources": 2}
    kinds = [line["kind"] for line in lines[1:]]
    first_resource = kinds.index("resource")
    assert "resource" not in kinds[:first_resource] and set(kinds[first_resource:]) == {"resource"}
    vocabulary = {kind for kind in kinds[:first_resource]}
    assert {"type", "topic", "sector", "region", "country", "organisation", "person"} <= vocabulary
    organisations = [line["name"] for line in lines if line["kind"] == "organisation"]
    assert sorted(organisations) == ["International Labour Organization", "Walk Free Foundation"]


def test_a_resource_line_holds_everything_the_resource_has(
    library: Resource, tmp_path: Path
) -> None:
    out = tmp_path / "library.jsonl"
    export(str(out))
    line = next(line for line in read_lines(out) if line.get("slug") == library.slug)
    assert line["status"] == "draft" and line["date"] == "2019-11"
    assert line["authors"] == [{"organisation": "walk-free-foundation"}, {"person": "jane-smith"}]
    assert line["publishers"] == ["international-labour-organization"]
    assert (line["types"], line["regions"], line["countries"]) == (
        ["publications"],
        ["asia"],
        ["TH"],
    )
    assert line["topics"] == ["forced-labour"]
    assert (line["doi"], line["isbn"], line["wp_post_id"]) == (
        "10.1234/fish",
        "9780000000002",
        4321,
    )
    assert line["legacy_slugs"] == ["thai-fishing-old"]
    link, stored = line["attachments"]
    assert link == {"position": 0, "url": "https://example.org/fish.pdf"}
    assert stored["label"] == "Summary"
    assert stored["file"]["sha256"] == hashlib.sha256(PDF).hexdigest()
    assert stored["file"]["size"] == len(PDF) and stored["file"]["name"] == "summary.pdf"


def test_with_files_the_zip_holds_every_file_under_its_hash(
    library: Resource, tmp_path: Path
) -> None:
    out = tmp_path / "library.zip"
    assert "Exported 2 resources and 1 files" in export(str(out), "--with-files")
    digest = hashlib.sha256(PDF).hexdigest()
    with zipfile.ZipFile(out) as bundle:
        member = f"files/{digest}/summary.pdf"
        assert bundle.read(member) == PDF
        assert bundle.read("SHA256SUMS").decode() == f"{digest}  {member}\n"
        lines = [json.loads(text) for text in bundle.read("library.jsonl").decode().splitlines()]
    line = next(line for line in lines if line.get("slug") == library.slug)
    assert line["attachments"][1]["file"]["path"] == member
    assert not list(tmp_path.glob(".*partial"))


def test_a_query_exports_only_what_the_search_finds(library: Resource, tmp_path: Path) -> None:
    apply_outbox()
    out = tmp_path / "fishing.jsonl"
    assert "Exported 1 resources" in export(str(out), "--query", "thai fishing")
    titles = [line["title"] for line in read_lines(out) if line["kind"] == "resource"]
    assert titles == ["Forced labour in Thai fishing"]


def test_bibtex_is_what_the_site_offers_for_download(
    library: Resource, tmp_path: Path, client: Client
) -> None:
    Resource.objects.exclude(status=Status.PUBLISHED).delete()  # the site shows only these
    out = tmp_path / "library.bib"
    assert "Exported 1 resources as bibtex" in export(str(out), "--format", "bibtex")
    response = client.get("/resources.bib", HTTP_HOST="localhost:8000")
    site = b"".join(response.streaming_content).decode()  # type: ignore[attr-defined]
    assert out.read_text(encoding="utf-8") == site
    assert "@misc{" in site or "@techreport{" in site


@pytest.mark.parametrize("name", ["ris", "csl-json", "csv"])
def test_every_bibliographic_format_names_the_drafts_too(
    library: Resource, tmp_path: Path, name: str
) -> None:
    out = tmp_path / f"library.{name}"
    export(str(out), "--format", name)
    text = out.read_text(encoding="utf-8")
    assert "Forced labour in Thai fishing" in text and "Another resource" in text


def test_with_files_needs_the_manumit_format(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="--with-files goes with the manumit format"):
        export(str(tmp_path / "x.bib"), "--format", "bibtex", "--with-files")


def test_a_missing_folder_is_named(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="No folder"):
        export(str(tmp_path / "absent" / "library.jsonl"))
