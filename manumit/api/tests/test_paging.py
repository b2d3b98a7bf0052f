"""Cursor paging: a walk sees every record that stayed published exactly once, while
records are added (and withdrawn) between its pages."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client

import manumit.search as engine
from manumit.catalog.models import Resource, Status
from manumit.catalog.tests.factories import ResourceFactory

START = datetime.date(2010, 1, 1)


def publish(count: int, first_day: int, word: str = "bondage") -> list[Resource]:
    made = [
        ResourceFactory.create(
            title=f"Study {first_day + n} of {word}",
            pub_date=START + datetime.timedelta(days=first_day + n),
        )
        for n in range(count)
    ]
    engine.apply_outbox()
    return made


def walk(client: Client, params: dict[str, Any], between: Any = None) -> list[str]:
    seen: list[str] = []
    page = client.get("/api/v1/resources", params).json()
    turns = 0
    while True:
        seen += [item["slug"] for item in page["results"]]
        if not page["next_cursor"]:
            return seen
        if between:
            between(turns)
        turns += 1
        assert turns < 60, f"the walk does not end: {len(seen)} seen"
        page = client.get("/api/v1/resources", {**params, "cursor": page["next_cursor"]}).json()


@pytest.fixture
def library(db: None, index_dir: Any) -> list[Resource]:
    return publish(23, first_day=100)


@pytest.mark.parametrize("sort", ["newest", "oldest"])
def test_records_added_during_a_walk_neither_repeat_nor_hide_others(
    anon: Client, library: list[Resource], sort: str
) -> None:
    def add_some(turn: int) -> None:
        publish(2, first_day=1000 + 10 * turn)  # newest of all: ahead in `newest`
        publish(2, first_day=0 + 10 * turn)  # oldest of all: ahead in `oldest`
        publish(1, first_day=110 + turn)  # in the middle of the list

    seen = walk(anon, {"sort": sort, "limit": 5}, add_some)
    assert len(seen) == len(set(seen)), "a record came twice"
    assert {resource.slug for resource in library} <= set(seen), "a record was skipped"


def test_a_record_withdrawn_during_a_walk_shifts_nothing(
    anon: Client, library: list[Resource]
) -> None:
    ordered = sorted(library, key=lambda resource: resource.pub_date or START, reverse=True)

    def withdraw_one_already_seen(turn: int) -> None:
        resource = ordered[turn]
        resource.status = Status.WITHDRAWN
        resource.save()
        engine.apply_outbox()

    seen = walk(anon, {"sort": "newest", "limit": 5}, withdraw_one_already_seen)
    assert len(seen) == len(set(seen)) == len(library)


def test_relevance_order_pages_through_a_search_as_it_grows(
    anon: Client, library: list[Resource]
) -> None:
    # Distinct scores (the word once to eight times), so the order is the engine's own.
    ranked = [
        ResourceFactory.create(title=f"Note {n}", description=" ".join(["peonage"] * n))
        for n in range(1, 9)
    ]
    engine.apply_outbox()

    def add_unrelated(turn: int) -> None:
        publish(3, first_day=900 + 10 * turn)

    seen = walk(anon, {"q": "peonage", "limit": 3}, add_unrelated)
    assert seen == [resource.slug for resource in reversed(ranked)]


def test_many_records_on_one_date_page_exactly(anon: Client, db: None, index_dir: Any) -> None:
    same_day = [ResourceFactory.create(title=f"Same day {n}", pub_date=START) for n in range(12)]
    undated = [ResourceFactory.create(title=f"Undated {n}", pub_date=None) for n in range(7)]
    engine.apply_outbox()

    def add_on_the_same_day(turn: int) -> None:
        ResourceFactory.create(title=f"Late same day {turn}", pub_date=START)
        engine.apply_outbox()

    seen = walk(anon, {"sort": "newest", "limit": 4}, add_on_the_same_day)
    assert len(seen) == len(set(seen))
    assert {resource.slug for resource in same_day + undated} <= set(seen)
    assert seen[-7:] and set(seen[-7:]) == {resource.slug for resource in undated}


def test_a_cursor_belongs_to_its_query(anon: Client, library: list[Resource]) -> None:
    first: dict[str, Any] = anon.get("/api/v1/resources", {"sort": "oldest", "limit": "5"}).json()
    other = anon.get("/api/v1/resources", {"sort": "newest", "cursor": first["next_cursor"]})
    assert other.status_code == 400
    assert other.json()["error"]["fields"] == {"cursor": "made for another query"}
    # The page size may change along the way; the list may not.
    wider = anon.get(
        "/api/v1/resources", {"sort": "oldest", "limit": "10", "cursor": first["next_cursor"]}
    )
    assert wider.status_code == 200 and len(wider.json()["results"]) == 10
    tampered = first["next_cursor"][:-3] + ("AAA" if first["next_cursor"][-3:] != "AAA" else "BBB")
    assert anon.get("/api/v1/resources", {"cursor": tampered}).status_code == 400


def test_the_next_link_is_the_same_query_with_the_cursor(
    anon: Client, library: list[Resource]
) -> None:
    first: dict[str, Any] = anon.get("/api/v1/resources", {"sort": "oldest", "limit": "20"}).json()
    assert first["count"] == 23
    second = anon.get(first["next"]).json()
    assert len(second["results"]) == 3 and second["next"] is None


def test_organisations_page_by_name_while_others_are_added(anon: Client, db: None) -> None:
    names = [f"Group {letter}" for letter in "ACEGIKMOQS"]
    ResourceFactory.create(publishers=names)
    seen: list[str] = []
    page = anon.get("/api/v1/organisations", {"limit": 3}).json()
    added = iter("BDFHJLNPR")
    while True:
        seen += [item["name"] for item in page["results"]]
        if not page["next_cursor"]:
            break
        ResourceFactory.create(publishers=[f"Group {next(added)}"])
        page = anon.get("/api/v1/organisations", {"limit": 3, "cursor": page["next_cursor"]}).json()
    assert len(seen) == len(set(seen))
    assert set(names) <= set(seen)


def test_pages_of_a_hundred_span_the_engines_pages(anon: Client, db: None, index_dir: Any) -> None:
    made = publish(130, first_day=0)
    seen = walk(anon, {"sort": "newest", "limit": 100}, lambda turn: publish(3, 5000 + turn))
    assert len(seen) == len(set(seen))
    assert {resource.slug for resource in made} <= set(seen)
