"""The metadata of a resource page, read as its readers read it: extruct for schema.org
JSON-LD (as search engines do), lxml for Google Scholar's `citation_*` tags, OpenGraph,
Twitter and the canonical link; schema.org's own tables for what a property may be."""

from __future__ import annotations

import csv
import datetime
from pathlib import Path
from typing import Any

import extruct
import lxml.html
import pytest
from django.core.files.base import ContentFile
from django.test import Client

from manumit.catalog.models import Attachment, Country, DatePrecision, Resource
from manumit.catalog.tests.factories import LinkAttachmentFactory, ResourceFactory

pytestmark = pytest.mark.django_db

TITLE = "Pervasive, punitive, and predetermined: Understanding modern slavery in North Korea"


@pytest.fixture
def north_korea() -> Resource:
    resource = ResourceFactory.create(
        title=TITLE,
        slug="north-korea",
        types=["Publications"],
        pub_date=datetime.date(2018, 1, 1),
        pub_date_precision=DatePrecision.YEAR,
        authors=["Remco E. Breuker", "Imke van Gardingen", "Walk Free Foundation"],
        publishers=["Walk Free Foundation", "Leiden University"],
        topics=["Forced labour", "State-imposed forced labour"],
        regions=["Asia"],
    )
    resource.countries.add(Country.objects.get(iso2="KP"))
    hosted = Attachment(resource=resource, media_type="application/pdf", size=1234)
    hosted.file.save("north-korea.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
    LinkAttachmentFactory.create(resource=resource, url="https://elsewhere.example/nk.pdf")
    return resource


def page(client: Client, path: str = "/resources/north-korea/") -> str:
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def meta(html: str, name: str) -> list[str]:
    tree = lxml.html.fromstring(html)
    return [str(value) for value in tree.xpath(f'//head/meta[@name="{name}"]/@content')]


def json_ld(html: str) -> dict[str, Any]:
    [data] = extruct.extract(html, base_url="http://testserver/", syntaxes=["json-ld"])["json-ld"]
    return data  # type: ignore[no-any-return]


def test_extruct_reads_the_work_as_schema_org(client: Client, north_korea: Resource) -> None:
    data = json_ld(page(client))
    assert data["@type"] == "Report"
    assert data["name"] == TITLE
    assert data["headline"] == TITLE
    assert data["url"] == "http://testserver/resources/north-korea/"
    assert data["datePublished"] == "2018"  # the year, never 2018-01-01
    assert data["author"] == [
        {
            "@type": "Person",
            "name": "Remco E. Breuker",
            "givenName": "Remco E.",
            "familyName": "Breuker",
        },
        {
            "@type": "Person",
            "name": "Imke van Gardingen",
            "givenName": "Imke",
            "familyName": "van Gardingen",
        },
        {"@type": "Organization", "name": "Walk Free Foundation"},
    ]
    assert [org["name"] for org in data["publisher"]] == [
        "Walk Free Foundation",
        "Leiden University",
    ]
    assert [term["name"] for term in data["about"]] == [
        "Forced labour",
        "State-imposed forced labour",
    ]
    assert {place["name"] for place in data["spatialCoverage"]} == {"Asia", "North Korea"}
    assert data["inLanguage"] == "en"
    assert [media["encodingFormat"] for media in data["encoding"]] == ["application/pdf"] * 2


def test_the_schema_org_type_follows_the_content_type(client: Client) -> None:
    ResourceFactory.create(slug="news", types=["News & Analysis"])
    ResourceFactory.create(slug="tool", types=["Online Tools"])
    ResourceFactory.create(slug="untyped")
    assert json_ld(page(client, "/resources/news/"))["@type"] == "ScholarlyArticle"
    assert json_ld(page(client, "/resources/tool/"))["@type"] == "CreativeWork"
    assert json_ld(page(client, "/resources/untyped/"))["@type"] == "CreativeWork"


def schema_org_properties(shared_dir: Path) -> dict[str, set[str]]:
    """schema.org type -> every property it may carry, its supertypes' included."""
    folder = shared_dir / "data/interop/schemaorg"
    with (folder / "schemaorg-current-https-types.csv").open(encoding="utf-8") as handle:
        return {
            row["label"]: {
                prop.rsplit("/", 1)[-1] for prop in row["properties"].split(", ") if prop
            }
            for row in csv.DictReader(handle)
        }


def nodes(value: Any) -> list[dict[str, Any]]:
    """Every typed node of a JSON-LD tree."""
    if isinstance(value, list):
        return [node for item in value for node in nodes(item)]
    if isinstance(value, dict):
        found = [value] if "@type" in value else []
        return found + [
            node for key, item in value.items() if key[0] != "@" for node in nodes(item)
        ]
    return []


def test_every_property_is_one_schema_org_defines_for_its_type(
    client: Client, north_korea: Resource, shared_dir: Path
) -> None:
    north_korea.doi = "10.1000/xyz"
    north_korea.isbn = "978-1-910000-00-0"
    north_korea.source_url = "https://www.walkfree.org/reports/north-korea/"
    north_korea.save()
    assert meta(page(client), "citation_doi") == ["10.1000/xyz"]
    assert meta(page(client), "citation_isbn") == ["978-1-910000-00-0"]
    allowed = schema_org_properties(shared_dir)
    for slug in ("north-korea",):
        data = json_ld(page(client, f"/resources/{slug}/"))
        checked = nodes(data)
        assert len(checked) >= 9
        for node in checked:
            assert node["@type"] in allowed, node["@type"]
            unknown = {key for key in node if key[0] != "@"} - allowed[node["@type"]]
            assert not unknown, f"{node['@type']} has no properties {unknown}"


def test_google_scholar_reads_the_citation_tags(client: Client, north_korea: Resource) -> None:
    html = page(client)
    assert meta(html, "citation_title") == [TITLE]
    assert meta(html, "citation_author") == [
        "Breuker, Remco E.",
        "van Gardingen, Imke",
        "Walk Free Foundation",
    ]
    assert meta(html, "citation_publication_date") == ["2018"]
    assert meta(html, "citation_technical_report_institution") == [
        "Walk Free Foundation",
        "Leiden University",
    ]
    assert meta(html, "citation_language") == ["en"]
    assert meta(html, "citation_keywords") == ["Forced labour; State-imposed forced labour"]
    # Only the PDF this site serves: Scholar wants it on the same host as the page.
    [pdf_url] = meta(html, "citation_pdf_url")
    assert pdf_url.startswith("http://testserver/resources/north-korea/download/")
    assert client.get(pdf_url).status_code == 200


def test_no_tag_is_empty(client: Client) -> None:
    ResourceFactory.create(slug="bare", pub_date=None, description="")
    tree = lxml.html.fromstring(page(client, "/resources/bare/"))
    tags = [
        tag
        for tag in tree.xpath("//head/meta[@content]")
        if (tag.get("name") or tag.get("property") or "").startswith(
            ("citation_", "og:", "twitter:")
        )
    ]
    assert len(tags) >= 5 and all(tag.get("content").strip() for tag in tags)
    names = [tag.get("name") for tag in tags]
    assert "citation_publication_date" not in names and "citation_author" not in names
    assert "citation_pdf_url" not in names


def test_opengraph_twitter_and_the_canonical_link(client: Client, north_korea: Resource) -> None:
    tree = lxml.html.fromstring(page(client, "/resources/north-korea/?utm_source=x"))
    assert tree.xpath('//head/link[@rel="canonical"]/@href') == [
        "http://testserver/resources/north-korea/"
    ]
    og = {tag.get("property"): tag.get("content") for tag in tree.xpath("//head/meta[@property]")}
    assert og["og:title"] == TITLE
    assert og["og:url"] == "http://testserver/resources/north-korea/"
    assert og["og:type"] == "article"
    assert og["og:site_name"]
    assert meta(lxml.html.tostring(tree).decode(), "twitter:card") == ["summary"]


def test_the_json_ld_block_is_data_that_never_runs_and_cannot_be_closed_early(
    client: Client,
) -> None:
    ResourceFactory.create(slug="hostile", title="</script><script>alert(1)</script> & more")
    response = client.get("/resources/hostile/")
    html = response.content.decode()
    tree = lxml.html.fromstring(html)
    inline = [script for script in tree.xpath("//script") if not script.get("src")]
    # A script whose type is not JavaScript is a data block: browsers never execute it.
    assert [script.get("type") for script in inline] == ["application/ld+json"]
    assert json_ld(html)["name"] == "</script><script>alert(1)</script> & more"
    assert "</script><script>" not in inline[0].text
    # And the policy runs no inline script at all, so even a mistake here could not run.
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
