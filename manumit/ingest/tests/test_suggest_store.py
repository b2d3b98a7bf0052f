"""Suggestions stored per field, accepted into a resource in one click, dismissed, or applied
to a new draft automatically."""

from __future__ import annotations

import datetime

import pytest

from manumit.catalog.models import DatePrecision, Organisation, Person, Resource, Status
from manumit.catalog.tests.factories import ResourceFactory
from manumit.ingest.models import Suggestion, SuggestionState
from manumit.ingest.suggest import Proposal, accept, auto_apply, dismiss, store_proposals

pytestmark = pytest.mark.django_db

PROPOSALS = [
    Proposal("title", "Forced Labour in Thai Fishing", ["From the PDF's Title field"]),
    Proposal("authors", ["Anne Smith", "Walk Free Foundation"], ["From the PDF's Author field"]),
    Proposal("publisher", ["Walk Free Foundation"], ["'© Walk Free Foundation 2018' on page 2"]),
    Proposal("year", 2018, ["'© Walk Free Foundation 2018' on page 2"]),
    Proposal("language", "fr", ["Detected from the text"]),
    Proposal("countries", ["TH", "MM"], ["Thailand: 37 mentions", "Myanmar: 9 mentions"]),
    Proposal("regions", ["asia"], ["Asia: from Thailand, Myanmar"]),
    Proposal("topics", ["forced-labour"], ["Forced labour: 'forced labour' 12×"]),
    Proposal("sectors", ["fishing-and-seafood"], ["Fishing and seafood: 'fishing' 30×"]),
]


def draft(**fields: object) -> Resource:
    fields.setdefault("title", "report.pdf")
    fields.setdefault("pub_date", None)
    return ResourceFactory.create(status=Status.DRAFT, **fields)


def test_proposals_are_stored_as_one_pending_suggestion_per_field() -> None:
    resource = draft()
    stored = store_proposals(resource, PROPOSALS)
    assert len(stored) == len(PROPOSALS)
    countries = Suggestion.objects.get(resource=resource, field="countries")
    assert countries.value == ["TH", "MM"]
    assert countries.evidence == ["Thailand: 37 mentions", "Myanmar: 9 mentions"]
    assert countries.state == SuggestionState.PENDING


def test_storing_again_updates_pending_suggestions_and_leaves_decided_ones_alone() -> None:
    resource = draft()
    store_proposals(resource, PROPOSALS)
    dismiss(Suggestion.objects.get(resource=resource, field="countries"))
    again = store_proposals(
        resource,
        [Proposal("countries", ["VN"], ["Vietnam: 3 mentions"]), Proposal("year", 2019, ["x"])],
    )
    assert [s.field for s in again] == ["year"]
    assert Suggestion.objects.get(resource=resource, field="countries").value == ["TH", "MM"]
    assert Suggestion.objects.get(resource=resource, field="year").value == 2019
    assert Suggestion.objects.filter(resource=resource).count() == len(PROPOSALS)


def test_accepting_every_field_writes_the_values_into_the_resource() -> None:
    resource = draft()
    for suggestion in store_proposals(resource, PROPOSALS):
        accept(suggestion)
    resource.refresh_from_db()
    assert resource.title == "Forced Labour in Thai Fishing"
    assert [str(agent) for agent in resource.ordered_authors()] == [
        "Anne Smith",
        "Walk Free Foundation",
    ]
    first, second = resource.ordered_authors()
    assert isinstance(first, Person)
    assert isinstance(second, Organisation)
    assert [org.name for org in resource.ordered_publishers()] == ["Walk Free Foundation"]
    assert resource.pub_date == datetime.date(2018, 1, 1)
    assert resource.pub_date_precision == DatePrecision.YEAR
    assert resource.language == "fr"
    assert sorted(c.iso2 for c in resource.countries.all()) == ["MM", "TH"]
    assert [r.slug for r in resource.regions.all()] == ["asia"]
    assert [t.slug for t in resource.topics.all()] == ["forced-labour"]
    assert [s.slug for s in resource.sectors.all()] == ["fishing-and-seafood"]
    assert set(Suggestion.objects.values_list("state", flat=True)) == {SuggestionState.ACCEPTED}


def test_accepting_twice_changes_nothing_the_second_time() -> None:
    resource = draft()
    suggestions = store_proposals(resource, PROPOSALS)
    for suggestion in suggestions + suggestions:
        accept(suggestion)
    assert resource.authorships.count() == 2
    assert resource.publishings.count() == 1
    assert resource.countries.count() == 2
    assert Organisation.objects.filter(name="Walk Free Foundation").count() == 1


def test_accepting_adds_to_lists_and_keeps_a_date_already_set() -> None:
    resource = draft(pub_date=datetime.date(2017, 5, 3), topics=["Child labour"])
    for suggestion in store_proposals(resource, PROPOSALS):
        if suggestion.field in {"year", "topics"}:
            accept(suggestion)
    resource.refresh_from_db()
    assert resource.pub_date == datetime.date(2017, 5, 3)
    assert sorted(t.slug for t in resource.topics.all()) == ["child-labour", "forced-labour"]


def test_an_existing_person_is_credited_rather_than_duplicated() -> None:
    resource = draft()
    existing = Person.objects.create(name="Anne Smith", slug="anne-smith")
    accept(store_proposals(resource, [Proposal("authors", ["anne smith"], [])])[0])
    assert resource.authorships.get().person == existing


def test_dismissing_keeps_the_resource_as_it_was() -> None:
    resource = draft()
    suggestion = store_proposals(resource, PROPOSALS[:1])[0]
    dismiss(suggestion)
    resource.refresh_from_db()
    assert resource.title == "report.pdf"
    assert suggestion.state == SuggestionState.DISMISSED


def test_auto_apply_fills_only_the_empty_fields_of_a_draft() -> None:
    resource = draft(title="A title a curator chose", topics=["Child labour"])
    store_proposals(resource, PROPOSALS)
    accepted = {suggestion.field for suggestion in auto_apply(resource)}
    resource.refresh_from_db()
    assert "title" not in accepted and resource.title == "A title a curator chose"
    assert "topics" not in accepted
    assert [t.slug for t in resource.topics.all()] == ["child-labour"]
    assert {"countries", "year", "authors", "publisher", "sectors"} <= accepted
    assert resource.pub_date == datetime.date(2018, 1, 1)


def test_auto_apply_replaces_a_title_that_is_only_the_file_name() -> None:
    resource = draft(title="report.pdf")
    store_proposals(resource, PROPOSALS[:1])
    auto_apply(resource)
    resource.refresh_from_db()
    assert resource.title == "Forced Labour in Thai Fishing"


def test_auto_apply_never_touches_a_published_resource() -> None:
    resource = ResourceFactory.create(status=Status.PUBLISHED, title="report.pdf", pub_date=None)
    store_proposals(resource, PROPOSALS)
    assert auto_apply(resource) == []
    resource.refresh_from_db()
    assert resource.title == "report.pdf"
    assert resource.countries.count() == 0
    assert not Suggestion.objects.filter(state=SuggestionState.ACCEPTED).exists()
