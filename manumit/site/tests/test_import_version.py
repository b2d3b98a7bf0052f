"""An import moves the page cache's library version once, at the end of its transaction."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client

from manumit.catalog.models import Status
from manumit.catalog.tests.factories import ResourceFactory
from manumit.importers import registry
from manumit.importers.writer import FileReport, ImportOptions, import_file
from manumit.site.models import LibraryVersion

pytestmark = pytest.mark.django_db

SHEET = "title,types,date,authors,publishers,countries\n" + "".join(
    f"Imported report {n},Publications,2020-0{n},Ann Author{n};Bo Writer,Org {n},TH\n"
    for n in range(1, 4)
)


def titles(client: Client) -> list[str]:
    html = client.get("/").content.decode()
    return re.findall(r'<h2 class="card-title"><a href="[^"]+">([^<]+)</a>', html)


def run(tmp_path: Path, **options: object) -> FileReport:
    path = tmp_path / "sheet.csv"
    path.write_text(SHEET, encoding="utf-8")
    source = registry.Source(path)
    return import_file(registry.get("csv"), source, ImportOptions(**options))  # type: ignore[arg-type]


def changes() -> int:
    return LibraryVersion.objects.get(pk=1).changes


def test_imported_records_show_on_the_next_anonymous_visit(client: Client, tmp_path: Path) -> None:
    ResourceFactory.create(title="Already out")
    assert titles(client) == ["Already out"]  # now cached
    before = changes()

    report = run(tmp_path, status=Status.PUBLISHED)

    assert report.imported and report.counts["create"] == 3
    assert {"Imported report 1", "Imported report 3"} <= set(titles(client))
    # Three resources with authors, publishers and terms: dozens of rows, one bump.
    assert changes() == before + 1


def test_a_dry_run_leaves_the_cached_pages_and_the_version_as_they_were(
    client: Client, tmp_path: Path
) -> None:
    ResourceFactory.create(title="Already out")
    assert titles(client) == ["Already out"]
    before = LibraryVersion.objects.get(pk=1)

    report = run(tmp_path, status=Status.PUBLISHED, dry_run=True)

    assert report.counts["create"] == 3 and not report.imported
    assert titles(client) == ["Already out"]
    assert LibraryVersion.objects.get(pk=1).token == before.token


def test_outside_an_import_every_save_still_moves_the_version(client: Client) -> None:
    resource = ResourceFactory.create(title="Already out")
    assert titles(client) == ["Already out"]
    resource.title = "Renamed report"
    resource.save()
    assert titles(client) == ["Renamed report"]
