"""factory_boy factories for the catalogue. Vocabularies come from the seed migration."""

from __future__ import annotations

import datetime
from typing import Any

import factory
from django.utils.text import slugify

from manumit.catalog.models import (
    Attachment,
    Authorship,
    Organisation,
    Person,
    Publishing,
    Region,
    Resource,
    ResourceType,
    Status,
    Topic,
)


class OrganisationFactory(factory.django.DjangoModelFactory[Organisation]):
    class Meta:
        model = Organisation
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Organisation {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))


class PersonFactory(factory.django.DjangoModelFactory[Person]):
    class Meta:
        model = Person
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Author {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))


class ResourceFactory(factory.django.DjangoModelFactory[Resource]):
    """A published resource. Pass types=, regions=, topics=, authors=, publishers= by name."""

    class Meta:
        model = Resource
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Report number {n} on forced labour")
    description = "<p>A study of recruitment practices and forced labour in supply chains.</p>"
    pub_date = factory.Sequence(lambda n: datetime.date(2018, 1, 1) + datetime.timedelta(days=n))
    status = Status.PUBLISHED

    @factory.post_generation
    def types(resource: Resource, create: bool, names: list[str] | None, **kwargs: Any) -> None:
        for name in names or []:
            resource.types.add(ResourceType.objects.get(name=name))

    @factory.post_generation
    def regions(resource: Resource, create: bool, names: list[str] | None, **kwargs: Any) -> None:
        for name in names or []:
            resource.regions.add(Region.objects.get(name=name))

    @factory.post_generation
    def topics(resource: Resource, create: bool, names: list[str] | None, **kwargs: Any) -> None:
        for name in names or []:
            resource.topics.add(Topic.objects.get(name=name))

    @factory.post_generation
    def authors(resource: Resource, create: bool, names: list[str] | None, **kwargs: Any) -> None:
        """Author names; a name containing 'Foundation', 'University' etc. is an organisation."""
        for position, name in enumerate(names or []):
            if any(word in name for word in ORGANISATION_WORDS):
                org = organisation_named(name)
                Authorship.objects.create(resource=resource, position=position, organisation=org)
            else:
                Authorship.objects.create(
                    resource=resource, position=position, person=person_named(name)
                )

    @factory.post_generation
    def publishers(
        resource: Resource, create: bool, names: list[str] | None, **kwargs: Any
    ) -> None:
        for position, name in enumerate(names or []):
            org = organisation_named(name)
            Publishing.objects.create(resource=resource, organisation=org, position=position)


def organisation_named(name: str) -> Organisation:
    org = OrganisationFactory.create(name=name)
    return org


def person_named(name: str) -> Person:
    person = PersonFactory.create(name=name)
    return person


ORGANISATION_WORDS = ("Foundation", "University", "Organization", "Organisation", "Institute")


class LinkAttachmentFactory(factory.django.DjangoModelFactory[Attachment]):
    class Meta:
        model = Attachment

    resource = factory.SubFactory(ResourceFactory)
    url = "https://example.org/report.pdf"
