"""A bulk edit in the admin reaches search through the outbox, like any other save."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.test import Client

from manumit.catalog.models import Country, Resource, Status
from manumit.catalog.tests.admin_forms import RESOURCE_URL, action_form
from manumit.catalog.tests.factories import ResourceFactory
from manumit.search import apply_outbox
from manumit.search._parser import parse as parse_for_tests
from manumit.search.backends.base import BackendQuery
from manumit.search.models import OutboxEntry
from manumit.search.registry import get_backend
from manumit.search.tests.conftest import make_resource

pytestmark = pytest.mark.django_db


def test_bulk_added_country_is_written_to_the_outbox_and_found(
    index_dir: Path, editor: User
) -> None:
    drafts = [make_resource(title=f"Brick kilns {n}", status=Status.DRAFT) for n in range(3)]
    live = ResourceFactory.create(title="Published brick kilns")
    apply_outbox()
    before = OutboxEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0
    client = Client()
    client.force_login(editor)
    country = Country.objects.get(iso2="TH")
    data = {**action_form("bulk_edit", *drafts, live), "change": "add"}
    data.update({"term": f"countries:{country.pk}", "apply": "Apply", "expected": "4"})
    data.pop("index")
    assert client.post(RESOURCE_URL, data).status_code == 302
    touched = set(OutboxEntry.objects.filter(id__gt=before).values_list("resource_id", flat=True))
    # The drafts changed; the published one only got a pending revision, so its index
    # document (the public record) has nothing new to say.
    assert touched == {resource.pk for resource in drafts}
    apply_outbox()
    backend = get_backend(index_dir)
    backend.refresh()
    query = BackendQuery(
        parse_for_tests("brick kilns"), filters={"country": ("TH",)}, statuses=None, limit=10
    )
    assert {hit for hit, _ in backend.search(query).hits} == {r.pk for r in drafts}
    assert Resource.objects.filter(countries=country).count() == 3
