"""A name known only from unpublished work never reaches anonymous search: a publisher,
type, topic or sector asked for by its key is answered exactly as a key that names
nothing, so the search is no oracle for what the drafts hold."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from manumit.catalog.models import Organisation, Publishing, Resource, Status, Topic
from manumit.search import SearchQuery, apply_outbox, search
from manumit.search.tests.conftest import make_resource

pytestmark = pytest.mark.django_db

SECRET_ORG = "Clandestine Shipping Ltd"
SECRET_TOPIC = "Undisclosed investigation"


@pytest.fixture
def draft_names(index_dir: Path) -> Resource:
    """A draft crediting an organisation and a topic that nothing published names."""
    make_resource(title="Forced labour in fishing, a public report")
    draft = make_resource(title="Forced labour at sea, in preparation", status=Status.DRAFT)
    organisation = Organisation.objects.create(name=SECRET_ORG, slug="clandestine-shipping")
    Publishing.objects.create(resource=draft, organisation=organisation, position=0)
    draft.topics.add(Topic.objects.create(name=SECRET_TOPIC, slug="undisclosed-investigation"))
    apply_outbox()
    return draft


def facet(data: dict[str, Any], key: str) -> list[dict[str, Any]]:
    return list(data["facets"][key])


@pytest.mark.usefixtures("draft_names")
@pytest.mark.parametrize("key", ["publisher", "topic"])
def test_the_twin_and_the_chips_never_name_a_drafts_own_term(client: Client, key: str) -> None:
    slug = {"publisher": "clandestine-shipping", "topic": "undisclosed-investigation"}[key]
    secret = {"publisher": SECRET_ORG, "topic": SECRET_TOPIC}[key]
    twin = client.get("/search.json", {"q": "forced labour", key: slug})
    assert twin.status_code == 200
    assert secret not in twin.content.decode()
    page = client.get("/search/", {"q": "forced labour", key: slug})
    assert secret not in page.content.decode()


@pytest.mark.usefixtures("draft_names")
@pytest.mark.parametrize(
    ("key", "slug"), [("publisher", "clandestine-shipping"), ("topic", "undisclosed-investigation")]
)
def test_a_drafts_key_is_answered_exactly_as_an_unknown_key(
    client: Client, key: str, slug: str
) -> None:
    def answer(value: str) -> str:
        data = client.get("/search.json", {"q": "forced labour", key: value}).json()
        data.pop("took_ms", None)  # the one part that differs from run to run
        return json.dumps(data, sort_keys=True).replace(value, "KEY")

    assert answer(slug) == answer("no-such-thing-at-all")


@pytest.mark.usefixtures("draft_names")
def test_a_curators_search_of_every_status_names_them() -> None:
    # The admin's search (include_unpublished) counts drafts, so it labels their terms.
    results = search(SearchQuery(text="forced labour", include_unpublished=True))
    assert SECRET_ORG in [value.label for value in results.facets["publisher"]]
    assert SECRET_TOPIC in [value.label for value in results.facets["topic"]]


def test_once_published_the_name_is_public(client: Client, draft_names: Resource) -> None:
    draft_names.status = Status.PUBLISHED
    draft_names.save()
    apply_outbox()
    data = client.get("/search.json", {"q": "forced labour", "publisher": "clandestine-shipping"})
    labels = [value["label"] for value in facet(data.json(), "publisher")]
    assert labels == [SECRET_ORG]
