"""The catalogue: resources, the people and organisations behind them, and taxonomies."""

from manumit.catalog.models.agents import Organisation, Person
from manumit.catalog.models.attachments import Attachment
from manumit.catalog.models.merges import LegacyPostId, MergeRecord
from manumit.catalog.models.resources import (
    Authorship,
    DatePrecision,
    LegacySlug,
    Publishing,
    Resource,
    Status,
)
from manumit.catalog.models.revisions import Revision, RevisionState
from manumit.catalog.models.taxonomy import Country, Region, ResourceType, Sector, Topic

__all__ = [
    "Attachment",
    "Authorship",
    "Country",
    "DatePrecision",
    "LegacyPostId",
    "LegacySlug",
    "MergeRecord",
    "Organisation",
    "Person",
    "Publishing",
    "Region",
    "Resource",
    "ResourceType",
    "Revision",
    "RevisionState",
    "Sector",
    "Status",
    "Topic",
]
