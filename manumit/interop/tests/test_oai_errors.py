"""Every OAI-PMH error code this repository can give, each response valid against the schema,
and `<request>` reduced to the base URL on badVerb and badArgument (spec 3.2)."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from manumit.catalog.models import Region, ResourceType, Topic
from manumit.interop.tests.oai_helpers import (
    BASE,
    NS,
    answer,
    error_code,
    oai_schema,
    request_echo,
    small_library,
    xsd_dir,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def ask(client: Client, shared_dir: Path) -> Any:
    """Ask /oai a raw query string, by GET or POST: the parsed, validated answer."""
    return functools.partial(answer, client, oai_schema(xsd_dir(shared_dir)))


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("", "badVerb"),
        ("verb=Harvest", "badVerb"),
        ("verb=Identify&verb=Identify", "badVerb"),
        ("verb=Identify&metadataPrefix=oai_dc", "badArgument"),
        ("verb=ListRecords", "badArgument"),
        ("verb=ListRecords&metadataPrefix=oai_dc&metadataPrefix=oai_dc", "badArgument"),
        ("verb=ListRecords&metadataPrefix=oai_dc&colour=red", "badArgument"),
        ("verb=ListIdentifiers&metadataPrefix=oai_dc&resumptionToken=x", "badArgument"),
        ("verb=GetRecord&metadataPrefix=oai_dc", "badArgument"),
        ("verb=GetRecord&identifier=oai:manumit.example.org:1", "badArgument"),
        ("verb=ListRecords&metadataPrefix=oai_dc&set=a%20b", "badArgument"),
        ("verb=ListRecords&metadataPrefix=oai%20dc", "badArgument"),
        ("verb=ListRecords&metadataPrefix=oai_dc&from=2026-13-01", "badArgument"),
        ("verb=ListRecords&metadataPrefix=oai_dc&from=yesterday", "badArgument"),
        ("verb=ListRecords&metadataPrefix=oai_dc&from=2026-01-01T10:00:00", "badArgument"),
        ("verb=ListRecords&metadataPrefix=oai_dc&from=2026-01-01T10:00:00.5Z", "badArgument"),
        (
            "verb=ListRecords&metadataPrefix=oai_dc&from=2026-01-01&until=2026-02-01T00:00:00Z",
            "badArgument",
        ),
        ("verb=ListRecords&metadataPrefix=oai_dc&from=2026-02-02&until=2026-02-01", "badArgument"),
    ],
)
@pytest.mark.parametrize("method", ["get", "post"])
def test_bad_verbs_and_arguments_echo_only_the_base_url(
    ask: Any, query: str, code: str, method: str
) -> None:
    root = ask(query, method)
    assert error_code(root) == code
    assert request_echo(root) == (BASE, {})


def test_an_unknown_format_cannot_be_disseminated_and_the_request_is_echoed(ask: Any) -> None:
    library = small_library()
    identifier = f"oai:manumit.example.org:{library['thai'].pk}"
    for query in (
        "verb=ListRecords&metadataPrefix=mods",
        "verb=ListIdentifiers&metadataPrefix=mods",
        f"verb=GetRecord&metadataPrefix=mods&identifier={identifier}",
    ):
        root = ask(query)
        assert error_code(root) == "cannotDisseminateFormat"
        text, attributes = request_echo(root)
        assert text == BASE and attributes["metadataPrefix"] == "mods"
        assert attributes["verb"] in query


@pytest.mark.parametrize(
    "identifier",
    [
        "oai:manumit.example.org:999999",
        "oai:other.example.org:1",
        "oai:manumit.example.org:first",
        "urn:isbn:9780000000000",
    ],
)
def test_an_unknown_identifier_does_not_exist(ask: Any, identifier: str) -> None:
    small_library()
    for verb in ("GetRecord&metadataPrefix=oai_dc", "ListMetadataFormats"):
        root = ask(f"verb={verb}&identifier={identifier}")
        assert error_code(root) == "idDoesNotExist"
        assert request_echo(root)[1]["identifier"] == identifier


@pytest.mark.parametrize(
    "arguments",
    [
        "from=2099-01-01",
        "until=1990-01-01",
        "set=topic:no-such-topic",
        "from=2099-01-01T00:00:00Z&until=2099-01-02T00:00:00Z",
    ],
)
def test_a_list_that_matches_nothing_says_so(ask: Any, arguments: str) -> None:
    small_library()
    for verb in ("ListRecords", "ListIdentifiers"):
        root = ask(f"verb={verb}&metadataPrefix=oai_dc&{arguments}")
        assert error_code(root) == "noRecordsMatch"
        assert request_echo(root)[1]["verb"] == verb


def test_an_empty_repository_matches_nothing(ask: Any) -> None:
    assert error_code(ask("verb=ListRecords&metadataPrefix=oai_dc")) == "noRecordsMatch"


@pytest.mark.parametrize("token", ["nonsense", "eyJ2IjoxfQ:1tWk:forged", ""])
def test_a_forged_resumption_token_is_bad(ask: Any, token: str) -> None:
    small_library()
    root = ask(f"verb=ListRecords&resumptionToken={token}")
    assert error_code(root) == "badResumptionToken"


def test_list_sets_issues_no_tokens_so_any_token_is_bad(ask: Any) -> None:
    root = ask("verb=ListSets&resumptionToken=anything")
    assert error_code(root) == "badResumptionToken"
    assert request_echo(root)[1] == {"verb": "ListSets", "resumptionToken": "anything"}


def test_list_sets_always_has_a_hierarchy_so_no_set_hierarchy_never_arises(ask: Any) -> None:
    # noSetHierarchy is for repositories without sets. Here the three families of sets exist
    # even in a catalogue emptied of its vocabularies, so ListSets always answers sets.
    ResourceType.objects.all().delete()
    Topic.objects.all().delete()
    root = ask("verb=ListSets")
    specs = [e.text for e in root.iterfind(".//oai:setSpec", NS)]
    assert {"type", "topic", "region"} <= set(specs)
    assert Region.objects.exists() and error_code(root) is None
