"""Bulk edit from the resource list: a confirmation page with the count, then one change on
every chosen resource (or every resource of the filter), within the curator's rights."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import User
from django.test import Client

from manumit.catalog.models import Country, Resource, Revision, RevisionState, Status, Topic
from manumit.catalog.tests.admin_forms import RESOURCE_URL, action_form
from manumit.catalog.tests.factories import ResourceFactory

pytestmark = pytest.mark.django_db


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def drafts(count: int, **fields: Any) -> list[Resource]:
    return [ResourceFactory.create(status=Status.DRAFT, **fields) for _ in range(count)]


def confirm_page(client: Client, resources: list[Resource], query: str = "", **extra: str) -> str:
    data = {**action_form("bulk_edit", *resources), **extra}
    response = client.post(RESOURCE_URL + query, data)
    assert response.status_code == 200
    return response.content.decode()


def apply(
    client: Client, resources: list[Resource], expected: int, query: str = "", **change: str
) -> Client:
    data: dict[str, Any] = {**action_form("bulk_edit", *resources), **change}
    data.pop("index")  # the confirmation page posts without the list's form index
    data.update({"apply": "Apply", "expected": str(expected)})
    data.setdefault("select_across", "0")
    response = client.post(RESOURCE_URL + query, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return client


def topic_ids(resource: Resource) -> set[int]:
    return set(Resource.objects.get(pk=resource.pk).topics.values_list("pk", flat=True))


def a_topic() -> Topic:
    topic = Topic.objects.order_by("name").first()
    assert topic is not None
    return topic


def test_the_confirmation_page_shows_the_count_and_changes_nothing(editor: User) -> None:
    chosen = drafts(3)
    page = confirm_page(signed_in(editor), chosen)
    assert "3 resources" in page
    assert all(resource.title in page for resource in chosen)
    assert 'value="topics:' in page and 'value="countries:' in page
    # An editor is offered draft and review only.
    assert 'value="review"' in page and 'value="published"' not in page
    assert not any(topic_ids(resource) for resource in chosen)


def test_adding_a_topic_to_the_selection_changes_only_those_and_logs_it(editor: User) -> None:
    chosen, other = drafts(2), drafts(1)[0]
    topic = a_topic()
    apply(signed_in(editor), chosen, 2, change="add", term=f"topics:{topic.pk}")
    assert all(topic_ids(resource) == {topic.pk} for resource in chosen)
    assert topic_ids(other) == set()
    logged = LogEntry.objects.filter(object_id__in=[str(r.pk) for r in chosen])
    assert logged.count() == 2
    assert all(topic.name in entry.get_change_message() for entry in logged)


def test_every_resource_of_the_filter_with_select_across(editor: User) -> None:
    # Only one row is ticked, but "select all" covers the whole filter: the drafts.
    chosen = drafts(4)
    published = ResourceFactory.create()
    country = Country.objects.get(iso2="TH")
    query = "?status__exact=draft"
    page = confirm_page(signed_in(editor), chosen[:1], query, select_across="1")
    assert "4 resources" in page and "every resource of the current filter" in page
    client = signed_in(editor)
    apply(
        client,
        chosen[:1],
        4,
        query,
        select_across="1",
        change="add",
        term=f"countries:{country.pk}",
    )
    assert Resource.objects.filter(countries=country).count() == 4
    assert not published.countries.exists()


def test_removing_a_region_leaves_the_others(publisher: User) -> None:
    chosen = drafts(2, regions=["Asia", "Africa"])
    asia = chosen[0].regions.get(name="Asia")
    apply(signed_in(publisher), chosen, 2, change="remove", term=f"regions:{asia.pk}")
    for resource in chosen:
        assert list(resource.regions.values_list("name", flat=True)) == ["Africa"]


def test_an_editors_bulk_change_to_a_published_resource_waits_for_a_publisher(
    client: Client, editor: User, publisher: User
) -> None:
    live = ResourceFactory.create(title="Published and reviewed")
    draft = drafts(1)[0]
    topic = a_topic()
    apply(signed_in(editor), [live, draft], 2, change="add", term=f"topics:{topic.pk}")
    assert topic_ids(draft) == {topic.pk}  # a draft changes at once
    assert topic_ids(live) == set()  # the public record does not
    assert topic.name not in client.get(f"/resources/{live.slug}.json").content.decode()
    revision = Revision.objects.get(resource=live)
    assert revision.state == RevisionState.PENDING and revision.created_by == editor
    assert revision.data == {"topics": [topic.pk]}
    # A publisher approves it like any revision: then it is live.
    reviewer = signed_in(publisher)
    reviewer.post("/admin/catalog/revision/", action_form("approve_selected", revision))  # type: ignore[arg-type]
    assert topic_ids(live) == {topic.pk}


def test_a_publishers_bulk_change_to_a_published_resource_is_live(publisher: User) -> None:
    live = ResourceFactory.create()
    topic = a_topic()
    apply(signed_in(publisher), [live], 1, change="add", term=f"topics:{topic.pk}")
    assert topic_ids(live) == {topic.pk}
    assert not Revision.objects.exists()


def test_an_editor_sends_drafts_for_review_but_cannot_move_published_ones(editor: User) -> None:
    chosen = drafts(2)
    live = ResourceFactory.create()
    client = signed_in(editor)
    apply(client, [*chosen, live], 3, change="status", status="review")
    statuses = [Resource.objects.get(pk=r.pk).status for r in [*chosen, live]]
    assert statuses == [Status.IN_REVIEW, Status.IN_REVIEW, Status.PUBLISHED]
    messages = client.get(RESOURCE_URL).content.decode()
    assert "1 left as they were: only publishers may publish" in messages


def test_an_editor_cannot_publish_by_bulk_edit(editor: User) -> None:
    chosen = drafts(2)
    data: dict[str, Any] = {**action_form("bulk_edit", *chosen), "change": "status"}
    data.update({"status": "published", "apply": "Apply", "expected": "2"})
    data.pop("index")
    response = signed_in(editor).post(RESOURCE_URL, data)
    assert response.status_code == 200  # the form again, refusing the choice
    assert "Select a valid choice" in response.content.decode()
    assert all(Resource.objects.get(pk=r.pk).status == Status.DRAFT for r in chosen)


def test_a_publisher_publishes_the_filter(publisher: User) -> None:
    chosen = drafts(3)
    apply(signed_in(publisher), chosen, 3, change="status", status="published")
    assert Resource.objects.filter(status=Status.PUBLISHED, published_at__isnull=False).count() == 3


def test_a_changed_selection_asks_again(editor: User) -> None:
    chosen = drafts(2)
    topic = a_topic()
    data: dict[str, Any] = {**action_form("bulk_edit", *chosen), "change": "add"}
    data.update({"term": f"topics:{topic.pk}", "apply": "Apply", "expected": "5"})
    data.pop("index")
    response = signed_in(editor).post(RESOURCE_URL, data)
    assert response.status_code == 200
    assert "now holds 2 resources" in response.content.decode()
    assert not any(topic_ids(resource) for resource in chosen)


def test_a_failure_part_way_changes_nothing(editor: User, monkeypatch: pytest.MonkeyPatch) -> None:
    chosen = drafts(3)
    topic = a_topic()
    from manumit.catalog.admin.resources import ResourceAdmin

    calls = []

    def failing_log(self: Any, request: Any, obj: Any, message: Any) -> None:
        calls.append(obj.pk)
        if len(calls) == 2:
            raise RuntimeError("the database went away")

    monkeypatch.setattr(ResourceAdmin, "log_change", failing_log)
    client = signed_in(editor)
    client.raise_request_exception = False
    data: dict[str, Any] = {**action_form("bulk_edit", *chosen), "change": "add"}
    data.update({"term": f"topics:{topic.pk}", "apply": "Apply", "expected": "3"})
    data.pop("index")
    response = client.post(RESOURCE_URL, data)
    assert response.status_code == 500
    assert len(calls) == 2
    assert not any(topic_ids(resource) for resource in chosen)
