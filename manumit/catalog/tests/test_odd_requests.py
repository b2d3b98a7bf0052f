"""Odd, hostile or mistyped requests get a clear answer, never a server error or a leak."""

from __future__ import annotations

import datetime
import re

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.test import Client, override_settings

from manumit.catalog.formatting import machine_date
from manumit.catalog.models import Attachment, LegacySlug, Resource, Status
from manumit.catalog.tests.factories import ResourceFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("post_id", ["²", "١٢", "-1", "1" * 30, ""])
def test_a_wordpress_id_that_is_not_plain_digits_is_not_found(client: Client, post_id: str) -> None:
    assert client.get("/", {"p": post_id}).status_code == 404


@pytest.mark.parametrize(
    "url", ["/%00/", "/resources/%00/", "/resources/%00.json", "/countries/%00/", "/?p=%00"]
)
def test_a_nul_byte_in_the_address_is_a_bad_request(client: Client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 400
    assert b"NUL" in response.content


def _stored(resource: Resource, name: str, content: bytes, media_type: str) -> Attachment:
    attachment = Attachment(resource=resource, media_type=media_type)
    attachment.file.save(name, ContentFile(content), save=True)
    return attachment


def test_a_pdf_opens_in_the_browser_but_can_run_nothing(client: Client) -> None:
    pdf = _stored(ResourceFactory.create(), "report.pdf", b"%PDF-1.4 ...", "application/pdf")
    response = client.get(pdf.get_download_url())
    assert response["Content-Disposition"].startswith("inline")
    assert response["Content-Security-Policy"].startswith("sandbox")


def test_any_other_file_is_saved_as_a_download_never_shown_as_a_page(client: Client) -> None:
    page = _stored(ResourceFactory.create(), "notes.html", b"<script>x()</script>", "text/html")
    response = client.get(page.get_download_url())
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Security-Policy"].startswith("sandbox")
    assert response["X-Content-Type-Options"] == "nosniff"


@override_settings(PAGE_SIZE=1)
def test_pagination_in_the_middle_shows_the_current_page_and_its_neighbours(
    client: Client,
) -> None:
    ResourceFactory.create_batch(30)
    html = client.get("/", {"page": 15}).content.decode()
    numbers = re.findall(r'<li><(?:a href="\?page=\d+"|span aria-current="page")>(\d+)<', html)
    assert numbers == ["1", "2", "12", "13", "14", "15", "16", "17", "18", "29", "30"]
    assert '<span aria-current="page">15</span>' in html


def test_an_organisation_that_wrote_and_published_a_report_counts_it_once(
    client: Client,
) -> None:
    ResourceFactory.create(authors=["Walk Free Foundation"], publishers=["Walk Free Foundation"])
    index = client.get("/organisations/").content.decode()
    assert re.search(r'Walk Free Foundation</a> <span class="count"[^>]*>1<', index)
    page = client.get("/organisations/walk-free-foundation/").content.decode()
    assert "1 resource" in page


def test_people_and_organisations_only_on_drafts_stay_private(client: Client, editor: User) -> None:
    ResourceFactory.create(
        status=Status.DRAFT, authors=["Secret Author"], publishers=["Secret Institute"]
    )
    assert client.get("/people/secret-author/").status_code == 404
    assert client.get("/organisations/secret-institute/").status_code == 404
    assert "Secret Institute" not in client.get("/organisations/").content.decode()
    client.force_login(editor)
    assert client.get("/people/secret-author/").status_code == 200


def test_an_old_json_address_moves_to_the_new_json_twin(client: Client) -> None:
    resource = ResourceFactory.create(title="New name")
    LegacySlug.objects.create(slug="old-name", resource=resource)
    response = client.get("/resources/old-name.json")
    assert response.status_code == 301
    assert response["Location"] == "/resources/new-name.json"


def test_a_curators_listing_is_never_cached_publicly(client: Client, editor: User) -> None:
    ResourceFactory.create(status=Status.DRAFT)
    assert "no-store" not in client.get("/").get("Cache-Control", "")
    client.force_login(editor)
    assert "no-store" in client.get("/")["Cache-Control"]
    assert "no-store" in client.get("/resources.json")["Cache-Control"]


def test_page_two_points_to_page_two_of_its_json_twin(client: Client) -> None:
    ResourceFactory.create_batch(21)
    html = client.get("/resources/", {"page": 2}).content.decode()
    assert 'href="/resources.json?page=2"' in html


def test_a_country_address_in_capitals_moves_to_lower_case(client: Client) -> None:
    response = client.get("/countries/KP/")
    assert response.status_code == 301
    assert response["Location"] == "/countries/kp/"


def test_machine_readable_dates_claim_only_their_precision(client: Client) -> None:
    assert machine_date(datetime.date(2018, 1, 1), "year") == "2018"
    assert machine_date(datetime.date(2019, 11, 1), "month") == "2019-11"
    assert machine_date(datetime.date(2018, 6, 2), "day") == "2018-06-02"
    ResourceFactory.create(pub_date=datetime.date(2018, 1, 1), pub_date_precision="year")
    assert '<time datetime="2018">2018</time>' in client.get("/").content.decode()


def test_a_short_description_is_separated_from_read_more(client: Client) -> None:
    ResourceFactory.create(description="<p>A short note.</p>")
    assert re.search(r"A short note\. <a [^>]*>Read More", client.get("/").content.decode())


def test_a_language_must_be_a_two_letter_iso_code() -> None:
    resource = ResourceFactory.create(language="English")
    with pytest.raises(ValidationError) as error:
        resource.full_clean()
    assert "ISO 639-1" in str(error.value)
    resource.language = "fr"
    resource.full_clean()


def test_the_sitemap_lists_every_kind_of_browse_page_with_public_resources(
    client: Client,
) -> None:
    from manumit.catalog.models import Country, Sector

    resource = ResourceFactory.create(authors=["Ann Author"], topics=["Child labour"])
    resource.sectors.add(Sector.objects.get(slug="agriculture"))
    resource.countries.add(Country.objects.get(iso2="TH"))
    xml = client.get("/sitemap.xml").content.decode()
    for path in ("/sectors/agriculture/", "/countries/th/", "/people/ann-author/", "/tags/asia/"):
        assert path in xml
