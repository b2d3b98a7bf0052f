"""Writing with a curator's token: the workflow rule, one transaction, the outbox."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

import manumit.search as engine
from manumit.api.tests.conftest import bearer, token_for
from manumit.catalog.models import LegacySlug, Resource, Status
from manumit.ingest.models import IngestJob

# The smallest file the gate reads as a PDF (it checks the signature; ingestion opens it).
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def send(client: Client, method: str, path: str, token: str | None, body: Any) -> Any:
    headers = bearer(token) if token else {}
    call = getattr(client, method)
    return call(f"/api/v1{path}", data=json.dumps(body), content_type="application/json", **headers)


def test_an_editor_creates_a_draft_but_may_not_publish(
    anon: Client, editor: User, library: dict
) -> None:
    token = token_for(editor)
    created = send(anon, "post", "/resources", token, {"title": "Audit of brick kilns"})
    assert created.status_code == 201, created.content
    data = created.json()
    assert data["status"] == "draft" and data["slug"] == "audit-of-brick-kilns"
    assert Resource.objects.get(slug=data["slug"]).created_by == editor
    refused = send(anon, "patch", f"/resources/{data['slug']}", token, {"status": "published"})
    assert refused.status_code == 403
    assert "status" in refused.json()["error"]["fields"]
    assert Resource.objects.get(slug=data["slug"]).status == Status.DRAFT
    at_once = send(anon, "post", "/resources", token, {"title": "X", "status": "published"})
    assert at_once.status_code == 403
    assert not Resource.objects.filter(title="X").exists()


def test_a_publisher_publishes_and_search_finds_it_after_catching_up(
    anon: Client, publisher: User, library: dict
) -> None:
    token = token_for(publisher)
    body = {
        "title": "Brick kiln bonded labour survey",
        "types": ["publications"],
        "countries": ["in"],
        "authors": [{"organisation": "walk-free-foundation"}, {"person": "bo-writer"}],
        "publishers": ["walk-free-foundation"],
        "pub_date": "2020-06-01",
        "pub_date_precision": "month",
    }
    created = send(anon, "post", "/resources", token, body).json()
    slug = created["slug"]
    assert [author["slug"] for author in created["authors"]] == [
        "walk-free-foundation",
        "bo-writer",
    ]
    assert anon.get(f"/api/v1/resources/{slug}").status_code == 404  # still a draft
    published = send(anon, "patch", f"/resources/{slug}", token, {"status": "published"})
    assert published.status_code == 200 and published.json()["published_at"]
    engine.catch_up()
    found = anon.get("/api/v1/resources", {"q": "kiln"}).json()
    assert [item["slug"] for item in found["results"]] == [slug]
    assert found["facets"]["country"][0]["key"] == "IN"


def test_a_refused_write_changes_nothing(anon: Client, publisher: User, library: dict) -> None:
    token = token_for(publisher)
    slug = library["guide"].slug
    bad = send(anon, "patch", f"/resources/{slug}", token, {"title": "New", "topics": ["nope"]})
    assert bad.status_code == 422
    assert bad.json()["error"]["fields"] == {"topics": "unknown: nope"}
    assert Resource.objects.get(slug=slug).title == library["guide"].title


def test_validation_errors_name_the_field(anon: Client, editor: User, library: dict) -> None:
    token = token_for(editor)
    cases = [
        ({"title": ""}, "title"),
        ({"title": "A", "language": "xx"}, "language"),
        ({"title": "A", "pub_date": "not a date"}, "pub_date"),
        ({"title": "A", "source_url": "javascript:alert(1)"}, "source_url"),
        ({"title": "A", "pub_date_precision": "year"}, "pub_date"),
        ({"title": "A", "authors": [{"person": "bo-writer", "organisation": "x"}]}, "authors.0"),
        ({}, "title"),
    ]
    for body, field in cases:
        response = send(anon, "post", "/resources", token, body)
        assert response.status_code == 422, (body, response.content)
        named = response.json()["error"]["fields"]
        assert any(name.startswith(field) for name in named), (body, named)


def test_a_taken_slug_is_a_conflict_and_a_renamed_one_keeps_its_old_address(
    anon: Client, editor: User, library: dict
) -> None:
    token = token_for(editor)
    taken = send(anon, "post", "/resources", token, {"title": "A", "slug": library["thai"].slug})
    assert taken.status_code == 409
    assert taken.json()["error"]["fields"] == {"slug": "already taken"}
    draft = library["draft"]
    renamed = send(anon, "patch", f"/resources/{draft.slug}", token, {"slug": "new-name"})
    assert renamed.status_code == 200
    assert LegacySlug.objects.get(slug=draft.slug).resource_id == draft.pk


def test_writes_need_a_token_and_a_session_is_not_one(editor: User, library: dict) -> None:
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(editor)
    response = send(browser, "post", "/resources", None, {"title": "Via cookie"})
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"
    assert response.json()["error"]["code"] == "unauthorized"
    wrong = send(Client(), "post", "/resources", "mnm_not-a-real-token", {"title": "Guess"})
    assert wrong.status_code == 401
    assert not Resource.objects.filter(title__in=["Via cookie", "Guess"]).exists()


def test_a_revoked_token_no_longer_writes(anon: Client, editor: User, library: dict) -> None:
    token = token_for(editor)
    assert send(anon, "post", "/resources", token, {"title": "One"}).status_code == 201
    editor.api_tokens.get().revoke()
    assert send(anon, "post", "/resources", token, {"title": "Two"}).status_code == 401


def test_a_staff_member_without_a_curator_role_may_not_write(anon: Client, library: dict) -> None:
    clerk = User.objects.create_user("clerk", password="pw-for-tests-only", is_staff=True)
    response = send(anon, "post", "/resources", token_for(clerk), {"title": "Nope"})
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"


def upload(client: Client, slug: str, token: str, name: str, content: bytes, **fields: Any) -> Any:
    return client.post(
        f"/api/v1/resources/{slug}/attachments",
        {"file": SimpleUploadedFile(name, content), **fields},
        **bearer(token),
    )


@pytest.mark.django_db(transaction=True)
def test_an_upload_passes_the_gate_and_is_queued_for_ingestion(
    editor: User, index_dir: Any, settings: Any
) -> None:
    from manumit.api.tests.conftest import make_library

    settings.API_RATE_LIMIT = 100_000
    library = make_library()
    client, token, slug = Client(), token_for(editor), library["draft"].slug
    response = upload(client, slug, token, "report.pdf", PDF, label="Full report")
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["media_type"] == "application/pdf" and data["size"] == len(PDF)
    assert data["label"] == "Full report"
    # The same queue as the admin's uploads: one job, run when the upload committed.
    assert IngestJob.objects.filter(attachment_id=data["id"]).count() == 1
    again = upload(client, library["thai"].slug, token, "copy.pdf", PDF)
    assert again.status_code == 409
    assert "file" in again.json()["error"]["fields"]


def test_the_gate_refuses_what_the_library_does_not_take(
    anon: Client, editor: User, library: dict, settings: Any
) -> None:
    token, slug = token_for(editor), library["draft"].slug
    svg = upload(anon, slug, token, "logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"/>')
    assert svg.status_code == 422
    assert "file" in svg.json()["error"]["fields"]
    fake = upload(anon, slug, token, "report.pdf", b"just some words")
    assert fake.status_code == 422
    settings.MAX_UPLOAD_BYTES = 10
    big = upload(anon, slug, token, "big.pdf", PDF)
    assert big.status_code == 413
    assert big.json()["error"]["code"] == "too_large"
    assert not library["draft"].attachments.exists()
