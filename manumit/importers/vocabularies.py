"""Finding the catalogue's terms, people and organisations for the names a record holds.

The vocabularies are read once per import into small lookup tables (a term is found by its
name or slug, whatever the case; a country also by its ISO codes and names), so that a
10,000-record file costs no query per term.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pycountry
from django.db.models import Model
from django.utils.text import slugify

from manumit.catalog.models import (
    Country,
    Organisation,
    Person,
    Region,
    ResourceType,
    Sector,
    Topic,
)
from manumit.importers.mapping import IGNORE, VOCABULARIES, Mapping
from manumit.importers.records import SourceTerm

MODELS: dict[str, type[Model]] = {
    "type": ResourceType,
    "region": Region,
    "country": Country,
    "topic": Topic,
    "sector": Sector,
}
LABELS = {
    "type": "content type",
    "region": "region",
    "country": "country",
    "topic": "topic",
    "sector": "sector",
}


def key(text: str) -> str:
    """Names compare as slugs: case, accents kept, spaces and punctuation folded."""
    return slugify(text.strip(), allow_unicode=True)


@dataclass
class Vocabularies:
    """vocabulary -> folded name/slug/code -> primary key."""

    tables: dict[str, dict[str, object]] = field(default_factory=dict)

    @classmethod
    def load(cls) -> Vocabularies:
        tables: dict[str, dict[str, object]] = {}
        for vocabulary in ("type", "region", "topic", "sector"):
            model = MODELS[vocabulary]
            table: dict[str, object] = {}
            for pk, name, slug in model.objects.values_list("pk", "name", "slug"):  # type: ignore[attr-defined]
                table.setdefault(key(slug), pk)
                table.setdefault(key(name), pk)
            tables[vocabulary] = table
        tables["country"] = _countries()
        return cls(tables)

    def find(self, vocabulary: str, name: str) -> object | None:
        return self.tables.get(vocabulary, {}).get(key(name))

    def place(self, term: SourceTerm, mapping: Mapping) -> tuple[str, object] | str:
        """(vocabulary, pk) for a source term, IGNORE when the mapping drops it, or the
        reason it found no home (for the report)."""
        target = mapping.target(term.taxonomy, term.name, term.slug)
        if target is not None:
            if target.vocabulary == IGNORE:
                return IGNORE
            pk = self.find(target.vocabulary, target.term)
            if pk is None:
                label = LABELS[target.vocabulary]
                return f"the mapping sends it to {label} '{target.term}', which does not exist"
            return target.vocabulary, pk
        found = [
            (vocabulary, pk)
            for vocabulary in VOCABULARIES
            for pk in {self.find(vocabulary, label) for label in (term.slug, term.name) if label}
            if pk is not None
        ]
        if len({vocabulary for vocabulary, _ in found}) == 1:
            return found[0]
        if found:
            names = " and ".join(sorted({LABELS[v] for v, _ in found}))
            return f"it names a {names}; say which in the mapping file"
        return "no content type, region, country, topic or sector has that name"


def _countries() -> dict[str, object]:
    """Every stored country by ISO codes, name and everyday name, and by the other names
    pycountry knows (official and common names: "Viet Nam", "Vietnam")."""
    table: dict[str, object] = {}
    for iso2, iso3, name, common in Country.objects.values_list(
        "iso2", "iso3", "name", "common_name"
    ):
        for label in (iso2, iso3, name, common):
            if label:
                table.setdefault(key(label), iso2)
        found = pycountry.countries.get(alpha_2=iso2)
        for attribute in ("official_name", "common_name", "name"):
            other = getattr(found, attribute, "") if found else ""
            if other:
                table.setdefault(key(other), iso2)
    return table


class Agents:
    """People and organisations by name, found or made once per import."""

    def __init__(self) -> None:
        self.people: dict[str, Person] = {}
        self.organisations: dict[str, Organisation] = {}

    def person(self, name: str) -> Person:
        name = name.strip()[:255]
        if name not in self.people:
            found = Person.objects.filter(name=name).order_by("pk").first()
            self.people[name] = found or Person.objects.create(
                name=name, slug=_free_slug(Person, name)
            )
        return self.people[name]

    def organisation(self, name: str) -> Organisation:
        name = name.strip()[:255]
        if name not in self.organisations:
            found = Organisation.objects.filter(name__iexact=name).order_by("pk").first()
            self.organisations[name] = found or Organisation.objects.create(
                name=name, slug=_free_slug(Organisation, name)
            )
        return self.organisations[name]


def _free_slug(model: type[Person] | type[Organisation], name: str) -> str:
    base = (slugify(name) or "agent")[:240]
    candidate, number = base, 1
    while model.objects.filter(slug=candidate).exists():
        number += 1
        candidate = f"{base}-{number}"
    return candidate
