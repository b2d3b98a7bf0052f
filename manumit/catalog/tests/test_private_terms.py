"""A type, topic or sector that only unpublished work uses is not named on the public
browse indexes and has no public page; the seeded vocabulary is still listed."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from manumit.catalog.models import Resource, ResourceType, Sector, Status, Topic
from manumit.catalog.tests.factories import ResourceFactory

pytestmark = pytest.mark.django_db

KINDS = [(ResourceType, "types"), (Topic, "topics"), (Sector, "sectors")]


def draft_with(model: type[ResourceType | Topic | Sector], name: str) -> Resource:
    draft = ResourceFactory.create(status=Status.DRAFT)
    relation = {ResourceType: "types", Topic: "topics", Sector: "sectors"}[model]
    getattr(draft, relation).add(model.objects.create(name=name, slug="secret-term"))
    return draft


@pytest.mark.parametrize(("model", "path"), KINDS)
def test_a_drafts_own_term_is_neither_listed_nor_served(
    client: Client, model: type[ResourceType | Topic | Sector], path: str
) -> None:
    seeded = model.objects.first()
    assert seeded is not None
    draft_with(model, "Covert subject")
    index = client.get(f"/{path}/").content.decode()
    assert "Covert subject" not in index
    assert seeded.name in index  # an unused vocabulary term is still there to browse
    assert client.get(f"/{path}/secret-term/").status_code == 404
    assert client.get(f"/{path}/secret-term.json").status_code == 404


@pytest.mark.parametrize(("model", "path"), KINDS)
def test_published_the_term_appears(
    client: Client, model: type[ResourceType | Topic | Sector], path: str
) -> None:
    draft = draft_with(model, "Covert subject")
    draft.status = Status.PUBLISHED
    draft.save()
    assert "Covert subject" in client.get(f"/{path}/").content.decode()
    assert client.get(f"/{path}/secret-term/").status_code == 200


def test_a_curator_previews_the_terms_page(client: Client, editor: User) -> None:
    draft_with(Topic, "Covert subject")
    client.force_login(editor)
    page = client.get("/topics/secret-term/")
    assert page.status_code == 200
    assert "Covert subject" in page.content.decode()
