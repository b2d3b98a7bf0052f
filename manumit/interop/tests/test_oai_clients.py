"""Three real OAI-PMH harvesters (Sickle, oaipmh-scythe and pyoai's maintained fork `oaipmh`)
against a live server on loopback, over the whole demo library: they must all see the same
records, through resumption with a small batch, from/until, a set and deleted records.
Every response the server sends them is checked against the protocol's schemas."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from lxml import etree
from oaipmh.client import Client as PyoaiClient
from oaipmh.error import NoRecordsMatchError
from oaipmh.metadata import MetadataRegistry, oai_dc_reader
from oaipmh_scythe import Scythe
from oaipmh_scythe.models import Record
from sickle import Sickle

from manumit.catalog.models import Resource, Status
from manumit.interop.oai import views
from manumit.interop.oai.models import OaiRecord
from manumit.interop.tests.oai_helpers import (
    START,
    oai_schema,
    small_library,
    spread_datestamps,
    xsd_dir,
)

pytestmark = pytest.mark.django_db(transaction=True)
BATCH = 7
# (identifier, datestamp, deleted, setSpecs, title): what a harvester keeps of a record.
Seen = tuple[str, str, bool, tuple[str, ...], str | None]


@pytest.fixture
def responses(monkeypatch: Any, shared_dir: Path) -> Iterator[list[bytes]]:
    """Every body the endpoint sends, kept to be validated once the harvest is over (in the
    test's thread: the live server runs in another)."""
    sent: list[bytes] = []
    serialize = views.serialize

    def keep(root: etree._Element) -> bytes:
        body = serialize(root)
        sent.append(body)
        return body

    monkeypatch.setattr(views, "serialize", keep)
    yield sent
    schema = oai_schema(xsd_dir(shared_dir))
    for body in sent:
        schema.validate(body.decode("utf-8"))


@pytest.fixture
def library(settings: Any, tmp_path: Path) -> dict[str, Any]:
    """The demo library, one resource deleted outright, datestamps spread over days."""
    settings.OAI_BATCH_SIZE = BATCH
    call_command("demo", verbosity=0)
    deleted = Resource.objects.filter(status=Status.PUBLISHED).order_by("pk").first()
    assert deleted is not None
    deleted_id = deleted.pk
    deleted.delete()
    spread_datestamps(datetime.timedelta(hours=5))
    return {"deleted": deleted_id, "rows": list(OaiRecord.objects.order_by("resource_id"))}


def stamp(moment: datetime.datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def expected(rows: list[OaiRecord], keep: Callable[[OaiRecord], bool]) -> set[str]:
    return {f"oai:manumit.example.org:{row.resource_id}" for row in rows if keep(row)}


# --- Each client's harvest, reduced to the same tuples ---


def with_sickle(url: str, verb: str, **args: Any) -> set[Seen]:
    sickle = Sickle(url, max_retries=0)
    try:
        items = getattr(sickle, verb)(metadataPrefix="oai_dc", ignore_deleted=False, **args)
        found = set()
        for item in items:
            header = getattr(item, "header", item)
            title = None
            if verb == "ListRecords" and not header.deleted:
                title = item.metadata.get("title", [None])[0]
            specs = tuple(header.setSpecs)
            found.add((header.identifier, header.datestamp, header.deleted, specs, title))
        return found
    except Exception as error:  # Sickle raises its own NoRecordsMatch
        if type(error).__name__ == "NoRecordsMatch":
            return set()
        raise


def with_scythe(url: str, verb: str, **args: Any) -> set[Seen]:
    method = {"ListRecords": "list_records", "ListIdentifiers": "list_identifiers"}[verb]
    renamed = {"set": "set_", "from": "from_", "until": "until"}
    with Scythe(url) as scythe:
        items = getattr(scythe, method)(
            metadata_prefix="oai_dc",
            ignore_deleted=False,
            **{renamed[k]: v for k, v in args.items()},
        )
        found = set()
        for item in items:
            header = getattr(item, "header", item)
            title = None
            if verb == "ListRecords" and not header.deleted:
                title = item.metadata.get("title", [None])[0]
            specs = tuple(header.setSpecs)
            found.add((header.identifier, header.datestamp, header.deleted, specs, title))
        return found


def with_pyoai(url: str, verb: str, **args: Any) -> set[Seen]:
    registry = MetadataRegistry()
    registry.registerReader("oai_dc", oai_dc_reader)
    client = PyoaiClient(url, registry)  # pyoai POSTs its requests
    client.updateGranularity()
    if "from" in args:
        args["from_"] = datetime.datetime.strptime(args.pop("from"), "%Y-%m-%dT%H:%M:%SZ")
    if "until" in args:
        args["until"] = datetime.datetime.strptime(args["until"], "%Y-%m-%dT%H:%M:%SZ")
    method = {"ListRecords": client.listRecords, "ListIdentifiers": client.listIdentifiers}
    found = set()
    try:
        for item in method[verb](metadataPrefix="oai_dc", **args):
            header, metadata = (item[0], item[1]) if verb == "ListRecords" else (item, None)
            title = metadata.getField("title")[0] if metadata is not None else None
            found.add(
                (
                    header.identifier(),
                    stamp(header.datestamp()),
                    header.isDeleted(),
                    tuple(header.setSpec()),
                    title,
                )
            )
    except NoRecordsMatchError:
        return set()
    return found


CLIENTS = {"sickle": with_sickle, "scythe": with_scythe, "pyoai": with_pyoai}


def all_clients(url: str, verb: str, **args: Any) -> set[Seen]:
    """What the three clients saw, after checking that they saw the same."""
    seen = {name: harvest(url, verb, **dict(args)) for name, harvest in CLIENTS.items()}
    assert seen["sickle"] == seen["scythe"] == seen["pyoai"]
    return seen["sickle"]


def ids(seen: set[Seen]) -> set[str]:
    return {item[0] for item in seen}


def test_the_three_clients_harvest_the_demo_library_alike(
    live_server: Any, library: dict[str, Any], responses: list[bytes]
) -> None:
    # One test for every harvest of the demo: loading it (PDFs and their text) is the slow
    # part, and a live server's database is emptied after each test.
    url = f"{live_server.url}/oai"
    rows = library["rows"]
    assert len(rows) > 5 * BATCH  # several pages

    whole = all_clients(url, "ListRecords")
    assert ids(whole) == expected(rows, lambda row: True)
    deleted = {item[0] for item in whole if item[2]}
    assert f"oai:manumit.example.org:{library['deleted']}" in deleted
    assert len(deleted) == 2  # and the demo's withdrawn one
    assert all(item[4] for item in whole if not item[2])  # live records have titles
    drafts = Resource.objects.exclude(status__in=[Status.PUBLISHED, Status.WITHDRAWN])
    draft_ids = {f"oai:manumit.example.org:{pk}" for pk in drafts.values_list("pk", flat=True)}
    assert draft_ids and not ids(whole) & draft_ids

    low, high = START + datetime.timedelta(days=2), START + datetime.timedelta(days=4, hours=-1)
    window = all_clients(url, "ListIdentifiers", **{"from": stamp(low), "until": stamp(high)})
    assert ids(window) == expected(rows, lambda row: low <= row.datestamp <= high)
    assert len(window) > BATCH

    asia = all_clients(url, "ListRecords", set="region:asia")
    assert ids(asia) == expected(rows, lambda row: "region:asia" in row.set_specs)
    assert any("region:asia:eastern-asia:kp" in item[3] for item in asia)  # North Korea
    assert len(responses) > 3 * len(rows) // BATCH  # each client paged through


def test_the_three_clients_read_identify_and_a_deleted_record(
    live_server: Any, responses: list[bytes]
) -> None:
    library = small_library()
    url = f"{live_server.url}/oai"
    gone = f"oai:manumit.example.org:{library['gone'].pk}"
    for sickle in (Sickle(url), Sickle(url, http_method="POST")):
        assert sickle.Identify().baseURL == url
        assert sickle.GetRecord(identifier=gone, metadataPrefix="oai_dc").header.deleted
    with Scythe(url) as scythe:
        assert scythe.identify().baseURL == url
        record = scythe.get_record(identifier=gone)
        assert isinstance(record, Record) and record.header.deleted
    client = PyoaiClient(url, MetadataRegistry())
    assert client.identify().baseURL() == url
    header, metadata, _ = client.getRecord(identifier=gone, metadataPrefix="oai_dc")
    assert header.isDeleted() and metadata is None
