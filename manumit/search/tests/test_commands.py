"""`manumit reindex` and `manumit search_sync`, and the curators' admin search."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client

from manumit.catalog.models import Resource
from manumit.search import SearchQuery, search
from manumit.search.tests.conftest import add_document

pytestmark = pytest.mark.django_db


def test_reindex_says_how_many_resources_it_indexed(
    library: dict[str, Resource], index_dir: Path
) -> None:
    out = StringIO()
    call_command("reindex", stdout=out)
    assert "Indexed 7 resources" in out.getvalue()


def test_search_sync_once_catches_up_with_new_changes(library: dict[str, Resource]) -> None:
    add_document(library["titled"], ["kafala sponsorship"])
    out = StringIO()
    call_command("search_sync", "--once", stdout=out)
    assert "Applied" in out.getvalue()
    assert [hit.resource for hit in search(SearchQuery(text="kafala")).hits] == [library["titled"]]
    call_command("search_sync", "--lag", stdout=out)
    assert "0 entries behind" in out.getvalue()


def test_curators_admin_search_finds_drafts_by_document_words(
    library: dict[str, Resource], admin_user: User, client: Client
) -> None:
    add_document(library["draft"], ["an audit of vessels"])
    call_command("search_sync", "--once", stdout=StringIO())
    client.force_login(admin_user)
    page = client.get("/admin/catalog/resource/", {"q": "vessels"})
    assert page.status_code == 200
    assert library["draft"].title in page.content.decode()
    assert library["thai"].title not in page.content.decode()
