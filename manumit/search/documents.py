"""Turn resources into index documents, a batch at a time, in a fixed number of queries."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Prefetch, QuerySet

from manumit.catalog.formatting import plain_text
from manumit.catalog.models import Authorship, Publishing, Resource
from manumit.search.backends.base import IndexDocument, PageText
from manumit.search.facet_specs import SPECS

BATCH = 200


def resources_for_index() -> QuerySet[Resource]:
    """Every resource with what its index document needs, prefetched."""
    return Resource.objects.order_by().prefetch_related(
        "types",
        "topics",
        "sectors",
        "regions",
        "countries__region",
        Prefetch("authorships", Authorship.objects.select_related("person", "organisation")),
        Prefetch("publishings", Publishing.objects.select_related("organisation")),
        "attachments__document_text__pages",
    )


def build(resource_ids: Iterable[int]) -> dict[int, IndexDocument]:
    """Index documents for the resources that still exist, keyed by id."""
    wanted = sorted(set(resource_ids))
    documents: dict[int, IndexDocument] = {}
    for start in range(0, len(wanted), BATCH):
        chunk = wanted[start : start + BATCH]
        for resource in resources_for_index().filter(id__in=chunk):
            documents[resource.id] = to_document(resource)
    return documents


def iterate_all(batch: int = BATCH) -> Iterator[IndexDocument]:
    """Every resource's document, in id order, `batch` resources per round of queries."""
    ids = list(Resource.objects.order_by("id").values_list("id", flat=True))
    for start in range(0, len(ids), batch):
        chunk = ids[start : start + batch]
        for resource in resources_for_index().filter(id__in=chunk).order_by("id"):
            yield to_document(resource)


def to_document(resource: Resource) -> IndexDocument:
    types = list(resource.types.all())
    topics = list(resource.topics.all())
    sectors = list(resource.sectors.all())
    regions = list(resource.regions.all())
    countries = list(resource.countries.all())
    publishers = [credit.organisation for credit in resource.publishings.all()]
    terms: list[Any] = [*types, *topics, *sectors, *regions]
    tags = [term.name for term in terms]
    tags += [country.display_name for country in countries]
    return IndexDocument(
        id=resource.id,
        title=resource.title,
        status=resource.status,
        authors=tuple(str(credit.agent) for credit in resource.authorships.all()),
        publishers=tuple(org.name for org in publishers),
        description=plain_text(resource.description or ""),
        tags=tuple(tags),
        pages=tuple(_pages(resource)),
        facets={spec.key: tuple(spec.values(resource)) for spec in SPECS if spec.keyword},
        year=resource.pub_date.year if resource.pub_date else None,
        date_key=resource.pub_date.toordinal() if resource.pub_date else None,
    )


def _pages(resource: Resource) -> Iterator[PageText]:
    for attachment in resource.attachments.all():
        try:
            document = attachment.document_text
        except ObjectDoesNotExist:  # no text extracted (yet)
            continue
        for page in document.pages.all():
            if page.text:
                yield PageText(attachment.id, page.number, page.text)
