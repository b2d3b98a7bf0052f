"""What the API answers with: the response schemas that the OpenAPI document publishes."""

from __future__ import annotations

from datetime import date, datetime

from ninja import Schema
from pydantic import BaseModel


class Plain(BaseModel):
    """For shapes that are only ever filled from plain dicts (represent.py): ninja's
    Schema wraps every nested value in a DjangoGetter to read model attributes, which
    cost a fifth of a resource list's time. The published JSON schema is the same."""


class Term(Plain):
    slug: str
    name: str


class CountryRef(Schema):
    iso2: str
    name: str


class AgentRef(Schema):
    kind: str  # "person" or "organisation"
    slug: str
    name: str
    url: str
    api_url: str


class Attachment(Schema):
    id: int
    position: int
    label: str
    note: str
    external: bool
    download_url: str
    media_type: str | None
    size: int | None
    pages: int | None
    sha256: str | None


class Passage(Plain):
    html: str  # escaped text, with only <mark> around the matching words
    page: int | None
    attachment_id: int | None


class ResourceSummary(Plain):
    id: int
    slug: str
    url: str
    api_url: str
    title: str
    status: str
    types: list[Term]
    date: date | None
    date_precision: str | None
    display_date: str
    excerpt: str
    regions: list[Term]
    language: str
    byline: str


class Hit(ResourceSummary):
    score: float
    passages: list[Passage]


class ResourceDetail(ResourceSummary):
    description_html: str
    authors: list[AgentRef]
    publishers: list[AgentRef]
    citation: str
    countries: list[CountryRef]
    topics: list[Term]
    sectors: list[Term]
    source_url: str | None
    doi: str | None
    isbn: str | None
    published_at: datetime | None
    updated_at: datetime
    attachments: list[Attachment]


class FacetValue(Plain):
    key: str
    label: str
    count: int
    selected: bool


class ResourcePage(Plain):
    count: int
    limit: int
    next_cursor: str | None
    next: str | None
    message: str | None
    did_you_mean: str | None
    results: list[Hit]
    facets: dict[str, list[FacetValue]]


class VocabularyTerm(Schema):
    slug: str
    name: str
    description: str
    resources: int  # published resources tagged with it


class Region(Schema):
    slug: str
    name: str
    m49_code: str
    level: str
    parent: str | None
    children: list[str]
    resources: int  # published resources tagged with it or with a region or country under it


class Country(Schema):
    iso2: str
    iso3: str
    name: str
    official_name: str
    region: str | None
    subregion: str | None
    intermediate_region: str | None
    resources: int


class Language(Schema):
    code: str
    name: str
    resources: int


class Organisation(Schema):
    slug: str
    name: str
    acronym: str
    website: str | None
    country: str | None
    description: str
    url: str
    api_url: str


class Person(Schema):
    slug: str
    name: str
    orcid: str | None
    affiliation: str | None  # an organisation's slug, when that organisation is public
    url: str
    api_url: str


class OrganisationPage(Schema):
    count: int
    next_cursor: str | None
    next: str | None
    results: list[Organisation]


class PersonPage(Schema):
    count: int
    next_cursor: str | None
    next: str | None
    results: list[Person]
