"""Every change that alters what a resource's index document holds writes an outbox row
in the same transaction. Connected in `SearchConfig.ready`."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import m2m_changed, post_delete, post_save

from manumit.catalog.models import (
    Attachment,
    Authorship,
    Organisation,
    Person,
    Publishing,
    Region,
    Resource,
    ResourceType,
    Sector,
    Topic,
)
from manumit.ingest.models import DocumentText
from manumit.search.facets import forget_labels, labelled_models
from manumit.search.outbox import changed, changed_many


def resource_saved_or_deleted(sender: type, instance: Resource, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return  # loaddata: `manumit reindex` afterwards
    changed(instance.pk)


def part_changed(sender: type, instance: Any, **kwargs: Any) -> None:
    """An authorship, publishing or attachment: its resource changed."""
    if kwargs.get("raw"):
        return
    resource_id = getattr(instance, "resource_id", None)
    if resource_id and Resource.objects.filter(pk=resource_id).exists():
        changed(resource_id)


def document_text_changed(sender: type, instance: DocumentText, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    resource_id = (
        Attachment.objects.filter(pk=instance.attachment_id)
        .values_list("resource_id", flat=True)
        .first()
    )
    if resource_id:
        changed(resource_id)


def tags_changed(sender: type, instance: Any, action: str, **kwargs: Any) -> None:
    if not action.startswith("post_"):
        return
    if isinstance(instance, Resource):
        changed(instance.pk)
    else:  # changed from the term's side: term.resources.add(...)
        changed_many(sorted(kwargs.get("pk_set") or ()))


def name_changed(sender: type, instance: Any, created: bool = False, **kwargs: Any) -> None:
    """A renamed person, organisation or term: the resources that show it."""
    if created or kwargs.get("raw"):
        return
    changed_many(sorted(_resources_of(instance)))


def _resources_of(instance: Any) -> set[int]:
    if isinstance(instance, Person):
        return set(instance.credits.values_list("resource_id", flat=True))
    if isinstance(instance, Organisation):
        ids = set(instance.authored.values_list("resource_id", flat=True))
        return ids | set(instance.published.values_list("resource_id", flat=True))
    return set(instance.resources.values_list("id", flat=True))


def connect() -> None:
    uid = "manumit.search"
    post_save.connect(resource_saved_or_deleted, sender=Resource, dispatch_uid=f"{uid}.rs")
    post_delete.connect(resource_saved_or_deleted, sender=Resource, dispatch_uid=f"{uid}.rd")
    for model in (Authorship, Publishing, Attachment):
        post_save.connect(part_changed, sender=model, dispatch_uid=f"{uid}.ps.{model.__name__}")
        post_delete.connect(part_changed, sender=model, dispatch_uid=f"{uid}.pd.{model.__name__}")
    post_save.connect(document_text_changed, sender=DocumentText, dispatch_uid=f"{uid}.ds")
    post_delete.connect(document_text_changed, sender=DocumentText, dispatch_uid=f"{uid}.dd")
    for name in ("types", "regions", "countries", "topics", "sectors"):
        through = getattr(Resource, name).through
        m2m_changed.connect(tags_changed, sender=through, dispatch_uid=f"{uid}.m2m.{name}")
    named: tuple[type[Any], ...] = (Person, Organisation, ResourceType, Topic, Sector, Region)
    for owner in named:
        post_save.connect(name_changed, sender=owner, dispatch_uid=f"{uid}.n.{owner.__name__}")
    # Which labels are public follows the resources' statuses too (facets.py).
    labelled: tuple[type[Any], ...] = (*labelled_models(), Resource)
    for owner in labelled:
        for signal, kind in ((post_save, "s"), (post_delete, "d")):
            signal.connect(
                forget_labels, sender=owner, dispatch_uid=f"{uid}.l{kind}.{owner.__name__}"
            )
