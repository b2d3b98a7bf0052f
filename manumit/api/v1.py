"""Version 1 of the API: one NinjaAPI, its routers, errors, rate limit and docs."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import NinjaAPI, Schema

from manumit.api import errors
from manumit.api.docs import ReferenceDocs
from manumit.api.ratelimit import AnonymousRateLimit
from manumit.api.represent import api_url
from manumit.api.routes import agents, vocabularies, writes

DESCRIPTION = """\
The resource library's records as JSON: published resources (searched, filtered and
sorted as on the search page, with facet counts), their attachments, the vocabularies,
and the organisations and people credited on published work. Reading needs no key and is
rate-limited per address. Curators write with a token made in the admin
(`Authorization: Bearer mnm_…`). Every error has the shape
`{"error": {"code", "message", "fields"}}`.
"""

api = NinjaAPI(
    title="Manumit API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api-v1",
    openapi_url="/openapi.json",
    docs=ReferenceDocs(),
    docs_url="/docs",
    throttle=[AnonymousRateLimit()],
)
errors.install(api)


class Index(Schema):
    openapi: str
    docs: str
    resources: str
    types: str
    regions: str
    countries: str
    topics: str
    sectors: str
    languages: str
    organisations: str
    people: str


@api.get("/", response={200: Index, 429: errors.ErrorOut}, url_name="index", tags=["index"])
def index(request: HttpRequest) -> dict[str, Any]:
    """Where everything is."""
    names = ["resources", "types", "regions", "countries", "topics", "sectors", "languages"]
    links = {name: api_url(request, name) for name in names}
    links["organisations"] = api_url(request, "list_organisations")
    links["people"] = api_url(request, "list_people")
    return {
        "openapi": api_url(request, "openapi-json"),
        "docs": api_url(request, "openapi-view"),
        **links,
    }


api.add_router("", writes.router)  # the resources router, with the writes added
api.add_router("", vocabularies.router)
api.add_router("", agents.router)
