"""One record onto one resource: its fields checked as the admin checks them, its terms,
authors, publishers, old addresses and identifier. The caller holds the transaction."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote, urlsplit

from django.core.exceptions import ValidationError
from django.utils.text import slugify

from manumit.catalog import changes
from manumit.catalog.models import (
    Authorship,
    DatePrecision,
    LegacySlug,
    Organisation,
    Person,
    Publishing,
    Resource,
)
from manumit.catalog.models.resources import unique_slug, validate_language
from manumit.catalog.sanitize import without_nul
from manumit.importers.mapping import IGNORE, Mapping
from manumit.importers.matching import normal_doi, normal_isbn
from manumit.importers.models import ImportedIdentifier
from manumit.importers.records import AgentKind, Record
from manumit.importers.vocabularies import Agents, Vocabularies

RELATIONS = {
    "type": "types",
    "region": "regions",
    "country": "countries",
    "topic": "topics",
    "sector": "sectors",
}


class RecordError(ValueError):
    """The record cannot become a resource; `message` says why."""


@dataclass
class Context:
    """What every record of one import shares."""

    mapping: Mapping
    vocabularies: Vocabularies
    agents: Agents = field(default_factory=Agents)


def scalar_fields(record: Record, warnings: list[str]) -> dict[str, Any]:
    """The resource's own fields from the record, each checked; a bad optional value is
    dropped with a warning, a missing title is an error."""
    title = " ".join(without_nul(record.title).split())
    if not title:
        raise RecordError("It has no title.")
    if len(title) > 500:
        raise RecordError(f"Its title is {len(title)} characters long; 500 is the limit.")
    values: dict[str, Any] = {
        "title": title,
        "description": without_nul(record.description),
        "pub_date": record.date,
        "pub_date_precision": record.date_precision if record.date else DatePrecision.DAY,
        "doi": normal_doi(record.doi)[:200],
        "isbn": normal_isbn(record.isbn)[:20],
    }
    values["language"] = _language(record.language, warnings)
    values["source_url"] = web_address(record.source_url, "source URL", warnings)
    return values


def _language(code: str, warnings: list[str]) -> str:
    code = code.strip().lower()
    if not code:
        return "en"
    short = code.split("-")[0].split("_")[0]
    try:
        validate_language(short)
    except ValidationError:
        warnings.append(f"Language '{code}' is not an ISO 639-1 code; English was kept.")
        return "en"
    return short


def web_address(url: str, label: str, warnings: list[str]) -> str:
    url = without_nul(url).strip()
    if not url:
        return ""
    field = Resource._meta.get_field("source_url")
    try:
        field.clean(url, None)  # type: ignore[attr-defined]
    except ValidationError:
        warnings.append(f"The {label} '{url[:100]}' is not an http(s) address; it was left out.")
        return ""
    return url


def create(record: Record, values: dict[str, Any], *, status: str, user: Any) -> Resource:
    resource = Resource(**values, status=status, created_by=user)
    resource.slug = _first_free_slug(record, values["title"])
    if record.legacy_id is not None:
        resource.wp_post_id = record.legacy_id
    _check(resource)
    resource.save()
    return resource


def update(resource: Resource, record: Record, values: dict[str, Any]) -> list[str]:
    """Set the fields whose value changed (an empty value never wipes one); their names."""
    changed = []
    for name, value in values.items():
        if value in ("", None) or getattr(resource, name) == value:
            continue
        if name == "pub_date_precision" and values.get("pub_date") is None:
            continue
        setattr(resource, name, value)
        changed.append(name)
    if record.legacy_id is not None and resource.wp_post_id is None:
        resource.wp_post_id = record.legacy_id
        changed.append("wp_post_id")
    if changed:
        _check(resource)
        resource.save()
    return changed


def _check(resource: Resource) -> None:
    try:
        resource.full_clean(exclude=["slug", "types", "regions", "countries", "topics"])
    except ValidationError as error:
        raise RecordError(_messages(error)) from error


def _messages(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return " ".join(
            f"{name}: {' '.join(message for e in errors for message in e.messages)}"
            for name, errors in error.error_dict.items()
        )
    return " ".join(error.messages)


def legacy_slugs(record: Record) -> list[str]:
    """The slugs the record was known by: its own, and the last part of its old address."""
    found = []
    for candidate in record.legacy_slugs:
        slug = slugify(unquote(candidate), allow_unicode=True)[:255]
        if slug and slug not in found:
            found.append(slug)
    return found


def old_link_slug(link: str) -> str:
    """`my-post` from `https://old.example/2019/05/my-post/` (a `?p=` address has none)."""
    path = urlsplit(link).path.rstrip("/")
    return path.rsplit("/", 1)[-1] if path else ""


def _first_free_slug(record: Record, title: str) -> str:
    """The old slug itself when nothing else holds it (old links then need no redirect),
    else one made from the title."""
    for slug in legacy_slugs(record)[:1]:
        taken = Resource.objects.filter(slug=slug).exists()
        if not taken and not LegacySlug.objects.filter(slug=slug).exists() and len(slug) <= 200:
            return slug
    return unique_slug(title)


def remember_old_addresses(resource: Resource, record: Record, warnings: list[str]) -> None:
    for slug in legacy_slugs(record):
        if slug == resource.slug:
            continue
        holder = LegacySlug.objects.filter(slug=slug).first()
        if holder is None and not Resource.objects.filter(slug=slug).exists():
            LegacySlug.objects.create(slug=slug, resource=resource)
        elif holder is None or holder.resource_id != resource.pk:
            warnings.append(f"The old slug '{slug}' belongs to another resource; not redirected.")


def remember_identifier(
    resource: Resource, record: Record, scheme: str, *, unknown: bool = False
) -> None:
    """Remember the record's own id for the next import. `unknown`: matching has just
    looked the id up and found nothing, so it is inserted without asking again."""
    if not record.own_id:
        return
    values = {"scheme": scheme[:255], "identifier": record.own_id[:500]}
    owner = {"resource": resource, "creator": record.creator[:255]}
    if unknown and len(record.own_id) <= 500 and len(scheme) <= 255:
        ImportedIdentifier.objects.create(**values, **owner)
    else:
        ImportedIdentifier.objects.get_or_create(**values, defaults=owner)


def set_terms(
    resource: Resource, record: Record, context: Context, warnings: list[str], *, replace: bool
) -> list[str]:
    """File the resource under the record's terms; each unknown one becomes a warning.
    With `replace`, a vocabulary the record names replaces what the resource had.
    Returns the relations that changed."""
    wanted: dict[str, set[object]] = {vocabulary: set() for vocabulary in RELATIONS}
    named = {
        "type": record.types,
        "region": record.regions,
        "country": record.countries,
        "topic": record.topics,
        "sector": record.sectors,
    }
    for vocabulary, names in named.items():
        for name in names:
            pk = context.vocabularies.find(vocabulary, name)
            if pk is None:
                warnings.append(f"Unmapped {vocabulary} '{name}': no such term; left out.")
            else:
                wanted[vocabulary].add(pk)
    for term in record.terms:
        placed = context.vocabularies.place(term, context.mapping)
        if isinstance(placed, tuple):
            wanted[placed[0]].add(placed[1])
        elif placed != IGNORE:
            warnings.append(f"Unmapped {term.taxonomy} '{term.name}': {placed}.")
    changed = []
    if not replace:
        return _file_new(resource, wanted)
    for vocabulary, pks in wanted.items():
        if not pks:
            continue  # a vocabulary the record names nothing in is left as it is
        manager = getattr(resource, RELATIONS[vocabulary])
        # Without `replace` the resource is new: it has no terms yet (no query needed).
        before = set(manager.values_list("pk", flat=True)) if replace else set()
        after = pks if (replace and pks) else before | pks
        if after != before:
            manager.set(after)
            changed.append(RELATIONS[vocabulary])
    return changed


def _file_new(resource: Resource, wanted: dict[str, set[object]]) -> list[str]:
    """A new resource has no terms: its rows are inserted at once, without a query or a
    signal per relation (the caller announces the new resource once: `announce`)."""
    changed = []
    for vocabulary, pks in wanted.items():
        if not pks:
            continue
        manager = getattr(resource, RELATIONS[vocabulary])
        source, target = manager.source_field_name, manager.target_field_name
        rows = [manager.through(**{source: resource, f"{target}_id": pk}) for pk in pks]
        manager.through.objects.bulk_create(rows)
        changed.append(RELATIONS[vocabulary])
    return changed


def announce(resource: Resource) -> None:
    """What a new resource shows is complete: one `resources_changed` (the search outbox,
    the OAI change log, the page cache's version) for the rows inserted without signals."""
    changes.send([resource.pk])


def set_credits(
    resource: Resource, record: Record, context: Context, *, replace: bool
) -> list[str]:
    """Authors in order (people and organisations) and publishers; a record without any
    leaves the resource's as they are. `replace` is False for a resource just made."""
    changed = []
    agents = context.agents
    # Without `replace` the resource is new: it has no credits yet (no query needed).
    if record.authors:
        wanted: list[Person | Organisation] = [
            agents.organisation(a.name)
            if a.kind == AgentKind.ORGANISATION
            else agents.person(a.name)
            for a in record.authors
            if a.name.strip()
        ]
        before = [str(agent) for agent in resource.ordered_authors()] if replace else []
        if before != [str(a) for a in wanted]:
            rows = [
                Authorship(resource=resource, position=position, **{_kind(agent): agent})
                for position, agent in enumerate(wanted)
            ]
            if replace:
                resource.authorships.all().delete()
                for row in rows:
                    row.save()
            else:  # a new resource: no rows to delete, one insert (see `announce`)
                Authorship.objects.bulk_create(rows)
            changed.append("authors")
    names = [name for name in dict.fromkeys(n.strip() for n in record.publishers) if name]
    if names:
        organisations = [agents.organisation(name) for name in names]
        wanted_orgs = list({org.pk: org for org in organisations}.values())
        had = [o.pk for o in resource.ordered_publishers()] if replace else []
        if had != [o.pk for o in wanted_orgs]:
            published = [
                Publishing(resource=resource, organisation=organisation, position=position)
                for position, organisation in enumerate(wanted_orgs)
            ]
            if replace:
                resource.publishings.all().delete()
                for publishing in published:
                    publishing.save()
            else:
                Publishing.objects.bulk_create(published)
            changed.append("publishers")
    return changed


def _kind(agent: Person | Organisation) -> str:
    return "organisation" if isinstance(agent, Organisation) else "person"
