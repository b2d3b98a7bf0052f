"""Signal receivers that keep the OAI change log in step with every change a harvester sees:
the resource, its authors, publishers, attachments and tags, and the names of the people,
organisations and terms it shows. Connected from `plug_in()`."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_save

from manumit.catalog.models import (
    Attachment,
    Authorship,
    Country,
    Organisation,
    Person,
    Publishing,
    Region,
    Resource,
    ResourceType,
    Sector,
    Topic,
)
from manumit.interop.oai.changelog import mark

TAGS = ("types", "regions", "countries", "topics", "sectors")
NAMED: tuple[type[Any], ...] = (Person, Organisation, ResourceType, Topic, Sector, Region, Country)
UID = "manumit.interop.oai"


def resource_changed(sender: type, instance: Resource, **kwargs: Any) -> None:
    if not kwargs.get("raw"):  # loaddata: `manumit oai_backfill` afterwards
        mark([instance.pk])


def part_changed(sender: type, instance: Any, **kwargs: Any) -> None:
    """An authorship, publishing or attachment changes what its resource disseminates."""
    if not kwargs.get("raw") and instance.resource_id:
        mark([instance.resource_id])


def tags_changed(sender: type, instance: Any, action: str, **kwargs: Any) -> None:
    if isinstance(instance, Resource):
        if action.startswith("post_"):
            mark([instance.pk])
        return
    # Changed from the term's side (topic.resources.add(...)): the resources named.
    if action == "pre_clear":
        instance._oai_cleared = list(instance.resources.values_list("pk", flat=True))
    elif action == "post_clear":
        mark(getattr(instance, "_oai_cleared", []))
    elif action.startswith("post_"):
        mark(kwargs.get("pk_set") or ())


def name_changed(sender: type, instance: Any, created: bool = False, **kwargs: Any) -> None:
    """A renamed person, organisation or term (or a new slug, which is a new setSpec)."""
    if created or kwargs.get("raw"):
        return
    mark(resources_showing(instance))


def resources_showing(instance: Any) -> set[int]:
    if isinstance(instance, Person):
        return set(instance.credits.values_list("resource_id", flat=True))
    if isinstance(instance, Organisation):
        ids = set(instance.authored.values_list("resource_id", flat=True))
        return ids | set(instance.published.values_list("resource_id", flat=True))
    if isinstance(instance, Region):
        under = (
            Q(regions=instance)
            | Q(countries__region=instance)
            | Q(countries__subregion=instance)
            | Q(countries__intermediate_region=instance)
        )
        return set(Resource.objects.filter(under).values_list("pk", flat=True))
    return set(instance.resources.values_list("pk", flat=True))


def connect() -> None:
    post_save.connect(resource_changed, sender=Resource, dispatch_uid=f"{UID}.rs")
    post_delete.connect(resource_changed, sender=Resource, dispatch_uid=f"{UID}.rd")
    for model in (Authorship, Publishing, Attachment):
        name = model.__name__
        post_save.connect(part_changed, sender=model, dispatch_uid=f"{UID}.ps.{name}")
        post_delete.connect(part_changed, sender=model, dispatch_uid=f"{UID}.pd.{name}")
    for tag in TAGS:
        through = getattr(Resource, tag).through
        m2m_changed.connect(tags_changed, sender=through, dispatch_uid=f"{UID}.m2m.{tag}")
    for owner in NAMED:
        post_save.connect(name_changed, sender=owner, dispatch_uid=f"{UID}.n.{owner.__name__}")
