"""Every facet, declared once: its key, label, what a valid value looks like, where its
labels come from and how a resource's values are read.

The rest derives from this table: the sidebar's order and headings (types.FACETS,
forms.FACET_LABELS), the address check (forms.normalise_key), "search within" on browse
pages (forms.search_within), the labels (facets.KINDS), the index document
(documents.to_document) and the index's keyword fields (_tantivy_schema.KEYWORD_FACETS).
Adding a facet is one `FacetSpec` here (and bumping the index's SCHEMA_VERSION so indexes
rebuild with it), plus its test.

Nothing here imports a model: the backend, which knows nothing of Django, reads the table
too. Models are named "app_label.Model" and looked up when labels are first needed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from manumit.search import file_formats

if TYPE_CHECKING:
    from manumit.catalog.models import Resource

SLUG = re.compile(r"[-\w]{1,120}")
TWO_LETTERS = re.compile(r"[A-Za-z]{2}")


@dataclass(frozen=True)
class FacetSpec:
    key: str  # the URL parameter, the filter key and the index's facet name
    label: str  # the sidebar's heading
    # A resource's value keys, read from what documents.resources_for_index prefetches
    values: Callable[[Resource], Iterable[str]]
    pattern: re.Pattern[str] = SLUG  # a key in an address; anything else cannot match
    normalise: Callable[[str], str] = str.strip
    # Where labels come from: the rows of `model` whose `key_field` is the key, or `labels`
    model: str = ""  # "app_label.Model"
    key_field: str = "slug"
    labels: Callable[[set[str]], dict[str, str]] | None = None
    order: Literal["count", "newest"] = "count"  # by count (then label), or key descending
    # False for year: the index keeps it as an integer field (for ranges), not keywords
    keyword: bool = True


def _slugs(relation: str) -> Callable[[Resource], tuple[str, ...]]:
    return lambda resource: tuple(term.slug for term in getattr(resource, relation).all())


def _regions(resource: Resource) -> tuple[str, ...]:
    # A country's report counts under its region too: a Thai report is found under Asia.
    slugs = [region.slug for region in resource.regions.all()]
    slugs += [c.region.slug for c in resource.countries.all() if c.region]
    return tuple(dict.fromkeys(slugs))


def _countries(resource: Resource) -> tuple[str, ...]:
    return tuple(country.iso2 for country in resource.countries.all())


def _publishers(resource: Resource) -> tuple[str, ...]:
    return tuple(credit.organisation.slug for credit in resource.publishings.all())


def _year(resource: Resource) -> tuple[str, ...]:
    return (str(resource.pub_date.year),) if resource.pub_date else ()


def _language(resource: Resource) -> tuple[str, ...]:
    return (resource.language,) if resource.language else ()


def _formats(resource: Resource) -> tuple[str, ...]:
    return tuple(dict.fromkeys(file_formats.of(a) for a in resource.attachments.all()))


def _same(keys: set[str]) -> dict[str, str]:
    return {key: key for key in keys}


def _language_names(keys: set[str]) -> dict[str, str]:
    import pycountry

    names = {}
    for key in keys:
        found: Any = pycountry.languages.get(alpha_2=key) if len(key) == 2 else None
        names[key] = found.name if found else key
    return names


def _upper(value: str) -> str:
    return value.strip().upper()


def _lower(value: str) -> str:
    return value.strip().lower()


# In the order the sidebar shows them.
SPECS: tuple[FacetSpec, ...] = (
    FacetSpec("type", "Content type", _slugs("types"), model="catalog.ResourceType"),
    FacetSpec("region", "Region", _regions, model="catalog.Region"),
    FacetSpec(
        "country",
        "Country",
        _countries,
        pattern=TWO_LETTERS,
        normalise=_upper,
        model="catalog.Country",
        key_field="iso2",
    ),
    FacetSpec("topic", "Topic", _slugs("topics"), model="catalog.Topic"),
    FacetSpec("sector", "Sector", _slugs("sectors"), model="catalog.Sector"),
    FacetSpec(
        "year",
        "Year",
        _year,
        pattern=re.compile(r"\d{4}"),
        labels=_same,
        order="newest",
        keyword=False,
    ),
    FacetSpec("publisher", "Publisher", _publishers, model="catalog.Organisation"),
    FacetSpec(
        "language",
        "Language",
        _language,
        pattern=TWO_LETTERS,
        normalise=_lower,
        labels=_language_names,
    ),
    FacetSpec("format", "Format", _formats, labels=file_formats.labels),
)

BY_KEY: dict[str, FacetSpec] = {spec.key: spec for spec in SPECS}
