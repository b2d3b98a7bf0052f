"""A resource's page, its downloads, and the old WordPress addresses."""

from __future__ import annotations

import datetime
import re

import pytest
from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.test import Client, override_settings

from manumit.catalog.models import Attachment, LegacySlug, Resource, Status
from manumit.catalog.tests.factories import LinkAttachmentFactory, ResourceFactory

pytestmark = pytest.mark.django_db

NORTH_KOREA = "Pervasive, punitive, and predetermined: Understanding modern slavery in North Korea"


def visible_text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", "", html).replace("&amp;", "&").split())


@pytest.fixture
def north_korea() -> Resource:
    resource = ResourceFactory.create(
        title=NORTH_KOREA,
        pub_date=datetime.date(2018, 1, 1),
        pub_date_precision="year",
        authors=["Remco E. Breuker", "Imke van Gardingen"],
        publishers=["Walk Free Foundation", "Leiden University"],
        types=["Publications"],
        regions=["Asia"],
        topics=["Forced labour", "State-imposed forced labour"],
    )
    LinkAttachmentFactory.create(
        resource=resource, url="https://www.walkfree.org/reports/north-korea/"
    )
    return resource


def test_the_detail_page_shows_the_seed_citation_exactly(
    client: Client, north_korea: Resource
) -> None:
    text = visible_text(client.get(north_korea.get_absolute_url()).content.decode())
    assert f"{NORTH_KOREA} - Walk Free Foundation & Leiden University, 2018 DOWNLOAD" in text, (
        "the citation line is followed by its DOWNLOAD link"
    )


def test_the_detail_page_shows_title_types_date_and_byline(
    client: Client, north_korea: Resource
) -> None:
    html = client.get(north_korea.get_absolute_url()).content.decode()
    text = visible_text(html)
    assert f"<h1>{NORTH_KOREA}</h1>" in html
    assert "Publications 2018" in text
    assert "By Remco E. Breuker & Imke van Gardingen" in text
    assert 'href="/people/remco-e-breuker/"' in html


def test_three_authors_read_a_b_and_c(client: Client) -> None:
    resource = ResourceFactory.create(authors=["Ann", "Bo", "Cy"])
    text = visible_text(client.get(resource.get_absolute_url()).content.decode())
    assert "By Ann, Bo and Cy" in text


def test_an_external_download_sends_the_reader_to_the_original(
    client: Client, north_korea: Resource
) -> None:
    attachment = north_korea.attachments.get()
    response = client.get(attachment.get_download_url())
    assert response.status_code == 302
    assert response["Location"] == "https://www.walkfree.org/reports/north-korea/"


