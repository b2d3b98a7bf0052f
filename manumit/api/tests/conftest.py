"""API fixtures: a small library (published work and a draft naming people and an
organisation found nowhere else), an index over it, clients and curators' tokens."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from manumit.api import tokens
from manumit.catalog.models import Country, Resource, Status
from manumit.catalog.tests.factories import ResourceFactory
from manumit.search import registry


@pytest.fixture
def index_dir(tmp_path: Path, settings: Any) -> Iterator[Path]:
    folder = tmp_path / "api-index"
    settings.SEARCH_INDEX_DIR = folder
    yield folder
    registry.forget(folder)


@pytest.fixture(autouse=True)
def _generous_rate_limit(settings: Any) -> None:
    """Tests make many requests from one address; the rate-limit test lowers this."""
    settings.API_RATE_LIMIT = 100_000


def make_library() -> dict[str, Resource]:
    thai = ResourceFactory.create(
        title="Forced labour in the Thai seafood industry",
        description="<p>How fishing crews in Thailand are held in forced labour.</p>",
        pub_date=datetime.date(2021, 5, 1),
        types=["Publications"],
        regions=["Asia"],
        authors=["Walk Free Foundation", "Ana Researcher"],
        publishers=["Walk Free Foundation"],
    )
    thai.countries.add(Country.objects.get(iso2="TH"))
    guide = ResourceFactory.create(
        title="Guidance on responsible recruitment",
        description="<p>Steps for employers to stop charging recruitment fees.</p>",
        pub_date=datetime.date(2019, 3, 1),
        types=["Guidance"],
        regions=["Europe"],
        authors=["Bo Writer"],
    )
    draft = ResourceFactory.create(
        title="Secret draft about seafood recruitment",
        status=Status.DRAFT,
        pub_date=datetime.date(2022, 1, 1),
        authors=["Hidden Person", "Hidden Institute"],
        publishers=["Hidden Institute"],
    )
    return {"thai": thai, "guide": guide, "draft": draft}


@pytest.fixture
def library(db: None, index_dir: Path) -> dict[str, Resource]:
    from manumit.search import apply_outbox

    resources = make_library()
    apply_outbox()
    return resources


def token_for(user: User) -> str:
    return tokens.issue(user, "tests")[1]


def bearer(token: str) -> dict[str, Any]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


@pytest.fixture
def anon() -> Client:
    return Client()
