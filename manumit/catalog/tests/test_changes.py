"""`resources_changed`: one signal, sent with the resources whose record a change alters,
whichever row it was (the resource, a part, a tag from either side, a name)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.db.models.signals import post_save

from manumit.catalog import changes
from manumit.catalog.changes import resources_changed
from manumit.catalog.models import Authorship, Country, Person, Resource, Topic
from manumit.catalog.tests.factories import ResourceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def heard() -> Iterator[list[list[int]]]:
    """The resource ids of every `resources_changed` sent while the test runs."""
    found: list[list[int]] = []

    def listen(sender: type, resource_ids: list[int], **kwargs: Any) -> None:
        found.append(resource_ids)

    resources_changed.connect(listen, dispatch_uid="test-changes")
    yield found
    resources_changed.disconnect(dispatch_uid="test-changes")


def test_saving_and_deleting_a_resource_names_it(heard: list[list[int]]) -> None:
    resource = ResourceFactory.create()
    pk = resource.pk
    heard.clear()
    resource.title = "Renamed"
    resource.save()
    resource.delete()
    assert heard and all(ids == [pk] for ids in heard)


def test_a_raw_save_as_loaddata_makes_it_sends_nothing(heard: list[list[int]]) -> None:
    resource = ResourceFactory.create()
    heard.clear()
    post_save.send(sender=Resource, instance=resource, created=False, raw=True)
    assert heard == []


def test_a_new_author_names_the_resource(heard: list[list[int]]) -> None:
    resource = ResourceFactory.create()
    person = Person.objects.create(name="Jane Smith", slug="jane-smith")
    heard.clear()
    Authorship.objects.create(resource=resource, person=person, position=0)
    assert heard == [[resource.pk]]


def test_tags_changed_from_the_term_s_side_name_every_resource_concerned(
    heard: list[list[int]],
) -> None:
    first, second = ResourceFactory.create(), ResourceFactory.create()
    topic = Topic.objects.create(name="Test topic", slug="test-topic")
    heard.clear()
    topic.resources.add(first, second)
    assert heard == [sorted([first.pk, second.pk])]
    heard.clear()
    topic.resources.clear()  # Django names no resource when it clears: noted beforehand
    assert heard == [sorted([first.pk, second.pk])]


def test_a_renamed_country_names_the_resources_showing_it_a_new_term_none(
    heard: list[list[int]],
) -> None:
    resource = ResourceFactory.create()
    thailand = Country.objects.get(iso2="TH")
    resource.countries.add(thailand)
    heard.clear()
    Topic.objects.create(name="Unused test topic", slug="unused-test-topic")
    assert heard == []
    thailand.save()
    assert heard == [[resource.pk]]


def test_a_deferred_block_sends_once_for_every_resource_changed_in_it(
    heard: list[list[int]],
) -> None:
    first, second = ResourceFactory.create(), ResourceFactory.create()
    heard.clear()
    with changes.deferred():
        for resource in (first, second, first):
            with changes.deferred():
                resource.title = f"{resource.title} (2nd ed.)"
                resource.save()
        assert heard == []  # nothing is sent while the outer block runs
    assert heard == [sorted([first.pk, second.pk])]


def test_a_block_that_raised_sends_nothing_of_its_own(heard: list[list[int]]) -> None:
    kept, dropped = ResourceFactory.create(), ResourceFactory.create()
    heard.clear()
    with changes.deferred():
        kept.save()
        with pytest.raises(ValueError), changes.deferred(), transaction.atomic():
            dropped.save()
            raise ValueError("the record is refused; its savepoint rolls back")
    assert heard == [[kept.pk]]