def test_an_uploaded_file_downloads_inline_with_its_size_and_pages_shown(client: Client) -> None:
    resource = ResourceFactory.create(
        title="Factsheet", publishers=["ILO"], pub_date=datetime.date(2018, 6, 2)
    )
    attachment = Attachment(resource=resource, label="Series Paper 2: Bangladesh", page_count=12)
    attachment.file.save("factsheet.pdf", ContentFile(b"%PDF-1.4\n" + b"0" * 3000), save=False)
    attachment.media_type = "application/pdf"
    attachment.measure()
    attachment.save()
    html = client.get(resource.get_absolute_url()).content.decode()
    text = visible_text(html)
    assert "Series Paper 2: Bangladesh - ILO, 2018 DOWNLOAD" in text
    assert "PDF, 2.9 KB, 12 pages" in text
    response = client.get(attachment.get_download_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")  # type: ignore[attr-defined]
    assert len(attachment.sha256) == 64


def test_a_missing_file_gives_not_found_instead_of_an_error(client: Client) -> None:
    resource = ResourceFactory.create()
    attachment = Attachment.objects.create(resource=resource, file="attachments/gone.pdf")
    assert client.get(attachment.get_download_url()).status_code == 404


def test_a_description_is_sanitised_when_saved(client: Client) -> None:
    resource = ResourceFactory.create(
        description='<p onclick="steal()">Safe <a href="javascript:alert(1)">link</a></p>'
        "<script>alert('x')</script><img src=x onerror=alert(1)>"
    )
    resource.refresh_from_db()
    assert "script" not in resource.description
    assert "onclick" not in resource.description
    assert "javascript:" not in resource.description
    assert "<img" not in resource.description
    assert "Safe" in client.get(resource.get_absolute_url()).content.decode()


@pytest.mark.parametrize("status", [Status.DRAFT, Status.IN_REVIEW, Status.WITHDRAWN])
def test_an_unpublished_resource_and_its_files_are_not_found_for_visitors(
    client: Client, status: str
) -> None:
    resource = ResourceFactory.create(status=status)
    attachment = LinkAttachmentFactory.create(resource=resource)
    assert client.get(resource.get_absolute_url()).status_code == 404
    assert client.get(attachment.get_download_url()).status_code == 404


def test_a_curator_previews_a_draft_with_a_banner_and_no_caching(
    client: Client, editor: User
) -> None:
    resource = ResourceFactory.create(status=Status.DRAFT)
    client.force_login(editor)
    response = client.get(resource.get_absolute_url())
    assert response.status_code == 200
    assert "Preview: this resource is" in response.content.decode()
    assert "no-store" in response["Cache-Control"]


def test_related_resources_share_terms_and_exclude_drafts(client: Client) -> None:
    resource = ResourceFactory.create(topics=["Forced labour"], regions=["Asia"])
    best = ResourceFactory.create(
        title="Same topic and region", topics=["Forced labour"], regions=["Asia"]
    )
    ResourceFactory.create(title="Same region only", regions=["Asia"])
    ResourceFactory.create(title="Nothing shared", regions=["Europe"])
    ResourceFactory.create(title="Draft twin", topics=["Forced labour"], status=Status.DRAFT)
    html = client.get(resource.get_absolute_url()).content.decode()
    section = html[html.index("Related resources") :]
    assert section.index(best.title) < section.index("Same region only")
    assert "Nothing shared" not in section
    assert "Draft twin" not in section


def test_at_most_five_related_resources_are_shown(client: Client) -> None:
    resource = ResourceFactory.create(types=["Guidance"])
    ResourceFactory.create_batch(8, types=["Guidance"])
    html = client.get(resource.get_absolute_url()).content.decode()
    related = html[html.index("Related resources") :]
    assert related.count("<li>") == 5


def test_a_wordpress_post_id_redirects_permanently(client: Client) -> None:
    resource = ResourceFactory.create(wp_post_id=16190)
    response = client.get("/?p=16190")
    assert response.status_code == 301
    assert response["Location"] == resource.get_absolute_url()


def test_an_unknown_or_malformed_post_id_is_not_found(client: Client) -> None:
    assert client.get("/?p=999").status_code == 404
    assert client.get("/?p=abc").status_code == 404


def test_an_old_slug_redirects_permanently_to_the_resource(client: Client) -> None:
    resource = ResourceFactory.create(title="Modern Slavery: What Business Needs to Know")
    LegacySlug.objects.create(slug="mondern-slavery-what-business-needs-to-know", resource=resource)
    response = client.get("/mondern-slavery-what-business-needs-to-know/")
    assert response.status_code == 301
    assert response["Location"] == "/resources/modern-slavery-what-business-needs-to-know/"
    assert client.get(f"/{resource.slug}/").status_code == 301


def test_old_addresses_of_drafts_stay_hidden(client: Client) -> None:
    resource = ResourceFactory.create(status=Status.DRAFT, wp_post_id=42)
    LegacySlug.objects.create(slug="old-draft", resource=resource)
    assert client.get("/?p=42").status_code == 404
    assert client.get("/old-draft/").status_code == 404


def test_slugs_are_unique_and_never_reuse_an_old_slug() -> None:
    first = ResourceFactory.create(title="Annual report")
    second = ResourceFactory.create(title="Annual report")
    LegacySlug.objects.create(slug="annual-report-3", resource=first)
    third = ResourceFactory.create(title="Annual report")
    assert (first.slug, second.slug, third.slug) == (
        "annual-report",
        "annual-report-2",
        "annual-report-4",
    )


def test_publishing_stamps_the_time_once(client: Client) -> None:
    resource = ResourceFactory.create(status=Status.DRAFT)
    assert resource.published_at is None
    resource.status = Status.PUBLISHED
    resource.save()
    stamped = resource.published_at
    resource.save()
    assert stamped is not None
    assert resource.published_at == stamped


def test_the_not_found_page_is_friendly(client: Client) -> None:
    response = client.get("/resources/no-such-thing/")
    assert response.status_code == 404
    assert "There is no public page at this address" in response.content.decode()


@override_settings(DEBUG=False)
def test_a_server_error_shows_the_error_page(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr("manumit.catalog.views.listing.render_listing", broken)
    client.raise_request_exception = False
    response = client.get("/resources/")
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()


def test_pages_carry_a_content_security_policy(client: Client) -> None:
    response = client.get("/")
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"


def test_an_old_resource_address_follows_a_rename(client: Client) -> None:
    resource = ResourceFactory.create(title="New title")
    LegacySlug.objects.create(slug="old-title", resource=resource)
    response = client.get("/resources/old-title/")
    assert response.status_code == 301
    assert response["Location"] == "/resources/new-title/"


def test_staff_without_a_curator_role_cannot_preview_drafts(client: Client) -> None:
    from django.contrib.auth.models import User

    clerk = User.objects.create_user("clerk", password="pw-for-tests-only", is_staff=True)
    resource = ResourceFactory.create(status=Status.DRAFT)
    client.force_login(clerk)
    assert client.get(resource.get_absolute_url()).status_code == 404


def test_an_attachment_is_either_a_file_or_a_link_never_both(db: None) -> None:
    from django.db import IntegrityError, transaction

    resource = ResourceFactory.create()
    with pytest.raises(IntegrityError), transaction.atomic():
        Attachment.objects.create(resource=resource)
    with pytest.raises(IntegrityError), transaction.atomic():
        Attachment.objects.create(resource=resource, file="a.pdf", url="https://example.org")


@pytest.mark.django_db(transaction=True)
def test_deleting_or_replacing_a_file_removes_it_from_storage() -> None:
    from django.core.files.storage import default_storage

    resource = ResourceFactory.create()
    attachment = Attachment(resource=resource)
    attachment.file.save("first.pdf", ContentFile(b"%PDF-1.4 one"), save=True)
    first = attachment.file.name or ""
    attachment.file.save("second.pdf", ContentFile(b"%PDF-1.4 two"), save=True)
    assert not default_storage.exists(first)
    second = attachment.file.name or ""
    assert default_storage.exists(second)
    attachment.delete()
    assert not default_storage.exists(second)


def test_the_sitemap_lists_published_resources_only(client: Client) -> None:
    public = ResourceFactory.create(title="Public one", regions=["Asia"])
    draft = ResourceFactory.create(title="Draft one", status=Status.DRAFT)
    xml = client.get("/sitemap.xml").content.decode()
    assert public.get_absolute_url() in xml
    assert draft.get_absolute_url() not in xml
    assert "/tags/asia/" in xml


def test_robots_txt_points_to_the_sitemap_and_keeps_out_of_the_admin(client: Client) -> None:
    text = client.get("/robots.txt").content.decode()
    assert "Disallow: /admin/" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text


def test_a_non_english_title_is_marked_with_its_language(client: Client) -> None:
    resource = ResourceFactory.create(title="反对强迫劳动", language="zh")
    html = client.get(resource.get_absolute_url()).content.decode()
    assert '<h1 lang="zh">反对强迫劳动</h1>' in html
    assert "<dd>Chinese</dd>" in html
