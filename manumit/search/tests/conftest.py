"""Search fixtures: a throwaway index folder per test and a small library to search."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from manumit.catalog.models import Attachment, Country, Resource, Sector, Status
from manumit.catalog.tests.factories import ResourceFactory
from manumit.ingest.models import DocumentText, Outcome, Page
from manumit.search import registry


@pytest.fixture
def index_dir(tmp_path: Path, settings: Any) -> Iterator[Path]:
    """This test's node index; `apply_outbox()` and `search()` use it."""
    folder = tmp_path / "search-index"
    settings.SEARCH_INDEX_DIR = folder
    yield folder
    registry.forget(folder)


def add_document(resource: Resource, pages: list[str], label: str = "") -> Attachment:
    """Attach a document whose extracted text is `pages`, as ingestion would store it."""
    attachment = Attachment.objects.create(
        resource=resource, url=f"https://example.org/{resource.slug}.pdf", label=label
    )
    text = DocumentText.objects.create(
        attachment=attachment, outcome=Outcome.TEXT, page_count=len(pages)
    )
    Page.objects.bulk_create(
        Page(document=text, number=number, text=page) for number, page in enumerate(pages, 1)
    )
    return attachment


def make_resource(**fields: Any) -> Resource:
    return ResourceFactory.create(**fields)


FILLER = (
    "The committee met to review annual budgets, staffing and the schedule of meetings. "
    "Members discussed procurement rules and office arrangements. "
)


def make_library() -> dict[str, Resource]:
    """Seven resources with what a real library holds: reports with pages, a draft, a
    withdrawn one, a passing mention and a title-only match."""
    thailand = Country.objects.get(iso2="TH")
    seafood = Sector.objects.get(slug="fishing-and-seafood")
    thai = make_resource(
        title="Forced labour in the Thai seafood industry",
        description="<p>How fishing crews in Thailand are trafficked and held in forced "
        "labour.</p>",
        pub_date=datetime.date(2021, 5, 1),
        types=["Publications"],
        topics=["Forced labour", "Human trafficking"],
        authors=["Jane Smith"],
        publishers=["Walk Free Foundation"],
    )
    thai.countries.add(thailand)
    thai.sectors.add(seafood)
    add_document(
        thai,
        [
            "Executive summary. " + FILLER,
            "Fishermen on Thai boats described forced labour: debts, confiscated documents "
            "and violence at sea. Seafood exported from Thailand carries this risk.",
            "Recommendations for seafood buyers sourcing from Thailand on forced labour "
            "and trafficking in fishing fleets.",
        ],
    )
    mention = make_resource(
        title="Annual report of the committee",
        description="<p>Budgets and meetings of the year.</p>",
        pub_date=datetime.date(2022, 3, 1),
        types=["Guidance"],
        publishers=["Anti-Slavery International"],
    )
    add_document(
        mention,
        [
            FILLER * 3,
            FILLER + "One speaker mentioned forced labour in seafood "
            "from Thailand in passing. " + FILLER,
        ],
    )
    cocoa = make_resource(
        title="Child labour in cocoa farming in Côte d'Ivoire",
        description="<p>Cocoa farms and child labour in West Africa.</p>",
        pub_date=datetime.date(2019, 1, 1),
        types=["Publications"],
        topics=["Child labour"],
        authors=["Kofi Mensah"],
        publishers=["Anti-Slavery International"],
    )
    cocoa.countries.add(Country.objects.get(iso2="CI"))
    body_only = make_resource(
        title="Supplier handbook",
        description="<p>Rules for suppliers.</p>",
        pub_date=datetime.date(2020, 6, 1),
        types=["Guidance"],
    )
    add_document(body_only, ["A short note on recruitment and the handbook's scope."])
    titled = make_resource(
        title="Recruitment fees explained",
        description="<p>Why workers should never pay for a job.</p>",
        pub_date=datetime.date(2020, 7, 1),
        types=["Guidance"],
        topics=["Recruitment fees"],
    )
    draft = make_resource(
        title="Draft: seafood forced labour audit", status=Status.DRAFT, pub_date=None
    )
    withdrawn = make_resource(
        title="Withdrawn seafood forced labour note",
        status=Status.WITHDRAWN,
        pub_date=datetime.date(2018, 1, 1),
    )
    return {
        "thai": thai,
        "mention": mention,
        "cocoa": cocoa,
        "body_only": body_only,
        "titled": titled,
        "draft": draft,
        "withdrawn": withdrawn,
    }


@pytest.fixture
def library(db: None, index_dir: Path) -> dict[str, Resource]:
    from manumit.search import apply_outbox

    resources = make_library()
    apply_outbox()
    return resources
