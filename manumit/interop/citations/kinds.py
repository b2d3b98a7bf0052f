"""What kind of work a resource is, in each vocabulary that cites it.

The library's content types are editorial ("Publications", "Guidance"); citation formats
and schema.org each have their own list. One table maps between them, so that BibTeX, RIS,
CSL and JSON-LD always agree on what a resource is. A resource with several types takes
the first one (in the types' own order) that says what kind of work it is: "COVID-19
resources" is a theme, not a kind, so it maps to nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    csl: str  # a CSL type (csl-data.json's enum)
    ris: str  # a RIS reference type (TY)
    schema: str  # a schema.org type
    # BibTeX has a report type that needs an institution; without a publisher it is @misc.
    bibtex_report: bool = False


REPORT = Kind(csl="report", ris="RPRT", schema="Report", bibtex_report=True)
STANDARD = Kind(csl="standard", ris="STAND", schema="CreativeWork")
ARTICLE = Kind(csl="article", ris="ELEC", schema="ScholarlyArticle")
TOOL = Kind(csl="software", ris="COMP", schema="CreativeWork")
GRAPHIC = Kind(csl="graphic", ris="FIGURE", schema="CreativeWork")
VIDEO = Kind(csl="motion_picture", ris="VIDEO", schema="CreativeWork")
EVENT = Kind(csl="speech", ris="GEN", schema="CreativeWork")
DOCUMENT = Kind(csl="document", ris="GEN", schema="CreativeWork")

BY_TYPE_SLUG: dict[str, Kind] = {
    "publications": REPORT,
    "guidance": REPORT,
    "good-practices": REPORT,
    "standards-codes-of-conduct": STANDARD,
    "news-analysis": ARTICLE,
    "online-tools": TOOL,
    "graphics-infographics": GRAPHIC,
    "videos": VIDEO,
    "event-webinar": EVENT,
}


def kind_of(type_slugs: Iterable[str]) -> Kind:
    for slug in type_slugs:
        if slug in BY_TYPE_SLUG:
            return BY_TYPE_SLUG[slug]
    return DOCUMENT
