"""Suggestions in the database: stored per field, accepted into the resource, or dismissed."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from pathlib import PurePosixPath
from typing import Any

from django.db import transaction
from django.db.models import Max, Model
from django.utils.text import slugify

from manumit.catalog.models import (
    Authorship,
    Country,
    DatePrecision,
    Organisation,
    Person,
    Publishing,
    Region,
    Resource,
    Sector,
    Status,
    Topic,
)
from manumit.catalog.models.resources import validate_language
from manumit.ingest.models import Suggestion, SuggestionField, SuggestionState
from manumit.ingest.suggest.bibliographic import is_junk_title
from manumit.ingest.suggest.lines import looks_like_organisation
from manumit.ingest.suggest.proposal import Proposal

Field = SuggestionField


def store_proposals(resource: Resource, proposals: list[Proposal]) -> list[Suggestion]:
    """One pending suggestion per field, replacing an older pending one; a suggestion a
    curator already accepted or dismissed is left as it is (and not returned)."""
    stored = []
    with transaction.atomic():
        for proposal in proposals:
            suggestion, created = Suggestion.objects.get_or_create(
                resource=resource,
                field=proposal.field,
                defaults={"value": proposal.value, "evidence": list(proposal.evidence)},
            )
            if not created:
                if suggestion.state != SuggestionState.PENDING:
                    continue
                suggestion.value = proposal.value
                suggestion.evidence = list(proposal.evidence)
                suggestion.save(update_fields=["value", "evidence"])
            stored.append(suggestion)
    return stored


def accept(suggestion: Suggestion) -> None:
    """Write the suggested value into the resource and mark the suggestion accepted.

    Lists are added to (never removed from) and a date already set is kept, so accepting
    twice changes nothing the second time."""
    with transaction.atomic():
        resource = Resource.objects.select_for_update().get(pk=suggestion.resource_id)
        APPLY[suggestion.field](resource, suggestion.value)
        suggestion.state = SuggestionState.ACCEPTED
        suggestion.save(update_fields=["state"])


def dismiss(suggestion: Suggestion) -> None:
    suggestion.state = SuggestionState.DISMISSED
    suggestion.save(update_fields=["state"])


def auto_apply(resource: Resource) -> list[Suggestion]:
    """Accept the pending suggestions for fields still empty on a draft; a resource past
    draft is a curator's work and is never touched. Returns what was accepted."""
    if resource.status != Status.DRAFT:
        return []
    accepted = []
    for suggestion in resource.suggestions.filter(state=SuggestionState.PENDING):
        if is_empty(resource, suggestion.field):
            accept(suggestion)
            accepted.append(suggestion)
            resource.refresh_from_db()
    return accepted


def is_empty(resource: Resource, field: str) -> bool:
    """Whether a field still holds nothing a curator chose."""
    if field == Field.TITLE:
        return is_placeholder_title(resource)
    if field == Field.YEAR:
        return resource.pub_date is None
    if field == Field.LANGUAGE:
        default = Resource._meta.get_field("language").get_default()
        return not resource.language or resource.language == default
    related: dict[str, Any] = {
        Field.AUTHORS: resource.authorships,
        Field.PUBLISHER: resource.publishings,
        Field.COUNTRIES: resource.countries,
        Field.REGIONS: resource.regions,
        Field.TOPICS: resource.topics,
        Field.SECTORS: resource.sectors,
    }
    return not related[Field(field)].exists()


def is_placeholder_title(resource: Resource) -> bool:
    """Blank, 'Untitled', a file name, or the name of one of its files (what an upload
    starts with)."""
    title = _squash(resource.title)
    if not title or is_junk_title(resource.title):
        return True
    for name in resource.attachments.exclude(file="").values_list("file", flat=True):
        file_name = PurePosixPath(name).name
        if title in {_squash(file_name), _squash(PurePosixPath(file_name).stem)}:
            return True
    return False


def _squash(text: str) -> str:
    return re.sub(r"[\W_]+", "", text).lower()


# --- writing one field ------------------------------------------------------------------


def _title(resource: Resource, value: str) -> None:
    resource.title = str(value)[:500]
    resource.save()


def _year(resource: Resource, value: int) -> None:
    if resource.pub_date is None:
        resource.pub_date = datetime.date(int(value), 1, 1)
        resource.pub_date_precision = DatePrecision.YEAR
        resource.save()


def _language(resource: Resource, value: str) -> None:
    validate_language(str(value))
    resource.language = str(value).lower()
    resource.save()


def _authors(resource: Resource, names: list[str]) -> None:
    position = _next_position(resource.authorships.aggregate(top=Max("position"))["top"])
    for name in names:
        if looks_like_organisation(name):
            organisation = find_or_create_organisation(name)
            if resource.authorships.filter(organisation=organisation).exists():
                continue
            Authorship.objects.create(
                resource=resource, organisation=organisation, position=position
            )
        else:
            person = find_or_create_person(name)
            if resource.authorships.filter(person=person).exists():
                continue
            Authorship.objects.create(resource=resource, person=person, position=position)
        position += 1


def _publisher(resource: Resource, names: list[str]) -> None:
    position = _next_position(resource.publishings.aggregate(top=Max("position"))["top"])
    for name in names:
        organisation = find_or_create_organisation(name)
        _, created = Publishing.objects.get_or_create(
            resource=resource, organisation=organisation, defaults={"position": position}
        )
        position += created


def _next_position(top: int | None) -> int:
    return 0 if top is None else top + 1


def _terms(model: type[Model], key: str, relation: str) -> Callable[[Resource, Any], None]:
    def add(resource: Resource, values: list[str]) -> None:
        found = model._default_manager.filter(**{f"{key}__in": [str(v) for v in values]})
        getattr(resource, relation).add(*found)

    return add


APPLY: dict[str, Callable[[Resource, Any], None]] = {
    Field.TITLE: _title,
    Field.AUTHORS: _authors,
    Field.PUBLISHER: _publisher,
    Field.YEAR: _year,
    Field.LANGUAGE: _language,
    Field.COUNTRIES: _terms(Country, "iso2", "countries"),
    Field.REGIONS: _terms(Region, "slug", "regions"),
    Field.TOPICS: _terms(Topic, "slug", "topics"),
    Field.SECTORS: _terms(Sector, "slug", "sectors"),
}


def find_or_create_organisation(name: str) -> Organisation:
    name = " ".join(name.split())[:255]
    found = Organisation.objects.filter(name__iexact=name).first()
    if found is not None:
        return found
    slug = _free_slug(Organisation, name, "organisation")
    return Organisation.objects.create(name=name, slug=slug)


def find_or_create_person(name: str) -> Person:
    name = " ".join(name.split())[:255]
    found = Person.objects.filter(name__iexact=name).first()
    if found is not None:
        return found
    return Person.objects.create(name=name, slug=_free_slug(Person, name, "person"))


def _free_slug(model: type[Model], name: str, fallback: str) -> str:
    base = (slugify(name) or fallback)[:240].strip("-") or fallback
    candidate, number = base, 1
    while model._default_manager.filter(slug=candidate).exists():
        number += 1
        candidate = f"{base}-{number}"
    return candidate
