"""One signal for "what these resources show has changed", whatever row changed it.

A resource's record is spread over many rows: the resource, its authorships, publishings
and attachments, its tags (five many-to-many relations, changed from either side), and the
names of the people, organisations and terms it shows. Every app that keeps something in
step with the record (search's outbox, the OAI change log) needs the same list of model
signals and the same care for each (loaddata's raw saves, a term's side of a relation, a
rename); this module connects them once and sends `resources_changed` instead.

    resources_changed.connect(receiver, dispatch_uid=...)
    def receiver(sender, resource_ids: list[int], **kwargs): ...

`resource_ids` is sorted, without repeats, never empty, and may name a resource that was
just deleted. The signal is sent inside the transaction that made the change, so a
receiver's own writes commit or roll back with it. Connected in `CatalogConfig.ready()`.

A bulk writer (an import) gathers the changes of many records into one signal:

    with changes.deferred():          # the whole file: one signal at the end
        for record in records:
            with changes.deferred(), transaction.atomic():   # one record
                ...

A block that ends with an exception drops what it gathered, as its transaction drops the
rows: a record rolled back to its savepoint is announced to nobody.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import Signal

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

resources_changed = Signal()

TAGS = ("types", "regions", "countries", "topics", "sectors")
PARTS: tuple[type[Any], ...] = (Authorship, Publishing, Attachment)
NAMED: tuple[type[Any], ...] = (Person, Organisation, ResourceType, Topic, Sector, Region, Country)
UID = "manumit.catalog.changes"

# The ids gathered by the innermost `deferred()` block (None outside every block).
_gathering: ContextVar[set[int] | None] = ContextVar("resources_changed_gathering", default=None)


def send(resource_ids: Iterable[int | None]) -> None:
    ids = {pk for pk in resource_ids if pk}
    gathering = _gathering.get()
    if gathering is not None:
        gathering.update(ids)
    elif ids:
        resources_changed.send(sender=Resource, resource_ids=sorted(ids))


@contextmanager
def deferred() -> Iterator[None]:
    """Hold back `resources_changed` until the block ends, then send it once for all the
    resources changed in it (to the enclosing block, if any); nothing if it raised."""
    gathered: set[int] = set()
    token = _gathering.set(gathered)
    try:
        yield
    finally:
        _gathering.reset(token)
    # Reached only when the block did not raise.
    send(gathered)


def _resource(sender: type, instance: Resource, **kwargs: Any) -> None:
    # loaddata's raw saves are followed by `manumit reindex` / `oai_backfill` instead.
    if not kwargs.get("raw"):
        send([instance.pk])


def _part(sender: type, instance: Any, **kwargs: Any) -> None:
    """An authorship, publishing or attachment changes what its resource shows."""
    if not kwargs.get("raw"):
        send([instance.resource_id])


def _tags(sender: type, instance: Any, action: str, **kwargs: Any) -> None:
    if isinstance(instance, Resource):
        if action.startswith("post_"):
            send([instance.pk])
        return
    # Changed from the term's side (topic.resources.add(...)): the resources named. A
    # clear names none, so the term's resources are noted before it runs.
    if action == "pre_clear":
        instance._resources_before_clear = list(instance.resources.values_list("pk", flat=True))
    elif action == "post_clear":
        send(getattr(instance, "_resources_before_clear", []))
    elif action.startswith("post_"):
        send(kwargs.get("pk_set") or ())


def _name(sender: type, instance: Any, created: bool = False, **kwargs: Any) -> None:
    """A renamed person, organisation or term (or a new slug): the resources showing it.
    A new one is shown by nothing yet."""
    if not created and not kwargs.get("raw"):
        send(resources_showing(instance))


def resources_showing(instance: Any) -> set[int]:
    if isinstance(instance, Person):
        return set(instance.credits.values_list("resource_id", flat=True))
    if isinstance(instance, Organisation):
        ids = set(instance.authored.values_list("resource_id", flat=True))
        return ids | set(instance.published.values_list("resource_id", flat=True))
    if isinstance(instance, Region):
        # A region is shown by its own resources and by those of the countries in it.
        under = (
            Q(regions=instance)
            | Q(countries__region=instance)
            | Q(countries__subregion=instance)
            | Q(countries__intermediate_region=instance)
        )
        return set(Resource.objects.filter(under).values_list("pk", flat=True))
    return set(instance.resources.values_list("pk", flat=True))


def connect() -> None:
    post_save.connect(_resource, sender=Resource, dispatch_uid=f"{UID}.rs")
    post_delete.connect(_resource, sender=Resource, dispatch_uid=f"{UID}.rd")
    for model in PARTS:
        name = model.__name__
        post_save.connect(_part, sender=model, dispatch_uid=f"{UID}.ps.{name}")
        post_delete.connect(_part, sender=model, dispatch_uid=f"{UID}.pd.{name}")
    for tag in TAGS:
        through = getattr(Resource, tag).through
        m2m_changed.connect(_tags, sender=through, dispatch_uid=f"{UID}.m2m.{tag}")
    for owner in NAMED:
        post_save.connect(_name, sender=owner, dispatch_uid=f"{UID}.n.{owner.__name__}")
