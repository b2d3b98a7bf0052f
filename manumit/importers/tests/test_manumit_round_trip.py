"""`manumit export` then `import manumit` into an empty library gives the same library:
counts, slugs, redirects, statuses, files and search results."""

from __future__ import annotations

import datetime
import hashlib
import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.test import Client

from manumit.catalog.models import (
    Attachment,
    Country,
    DatePrecision,
    LegacySlug,
    Organisation,
    Person,
    Resource,
    ResourceType,
    Status,
)
from manumit.catalog.tests.factories import LinkAttachmentFactory, ResourceFactory
from manumit.importers.formats.manumit_jsonl import import_library
from manumit.importers.models import ImportedIdentifier
from manumit.search import SearchQuery, apply_outbox, search, search_ids

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def build_library() -> None:
    videos = ResourceType.objects.create(name="Videos", slug="videos", position=50)
    first = ResourceFactory.create(
        title="Forced labour in Thai fishing",
        slug="thai-fishing",
        status=Status.PUBLISHED,
        pub_date=datetime.date(2019, 11, 1),
        pub_date_precision=DatePrecision.MONTH,
        types=["Publications"],
        regions=["Asia"],
        topics=["Forced labour"],
        authors=["Walk Free Foundation", "Imke van Gardingen"],
        publishers=["International Labour Organization", "Walk Free Foundation"],
        doi="10.1234/fish",
        wp_post_id=4321,
        source_url="https://example.org/fish",
    )
    first.types.add(videos)
    first.countries.add(Country.objects.get(iso2="TH"))
    LegacySlug.objects.create(slug="thai-fishing-old", resource=first)
    LinkAttachmentFactory.create(resource=first, url="https://example.org/fish.pdf")
    stored = Attachment(resource=first, position=1, label="Summary")
    stored.file.save("summary.pdf", ContentFile(PDF), save=False)
    stored.measure()
    stored.save()
    ResourceFactory.create(
        title="A draft about seafood", status=Status.DRAFT, pub_date=None, authors=["Jane Roe"]
    )
    ResourceFactory.create(
        title="Withdrawn guidance on recruitment fees",
        status=Status.WITHDRAWN,
        pub_date=datetime.date(2016, 1, 1),
        pub_date_precision=DatePrecision.YEAR,
    )


def snapshot() -> dict[str, Any]:
    resources = Resource.objects.order_by("slug").prefetch_related(
        "types", "regions", "countries", "topics", "sectors", "legacy_slugs", "attachments"
    )
    return {
        "resources": [
            (
                *(r.slug, r.title, r.status, r.pub_date, r.pub_date_precision, r.wp_post_id),
                *(r.byline, r.citation, r.source_url, r.doi, r.description, r.language),
                [str(agent) for agent in r.ordered_authors()],
                [type(agent).__name__ for agent in r.ordered_authors()],
                sorted(map(str, r.types.all())),
                sorted(map(str, r.regions.all())),
                sorted(c.iso2 for c in r.countries.all()),
                sorted(map(str, r.topics.all())),
                sorted(old.slug for old in r.legacy_slugs.all()),
                [(a.url, a.sha256, a.label, a.size) for a in r.attachments.all()],
            )
            for r in resources
        ],
        "people": sorted(Person.objects.values_list("name", "slug")),
        "organisations": sorted(Organisation.objects.values_list("name", "slug")),
    }


def found(text: str) -> list[str]:
    """What a curator's search finds (drafts included), and what the public's finds."""
    apply_outbox()
    everything = Resource.objects.in_bulk(search_ids(text, include_unpublished=True))
    public = [hit.resource.slug for hit in search(SearchQuery(text=text)).hits]
    return [*sorted(r.slug for r in everything.values()), "|", *public]


