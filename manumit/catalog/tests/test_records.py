"""The neutral record every format starts from: authors typed, people's names in parts,
organisations whole, dates at their precision, downloads with absolute addresses."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.base import ContentFile
from django.test import Client, RequestFactory

from manumit.catalog.formats import records
from manumit.catalog.models import Attachment, Country, Resource
from manumit.catalog.tests.factories import ResourceFactory

pytestmark = pytest.mark.django_db


def record_of(resource: Resource) -> records.Record:
    request = RequestFactory().get("/")
    fresh = Resource.objects.prefetch_related(*records.RECORD_PREFETCH).get(pk=resource.pk)
    return records.record(fresh, request)


def test_the_seed_example_keeps_people_in_parts_and_organisations_whole() -> None:
    resource = ResourceFactory.create(
        title="Pervasive, punitive, and predetermined",
        pub_date=datetime.date(2018, 1, 1),
        pub_date_precision="year",
        authors=["Remco E. Breuker", "Imke van Gardingen", "Walk Free Foundation"],
        publishers=["Walk Free Foundation", "Leiden University"],
    )
    record = record_of(resource)
    people = [(a["kind"], a["family"], a["given"]) for a in record["authors"]]
    assert people == [
        ("person", "Breuker", "Remco E."),
        ("person", "van Gardingen", "Imke"),
        ("organisation", None, None),
    ]
    assert record["authors"][2]["name"] == "Walk Free Foundation"
    assert [p["name"] for p in record["publishers"]] == [
        "Walk Free Foundation",
        "Leiden University",
    ]
    assert {p["kind"] for p in record["publishers"]} == {"organisation"}


@pytest.mark.parametrize(
    ("name", "family", "given", "suffix"),
    [
        ("Breuker, Remco E.", "Breuker", "Remco E.", None),
        ("Martin Luther King Jr.", "King", "Martin Luther", "Jr."),
        ("Juan de la Vega", "de la Vega", "Juan", None),
        ("Madonna", "Madonna", None, None),
    ],
)
def test_a_persons_name_is_read_into_family_and_given(
    name: str, family: str, given: str | None, suffix: str | None
) -> None:
    assert records.person_name(name) == {"family": family, "given": given, "suffix": suffix}


@pytest.mark.parametrize(
    ("precision", "parts", "machine"),
    [
        ("year", [2018], "2018"),
        ("month", [2018, 1], "2018-01"),
        ("day", [2018, 1, 1], "2018-01-01"),
    ],
)
def test_a_date_claims_no_more_than_its_precision(
    precision: str, parts: list[int], machine: str
) -> None:
    resource = ResourceFactory.create(
        pub_date=datetime.date(2018, 1, 1), pub_date_precision=precision
    )
    record = record_of(resource)
    assert record["date_parts"] == parts
    assert record["machine_date"] == machine
    assert record["date_precision"] == precision


def test_an_undated_resource_has_no_date_parts() -> None:
    record = record_of(ResourceFactory.create(pub_date=None))
    assert (record["date"], record["date_parts"], record["year"]) == (None, [], None)


def test_the_record_carries_vocabularies_text_identifiers_and_downloads() -> None:
    resource = ResourceFactory.create(
        title="Cocoa",
        description="<p>Child labour</p><p>Côte d’Ivoire &amp; Ghana</p>",
        regions=["Africa"],
        topics=["Child labour"],
        types=["Guidance"],
        doi="10.1234/abc",
        isbn="",
        source_url="https://example.org/cocoa",
        language="fr",
    )
    resource.countries.add(Country.objects.get(iso2="GH"))
    # The file gate measures a file before it is stored; the model itself hashes nothing.
    pdf = Attachment(resource=resource, media_type="application/pdf", page_count=12, size=13)
    pdf.file.save("cocoa.pdf", ContentFile(b"%PDF-1.4 test"), save=True)
    record = record_of(resource)
    assert record["description_text"] == "Child labour Côte d’Ivoire & Ghana"
    assert record["types"][0] == {
        "name": "Guidance",
        "slug": "guidance",
        "url": "http://testserver/types/guidance/",
    }
    assert record["countries"][0]["iso2"] == "GH"
    assert record["topics"][0]["url"] == "http://testserver/topics/child-labour/"
    assert (record["doi"], record["isbn"], record["language_name"]) == (
        "10.1234/abc",
        None,
        "French",
    )
    download = record["attachments"][0]
    assert download["download_url"].startswith(f"http://testserver/resources/{resource.slug}/")
    assert (download["media_type"], download["pages"], download["filename"]) == (
        "application/pdf",
        12,
        "cocoa.pdf",
    )
    assert download["size"] == len(b"%PDF-1.4 test")


def test_the_json_twin_now_names_the_parts_of_an_authors_name(client: Client) -> None:
    resource = ResourceFactory.create(authors=["Imke van Gardingen"])
    author = client.get(f"/resources/{resource.slug}.json").json()["authors"][0]
    assert (author["name"], author["kind"], author["family"]) == (
        "Imke van Gardingen",
        "person",
        "van Gardingen",
    )
