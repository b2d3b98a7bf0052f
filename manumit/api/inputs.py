"""What curators send to write: a new resource, changes to one, and an attachment's fields."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from ninja import Field, Schema
from pydantic import StringConstraints, model_validator

Slug = Annotated[str, StringConstraints(pattern=r"^[-a-zA-Z0-9_]{1,120}$")]
Iso2 = Annotated[str, StringConstraints(pattern=r"^[A-Za-z]{2}$")]
StatusName = Literal["draft", "review", "published", "withdrawn"]
Precision = Literal["day", "month", "year"]


class Credit(Schema):
    """One author: exactly one of `person` and `organisation`, by slug."""

    person: Slug | None = None
    organisation: Slug | None = None

    @model_validator(mode="after")
    def one_agent(self) -> Credit:
        if (self.person is None) == (self.organisation is None):
            raise ValueError("give exactly one of person and organisation")
        return self


class ResourceFields(Schema):
    """Every field is optional here; ResourceCreate makes `title` required."""

    title: str | None = Field(None, min_length=1, max_length=500)
    slug: str | None = Field(
        None, pattern=r"^[-\w]{1,200}$", description="Made from the title when left out"
    )
    description: str | None = Field(None, max_length=100_000, description="HTML; sanitised")
    pub_date: date | None = None
    pub_date_precision: Precision | None = None
    language: Iso2 | None = Field(None, description="ISO 639-1")
    status: StatusName | None = Field(None, description="Only publishers publish or withdraw")
    types: list[Slug] | None = Field(None, max_length=50)
    regions: list[Slug] | None = Field(None, max_length=50)
    countries: list[Iso2] | None = Field(None, max_length=300)
    topics: list[Slug] | None = Field(None, max_length=50)
    sectors: list[Slug] | None = Field(None, max_length=50)
    authors: list[Credit] | None = Field(None, max_length=100)
    publishers: list[Slug] | None = Field(None, max_length=50)
    source_url: str | None = Field(None, max_length=500)
    doi: str | None = Field(None, max_length=200)
    isbn: str | None = Field(None, max_length=20)


class ResourceCreate(ResourceFields):
    title: str = Field(..., min_length=1, max_length=500)  # type: ignore[assignment]


class ResourceUpdate(ResourceFields):
    """Only the fields sent change; a list sent replaces the whole list."""
