"""search(): the right resources, in the right order, with passages, facets and help."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from manumit.catalog.models import Resource, ResourceType, Status
from manumit.search import FACETS, SearchQuery, WithoutFacet, WithoutWords, search

pytestmark = pytest.mark.django_db

Library = dict[str, Resource]


def titles(text: str = "", **options: Any) -> list[str]:
    return [hit.resource.title for hit in search(SearchQuery(text=text, **options)).hits]


def test_a_report_about_thai_seafood_outranks_a_passing_mention(library: Library) -> None:
    found = titles("forced labour seafood Thailand")
    assert found == [library["thai"].title, library["mention"].title]


def test_a_title_match_outranks_a_match_in_the_document_text(library: Library) -> None:
    found = titles("recruitment")
    assert found == [library["titled"].title, library["body_only"].title]


def test_drafts_and_withdrawn_resources_never_appear(library: Library) -> None:
    assert library["draft"].title not in titles("audit")
    assert library["withdrawn"].title not in titles("note")
    curator = titles("seafood forced labour", include_unpublished=True)
    assert library["draft"].title in curator and library["withdrawn"].title in curator


def test_a_resource_withdrawn_while_the_index_lags_is_not_shown(library: Library) -> None:
    thai = library["thai"]
    Resource.objects.filter(pk=thai.pk).update(status=Status.WITHDRAWN)  # no outbox, no apply
    results = search(SearchQuery(text="seafood"))
    assert thai.title not in [hit.resource.title for hit in results.hits]


def test_hits_carry_highlighted_passages_with_page_numbers(library: Library) -> None:
    hit = search(SearchQuery(text="fishermen trafficking")).hits[0]
    assert hit.resource == library["thai"]
    pages = [passage.page for passage in hit.passages]
    assert 1 <= len(hit.passages) <= 3 and 2 in pages
    assert all("<mark>" in passage.html for passage in hit.passages)


def test_a_description_match_gets_a_passage_without_a_page(library: Library) -> None:
    hit = search(SearchQuery(text="cocoa")).hits[0]
    assert hit.passages[0].page is None and "<mark>Cocoa</mark>" in hit.passages[0].html


def test_stemming_and_folded_accents_reach_the_library(library: Library) -> None:
    assert titles("Cote") == [library["cocoa"].title]
    assert titles("trafficking") == [library["thai"].title]


def test_every_facet_is_counted_over_the_whole_match_set(library: Library) -> None:
    results = search(SearchQuery(text="forced labour", page_size=1))
    assert list(results.facets) == list(FACETS)
    assert results.total == 2 and len(results.hits) == 1
    types = {value.key: (value.label, value.count) for value in results.facets["type"]}
    assert types == {"publications": ("Publications", 1), "guidance": ("Guidance", 1)}
    assert {v.key for v in results.facets["region"]} == {"asia"}  # from Thailand
    assert [v.label for v in results.facets["country"]] == ["Thailand"]
    assert [v.label for v in results.facets["language"]] == ["English"]


def test_a_renamed_content_type_shows_its_new_name_in_the_facets(library: Library) -> None:
    search(SearchQuery(text="forced labour"))  # the labels are remembered now
    guidance = ResourceType.objects.get(slug="guidance")
    guidance.name = "Practical guidance"
    guidance.save()
    types = search(SearchQuery(text="forced labour")).facets["type"]
    assert "Practical guidance" in [value.label for value in types]


def test_a_selected_facet_keeps_its_other_values_to_widen_again(library: Library) -> None:
    results = search(SearchQuery(text="forced labour", filters={"type": ("guidance",)}))
    assert [hit.resource for hit in results.hits] == [library["mention"]]
    chosen = {value.key: (value.count, value.selected) for value in results.facets["type"]}
    assert chosen == {"guidance": (1, True), "publications": (1, False)}
    assert results.facets["country"] == []  # narrowed: the mention has no country


def test_year_range_and_sorting(library: Library) -> None:
    assert titles(year_from=2020, year_to=2020, sort="oldest") == [
        library["body_only"].title,
        library["titled"].title,
    ]
    newest = titles(sort="newest")
    assert newest[0] == library["mention"].title and len(newest) == 5


def test_an_empty_query_browses_the_newest_first(library: Library) -> None:
    results = search(SearchQuery())
    assert results.total == 5 and results.message == ""
    assert results.hits[0].resource == library["mention"]


def test_a_misspelling_gets_did_you_mean(library: Library) -> None:
    results = search(SearchQuery(text="thai seafod"))
    assert results.total == 0 and results.did_you_mean == "thai seafood"


def test_no_results_say_what_to_drop(library: Library) -> None:
    results = search(SearchQuery(text="cocoa seafood", filters={"type": ("publications",)}))
    assert results.total == 0
    assert results.try_without == [WithoutWords("cocoa"), WithoutWords("seafood")]
    results = search(SearchQuery(text="cocoa", filters={"type": ("guidance",)}))
    assert results.try_without == [WithoutFacet("type", ("guidance",))]


def test_unreadable_queries_get_a_message_not_an_error(library: Library) -> None:
    assert "nothing to search for" in search(SearchQuery(text="!!!")).message
    assert "too common" in search(SearchQuery(text="the of")).message
    excluded = search(SearchQuery(text="-seafood"))
    assert excluded.total == 3 and excluded.message


def test_timing_is_reported(library: Library) -> None:
    assert search(SearchQuery(text="seafood")).took_ms > 0


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    text=st.text(max_size=120),
    facet=st.sampled_from([*FACETS, "bogus"]),
    value=st.text(max_size=12),
    sort=st.sampled_from(["relevance", "newest", "oldest", "sideways"]),
    page=st.integers(min_value=-5, max_value=10**6),
    year=st.one_of(st.none(), st.integers(min_value=-(10**6), max_value=10**6)),
)
def test_any_query_gives_results_or_a_message(
    library: Library, text: str, facet: str, value: str, sort: str, page: int, year: int | None
) -> None:
    query = SearchQuery(
        text=text,
        filters={facet: (value,)},
        sort=sort,  # type: ignore[arg-type]
        page=page,
        year_from=year,
    )
    results = search(query)  # SearchUnavailable would fail the test: odd input is no outage
    assert results.total >= len(results.hits) or results.hits == []
    assert all(hit.resource.status == Status.PUBLISHED for hit in results.hits)


def test_words_either_side_of_a_block_boundary_are_indexed_apart(index_dir: object) -> None:
    from manumit.catalog.formatting import plain_text
    from manumit.catalog.tests.factories import ResourceFactory
    from manumit.search import apply_outbox

    description = (
        "<p>Forced labour</p><p>Thailand's boats</p><ul><li>debt</li><li>bondage</li></ul>"
    )
    assert plain_text(description) == "Forced labour Thailand's boats debt bondage"
    resource = ResourceFactory.create(title="Fishing fleets", description=description)
    apply_outbox()
    assert [hit.resource for hit in search(SearchQuery(text="labour Thailand")).hits] == [resource]
    assert [hit.resource for hit in search(SearchQuery(text="debt bondage")).hits] == [resource]
    assert search(SearchQuery(text="labourthailand")).hits == []
