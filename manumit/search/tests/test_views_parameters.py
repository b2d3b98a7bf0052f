"""Any address gives the search page or its `.json` twin, never a server error: bad values
are dropped with a note, and random input (hypothesis) always gets a 200 and valid JSON."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.http import QueryDict
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from manumit.catalog.models import Resource
from manumit.search.forms import parse_search, query_params
from manumit.search.types import FACETS, SearchQuery


def parsed(address_query: str) -> tuple[SearchQuery, list[str]]:
    result = parse_search(QueryDict(address_query))
    return result.query, result.notes


def test_an_empty_address_is_an_empty_query_without_notes() -> None:
    assert parsed("") == (SearchQuery(), [])


def test_repeated_facet_parameters_become_several_values_once_each() -> None:
    query, notes = parsed("type=guidance&type=publications&type=guidance&language=FR")
    assert query.filters == {"type": ("guidance", "publications"), "language": ("fr",)}
    assert notes == []


def test_country_codes_are_read_in_either_case() -> None:
    query, _ = parsed("country=th&country=My")
    assert query.filters == {"country": ("TH", "MY")}


def test_a_reversed_year_range_is_turned_round_with_a_note() -> None:
    query, notes = parsed("year_from=2020&year_to=2015")
    assert (query.year_from, query.year_to) == (2015, 2020)
    assert notes == ["Read the years 2020–2015 as 2015–2020."]


def test_values_that_cannot_be_keys_are_dropped_with_a_note() -> None:
    query, notes = parsed("year=20x1&country=Thailand&topic=a%20b&page=0&sort=random")
    assert query == SearchQuery()
    assert len(notes) == 5
    assert "Ignored year='20x1': not a known year key." in notes


def test_a_very_long_query_is_cut_with_a_note() -> None:
    query, notes = parsed("q=" + "word+" * 300)
    assert len(query.text) == 500
    assert notes == ["Your query was long; only its first 500 characters count."]


def test_too_many_values_in_one_facet_are_cut_with_a_note() -> None:
    query, notes = parsed("&".join(f"year={1990 + n}" for n in range(30)))
    assert len(query.filters["year"]) == 20
    assert notes == ["Kept the first 20 year values."]


def test_writing_a_query_back_and_reading_it_again_gives_the_same_query() -> None:
    query = SearchQuery(
        text='"forced labour" seafood',
        filters={"country": ("TH", "MY"), "year": ("2020",)},
        year_from=2010,
        sort="oldest",
        page=3,
    )
    address = "&".join(f"{name}={value}" for name, value in query_params(query))
    assert parse_search(QueryDict(address.replace('"', "%22").replace(" ", "+"))).query == query


# --- Fuzzing the view with the real engine --------------------------------------------------

# NUL is answered 400 by middleware before any view (see test_a_nul_byte_...).
TEXT = st.text(
    alphabet=st.characters(codec="utf-8", blacklist_characters="\x00"),
    max_size=60,
)
QUERY_LANGUAGE = st.lists(
    st.sampled_from(
        [
            '"',
            "(",
            ")",
            "*",
            "-",
            "OR",
            "AND",
            "NOT",
            "title:",
            "author:",
            "publisher:",
            ":",
            "^",
            "~",
            "\\",
            "forced",
            "labour",
            "seafood",
            "Thai*",
            "'",
            "{",
            "[",
            "+",
        ]
    ),
    max_size=8,
).map(" ".join)
PARAMETER_NAMES = st.sampled_from(["q", "year_from", "year_to", "sort", "page", *FACETS, "other"])
PARAMETERS = st.lists(st.tuples(PARAMETER_NAMES, TEXT), max_size=8)
FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.mark.django_db
@FUZZ
@given(text=st.one_of(TEXT, QUERY_LANGUAGE), parameters=PARAMETERS)
def test_any_address_gives_a_page_and_a_valid_json_twin(
    library: dict[str, Resource], text: str, parameters: list[tuple[str, str]]
) -> None:
    data: dict[str, Any] = {"q": text}
    for name, value in parameters:
        data.setdefault(name, [])
        if isinstance(data[name], str):
            data[name] = [data[name]]
        data[name].append(value)
    client = Client()
    page = client.get("/search/", data)
    assert page.status_code == 200, page.content[:500]
    twin = client.get("/search.json", data)
    assert twin.status_code == 200
    body = json.loads(twin.content)
    assert body["count"] >= len(body["results"])
    assert all(item["url"].startswith("http://testserver/resources/") for item in body["results"])


def test_a_nul_byte_in_the_address_is_a_bad_request_not_an_error(client: Client) -> None:
    assert client.get("/search/?q=%00").status_code == 400
