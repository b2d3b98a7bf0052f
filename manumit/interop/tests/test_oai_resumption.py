"""Selective harvesting by date, and resumption tokens: keyset pages, signed, expiring."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest
import xmlschema
from django.test import Client
from lxml import etree

from manumit.catalog.tests.factories import ResourceFactory
from manumit.interop.oai import tokens
from manumit.interop.oai.models import OaiRecord
from manumit.interop.tests.oai_helpers import (
    NS,
    START,
    error_code,
    oai_schema,
    small_library,
    spread_datestamps,
    validated,
    xsd_dir,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def ask(client: Client, shared_dir: Path) -> Any:
    schema: xmlschema.XMLSchema = oai_schema(xsd_dir(shared_dir))

    def ask(**params: str) -> etree._Element:
        return validated(schema, client.get("/oai", params).content)

    return ask


def ids(root: etree._Element) -> list[str]:
    return [e.text for e in root.iterfind(".//oai:header/oai:identifier", NS)]


def token_of(root: etree._Element) -> Any:
    """The page's resumptionToken element, or None."""
    return root.find(".//oai:resumptionToken", NS)


def harvest(ask: Any, verb: str = "ListIdentifiers", **params: str) -> list[etree._Element]:
    """Every page of a list, following tokens to the empty one."""
    pages = [ask(verb=verb, metadataPrefix="oai_dc", **params)]
    while (token := token_of(pages[-1])) is not None and token.text:
        pages.append(ask(verb=verb, resumptionToken=token.text))
    return pages


# --- from and until ---


def test_from_and_until_are_inclusive_to_the_second(ask: Any) -> None:
    small_library()
    rows = spread_datestamps()  # 00:00, 07:00, 14:00, 21:00 on 1 January
    stamps = [row.datestamp.strftime("%Y-%m-%dT%H:%M:%SZ") for row in rows]
    root = ask(verb="ListIdentifiers", metadataPrefix="oai_dc", **{"from": stamps[1]})
    assert len(ids(root)) == 3
    root = ask(verb="ListIdentifiers", metadataPrefix="oai_dc", until=stamps[1])
    assert len(ids(root)) == 2
    root = ask(
        verb="ListIdentifiers", metadataPrefix="oai_dc", **{"from": stamps[2]}, until=stamps[2]
    )
    assert ids(root) == [f"oai:manumit.example.org:{rows[2].resource_id}"]


def test_from_d_until_d_returns_day_d(ask: Any) -> None:
    small_library()
    rows = spread_datestamps(datetime.timedelta(hours=20))  # days 1, 1, 2, 3
    day_two = ask(
        verb="ListIdentifiers",
        metadataPrefix="oai_dc",
        **{"from": "2026-01-02"},
        until="2026-01-02",
    )
    assert ids(day_two) == [f"oai:manumit.example.org:{rows[2].resource_id}"]
    day_one = ask(verb="ListRecords", metadataPrefix="oai_dc", until="2026-01-01")
    assert len(ids(day_one)) == 2


def test_a_day_only_from_is_accepted(ask: Any) -> None:
    small_library()
    spread_datestamps(datetime.timedelta(days=1))
    root = ask(verb="ListRecords", metadataPrefix="oai_dc", **{"from": "2026-01-03"})
    assert error_code(root) is None and len(ids(root)) == 2


# --- Resumption ---


def test_a_small_batch_pages_through_every_record_once(ask: Any, settings: Any) -> None:
    settings.OAI_BATCH_SIZE = 2
    for _ in range(5):
        ResourceFactory.create()
    small_library()  # 9 records in all, withdrawn one included
    pages = harvest(ask)
    assert [len(ids(page)) for page in pages] == [2, 2, 2, 2, 1]
    seen = [identifier for page in pages for identifier in ids(page)]
    assert len(seen) == len(set(seen)) == OaiRecord.objects.count() == 9
    cursors = [int(token_of(page).get("cursor")) for page in pages]
    assert cursors == [0, 2, 4, 6, 8]
    assert {token_of(page).get("completeListSize") for page in pages} == {"9"}
    assert all(token_of(page).get("expirationDate") for page in pages[:-1])
    assert token_of(pages[-1]).text is None  # the last page: an empty token


def test_a_list_that_fits_one_page_has_no_token(ask: Any) -> None:
    small_library()
    assert token_of(ask(verb="ListRecords", metadataPrefix="oai_dc")) is None


def test_the_token_carries_the_set_and_dates(ask: Any, settings: Any) -> None:
    settings.OAI_BATCH_SIZE = 1
    for _ in range(3):
        ResourceFactory.create(types=["Publications"])
    small_library()
    spread_datestamps(datetime.timedelta(days=1))
    pages = harvest(ask, "ListRecords", set="type:publications", **{"from": "2026-01-02"})
    seen = [identifier for page in pages for identifier in ids(page)]
    expected = OaiRecord.objects.filter(
        sets__contains=" type:publications ", datestamp__gte=START + datetime.timedelta(days=1)
    )
    assert sorted(seen) == sorted(f"oai:manumit.example.org:{r.resource_id}" for r in expected)
    assert len(seen) == 4  # three, Thailand and the withdrawn one, less the first day's


def test_records_changed_during_a_harvest_cause_no_gap_and_no_repeat(
    ask: Any, settings: Any
) -> None:
    settings.OAI_BATCH_SIZE = 2
    made = [ResourceFactory.create() for _ in range(6)]
    spread_datestamps()
    first = ask(verb="ListIdentifiers", metadataPrefix="oai_dc")
    # Meanwhile a record on a later page changes and a new one arrives: both move to the end.
    made[4].title = "Renamed while harvesting"
    made[4].save()
    newcomer = ResourceFactory.create()
    seen = ids(first)
    page = first
    while (token := token_of(page)) is not None and token.text:
        page = ask(verb="ListIdentifiers", resumptionToken=token.text)
        seen += ids(page)
    everyone = {f"oai:manumit.example.org:{r.pk}" for r in [*made, newcomer]}
    assert set(seen) == everyone and len(seen) == len(everyone)


def test_an_expired_token_is_bad(ask: Any, settings: Any, monkeypatch: Any) -> None:
    settings.OAI_BATCH_SIZE = 1
    small_library()
    token = token_of(ask(verb="ListIdentifiers", metadataPrefix="oai_dc")).text
    monkeypatch.setattr(tokens, "LIFETIME", datetime.timedelta(seconds=-1))
    assert error_code(ask(verb="ListIdentifiers", resumptionToken=token)) == "badResumptionToken"


def test_an_edited_token_is_bad(ask: Any, settings: Any) -> None:
    settings.OAI_BATCH_SIZE = 1
    small_library()
    token = token_of(ask(verb="ListIdentifiers", metadataPrefix="oai_dc")).text
    edited = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
    assert error_code(ask(verb="ListIdentifiers", resumptionToken=edited)) == "badResumptionToken"


def test_a_token_of_one_verb_is_bad_for_another(ask: Any, settings: Any) -> None:
    settings.OAI_BATCH_SIZE = 1
    small_library()
    token = token_of(ask(verb="ListIdentifiers", metadataPrefix="oai_dc")).text
    assert error_code(ask(verb="ListRecords", resumptionToken=token)) == "badResumptionToken"
