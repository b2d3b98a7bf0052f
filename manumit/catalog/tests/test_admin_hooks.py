"""The resource admin's extension points (manumit.catalog.hooks): what a higher app plugs
in is used, and the admin still works when nothing is plugged in or an engine is down."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from manumit.catalog import hooks
from manumit.catalog.models import Resource, Status
from manumit.catalog.tests.admin_forms import RESOURCE_URL, change_url, resource_form
from manumit.catalog.tests.factories import ResourceFactory

pytestmark = pytest.mark.django_db


@contextmanager
def plugged(name: str, *functions: Callable[..., Any]) -> Iterator[None]:
    """Only `functions` on hook `name` for the duration (what ingestion or search
    registered is put back afterwards)."""
    saved = hooks.hooks(name)
    for function in saved:
        hooks.unregister(name, function)
    for function in functions:
        hooks.register(name, function)
    try:
        yield
    finally:
        for function in functions:
            hooks.unregister(name, function)
        for function in saved:
            hooks.register(name, function)


@pytest.fixture
def curator(client: Client, editor: User) -> Client:
    client.force_login(editor)
    return client


def listed(curator: Client, query: str) -> list[str]:
    response = curator.get(RESOURCE_URL, {"q": query})
    return sorted(resource.title for resource in response.context["cl"].result_list)


def test_with_no_engine_plugged_in_the_admin_searches_the_database(curator: Client) -> None:
    ResourceFactory.create(title="Modern slavery in North Korea")
    ResourceFactory.create(title="Something else entirely")
    with plugged(hooks.ADMIN_RESOURCE_SEARCH):
        assert listed(curator, "north korea") == ["Modern slavery in North Korea"]


def test_an_engine_that_is_down_leaves_the_database_search(curator: Client) -> None:
    ResourceFactory.create(title="Modern slavery in North Korea")
    with plugged(hooks.ADMIN_RESOURCE_SEARCH, lambda term: None):
        assert listed(curator, "north korea") == ["Modern slavery in North Korea"]


def test_the_engine_answers_and_exact_identifiers_are_added(curator: Client) -> None:
    found = ResourceFactory.create(title="Found by the engine")
    ResourceFactory.create(title="A report with a DOI", doi="10.1234/abc")
    ResourceFactory.create(title="Not found")
    with plugged(hooks.ADMIN_RESOURCE_SEARCH, lambda term: [found.pk]):
        assert listed(curator, "anything") == ["Found by the engine"]
        assert listed(curator, "10.1234/ABC") == ["A report with a DOI", "Found by the engine"]


def test_the_change_page_carries_what_a_hook_adds(curator: Client) -> None:
    resource = ResourceFactory.create()

    def context(model_admin: Any, request: Any, object_id: str) -> dict[str, Any]:
        return {"from_a_hook": f"resource {object_id}"}

    with plugged(hooks.ADMIN_RESOURCE_CHANGE_CONTEXT, context):
        response = curator.get(change_url(resource))
    assert response.context["from_a_hook"] == f"resource {resource.pk}"


def test_after_save_hooks_hear_of_each_saved_resource(curator: Client) -> None:
    resource = ResourceFactory.create(title="Before", status=Status.DRAFT)
    heard: list[tuple[Resource, bool]] = []

    def after_save(request: Any, saved: Resource, form: Any, formsets: Any, change: bool) -> None:
        heard.append((saved, change))

    with plugged(hooks.ADMIN_RESOURCE_AFTER_SAVE, after_save):
        response = curator.post(change_url(resource), resource_form(resource, title="After"))
    assert response.status_code == 302
    assert [(saved.title, change) for saved, change in heard] == [("After", True)]
