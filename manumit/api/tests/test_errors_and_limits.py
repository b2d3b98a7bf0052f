"""One error shape everywhere, the anonymous rate limit, and CORS for reads."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.test import Client

from manumit.api.tests.conftest import bearer, token_for


def assert_error(response: Any, status: int, code: str) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    error = response.json()["error"]
    assert set(error) == {"code", "message", "fields"}
    assert error["code"] == code and error["message"]
    return error


def test_every_kind_of_error_has_the_same_shape(anon: Client, library: dict) -> None:
    assert_error(anon.get("/api/v1/resources/nothing-here"), 404, "not_found")
    assert_error(anon.get("/api/v1/no-such-operation"), 404, "not_found")
    assert_error(anon.get("/api/elsewhere"), 404, "not_found")
    not_allowed = anon.delete("/api/v1/resources")
    assert_error(not_allowed, 405, "method_not_allowed")
    assert "GET" in not_allowed["Allow"]
    assert_error(anon.post("/api/v1/resources", {}), 401, "unauthorized")
    assert_error(anon.get("/api/v1/resources", {"cursor": "forged"}), 400, "bad_request")


def test_a_bad_parameter_is_named(anon: Client, library: dict) -> None:
    error = assert_error(anon.get("/api/v1/resources", {"limit": "500"}), 422, "invalid")
    assert list(error["fields"]) == ["limit"]
    error = assert_error(anon.get("/api/v1/resources", {"country": "Thailand"}), 422, "invalid")
    assert list(error["fields"]) == ["country.0"]
    error = assert_error(anon.get("/api/v1/resources", {"sort": "random"}), 422, "invalid")
    assert list(error["fields"]) == ["sort"]
    backwards = anon.get("/api/v1/resources", {"year_from": "2020", "year_to": "2010"})
    assert "year_to" in assert_error(backwards, 422, "invalid")["fields"]


def test_a_body_that_is_not_json_is_a_400_of_the_same_shape(
    anon: Client, editor: User, library: dict
) -> None:
    response = anon.post(
        "/api/v1/resources",
        data="{not json",
        content_type="application/json",
        **bearer(token_for(editor)),
    )
    assert_error(response, 400, "bad_request")


def test_anonymous_clients_are_limited_and_told_when_to_retry(
    anon: Client, library: dict, settings: Any
) -> None:
    settings.API_RATE_LIMIT = 3
    for _ in range(3):
        assert anon.get("/api/v1/types").status_code == 200
    limited = anon.get("/api/v1/types")
    assert_error(limited, 429, "rate_limited")
    assert 1 <= int(limited["Retry-After"]) <= 60
    other_address = anon.get("/api/v1/types", REMOTE_ADDR="192.0.2.7")
    assert other_address.status_code == 200


def test_a_curator_with_a_token_is_not_counted(
    anon: Client, editor: User, library: dict, settings: Any
) -> None:
    settings.API_RATE_LIMIT = 1
    token = token_for(editor)
    for _ in range(3):
        assert anon.get("/api/v1/types", **bearer(token)).status_code == 200


def test_behind_the_proxy_the_address_is_the_one_the_proxy_added(
    anon: Client, library: dict, settings: Any
) -> None:
    settings.API_RATE_LIMIT = 1
    settings.SECURE_HTTPS = True
    # A client may forge the first X-Forwarded-For entries, not the proxy's last one.
    first = anon.get("/api/v1/types", HTTP_X_FORWARDED_FOR="10.0.0.1, 198.51.100.1")
    forged = anon.get("/api/v1/types", HTTP_X_FORWARDED_FOR="10.0.0.2, 198.51.100.1")
    other = anon.get("/api/v1/types", HTTP_X_FORWARDED_FOR="10.0.0.1, 198.51.100.2")
    assert (first.status_code, forged.status_code, other.status_code) == (200, 429, 200)


def test_cors_is_open_for_api_reads_only(anon: Client, library: dict) -> None:
    origin: dict[str, Any] = {"HTTP_ORIGIN": "https://portal.example.net"}
    read = anon.get("/api/v1/resources", **origin)
    assert read["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in read
    preflight = anon.options(
        "/api/v1/resources",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
        **origin,
    )
    assert "POST" not in preflight.get("Access-Control-Allow-Methods", "")
    page = anon.get("/", **origin)
    assert "Access-Control-Allow-Origin" not in page


def test_an_index_that_cannot_answer_is_a_503_of_the_same_shape(
    anon: Client, library: dict, monkeypatch: Any
) -> None:
    import manumit.search as engine

    def broken(query: Any) -> Any:
        raise engine.SearchUnavailable

    monkeypatch.setattr(engine, "search", broken)
    response = anon.get("/api/v1/resources", {"q": "seafood"})
    assert_error(response, 503, "unavailable")
    assert response["Retry-After"]
