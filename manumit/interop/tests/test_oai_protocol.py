"""OAI-PMH 2.0 through Django's test client: every verb, every error, every response valid
against the protocol's own schemas (read from ../shared)."""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from django.test import Client
from lxml import etree

from manumit.catalog.models import Resource, Status
from manumit.catalog.tests.factories import ResourceFactory
from manumit.interop.oai.models import OaiRecord
from manumit.interop.tests.oai_helpers import (
    BASE,
    NS,
    answer,
    error_code,
    oai_schema,
    small_library,
    xsd_dir,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def ask(client: Client, shared_dir: Path) -> Any:
    """GET (or POST) /oai with these arguments: the parsed, validated answer."""
    schema = oai_schema(xsd_dir(shared_dir))

    def ask(method: str = "get", **params: str) -> etree._Element:
        return answer(client, schema, urlencode(params), method)

    return ask


def identifiers(root: etree._Element) -> list[str]:
    return [e.text for e in root.iterfind(".//oai:header/oai:identifier", NS)]


def oai_id(resource: Resource) -> str:
    return f"oai:manumit.example.org:{resource.pk}"


# --- Identify ---


def test_identify_describes_the_repository(ask: Any, settings: Any) -> None:
    settings.OAI_ADMIN_EMAIL = "librarian@respect.example"
    small_library()
    root = ask(verb="Identify")
    identify = root.find("oai:Identify", NS)
    assert identify.findtext("oai:baseURL", namespaces=NS) == BASE
    assert identify.findtext("oai:adminEmail", namespaces=NS) == "librarian@respect.example"
    assert identify.findtext("oai:deletedRecord", namespaces=NS) == "persistent"
    assert identify.findtext("oai:granularity", namespaces=NS) == "YYYY-MM-DDThh:mm:ssZ"
    assert identify.findtext(".//id:repositoryIdentifier", namespaces=NS) == "manumit.example.org"


def test_earliest_datestamp_is_no_later_than_any_record_deleted_ones_included(ask: Any) -> None:
    library = small_library()
    OaiRecord.objects.filter(resource_id=library["gone"].pk).update(
        datestamp=datetime.datetime(2020, 5, 1, 12, 0, tzinfo=datetime.UTC)
    )
    earliest = ask(verb="Identify").findtext(".//oai:earliestDatestamp", namespaces=NS)
    assert earliest == "2020-05-01T12:00:00Z"
    stamps = ask(verb="ListIdentifiers", metadataPrefix="oai_dc").iterfind(".//oai:datestamp", NS)
    assert all(earliest <= stamp.text for stamp in stamps)


def test_the_repository_id_is_a_setting_used_in_every_identifier(ask: Any, settings: Any) -> None:
    settings.OAI_REPOSITORY_ID = "library.respect.example"
    library = small_library()
    root = ask(verb="ListIdentifiers", metadataPrefix="oai_dc")
    assert f"oai:library.respect.example:{library['thai'].pk}" in identifiers(root)
    sample = ask(verb="Identify").findtext(".//id:sampleIdentifier", namespaces=NS)
    assert sample.startswith("oai:library.respect.example:")


# --- Records, deleted records and drafts ---


def test_post_answers_as_get_does(ask: Any) -> None:
    small_library()
    by_get = ask(verb="ListRecords", metadataPrefix="oai_dc")
    by_post = ask("post", verb="ListRecords", metadataPrefix="oai_dc")
    assert identifiers(by_post) == identifiers(by_get) and len(identifiers(by_get)) == 4


def test_a_list_holds_published_and_withdrawn_records_never_a_draft(ask: Any) -> None:
    library = small_library()
    root = ask(verb="ListRecords", metadataPrefix="oai_dc")
    listed = identifiers(root)
    assert oai_id(library["draft"]) not in listed
    gone = root.xpath(
        "//oai:record[oai:header/oai:identifier=$id]", namespaces=NS, id=oai_id(library["gone"])
    )[0]
    assert gone.find("oai:header", NS).get("status") == "deleted"
    assert gone.find("oai:metadata", NS) is None
    thai = root.xpath(
        "//oai:record[oai:header/oai:identifier=$id]", namespaces=NS, id=oai_id(library["thai"])
    )[0]
    assert thai.findtext(".//dc:title", namespaces=NS) == "Fishing crews in Thailand"
    assert thai.findtext(".//dc:coverage", namespaces=NS) == "Thailand"


def test_get_record_of_a_withdrawn_resource_is_its_deleted_header(ask: Any) -> None:
    library = small_library()
    root = ask(verb="GetRecord", metadataPrefix="oai_dc", identifier=oai_id(library["gone"]))
    assert root.find(".//oai:header", NS).get("status") == "deleted"
    assert root.find(".//oai:metadata", NS) is None


def test_a_deleted_resource_stays_as_a_deleted_header(ask: Any) -> None:
    library = small_library()
    identifier = oai_id(library["asia"])
    library["asia"].delete()
    root = ask(verb="GetRecord", metadataPrefix="oai_dc", identifier=identifier)
    assert root.find(".//oai:header", NS).get("status") == "deleted"
    assert error_code(root) is None


def test_a_draft_that_was_never_published_does_not_exist(ask: Any) -> None:
    library = small_library()
    root = ask(verb="GetRecord", metadataPrefix="oai_dc", identifier=oai_id(library["draft"]))
    assert error_code(root) == "idDoesNotExist"


def test_a_published_resource_sent_back_to_draft_is_deleted_not_forgotten(ask: Any) -> None:
    library = small_library()
    library["thai"].status = Status.DRAFT
    library["thai"].save()
    root = ask(verb="GetRecord", metadataPrefix="oai_dc", identifier=oai_id(library["thai"]))
    assert root.find(".//oai:header", NS).get("status") == "deleted"


def test_the_description_is_plain_text(ask: Any) -> None:
    made = ResourceFactory.create(
        description="<p>Workers &amp; <b>recruiters</b></p><ul><li>fees</li></ul>"
    )
    root = ask(verb="GetRecord", metadataPrefix="oai_dc", identifier=oai_id(made))
    assert root.findtext(".//dc:description", namespaces=NS) == "Workers & recruiters fees"


def test_dates_keep_their_precision_and_links_are_absolute(ask: Any) -> None:
    made = ResourceFactory.create(pub_date=datetime.date(2018, 1, 1), pub_date_precision="year")
    root = ask(verb="GetRecord", metadataPrefix="oai_dc", identifier=oai_id(made))
    assert root.findtext(".//dc:date", namespaces=NS) == "2018"
    page = f"http://testserver/resources/{made.slug}/"
    assert page in [e.text for e in root.iterfind(".//dc:identifier", NS)]


def test_control_characters_in_a_title_do_not_break_the_xml(ask: Any) -> None:
    made = ResourceFactory.create(title="Bonded\x0b labour\x1f report")
    root = ask(verb="GetRecord", metadataPrefix="oai_dc", identifier=oai_id(made))
    assert root.findtext(".//dc:title", namespaces=NS) == "Bonded labour report"


# --- Metadata formats and sets ---


def test_list_metadata_formats_offers_oai_dc_for_the_repository_and_for_an_item(
    ask: Any,
) -> None:
    library = small_library()
    for params in ({}, {"identifier": oai_id(library["thai"])}):
        root = ask(verb="ListMetadataFormats", **params)
        prefixes = [e.text for e in root.iterfind(".//oai:metadataPrefix", NS)]
        assert prefixes == ["oai_dc"]


def test_list_sets_names_types_topics_and_the_region_tree_down_to_countries(ask: Any) -> None:
    root = ask(verb="ListSets")
    sets = {
        s.findtext("oai:setSpec", namespaces=NS): s.findtext("oai:setName", namespaces=NS)
        for s in root.iterfind(".//oai:set", NS)
    }
    assert sets["region:asia"] == "Asia"
    assert sets["region:asia:south-eastern-asia"] == "South-eastern Asia"
    assert sets["region:asia:south-eastern-asia:th"] == "Thailand"
    assert sets["region:global"] == "Global"
    assert sets["type:publications"] == "Publications"
    assert sets["topic:forced-labour"] == "Forced labour"
    grammar = re.compile(r"[A-Za-z0-9\-_.!~*'()]+(:[A-Za-z0-9\-_.!~*'()]+)*")
    assert all(grammar.fullmatch(spec) for spec in sets)
    # Every parent of a set is itself a set.
    assert all(spec.rsplit(":", 1)[0] in sets for spec in sets if ":" in spec)


@pytest.mark.parametrize(
    ("set_spec", "expected"),
    [
        ("region:asia", {"thai", "asia"}),
        ("region:asia:south-eastern-asia", {"thai"}),
        ("region:asia:south-eastern-asia:th", {"thai"}),
        ("region:global", {"global"}),
        ("type:publications", {"thai", "gone"}),
        ("topic:forced-labour", {"thai"}),
    ],
)
def test_a_set_holds_its_records_and_those_of_the_sets_below_it(
    ask: Any, set_spec: str, expected: set[str]
) -> None:
    library = small_library()
    root = ask(verb="ListIdentifiers", metadataPrefix="oai_dc", set=set_spec)
    assert set(identifiers(root)) == {oai_id(library[name]) for name in expected}


def test_a_set_with_no_records_matches_nothing(ask: Any) -> None:
    small_library()
    root = ask(verb="ListRecords", metadataPrefix="oai_dc", set="region:europe")
    assert error_code(root) == "noRecordsMatch"
