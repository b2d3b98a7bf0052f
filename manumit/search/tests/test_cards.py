"""The cards of the hits shown: remembered, yet never stale and never a draft."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from manumit.catalog.models import Person, Resource, Status
from manumit.search import SearchQuery, apply_outbox, search
from manumit.search.cards import card_cache
from manumit.search.tests.conftest import add_document, make_resource

pytestmark = pytest.mark.django_db

Library = dict[str, Resource]


def shown(text: str) -> list[Resource]:
    return [hit.resource for hit in search(SearchQuery(text=text)).hits]


def test_results_load_in_a_fixed_number_of_queries_when_nothing_is_remembered(
    library: Library,
) -> None:
    for n in range(8):
        extra = make_resource(title=f"Seafood study {n}", authors=[f"Author {n}", "Org Institute"])
        add_document(extra, ["seafood"])
    apply_outbox()
    search(SearchQuery(text="seafood"))  # facet labels are remembered from the first search
    card_cache().forget()
    with CaptureQueriesContext(connection) as few:
        search(SearchQuery(text="seafood", page_size=2))
    card_cache().forget()
    with CaptureQueriesContext(connection) as many:
        results = search(SearchQuery(text="seafood", page_size=10))
        for hit in results.hits:  # what a result card shows
            _ = (hit.resource.byline, list(hit.resource.types.all()))
    assert len(results.hits) == 10
    assert len(many) == len(few)


def test_a_repeated_search_asks_the_database_once(library: Library) -> None:
    search(SearchQuery(text="forced labour"))
    with CaptureQueriesContext(connection) as again:
        results = search(SearchQuery(text="forced labour"))
    assert results.hits and len(again) == 1


def test_a_resource_withdrawn_after_it_was_shown_is_not_shown_again(library: Library) -> None:
    thai = library["thai"]
    assert thai in shown("seafood")
    Resource.objects.filter(pk=thai.pk).update(status=Status.WITHDRAWN)  # no outbox, no apply
    assert thai not in shown("seafood")


def test_a_renamed_author_shows_in_the_next_results(library: Library) -> None:
    assert "Jane Smith" in shown("seafood")[0].byline
    person = Person.objects.get(name="Jane Smith")
    person.name = "Jane Smith-Okafor"
    person.save()
    assert "Jane Smith-Okafor" in shown("seafood")[0].byline


def test_a_new_content_type_shows_in_the_next_results(library: Library) -> None:
    from manumit.catalog.models import ResourceType

    thai = library["thai"]
    shown("seafood")
    guidance = ResourceType.objects.get(slug="guidance")
    thai.types.add(guidance)
    first = next(hit.resource for hit in search(SearchQuery(text="seafood")).hits)
    assert guidance in first.types.all()
