"""The database goes away: readers get a friendly 503 (JSON for JSON), never a 500 or a
traceback, and pages come back by themselves once it returns.

In this process the outage is a query wrapper that fails every query as a dropped
connection does; an unreadable SQLite file is a real child process; the PostgreSQL test
(test_database_down_postgres.py) stops a real server under `manumit serve` mid-load.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import InterfaceError, OperationalError, connection
from django.test import Client

from manumit.catalog.models import Resource
from manumit.catalog.tests.factories import ResourceFactory
from manumit.tests.support.processes import run_python

pytestmark = pytest.mark.django_db

FRIENDLY = "The library is briefly unavailable"


def failing(error: type[Exception]) -> Callable[..., Any]:
    def refuse(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        raise error("server closed the connection unexpectedly")

    return refuse


@pytest.fixture
def resource() -> Resource:
    return ResourceFactory.create(title="Debt bondage in brick kilns")


@pytest.fixture
def reader() -> Client:
    # The test client re-raises a view's error by default; a reader sees the response.
    return Client(raise_request_exception=False)


@pytest.fixture(params=[OperationalError, InterfaceError], ids=["operational", "interface"])
def outage(request: pytest.FixtureRequest) -> Iterator[None]:
    with connection.execute_wrapper(failing(request.param)):
        yield


def assert_friendly_page(response: Any) -> None:
    assert response.status_code == 503
    assert response["Content-Type"].startswith("text/html")
    assert response["Retry-After"].isdigit()
    page = response.content.decode()
    assert FRIENDLY in page
    assert "Traceback" not in page and "OperationalError" not in page


def test_pages_answer_the_friendly_503_while_the_database_is_down(
    resource: Resource, reader: Client
) -> None:
    warm = reader.get(resource.get_absolute_url())
    assert warm.status_code == 200  # now in the page cache
    with connection.execute_wrapper(failing(OperationalError)):
        for address in ("/", "/resources/", resource.get_absolute_url()):
            assert_friendly_page(reader.get(address))
        # Search answers its own 503 page (the index or the database cannot answer).
        search = reader.get("/search/?q=brick")
        assert search.status_code == 503 and search["Retry-After"].isdigit()
        assert "Traceback" not in search.content.decode()
    assert reader.get(resource.get_absolute_url()).status_code == 200, "back by itself"


def test_json_twins_and_the_api_answer_json_503(
    resource: Resource, reader: Client, outage: None
) -> None:
    for address in (f"/resources/{resource.slug}.json", "/api/v1/resources"):
        response = reader.get(address)
        assert response.status_code == 503, address
        assert response["Content-Type"].startswith("application/json"), address
        assert response["Retry-After"].isdigit(), address
        assert response.json()["error"]["code"] == "unavailable", address


def test_healthz_says_the_database_is_down(reader: Client, outage: None) -> None:
    response = reader.get("/healthz")
    assert response.status_code == 503
    report = response.json()
    assert report["status"] == "failing"
    assert report["checks"]["database"]["ok"] is False


def test_an_outage_met_by_middleware_before_the_view_is_a_503_too(
    reader: Client, settings: Any
) -> None:
    # The anonymous rate limit counts a search in the database before the view runs.
    settings.PAGE_RATE_LIMIT = 120
    with connection.execute_wrapper(failing(OperationalError)):
        assert_friendly_page(reader.get("/search/?q=brick"))
        twin = reader.get("/search.json?q=brick")
        assert twin.status_code == 503 and twin.json()["error"]["code"] == "unavailable"


def test_a_bug_is_still_the_500_page_not_a_503(reader: Client, monkeypatch: Any) -> None:
    from manumit.site import health

    def broken() -> dict[str, Any]:
        raise ValueError("a bug, not an outage")

    monkeypatch.setattr(health, "report", broken)
    response = reader.get("/healthz")
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()


UNREADABLE_SQLITE = """
import json
import django
django.setup()
from django.test import Client
reader = Client(raise_request_exception=False, HTTP_HOST="localhost")
seen = {}
for address in ("/", "/resources/", "/resources/anything/", "/resources/anything.json",
                "/api/v1/resources", "/healthz"):
    response = reader.get(address)
    seen[address] = [response.status_code, response.get("Content-Type", ""),
                     response.get("Retry-After", ""), response.content.decode()]
print(json.dumps(seen))
"""


def test_an_unreadable_sqlite_file_gives_the_same_503(tmp_path: Path) -> None:
    data_dir = tmp_path / "var"
    # A folder where the database file should be: SQLite cannot open it, even for root
    # (whom no file mode stops).
    (data_dir / "manumit.sqlite3").mkdir(parents=True)
    result = run_python(UNREADABLE_SQLITE, data_dir)
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    for address in ("/", "/resources/", "/resources/anything/"):
        status, kind, retry, body = seen[address]
        assert (status, kind.split(";")[0]) == (503, "text/html"), address
        assert retry.isdigit() and FRIENDLY in body and "Traceback" not in body, address
    for address in ("/resources/anything.json", "/api/v1/resources", "/healthz"):
        status, kind, _, body = seen[address]
        assert (status, kind) == (503, "application/json"), address
    health = json.loads(seen["/healthz"][3])
    assert health["checks"]["database"]["ok"] is False
    assert "unable to open database file" in health["checks"]["database"]["detail"]
