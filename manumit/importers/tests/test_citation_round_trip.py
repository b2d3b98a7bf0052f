"""The site's own citation downloads (`/resources.bib`, `.ris`, `.csl.json`), imported into
an empty library, give the same records: titles, authors with organisations whole, dates at
their precision, publishers and addresses. The exports are fetched over HTTP, as a
reference manager would: importers do not import the open interfaces."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from manumit.catalog.models import DatePrecision, Organisation, Person, Resource
from manumit.catalog.tests.factories import ResourceFactory
from manumit.importers.writer import FileReport

pytestmark = pytest.mark.django_db

Run = Callable[..., FileReport]
HOST = "library.example.org"
SITE = f"http://{HOST}"


def build_library() -> None:
    ResourceFactory.create(
        title="Pervasive, punitive & predetermined: {North Korea} at 100%",
        pub_date=datetime.date(2018, 1, 1),
        pub_date_precision=DatePrecision.YEAR,
        authors=["Remco E. Breuker", "Imke van Gardingen", "Walk Free Foundation"],
        publishers=["Walk Free Foundation", "Leiden University"],
        types=["Publications"],
    )
    ResourceFactory.create(
        title="Guide to eliminating worker paid recruitment fees",
        pub_date=datetime.date(2019, 11, 1),
        pub_date_precision=DatePrecision.MONTH,
        authors=["International Labour Organization"],
        publishers=["The Responsible Recruitment Toolkit"],
        types=["Guidance"],
    )
    ResourceFactory.create(
        title="Vietnam private sector assessment",
        pub_date=datetime.date(2018, 6, 2),
        pub_date_precision=DatePrecision.DAY,
        authors=["Łukasz Żmuda-Trzebiatowski"],
    )
    ResourceFactory.create(title="An undated note", pub_date=None, types=["News & Analysis"])


def facts() -> list[tuple[Any, ...]]:
    return sorted(
        (
            r.title,
            [(type(agent).__name__, str(agent)) for agent in r.ordered_authors()],
            r.display_date,
            [str(org) for org in r.ordered_publishers()],
        )
        for r in Resource.objects.all()
    )


def page_urls() -> set[str]:
    return {SITE + r.get_absolute_url() for r in Resource.objects.all()}


def download(client: Client, address: str, path: Path) -> Path:
    response = client.get(address, HTTP_HOST=HOST)
    assert response.status_code == 200
    path.write_bytes(b"".join(response.streaming_content))  # type: ignore[attr-defined]
    return path


def empty_the_library() -> None:
    Resource.objects.all().delete()
    Person.objects.all().delete()
    Organisation.objects.all().delete()


@pytest.mark.parametrize(
    ("format_name", "suffix"), [("bibtex", "bib"), ("ris", "ris"), ("csl-json", "csl.json")]
)
def test_a_citation_export_imports_as_the_same_records(
    client: Client,
    run_import: Run,
    tmp_path: Path,
    settings: Any,
    format_name: str,
    suffix: str,
) -> None:
    settings.ALLOWED_HOSTS = [HOST]
    build_library()
    before, pages = facts(), page_urls()
    exported = download(client, f"/resources.{suffix}", tmp_path / f"library.{suffix}")
    empty_the_library()

    report = run_import(format_name, exported)
    assert report.imported, report.message
    assert report.counts["create"] == 4 and report.counts["error"] == 0
    assert facts() == before
    # The record's address on the old site is where the imported one came from.
    assert {r.source_url for r in Resource.objects.all()} == pages
    again = run_import(format_name, exported)
    assert again.counts["create"] == 0 and Resource.objects.count() == 4
