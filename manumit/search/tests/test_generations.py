"""Index generations in one process: a rebuild or a schema upgrade is built beside the
live index while it serves; a deleted or corrupted index is rebuilt by the next sync round,
and searches say the index is unavailable meanwhile."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from manumit.catalog.models import Resource
from manumit.search import UNAVAILABLE, SearchQuery, catch_up, generations, registry, search
from manumit.search import documents as search_documents
from manumit.search.backends.base import IndexDocument
from manumit.search.backends.tantivy_backend import TantivyBackend

pytestmark = pytest.mark.django_db


def titles(text: str) -> set[str]:
    return {hit.resource.title for hit in search(SearchQuery(text=text)).hits}


def folders(index_dir: Path) -> list[str]:
    return sorted(path.name for path in index_dir.iterdir() if path.name.startswith("gen-"))


def test_a_rebuild_serves_the_old_index_until_the_new_one_is_live(
    library: dict[str, Resource], index_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from manumit.search import reindex

    before = folders(index_dir)
    seen_during: list[set[str]] = []
    real = search_documents.iterate_all

    def slow_read() -> Iterator[IndexDocument]:
        seen_during.append(titles("cocoa"))  # mid-build, a reader still finds everything
        yield from real()

    monkeypatch.setattr(search_documents, "iterate_all", slow_read)
    reindex()
    assert seen_during == [{library["cocoa"].title}]
    assert titles("cocoa") == {library["cocoa"].title}
    after = folders(index_dir)
    assert len(after) == 1 and after != before  # the old generation went once let go


def test_a_schema_upgrade_builds_beside_an_index_another_process_still_uses(
    library: dict[str, Resource], index_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    [old] = folders(index_dir)
    old_process = generations.hold(index_dir / old)  # a web process of the old release
    assert old_process is not None
    monkeypatch.setattr(TantivyBackend, "layout_version", "upgraded")
    with pytest.raises(registry.IndexNotBuilt):
        registry.get_backend()  # this release has no index of its layout yet
    catch_up()  # the sync's first round builds it
    assert titles("cocoa") == {library["cocoa"].title}
    assert (index_dir / old / "complete").exists()  # still open elsewhere: kept
    old_process.release()
    generations.sweep(index_dir, "upgraded")
    assert old not in folders(index_dir)
    assert (index_dir / "live-upgraded").exists()


def delete_the_folder(folder: Path) -> None:
    shutil.rmtree(folder)


def corrupt_the_metadata(folder: Path) -> None:
    for meta in folder.rglob("meta.json"):
        meta.write_text('{"segments": [')


@pytest.mark.parametrize("breaking", [delete_the_folder, corrupt_the_metadata])
def test_a_deleted_or_corrupted_index_is_rebuilt_and_the_site_answers_meanwhile(
    client: Client,
    library: dict[str, Resource],
    index_dir: Path,
    breaking: Callable[[Path], None],
    settings: Any,
) -> None:
    breaking(index_dir)
    registry.forget(index_dir)  # as a process starting on the broken folder finds it
    degraded = client.get("/search/", {"q": "cocoa"})
    assert degraded.status_code == 503
    assert UNAVAILABLE in degraded.content.decode()
    assert client.get("/").status_code == 200  # the rest of the site answers
    catch_up()  # the background sync's next round
    answer = client.get("/search.json", {"q": "cocoa"})
    assert answer.status_code == 200
    assert [item["title"] for item in answer.json()["results"]] == [library["cocoa"].title]
