"""The OpenAPI document is valid, and every operation answers as it says, for any input
that schemathesis generates from it (no 5xx; every response matches its schema)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.contrib.auth.models import User
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, settings
from ninja.responses import NinjaJSONEncoder
from openapi_spec_validator import validate
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import positive_data_acceptance

from manumit.api.tests.conftest import token_for
from manumit.api.v1 import api

# Bounded so the whole run stays well under two minutes on a small machine. A NUL byte
# is left out: the site's middleware answers it before the API (a plain 400).
CONFIG = """
[generation]
max-examples = 8
allow-x00 = false
database = "none"
deterministic = true
"""
EXAMPLES = settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def test_the_document_is_valid_openapi_3_1(anon: Client, db: None) -> None:
    document = anon.get("/api/v1/openapi.json").json()
    assert document == live_document()  # what schemathesis below works from
    assert document["openapi"].startswith("3.1")
    validate(document)
    operations = {
        (method.upper(), path) for path, item in document["paths"].items() for method in item
    }
    assert ("GET", "/api/v1/resources") in operations
    assert ("POST", "/api/v1/resources/{slug}/attachments") in operations
    assert ("PATCH", "/api/v1/resources/{slug}") in operations


def live_document() -> dict[str, Any]:
    """The document /api/v1/openapi.json serves, made in-process: collection runs before
    any test may touch the database, and a request through the site could."""
    return json.loads(json.dumps(api.get_openapi_schema(), cls=NinjaJSONEncoder))


@pytest.fixture(autouse=True)
def _keep_the_test_connection() -> Iterator[None]:
    """Cases go to the WSGI app, not Django's test client, so nothing stops the end of a
    request from closing the database connection that holds the test's transaction
    (PostgreSQL); the test client does the same as this."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


schema = schemathesis.openapi.from_dict(live_document(), config=SchemathesisConfig.from_str(CONFIG))
schema.app = get_wsgi_application()  # every case is sent to the Django app itself


def excluded(case: Any) -> list[Any]:
    """Where a request that fits the schema is still rightly refused, the check that it
    is accepted is left out; every other check runs, the refusal's shape included:

    - a cursor is opaque and signed, so any string fits its schema and one made up is
      refused (400);
    - a write names records by key (a topic's slug, a country, an address), and whether
      such a record exists or an address is well formed is known only to the catalogue
      (422 naming the field)."""
    if (case.query or {}).get("cursor") or case.method in ("POST", "PATCH"):
        return [positive_data_acceptance]
    return []


@schema.parametrize()
@EXAMPLES
def test_every_operation_anonymously(case: Any, library: dict) -> None:
    case.call_and_validate(excluded_checks=excluded(case))


@pytest.fixture
def publisher_token(publisher: User) -> str:
    return token_for(publisher)


@schema.parametrize()
@EXAMPLES
def test_every_operation_with_a_publishers_token(
    case: Any, library: dict, publisher_token: str
) -> None:
    case.call_and_validate(
        headers={"Authorization": f"Bearer {publisher_token}"}, excluded_checks=excluded(case)
    )
