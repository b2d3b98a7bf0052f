"""Applying a curator's fields to a resource, with the same checks the admin makes.

Everything here runs inside the caller's transaction; any refusal raises an ApiError,
which rolls the whole write back.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model
from django.http import HttpRequest

from manumit.api.errors import ApiError
from manumit.api.inputs import ResourceFields
from manumit.catalog import workflow
from manumit.catalog.models import (
    Authorship,
    Country,
    LegacySlug,
    Organisation,
    Person,
    Publishing,
    Region,
    Resource,
    ResourceType,
    Sector,
    Topic,
)

SCALARS = (
    "title",
    "slug",
    "description",
    "pub_date",
    "pub_date_precision",
    "language",
    "source_url",
    "doi",
    "isbn",
)
TAGS: dict[str, tuple[type[Model], str]] = {
    "types": (ResourceType, "slug"),
    "regions": (Region, "slug"),
    "countries": (Country, "iso2"),
    "topics": (Topic, "slug"),
    "sectors": (Sector, "slug"),
}


def require(request: HttpRequest, permission: str) -> None:
    if not request.user.has_perm(permission):
        raise ApiError(403, f"Your account lacks the permission {permission}.")


def check_status(user: object, before: str | None, after: str) -> None:
    try:
        workflow.check_status_change(user, before, after)
    except PermissionDenied as refusal:
        raise ApiError(403, str(refusal), fields={"status": str(refusal)}) from refusal


def lock_resource(slug: str) -> Resource:
    """The resource with this slug, whatever its status, locked for this transaction."""
    resource = Resource.objects.select_for_update().filter(slug=slug).first()
    if resource is None:
        raise ApiError(404, "No resource has this slug.")
    return resource


def apply_fields(resource: Resource, data: ResourceFields, *, creating: bool) -> None:
    sent = data.model_dump(exclude_unset=True, mode="json")
    if "pub_date" in sent:
        sent["pub_date"] = data.pub_date
    old_slug = resource.slug
    for name in SCALARS:
        if name in sent:
            setattr(resource, name, sent[name])
    tags = {name: _resolve(name, sent[name]) for name in TAGS if sent.get(name) is not None}
    authors = _credits(sent["authors"]) if sent.get("authors") is not None else None
    publishers = _publishers(sent["publishers"]) if sent.get("publishers") is not None else None
    _validate(resource)
    resource.save()
    if not creating and old_slug != resource.slug:
        _remember_old_slug(resource, old_slug)
    for name, items in tags.items():
        getattr(resource, name).set(items)
    if authors is not None:
        resource.authorships.all().delete()
        for position, (person, organisation) in enumerate(authors):
            Authorship.objects.create(
                resource=resource, position=position, person=person, organisation=organisation
            )
    if publishers is not None:
        resource.publishings.all().delete()
        for position, organisation in enumerate(publishers):
            Publishing.objects.create(
                resource=resource, position=position, organisation=organisation
            )


def _validate(resource: Resource) -> None:
    if resource.language:
        resource.language = resource.language.lower()
    exclude = ["created_by"] if resource.slug else ["slug", "created_by"]
    try:
        resource.full_clean(exclude=exclude, validate_unique=False)
    except ValidationError as invalid:
        fields = {name: " ".join(messages) for name, messages in invalid.message_dict.items()}
        raise ApiError(422, "Some fields are not valid.", fields=fields) from invalid
    if resource.slug:
        taken = Resource.objects.filter(slug=resource.slug).exclude(pk=resource.pk or 0).exists()
        old = LegacySlug.objects.filter(slug=resource.slug).exclude(resource_id=resource.pk or 0)
        if taken or old.exists():
            raise ApiError(
                409,
                "Another resource has (or had) this slug.",
                fields={"slug": "already taken"},
            )


def _remember_old_slug(resource: Resource, old_slug: str) -> None:
    """Keep the old address working, as the admin does when a slug changes."""
    LegacySlug.objects.filter(slug=resource.slug, resource=resource).delete()
    LegacySlug.objects.get_or_create(slug=old_slug, defaults={"resource": resource})


def _resolve(name: str, keys: list[str]) -> list[Any]:
    model, field = TAGS[name]
    wanted = [key.upper() if field == "iso2" else key for key in dict.fromkeys(keys)]
    found = {
        getattr(row, field): row
        for row in model._default_manager.filter(**{f"{field}__in": wanted})
    }
    unknown = [key for key in wanted if key not in found]
    if unknown:
        raise ApiError(422, f"Unknown {name}.", fields={name: f"unknown: {', '.join(unknown)}"})
    return [found[key] for key in wanted]


def _credits(credits: list[dict[str, Any]]) -> list[tuple[Person | None, Organisation | None]]:
    people = {p.slug: p for p in Person.objects.filter(slug__in=[c.get("person") for c in credits])}
    orgs = {
        o.slug: o
        for o in Organisation.objects.filter(slug__in=[c.get("organisation") for c in credits])
    }
    resolved: list[tuple[Person | None, Organisation | None]] = []
    for index, credit in enumerate(credits):
        person, organisation = (
            people.get(credit.get("person") or ""),
            orgs.get(credit.get("organisation") or ""),
        )
        if person is None and organisation is None:
            key = "person" if credit.get("person") else "organisation"
            raise ApiError(
                422, "Unknown author.", fields={f"authors.{index}.{key}": "no such slug"}
            )
        resolved.append((person, organisation))
    return resolved


def _publishers(slugs: list[str]) -> list[Organisation]:
    wanted = list(dict.fromkeys(slugs))
    found = {o.slug: o for o in Organisation.objects.filter(slug__in=wanted)}
    unknown = [slug for slug in wanted if slug not in found]
    if unknown:
        raise ApiError(
            422, "Unknown publishers.", fields={"publishers": f"unknown: {', '.join(unknown)}"}
        )
    return [found[slug] for slug in wanted]
