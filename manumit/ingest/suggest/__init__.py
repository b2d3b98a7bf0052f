"""The suggest step of ingestion: what a document says about itself, proposed field by field.

`propose` reads a document's pages and metadata and returns proposals with their evidence
(title, authors, publisher, year, language, countries, regions, topics, sectors);
`store_proposals` keeps them as pending suggestions on a resource; a curator `accept`s or
`dismiss`es each; `auto_apply` accepts them into the empty fields of a new draft.
"""

from __future__ import annotations

from manumit.ingest.models import SuggestionField
from manumit.ingest.suggest.bibliographic import propose_bibliographic
from manumit.ingest.suggest.gazetteer import normalise
from manumit.ingest.suggest.places import propose_countries, propose_regions
from manumit.ingest.suggest.proposal import Proposal
from manumit.ingest.suggest.store import accept, auto_apply, dismiss, store_proposals
from manumit.ingest.suggest.tags import load_rules, propose_tags

__all__ = ["Proposal", "accept", "auto_apply", "dismiss", "propose", "store_proposals"]


def propose(
    pages: list[str], metadata: dict[str, str], *, file_name: str = "", language: str = ""
) -> list[Proposal]:
    """Everything the document suggests, one proposal per field that has something to say.

    `pages[0]` is page 1; `metadata` holds the extractor's keys (title, author, subject,
    keywords, creator, producer, created, modified); `language` is the detected ISO 639-1
    code, if any. Reads the countries, regions and tag rules from the database.
    """
    proposals = propose_bibliographic(pages, metadata, file_name)
    title = next((p.value for p in proposals if p.field == SuggestionField.TITLE), "")
    if len(language) == 2 and language.isalpha():
        proposals.append(
            Proposal(SuggestionField.LANGUAGE, language.lower(), ["Detected from the text"])
        )
    text = normalise("\n".join(pages))
    countries = propose_countries(text, title=str(title))
    if countries is not None:
        proposals.append(countries)
        regions = propose_regions(countries.value, text)
        if regions is not None:
            proposals.append(regions)
    proposals += propose_tags(text, load_rules())
    return proposals