def empty_the_library(settings: Any, media: Path) -> None:
    """What a fresh data folder holds: the seeded vocabularies and nothing else."""
    Resource.objects.all().delete()
    ImportedIdentifier.objects.all().delete()
    Person.objects.all().delete()
    Organisation.objects.all().delete()
    ResourceType.objects.filter(slug="videos").delete()
    settings.MEDIA_ROOT = media
    apply_outbox()


def stored_files() -> dict[str, bytes]:
    contents = {}
    for attachment in Attachment.objects.exclude(file=""):
        with attachment.file.open("rb") as handle:
            contents[attachment.sha256] = handle.read()
    return contents


def test_export_with_files_then_import_gives_the_same_library(
    tmp_path: Path, settings: Any, client: Client
) -> None:
    build_library()
    before, searched = snapshot(), found("seafood OR fishing")
    files_before = stored_files()
    out = tmp_path / "library.zip"
    call_command("export", str(out), "--with-files", stdout=StringIO())

    empty_the_library(settings, tmp_path / "fresh-media")
    assert Resource.objects.count() == 0
    report = import_library(out)
    assert report.imported, report.message
    assert report.counts["create"] == 3 and report.counts["error"] == 0

    assert snapshot() == before
    assert found("seafood OR fishing") == searched
    assert searched == ["a-draft-about-seafood", "thai-fishing", "|", "thai-fishing"]
    assert stored_files() == files_before == {hashlib.sha256(PDF).hexdigest(): PDF}
    assert client.get("/?p=4321")["Location"] == "/resources/thai-fishing/"
    assert client.get("/resources/thai-fishing-old/")["Location"] == "/resources/thai-fishing/"


def test_importing_the_same_export_again_adds_nothing(tmp_path: Path, settings: Any) -> None:
    build_library()
    out = tmp_path / "library.jsonl"
    call_command("export", str(out), stdout=StringIO())
    empty_the_library(settings, tmp_path / "fresh-media")
    assert import_library(out).counts["create"] == 3
    before = snapshot()
    again = import_library(out, update=True)
    assert again.imported and again.counts["create"] == 0
    assert snapshot() == before


def test_an_export_without_files_says_which_file_it_lacks(tmp_path: Path, settings: Any) -> None:
    build_library()
    out = tmp_path / "library.jsonl"
    call_command("export", str(out), stdout=StringIO())
    empty_the_library(settings, tmp_path / "fresh-media")
    report = import_library(out)
    messages = " ".join(row.message for row in report.rows)
    assert "The file summary.pdf is not in this export" in messages
    assert Attachment.objects.exclude(file="").count() == 0
    assert Attachment.objects.filter(url="https://example.org/fish.pdf").count() == 1


@pytest.mark.parametrize(
    ("first_line", "says"),
    [
        ('{"kind": "header", "format": "manumit", "version": 99}', "version 99"),
        ('{"kind": "header", "format": "other"}', "is not a Manumit export"),
        ("TY  - JOUR", "is not a Manumit export"),
    ],
)
def test_a_file_that_is_not_a_readable_export_says_so(
    tmp_path: Path, first_line: str, says: str
) -> None:
    path = tmp_path / "library.jsonl"
    path.write_text(first_line + "\n" + json.dumps({"kind": "resource", "title": "x"}) + "\n")
    report = import_library(path)
    assert says in report.message and not report.imported
    assert Resource.objects.count() == 0


def test_two_records_sharing_a_source_url_stay_two(tmp_path: Path, settings: Any) -> None:
    for year in (2022, 2024):
        ResourceFactory.create(
            title=f"Global Report on Trafficking in Persons {year}",
            source_url="https://www.unodc.org/unodc/data-and-analysis/glotip.html",
        )
    out = tmp_path / "library.jsonl"
    call_command("export", str(out), stdout=StringIO())
    empty_the_library(settings, tmp_path / "fresh-media")
    report = import_library(out)
    assert report.counts["create"] == 2
    assert sorted(Resource.objects.values_list("title", flat=True)) == [
        "Global Report on Trafficking in Persons 2022",
        "Global Report on Trafficking in Persons 2024",
    ]
