"""The outbox keeps every replica's index in step with the database, crash or not."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from manumit.catalog.models import Country, Organisation, Resource, Status
from manumit.search import apply_outbox, index_lag, reindex, replica_lags
from manumit.search._parser import parse as parse_for_tests
from manumit.search.backends.base import BackendQuery
from manumit.search.models import OutboxEntry
from manumit.search.outbox import Cursor, read_cursor
from manumit.search.registry import get_backend
from manumit.search.tests.conftest import add_document, make_resource

pytestmark = pytest.mark.django_db


def expected_db_vendor_is_used() -> None:
    from django.db import connection

    wanted = os.environ.get("EXPECT_DB_VENDOR")
    assert not wanted or connection.vendor == wanted


def found(folder: Path, text: str) -> set[int]:
    backend = get_backend(folder)
    backend.refresh()
    results = backend.search(BackendQuery(parse_for_tests(text), statuses=None, limit=100))
    return {resource_id for resource_id, _ in results.hits}


def test_saving_a_resource_and_its_parts_writes_outbox_rows(index_dir: Path) -> None:
    resource = make_resource(title="Seafood", publishers=["Walk Free Foundation"])
    before = OutboxEntry.objects.count()
    resource.countries.add(Country.objects.get(iso2="TH"))
    add_document(resource, ["page text"])
    Organisation.objects.filter(name="Walk Free Foundation").get().save()
    assert OutboxEntry.objects.count() > before
    assert set(OutboxEntry.objects.values_list("resource_id", flat=True)) == {resource.pk}


def test_a_new_page_text_becomes_findable_after_apply(index_dir: Path) -> None:
    resource = make_resource(title="Annual report")
    apply_outbox()
    add_document(resource, ["nothing", "debt bondage on fishing boats"])
    assert search_ids("bondage") == set()
    assert apply_outbox() >= 1
    assert search_ids("bondage") == {resource.pk}


def search_ids(text: str) -> set[int]:
    from manumit.search import SearchQuery, search

    return {hit.resource.pk for hit in search(SearchQuery(text=text)).hits}


def test_two_replicas_converge_after_writes_deletes_and_a_crash(tmp_path: Path) -> None:
    expected_db_vendor_is_used()
    first, second = tmp_path / "node-1", tmp_path / "node-2"
    kept = make_resource(title="Seafood audit")
    doomed = make_resource(title="Seafood note")
    apply_outbox(first)
    apply_outbox(second)
    assert found(first, "seafood") == found(second, "seafood") == {kept.pk, doomed.pk}

    # Writes and a delete; node 1 applies them, then node 2 crashes mid-apply: its index
    # commit happens but the cursor is never written.
    renamed = Resource.objects.get(pk=kept.pk)
    renamed.title = "Cocoa audit"
    renamed.save()
    doomed.delete()
    added = make_resource(title="Seafood guide", status=Status.DRAFT)
    assert apply_outbox(first) == 3
    cursor_before = read_cursor(second)

    import manumit.search.outbox as outbox

    real = outbox.write_cursor
    outbox.write_cursor = crash  # type: ignore[assignment]
    try:
        with pytest.raises(SystemExit):
            apply_outbox(second)
    finally:
        outbox.write_cursor = real
    assert read_cursor(second).position == cursor_before.position

    # After the restart it applies the same entries again, harmlessly.
    assert apply_outbox(second) == 3
    for node in (first, second):
        assert found(node, "seafood") == {added.pk}
        assert found(node, "cocoa") == {kept.pk}
        assert get_backend(node).document_ids() == {kept.pk, added.pk}
        assert index_lag(node).pending == 0
    positions = {replica.name: lag for replica, lag in replica_lags()}
    assert len(positions) == 2 and set(positions.values()) == {0}


def crash(*args: object) -> None:
    raise SystemExit("simulated crash between the index commit and the cursor")


def test_lag_counts_what_a_replica_has_not_applied(index_dir: Path) -> None:
    make_resource(title="One")
    apply_outbox()
    make_resource(title="Two")
    lag = index_lag()
    assert lag.pending == 1 and lag.seconds >= 0
    apply_outbox()
    assert index_lag().pending == 0


def test_reindex_rebuilds_from_nothing(index_dir: Path) -> None:
    one, two = make_resource(title="Seafood one"), make_resource(title="Seafood two")
    apply_outbox()
    get_backend().clear()
    assert reindex() == 2
    assert found(index_dir, "seafood") == {one.pk, two.pk}


def test_an_entry_that_commits_late_is_still_applied() -> None:
    cursor = Cursor(position=4)
    cursor.advance([6, 7], now=0.0)  # 5 is not visible yet (its transaction is open)
    assert cursor.position == 4 and cursor.applied_above == [6, 7]
    cursor.advance([5], now=1.0)
    assert cursor.position == 7 and cursor.applied_above == [] and cursor.gaps == {}


def test_an_entry_that_never_appears_is_passed_after_a_grace_period() -> None:
    cursor = Cursor(position=4)
    cursor.advance([6], now=0.0)
    cursor.advance([], now=10.0)
    assert cursor.position == 4
    cursor.advance([], now=3600.0)  # rolled back: the id will never be used
    assert cursor.position == 6
