"""Near-duplicates found at ingestion are stored with the text, and the resource page shows
them from there: no search on each page view, and a resource deleted since is left out."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client

from manumit.catalog.models import Resource
from manumit.catalog.tests.admin_forms import change_url
from manumit.catalog.tests.factories import ResourceFactory
from manumit.ingest import duplicates
from manumit.ingest.models import DocumentText, NearDuplicateWarning
from manumit.ingest.pipeline import ingest_attachment, ingest_path
from manumit.ingest.tests.ingest_fixtures import made_up_words

pytestmark = pytest.mark.django_db


def statement(seed: int, words: int = 1200) -> str:
    return " ".join(made_up_words(seed, words)) + "\n"


def text_file(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def first_and_copy(tmp_path: Path) -> tuple[Resource, Resource]:
    """A statement, then the same statement with a new opening line, ingested in turn."""
    text = statement(seed=1)
    first = ingest_path(text_file(tmp_path, "acme-2022.txt", text)).resource
    again = ingest_path(text_file(tmp_path, "acme-2022-resent.txt", "Resent.\n" + text)).resource
    assert first is not None and again is not None
    return first, again


def test_a_near_duplicate_found_at_ingestion_is_stored_with_the_text(
    first_and_copy: tuple[Resource, Resource],
) -> None:
    first, again = first_and_copy
    warning = NearDuplicateWarning.objects.get()
    assert warning.document == DocumentText.objects.get(attachment__resource=again)
    assert warning.resource == first
    assert warning.reason.startswith("Largely identical text (")
    assert not DocumentText.objects.get(attachment__resource=first).near_duplicates.exists()


def test_the_resource_page_shows_stored_warnings_without_searching_again(
    curator: Client, first_and_copy: tuple[Resource, Resource], monkeypatch: pytest.MonkeyPatch
) -> None:
    first, again = first_and_copy

    def no_search(*args: object, **kwargs: object) -> None:
        raise AssertionError("the page searched for near-duplicates")

    monkeypatch.setattr(duplicates, "find_near_duplicates", no_search)
    page = curator.get(change_url(again)).content.decode()
    assert "Possible duplicates" in page
    assert f'href="{change_url(first)}">{first.title}</a>: Largely identical text (' in page
    older = curator.get(change_url(first)).content.decode()
    assert f'href="{change_url(again)}">{again.title}</a>: Largely identical text (' in older
    assert "(found when it was added)" in older


def test_a_resource_deleted_since_is_no_longer_shown(
    curator: Client, first_and_copy: tuple[Resource, Resource]
) -> None:
    first, again = first_and_copy
    first.delete()
    page = curator.get(change_url(again))
    assert page.status_code == 200
    assert "Possible duplicates" not in page.content.decode()


def test_extracting_again_replaces_the_warnings_found_before(
    first_and_copy: tuple[Resource, Resource],
) -> None:
    first, again = first_and_copy
    stale = NearDuplicateWarning.objects.create(
        document=DocumentText.objects.get(attachment__resource=again),
        resource=ResourceFactory.create(title="Found by an older rule"),
        reason="Similar title: 'Found by an older rule' (86%)",
    )
    ingest_attachment(again.attachments.get())
    assert not NearDuplicateWarning.objects.filter(pk=stale.pk).exists()
    assert list(NearDuplicateWarning.objects.values_list("resource", flat=True)) == [first.pk]


def test_a_different_text_gets_no_warning(tmp_path: Path) -> None:
    ingest_path(text_file(tmp_path, "one.txt", statement(seed=2)))
    ingest_path(text_file(tmp_path, "two.txt", statement(seed=3)))
    assert not NearDuplicateWarning.objects.exists()
