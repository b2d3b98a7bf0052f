"""Finding the resource a record already became, so that an import never makes it twice.

Tried in order of trust: the format's own identifier (remembered by the last import), the
WordPress post id, the DOI, the ISBN, then the source address.
"""

from __future__ import annotations

import re

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
    """The resource this record already is, and by what it was found ("" when new)."""
    if record.own_id:
        known = (
            ImportedIdentifier.objects.filter(scheme=scheme, identifier=record.own_id)
            .select_related("resource")
            .first()
        )
        if known is not None:
            return known.resource, f"its {scheme} id {record.own_id}"
    resources = Resource.objects.all()
    if record.own_id:
        # A resource this format already knows under another id is another record (two
        # editions of a report that share a source URL), not this one.
        resources = resources.exclude(imported_identifiers__scheme=scheme)
    if record.legacy_id is not None:
        found = resources.filter(wp_post_id=record.legacy_id).first()
        if found is not None:
            return found, f"the WordPress post id {record.legacy_id}"
    if record.doi:
        found = resources.filter(doi__iexact=normal_doi(record.doi)).first()
        if found is not None:
            return found, f"the DOI {normal_doi(record.doi)}"
    if record.isbn and normal_isbn(record.isbn):
        found = resources.filter(isbn=normal_isbn(record.isbn)).first()
        if found is not None:
            return found, f"the ISBN {normal_isbn(record.isbn)}"
    if record.source_url:
        found = resources.filter(source_url=record.source_url.strip()).first()
        if found is not None:
            return found, f"the source URL {record.source_url.strip()}"
    return None, ""
