"""Finding the resource a record already became, so that an import never makes it twice.

Tried in order of trust: the format's own identifier (remembered by the last import), the
WordPress post id, the DOI, the ISBN, then the source address.
"""

from __future__ import annotations

import re

from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Lower
from django.db.models.lookups import Exact

from manumit.catalog.models import Resource
from manumit.importers.models import ImportedIdentifier
from manumit.importers.records import Record

DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)


def normal_doi(doi: str) -> str:
    """ "https://doi.org/10.1/X" and "doi:10.1/x" are the same DOI (DOIs ignore case)."""
    return DOI_PREFIX.sub("", doi.strip()).lower()


def normal_isbn(isbn: str) -> str:
    """An ISBN's digits (and final X): hyphens and spaces are only print layout."""
    return re.sub(r"[^0-9X]", "", isbn.upper())


def existing(record: Record, scheme: str) -> tuple[Resource | None, str]:
    """The resource this record already is, and by what it was found ("" when new).

    Every lookup is one indexed query, so that matching costs the same in a library of ten
    thousand records as in one of ten."""
    if record.own_id:
        known = (
            ImportedIdentifier.objects.filter(scheme=scheme, identifier=record.own_id)
            .select_related("resource")
            .first()
        )
        if known is not None:
            return known.resource, f"its {scheme} id {record.own_id}"
    resources = Resource.objects.order_by("pk")
    if record.own_id:
        # A resource this format already knows under another id is another record (two
        # editions of a report that share a source URL), not this one. Correlated, so it is
        # asked only of the few rows an identifier found.
        known_here = ImportedIdentifier.objects.filter(resource=OuterRef("pk"), scheme=scheme)
        resources = resources.exclude(Exists(known_here))
    for lookup, label in _lookups(record):
        found = resources.filter(lookup).first()
        if found is not None:
            return found, label
    return None, ""


def _lookups(record: Record) -> list[tuple[Q, str]]:
    """The record's identifiers, most trusted first, as (query, how to name it)."""
    lookups = []
    if record.legacy_id is not None:
        lookups.append(
            (Q(wp_post_id=record.legacy_id), f"the WordPress post id {record.legacy_id}")
        )
    if record.doi and normal_doi(record.doi):
        doi = normal_doi(record.doi)
        lookups.append((Q(Exact(Lower("doi"), doi)), f"the DOI {doi}"))
    if record.isbn and normal_isbn(record.isbn):
        isbn = normal_isbn(record.isbn)
        lookups.append((Q(isbn=isbn), f"the ISBN {isbn}"))
    if record.source_url.strip():
        url = record.source_url.strip()
        lookups.append((Q(source_url=url), f"the source URL {url}"))
    return lookups
