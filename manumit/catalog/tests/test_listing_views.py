"""The public listing and the browse pages, as a visitor sees them."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from manumit.catalog.models import Country, Sector, Status
from manumit.catalog.tests.factories import ResourceFactory

pytestmark = pytest.mark.django_db


def titles(html: str) -> list[str]:
    return re.findall(r'<h2 class="card-title"><a href="[^"]+">([^<]+)</a>', html)


def test_the_listing_shows_the_newest_resource_first(client: Client) -> None:
    ResourceFactory.create(title="Older report", pub_date=datetime.date(2016, 2, 1))
    ResourceFactory.create(title="Newest report", pub_date=datetime.date(2022, 9, 12))
    ResourceFactory.create(title="Middle report", pub_date=datetime.date(2018, 6, 2))
    html = client.get("/").content.decode()
    assert titles(html) == ["Newest report", "Middle report", "Older report"]


def test_resources_without_a_date_come_last(client: Client) -> None:
    ResourceFactory.create(title="Undated guide", pub_date=None)
    ResourceFactory.create(title="Dated guide", pub_date=datetime.date(2010, 1, 1))
    assert titles(client.get("/resources/").content.decode()) == ["Dated guide", "Undated guide"]


def test_the_listing_shows_twenty_per_page_with_pagination(client: Client) -> None:
    ResourceFactory.create_batch(45)
    first = client.get("/").content.decode()
    third = client.get("/?page=3").content.decode()
    assert len(titles(first)) == 20
    assert len(titles(third)) == 5
    assert 'rel="next"' in first
    assert "45 resources, page 1 of 3" in first


def test_a_nonsense_page_number_shows_a_page_instead_of_an_error(client: Client) -> None:
    ResourceFactory.create_batch(3)
    assert client.get("/?page=banana").status_code == 200
    assert client.get("/?page=999").status_code == 200


def test_a_card_shows_types_date_excerpt_and_region_tags(client: Client) -> None:
    ResourceFactory.create(
        title="Vietnam Private Sector Assessment",
        pub_date=datetime.date(2018, 6, 2),
        description="<p>" + "An overview of the private sector as a stakeholder. " * 10 + "</p>",
        types=["Publications"],
        regions=["Europe", "Asia"],
    )
    html = client.get("/").content.decode()
    assert ">Publications</a>" in html
    assert "02 June 2018" in html
    assert re.search(r"stakeholder\.\.\.<a [^>]*>Read More", html) or re.search(
        r"\w\.\.\.<a [^>]*>Read More", html
    )
    tags = re.search(r'<p class="tags">TAGS: (.+?)</p>', html)
    assert tags is not None
    assert re.findall(r">([^<]+)</a>", tags.group(1)) == ["Asia", "Europe"]
    assert 'href="/tags/europe/"' in html


def test_a_draft_is_never_listed_or_counted(client: Client) -> None:
    ResourceFactory.create(title="Public report", regions=["Europe"])
    for status in (Status.DRAFT, Status.IN_REVIEW, Status.WITHDRAWN):
        ResourceFactory.create(title=f"Hidden {status}", status=status, regions=["Europe"])
    for url in ("/", "/tags/europe/"):
        html = client.get(url).content.decode()
        assert titles(html) == ["Public report"]
        assert "1 resource" in html
    index = client.get("/tags/").content.decode()
    assert re.search(r'href="/tags/europe/">Europe</a> <span class="count"[^>]*>1<', index)


@pytest.mark.parametrize(
    ("factory_kwargs", "url", "heading"),
    [
        ({"regions": ["Asia"]}, "/tags/asia/", "Asia"),
        ({"types": ["Guidance"]}, "/types/guidance/", "Guidance"),
        ({"topics": ["Forced labour"]}, "/topics/forced-labour/", "Forced labour"),
        ({"publishers": ["KnowTheChain"]}, "/organisations/knowthechain/", "KnowTheChain"),
        ({"authors": ["Imke van Gardingen"]}, "/people/imke-van-gardingen/", "Imke van Gardingen"),
    ],
)
def test_each_browse_page_lists_only_its_resources_with_a_count(
    client: Client, factory_kwargs: dict, url: str, heading: str
) -> None:
    ResourceFactory.create(title="Matching report", **factory_kwargs)
    ResourceFactory.create(title="Unrelated report")
    response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert f"<h1>{heading}</h1>" in html
    assert titles(html) == ["Matching report"]
    assert "1 resource" in html


def test_sector_and_country_pages_list_their_resources(client: Client) -> None:
    resource = ResourceFactory.create(title="Seafood report")
    resource.sectors.add(Sector.objects.get(slug="fishing-and-seafood"))
    resource.countries.add(Country.objects.get(iso2="TH"))
    ResourceFactory.create(title="Other report")
    assert titles(client.get("/sectors/fishing-and-seafood/").content.decode()) == [
        "Seafood report"
    ]
    assert titles(client.get("/countries/th/").content.decode()) == ["Seafood report"]


def test_a_country_makes_a_resource_appear_under_its_region(client: Client) -> None:
    resource = ResourceFactory.create(title="Thai seafood report")
    resource.countries.add(Country.objects.get(iso2="TH"))
    assert titles(client.get("/tags/asia/").content.decode()) == ["Thai seafood report"]
    assert titles(client.get("/tags/europe/").content.decode()) == []


def test_global_is_its_own_tag_not_everything(client: Client) -> None:
    ResourceFactory.create(title="Global estimates", regions=["Global"])
    ResourceFactory.create(title="European report", regions=["Europe"])
    assert titles(client.get("/tags/global/").content.decode()) == ["Global estimates"]


def test_unknown_browse_terms_give_the_not_found_page(client: Client) -> None:
    for url in ("/tags/atlantis/", "/types/nope/", "/countries/zz/", "/people/nobody/"):
        response = client.get(url)
        assert response.status_code == 404
        assert "Page not found" in response.content.decode()


def test_vocabulary_indexes_show_public_counts(client: Client) -> None:
    ResourceFactory.create(types=["Guidance"], topics=["Child labour"], publishers=["Verité"])
    ResourceFactory.create(types=["Guidance"], status=Status.DRAFT)
    types = client.get("/types/").content.decode()
    assert re.search(r'href="/types/guidance/">Guidance</a> <span class="count"[^>]*>1<', types)
    assert "Child labour" in client.get("/topics/").content.decode()
    assert "Verité" in client.get("/organisations/").content.decode()


def test_a_curator_sees_drafts_marked_in_the_listing(client: Client, editor: User) -> None:
    ResourceFactory.create(title="Draft report", status=Status.DRAFT)
    client.force_login(editor)
    html = client.get("/").content.decode()
    assert titles(html) == ["Draft report"]
    assert 'class="status status-draft"' in html


def test_the_listing_costs_a_fixed_number_of_queries(
    client: Client, django_assert_max_num_queries: Any
) -> None:
    for _ in range(25):
        ResourceFactory.create(types=["Publications", "Guidance"], regions=["Asia", "Europe"])
    with django_assert_max_num_queries(6):
        client.get("/")
