"""What the OAI-PMH tests share: the schemas from ../shared, asking /oai as a harvester
does, and a small library."""

from __future__ import annotations

import datetime
import functools
from pathlib import Path
from typing import Any

import xmlschema
from django.test import Client
from lxml import etree

from manumit.catalog.models import Country, Resource, Status
from manumit.catalog.tests.factories import LinkAttachmentFactory, ResourceFactory
from manumit.interop.oai.changelog import drain
from manumit.interop.oai.models import OaiRecord

NS = {
    "oai": "http://www.openarchives.org/OAI/2.0/",
    "oai_dc": "http://www.openarchives.org/OAI/2.0/oai_dc/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "id": "http://www.openarchives.org/OAI/2.0/oai-identifier",
}
START = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
BASE = "http://testserver/oai"


@functools.cache
def oai_schema(xsd_dir: Path) -> xmlschema.XMLSchema:
    """OAI-PMH.xsd with the schemas its strict wildcards need, resolved from local files
    only: the network is never asked (and is not there)."""
    remote = {
        "http://dublincore.org/schemas/xmls/simpledc20021212.xsd": "simpledc20021212.xsd",
        "http://www.w3.org/2001/03/xml.xsd": "xml.xsd",
        "http://www.openarchives.org/OAI/2.0/oai_dc.xsd": "oai_dc.xsd",
        "http://www.openarchives.org/OAI/2.0/oai-identifier.xsd": "oai-identifier.xsd",
    }
    return xmlschema.XMLSchema(
        str(xsd_dir / "OAI-PMH.xsd"),
        locations=[
            (NS["oai_dc"], str(xsd_dir / "oai_dc.xsd")),
            (NS["id"], str(xsd_dir / "oai-identifier.xsd")),
        ],
        uri_mapper={url: str(xsd_dir / name) for url, name in remote.items()},
        allow="local",
    )


def xsd_dir(shared_dir: Path) -> Path:
    return shared_dir / "data" / "interop" / "xsd"


def validated(schema: xmlschema.XMLSchema, body: bytes) -> etree._Element:
    """The parsed response, after checking it against the schemas (raises if invalid)."""
    schema.validate(body.decode("utf-8"))
    return etree.fromstring(body)


def answer(
    client: Client, schema: xmlschema.XMLSchema, query: str, method: str = "get"
) -> etree._Element:
    """/oai asked `query` by GET or as a POSTed form: the response, checked to be 200,
    text/xml and valid, parsed. The query is a raw string so that a test can repeat an
    argument, as a broken harvester might."""
    if method == "post":
        response = client.post("/oai", query, content_type="application/x-www-form-urlencoded")
    else:
        response = client.get(f"/oai?{query}")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    return validated(schema, response.content)


def request_echo(root: etree._Element) -> tuple[str | None, dict[str, str]]:
    """The `<request>` element's base URL and attributes: what the answer says was asked."""
    request = root.find("oai:request", NS)
    assert request is not None
    return request.text, dict(request.attrib)


def error_code(root: etree._Element) -> str | None:
    found = root.find("oai:error", NS)
    return None if found is None else found.get("code")


def small_library() -> dict[str, Resource]:
    """Published resources in types, regions, countries and topics; a draft; a withdrawal."""
    made: dict[str, Resource] = {
        "thai": ResourceFactory.create(
            title="Fishing crews in Thailand",
            types=["Publications"],
            topics=["Forced labour"],
        ),
        "asia": ResourceFactory.create(title="Asia overview", types=["Guidance"], regions=["Asia"]),
        "global": ResourceFactory.create(title="Global estimates", regions=["Global"]),
        "draft": ResourceFactory.create(title="Unfinished draft", status=Status.DRAFT),
        "gone": ResourceFactory.create(title="Withdrawn report", types=["Publications"]),
    }
    made["thai"].countries.add(Country.objects.get(iso2="TH"))
    LinkAttachmentFactory.create(resource=made["thai"])
    made["gone"].status = Status.WITHDRAWN
    made["gone"].save()
    drain()  # what the commit would do; the tests' transaction never commits
    return made


def spread_datestamps(step: datetime.timedelta = datetime.timedelta(hours=7)) -> list[Any]:
    """Give the log's rows distinct datestamps, `step` apart from START, in id order."""
    drain()
    rows = list(OaiRecord.objects.order_by("resource_id"))
    for number, row in enumerate(rows):
        row.datestamp = START + number * step
    OaiRecord.objects.bulk_update(rows, ["datestamp"])
    return rows
