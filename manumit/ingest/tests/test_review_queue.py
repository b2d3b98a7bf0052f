"""The review queue: pending suggestions across resources, grouped by field and value,
decided many at once with the evidence one click away."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import User
from django.test import Client

from manumit.catalog.models import Country, Resource, Status
from manumit.catalog.tests.factories import ResourceFactory
from manumit.ingest.admin.queue import group_key
from manumit.ingest.models import Suggestion, SuggestionState

pytestmark = pytest.mark.django_db

QUEUE_URL = "/admin/ingest/suggestion/"


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def suggest(resource: Resource, field: str, value: Any, *evidence: str) -> Suggestion:
    return Suggestion.objects.create(
        resource=resource, field=field, value=value, evidence=list(evidence)
    )


def thailand_on(count: int, status: str = Status.DRAFT) -> list[Suggestion]:
    resources = [ResourceFactory.create(status=status) for _ in range(count)]
    return [
        suggest(r, "countries", ["TH"], f"Thailand: {n + 3} mentions")
        for n, r in enumerate(resources)
    ]


def countries_of(suggestion: Suggestion) -> list[str]:
    return list(
        Resource.objects.get(pk=suggestion.resource_id).countries.values_list("iso2", flat=True)
    )


def test_the_queue_groups_the_same_proposal_and_shows_its_evidence(editor: User) -> None:
    thailand = thailand_on(3)
    # The same keys in another order are the same proposal.
    mixed = [
        suggest(ResourceFactory.create(status=Status.DRAFT), "countries", keys)
        for keys in (["TH", "MM"], ["MM", "TH"])
    ]
    suggest(ResourceFactory.create(status=Status.DRAFT), "year", 2019, "Dated 2019 on page 1")
    page = signed_in(editor).get(QUEUE_URL).content.decode()
    assert "Countries: Thailand</strong> — suggested for 3 resources (3 drafts)" in page
    assert "suggested for 2 resources" in page  # Thailand and Myanmar, either order
    assert group_key(mixed[0]) == group_key(mixed[1])
    assert "Year: 2019</strong> — suggested for 1 resource" in page
    assert "Thailand: 3 mentions" in page and "Dated 2019 on page 1" in page
    assert thailand[0].resource.title in page
    only_years = signed_in(editor).get(QUEUE_URL + "?field=year").content.decode()
    assert "Year: 2019" in only_years and "Countries:" not in only_years


def test_accepting_a_group_writes_every_resource_and_logs_it(editor: User) -> None:
    thailand = thailand_on(3)
    other = suggest(ResourceFactory.create(status=Status.DRAFT), "countries", ["MM"])
    client = signed_in(editor)
    response = client.post(QUEUE_URL, {"group": group_key(thailand[0]), "verdict": "accept"})
    assert response.status_code == 302
    assert all(countries_of(s) == ["TH"] for s in thailand)
    assert all(Suggestion.objects.get(pk=s.pk).state == SuggestionState.ACCEPTED for s in thailand)
    assert Suggestion.objects.get(pk=other.pk).state == SuggestionState.PENDING
    assert countries_of(other) == []
    logged = LogEntry.objects.filter(object_id__in=[str(s.resource_id) for s in thailand])
    assert {entry.get_change_message() for entry in logged} == {"Accepted the suggested countries."}
    page = client.get(QUEUE_URL).content.decode()
    assert "Accepted 3 suggestions." in page
    assert "Countries: Thailand" not in page  # decided, so out of the queue


def test_dismissing_single_suggestions_of_a_group(editor: User) -> None:
    thailand = thailand_on(3)
    client = signed_in(editor)
    client.post(QUEUE_URL, {"suggestion": [str(thailand[0].pk)], "verdict": "dismiss"})
    states = [Suggestion.objects.get(pk=s.pk).state for s in thailand]
    assert states == [SuggestionState.DISMISSED, SuggestionState.PENDING, SuggestionState.PENDING]
    assert countries_of(thailand[0]) == []
    assert "suggested for 2 resources" in client.get(QUEUE_URL).content.decode()


def test_an_editor_cannot_change_a_published_record_from_the_queue(
    editor: User, publisher: User
) -> None:
    draft, published = thailand_on(1)[0], thailand_on(1, Status.PUBLISHED)[0]
    assert group_key(draft) == group_key(published)
    client = signed_in(editor)
    client.post(QUEUE_URL, {"group": group_key(draft), "verdict": "accept"})
    assert countries_of(draft) == ["TH"]
    assert countries_of(published) == []
    assert Suggestion.objects.get(pk=published.pk).state == SuggestionState.PENDING
    assert "1 on published resources left for a publisher" in client.get(QUEUE_URL).content.decode()
    # A publisher may.
    signed_in(publisher).post(QUEUE_URL, {"group": group_key(published), "verdict": "accept"})
    assert countries_of(published) == ["TH"]


def test_the_queue_is_for_curators(client: Client, editor: User) -> None:
    thailand_on(1)
    anonymous = client.get(QUEUE_URL)
    assert anonymous.status_code == 302 and "/login/" in anonymous["Location"]
    outsider = User.objects.create_user("staff-only", password="x", is_staff=True)
    assert signed_in(outsider).get(QUEUE_URL).status_code == 403
    refused = signed_in(outsider).post(QUEUE_URL, {"group": "x", "verdict": "accept"})
    assert refused.status_code == 403
    assert Country.objects.get(iso2="TH").resources.count() == 0


def test_nothing_selected_changes_nothing(editor: User) -> None:
    thailand = thailand_on(2)
    client = signed_in(editor)
    client.post(QUEUE_URL, {"verdict": "accept"})
    assert all(Suggestion.objects.get(pk=s.pk).state == SuggestionState.PENDING for s in thailand)
    assert "Nothing was selected" in client.get(QUEUE_URL).content.decode()
