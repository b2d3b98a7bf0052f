"""What curators send to write: a new resource, and changes to one.

Plain pydantic models, not ninja's Schema: a Schema reads attributes off whatever object it
is given (meant for ORM rows), so it would take a JSON string for a resource. Unknown
fields are refused, so a misspelt field is an error rather than silently ignored.
"""

from __future__ import annotations

from datetime import date
from enum import Enum
from typing import Annotated, Any, Literal

import pycountry
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Slug = Annotated[str, StringConstraints(pattern=r"^[-a-zA-Z0-9_]{1,120}$")]
Iso2 = Annotated[str, StringConstraints(pattern=r"^[A-Za-z]{2}$")]
StatusName = Literal["draft", "review", "published", "withdrawn"]
Precision = Literal["day", "month", "year"]
# ISO 639-1, as the catalogue accepts it (lower case).
Language = Enum(  # type: ignore[misc]
    "Language",
    {
        code: code
        for code in sorted(lang.alpha_2 for lang in pycountry.languages if hasattr(lang, "alpha_2"))
    },
    type=str,
)


def _without_defaults(schema: dict[str, Any]) -> None:
    """A field left out keeps its value (or, in a new resource, the catalogue's default,
    given in its description): the placeholders here are no defaults to publish."""
    for prop in schema.get("properties", {}).values():
        prop.pop("default", None)


class PersonCredit(BaseModel):
    model_config = ConfigDict(extra="forbid")
    person: Slug


class OrganisationCredit(BaseModel):
    model_config = ConfigDict(extra="forbid")
    organisation: Slug


class ResourceFields(BaseModel):
    """The fields a curator sets. Lists are slugs (countries: ISO alpha-2), in order."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=_without_defaults)

    title: str = Field("", min_length=1, max_length=500)
    slug: str = Field("", pattern=r"^[-\w]{1,200}$", description="Made from the title if left out")
    description: str = Field("", max_length=100_000, description="HTML; unsafe markup is removed")
    pub_date: date | None = Field(None, description="null: undated")
    pub_date_precision: Precision = Field("day", description="Default: day")
    language: Language = Field("en", description="ISO 639-1; default: en")  # type: ignore[assignment]
    status: StatusName = Field(
        "draft", description="Default: draft. Only publishers publish or withdraw"
    )
    types: list[Slug] = Field([], max_length=50)
    regions: list[Slug] = Field([], max_length=50)
    countries: list[Iso2] = Field([], max_length=300)
    topics: list[Slug] = Field([], max_length=50)
    sectors: list[Slug] = Field([], max_length=50)
    authors: list[PersonCredit | OrganisationCredit] = Field([], max_length=100)
    publishers: list[Slug] = Field([], max_length=50)
    source_url: str = Field("", max_length=500, description="http(s) address, or empty")
    doi: str = Field("", max_length=200)
    isbn: str = Field("", max_length=20)


class ResourceCreate(ResourceFields):
    title: str = Field(..., min_length=1, max_length=500)


class ResourceUpdate(ResourceFields):
    """Only the fields sent change; a list sent replaces the whole list."""
