"""The `.json` twins of the public pages: the same resources, as plain data.

Every public page has a twin at the same address with `.json` (`/resources.json`,
`/tags/europe.json`, `/resources/<slug>.json`), so machines and people see the same truth.
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page
from django.http import HttpRequest

from manumit.catalog.models import Attachment, Resource
from manumit.catalog.models.agents import Organisation, Person

JsonDict = dict[str, Any]


def resource_summary(resource: Resource, request: HttpRequest) -> JsonDict:
    """What a listing card shows."""
    data: JsonDict = {
        "slug": resource.slug,
        "url": request.build_absolute_uri(resource.get_absolute_url()),
        "title": resource.title,
        "types": [kind.name for kind in resource.types.all()],
        "date": resource.pub_date.isoformat() if resource.pub_date else None,
        "date_precision": resource.pub_date_precision if resource.pub_date else None,
        "display_date": resource.display_date,
        "excerpt": resource.excerpt,
        "regions": [region.name for region in resource.regions.all()],
        "language": resource.language,
    }
    if not resource.is_public:
        data["status"] = resource.status  # only curators ever see an unpublished one
    return data


def _agent(agent: Person | Organisation, request: HttpRequest) -> JsonDict:
    kind = "person" if isinstance(agent, Person) else "organisation"
    url = request.build_absolute_uri(agent.get_absolute_url())
    return {"name": agent.name, "kind": kind, "url": url}


def _attachment(attachment: Attachment, request: HttpRequest) -> JsonDict:
    return {
        "label": attachment.label,
        "citation": attachment.resource.citation_for(attachment),
        "download_url": request.build_absolute_uri(attachment.get_download_url()),
        "external": attachment.is_external,
        "media_type": attachment.media_type or None,
        "size": attachment.size,
        "pages": attachment.page_count,
        "sha256": attachment.sha256 or None,
        "note": attachment.note,
    }


def resource_detail(resource: Resource, related: list[Resource], request: HttpRequest) -> JsonDict:
    """What a resource's page shows."""
    publishers = resource.ordered_publishers()
    return {
        **resource_summary(resource, request),
        "description_html": resource.description,
        "byline": resource.byline,
        "authors": [_agent(agent, request) for agent in resource.ordered_authors()],
        "publishers": [_agent(org, request) for org in publishers],
        "citation": resource.citation,
        "countries": [
            {"iso2": country.iso2, "name": country.display_name}
            for country in resource.countries.all()
        ],
        "topics": [topic.name for topic in resource.topics.all()],
        "sectors": [sector.name for sector in resource.sectors.all()],
        "source_url": resource.source_url or None,
        "doi": resource.doi or None,
        "isbn": resource.isbn or None,
        "attachments": [_attachment(item, request) for item in resource.attachments.all()],
        "related": [resource_summary(item, request) for item in related],
    }


def listing(page: Page, heading: str, kind: str, request: HttpRequest) -> JsonDict:
    def page_url(number: int) -> str:
        query = request.GET.copy()
        query["page"] = str(number)
        return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")

    return {
        "title": heading,
        "kind": kind or None,
        "count": page.paginator.count,
        "page": page.number,
        "pages": page.paginator.num_pages,
        "next": page_url(page.next_page_number()) if page.has_next() else None,
        "previous": page_url(page.previous_page_number()) if page.has_previous() else None,
        "resources": [resource_summary(item, request) for item in page.object_list],
    }
