"""The metadata format registry: a registered format is listed and disseminated; a format
that cannot express an item is refused for it (and noMetadataFormats when none can)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import xmlschema
from django.test import Client
from lxml import etree

from manumit.catalog.models import Resource
from manumit.catalog.tests.factories import ResourceFactory
from manumit.interop.oai import formats
from manumit.interop.oai.formats.oai_dc import OAI_DC
from manumit.interop.oai.items import Item
from manumit.interop.tests.oai_helpers import NS, error_code, validated, xsd_dir

pytestmark = pytest.mark.django_db
TITLE_NS = "urn:example:titles"
TITLE_XSD = f"""<?xml version="1.0"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="{TITLE_NS}"
    elementFormDefault="qualified">
  <xs:element name="titled"><xs:complexType><xs:sequence>
    <xs:element name="title" type="xs:string"/>
    <xs:element name="page" type="xs:anyURI"/>
  </xs:sequence></xs:complexType></xs:element>
</xs:schema>
"""


def render_title(item: Item, links: formats.Links) -> etree._Element:
    root = etree.Element(f"{{{TITLE_NS}}}titled", nsmap={None: TITLE_NS})
    etree.SubElement(root, f"{{{TITLE_NS}}}title").text = item.title
    etree.SubElement(root, f"{{{TITLE_NS}}}page").text = links.absolute(item.path)
    return root


TITLES = formats.MetadataFormat(
    prefix="titles",
    schema="http://example.org/titles.xsd",
    namespace=TITLE_NS,
    render=render_title,
    # Only titled in English: anything else cannot be disseminated in this format.
    supports=lambda item: item.language == "en",
)


@pytest.fixture
def registry(monkeypatch: Any) -> Iterator[None]:
    """The test's own registry, so its formats never leak into other tests."""
    monkeypatch.setattr(formats, "_registry", {"oai_dc": OAI_DC})
    formats.register(TITLES)
    yield


@pytest.fixture
def ask(client: Client, shared_dir: Path, tmp_path: Path, registry: None) -> Any:
    """Validate against the OAI schemas plus the test format's own schema."""
    folder = xsd_dir(shared_dir)
    (tmp_path / "titles.xsd").write_text(TITLE_XSD, encoding="utf-8")
    schema = xmlschema.XMLSchema(
        str(folder / "OAI-PMH.xsd"),
        locations=[
            (NS["oai_dc"], str(folder / "oai_dc.xsd")),
            (TITLE_NS, str(tmp_path / "titles.xsd")),
        ],
        uri_mapper={
            "http://dublincore.org/schemas/xmls/simpledc20021212.xsd": str(
                folder / "simpledc20021212.xsd"
            ),
            "http://www.w3.org/2001/03/xml.xsd": str(folder / "xml.xsd"),
        },
        allow="local",
    )

    def ask(**params: str) -> etree._Element:
        return validated(schema, client.get("/oai", params).content)

    return ask


def identifier(resource: Resource) -> str:
    return f"oai:manumit.example.org:{resource.pk}"


def test_a_registered_format_is_listed(ask: Any) -> None:
    root = ask(verb="ListMetadataFormats")
    listed = {
        e.findtext("oai:metadataPrefix", namespaces=NS): e.findtext(
            "oai:metadataNamespace", namespaces=NS
        )
        for e in root.iterfind(".//oai:metadataFormat", NS)
    }
    assert listed == {"oai_dc": NS["oai_dc"], "titles": TITLE_NS}


def test_a_registered_format_is_disseminated(ask: Any) -> None:
    made = ResourceFactory.create(title="Bonded labour in brick kilns")
    root = ask(verb="GetRecord", metadataPrefix="titles", identifier=identifier(made))
    titled = root.find(".//oai:metadata/{urn:example:titles}titled", NS)
    assert titled is not None and titled.findtext(f"{{{TITLE_NS}}}title") == made.title
    listed = ask(verb="ListRecords", metadataPrefix="titles")
    assert listed.find(".//{urn:example:titles}titled") is not None


def test_an_item_the_format_cannot_express_is_refused_in_it(ask: Any) -> None:
    english = ResourceFactory.create(language="en")
    french = ResourceFactory.create(language="fr")
    root = ask(verb="GetRecord", metadataPrefix="titles", identifier=identifier(french))
    assert error_code(root) == "cannotDisseminateFormat"
    root = ask(verb="ListMetadataFormats", identifier=identifier(french))
    assert [e.text for e in root.iterfind(".//oai:metadataPrefix", NS)] == ["oai_dc"]
    root = ask(verb="ListIdentifiers", metadataPrefix="titles")
    ids = [e.text for e in root.iterfind(".//oai:identifier", NS)]
    assert ids == [identifier(english)]


def test_no_metadata_formats_when_no_format_can_express_the_item(ask: Any) -> None:
    # With oai_dc registered, as it always is, every item has a format; only a registry
    # without it can meet an item that no format expresses.
    french = ResourceFactory.create(language="fr")
    formats.unregister("oai_dc")
    root = ask(verb="ListMetadataFormats", identifier=identifier(french))
    assert error_code(root) == "noMetadataFormats"
