"""The curators' admin as a curator meets it: the list, the form, files, previews."""

from __future__ import annotations

import datetime
import hashlib
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from manumit.catalog.admin.filters import YearFilter
from manumit.catalog.models import (
    Attachment,
    LegacySlug,
    Region,
    Resource,
    ResourceType,
    Status,
)
from manumit.catalog.tests.admin_forms import (
    ADD_URL,
    RESOURCE_URL,
    change_url,
    resource_form,
)
from manumit.catalog.tests.factories import (
    ResourceFactory,
    organisation_named,
    person_named,
)
from manumit.catalog.tests.files import media_files, tiny_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def curator(client: Client, editor: User) -> Client:
    client.force_login(editor)
    return client


def listed_titles(response: object) -> list[str]:
    return [resource.title for resource in response.context["cl"].result_list]  # type: ignore[attr-defined]


# The front door


def test_the_admin_greets_curators_by_name(curator: Client) -> None:
    page = curator.get("/admin/").content.decode()
    assert "Manumit curators" in page
    assert "Resources" in page


# Adding a resource


def test_an_editor_adds_a_draft_with_authors_and_publishers_in_order(
    curator: Client, editor: User
) -> None:
    walk_free = organisation_named("Walk Free Foundation")
    ilo = organisation_named("International Labour Organization")
    breuker = person_named("Remco E. Breuker")
    data = resource_form(
        title="Understanding modern slavery in North Korea",
        pub_date="2018-01-01",
        pub_date_precision="year",
        types=[str(ResourceType.objects.get(name="Publications").pk)],
        inlines={
            "authorships": [
                {"position": "2", "organisation": str(walk_free.pk)},
                {"position": "1", "person": str(breuker.pk)},
            ],
            "publishings": [{"position": "1", "organisation": str(ilo.pk)}],
        },
    )
    response = curator.post(ADD_URL, data)
    assert response.status_code == 302, response.context["errors"]
    resource = Resource.objects.get()
    assert resource.status == Status.DRAFT
    assert resource.slug == "understanding-modern-slavery-in-north-korea"
    assert resource.created_by == editor
    assert resource.ordered_authors() == [breuker, walk_free]
    assert resource.ordered_publishers() == [ilo]
    assert resource.display_date == "2018"


def test_an_author_row_needs_a_person_or_an_organisation_not_both(curator: Client) -> None:
    both = {"person": str(person_named("A. Person").pk)}
    both["organisation"] = str(organisation_named("An Organisation").pk)
    response = curator.post(
        ADD_URL, resource_form(title="Two in one", inlines={"authorships": [both]})
    )
    assert response.status_code == 200
    assert "Choose either a person or an organisation" in response.content.decode()
    assert not Resource.objects.exists()


def test_renaming_a_slug_keeps_the_old_address_working(client: Client, publisher: User) -> None:
    # A publisher: an editor's change to a published resource waits as a revision.
    client.force_login(publisher)
    resource = ResourceFactory.create(title="Old title")
    response = client.post(change_url(resource), resource_form(resource, slug="new-title"))
    assert response.status_code == 302
    assert LegacySlug.objects.get(resource=resource).slug == "old-title"
    moved = Client().get("/old-title/")
    assert moved.status_code == 301
    assert moved["Location"] == "/resources/new-title/"


def test_a_slug_another_resource_used_before_is_refused(curator: Client) -> None:
    LegacySlug.objects.create(slug="taken", resource=ResourceFactory.create())
    resource = ResourceFactory.create()
    response = curator.post(change_url(resource), resource_form(resource, slug="taken"))
    assert response.status_code == 200
    assert "Another resource was known by this address before" in response.content.decode()


# Files


def test_an_uploaded_pdf_is_measured_when_saved(
    curator: Client, django_capture_on_commit_callbacks: Any
) -> None:
    content = tiny_pdf(pages=3)
    upload = SimpleUploadedFile("report.pdf", content, content_type="application/pdf")
    data = resource_form(
        title="With a file",
        inlines={"attachments": [{"position": "0", "label": "Full report", "file": upload}]},
    )
    # The pages are counted by the extraction that the save queues (see manumit.ingest).
    with django_capture_on_commit_callbacks(execute=True):
        assert curator.post(ADD_URL, data).status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.sha256 == hashlib.sha256(content).hexdigest()
    assert attachment.size == len(content)
    assert attachment.page_count == 3
    assert attachment.media_type == "application/pdf"
    assert attachment.filename == "report.pdf"
    page = curator.get(change_url(attachment.resource)).content.decode()
    assert "3 pages" in page
    assert attachment.sha256[:10] in page


def test_the_form_links_a_stored_file_to_its_download_which_a_curator_can_open(
    curator: Client,
) -> None:
    content = tiny_pdf(pages=1)
    upload = SimpleUploadedFile("draft-report.pdf", content, content_type="application/pdf")
    data = resource_form(
        title="A draft with a file", inlines={"attachments": [{"position": "0", "file": upload}]}
    )
    assert curator.post(ADD_URL, data).status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.resource.status == Status.DRAFT
    page = curator.get(change_url(attachment.resource)).content.decode()
    download_url = attachment.get_download_url()
    assert f'<a href="{download_url}">draft-report.pdf</a>' in page
    assert settings.MEDIA_URL not in page, "nothing serves /media/"
    response = curator.get(download_url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content  # type: ignore[attr-defined]
    assert Client().get(download_url).status_code == 404, "a draft's file stays private"


def test_a_link_attachment_needs_no_file(curator: Client) -> None:
    row = {"position": "0", "url": "https://www.ilo.org/report"}
    data = resource_form(title="With a link", inlines={"attachments": [row]})
    assert curator.post(ADD_URL, data).status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.is_external
    assert attachment.sha256 == "" and attachment.size is None


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"Meeting notes, saved with the wrong name.\n", "its content is not a PDF"),
    ],
)
def test_a_broken_pdf_is_refused_with_a_clear_message_and_nothing_is_saved(
    curator: Client, content: bytes, reason: str
) -> None:
    upload = SimpleUploadedFile("broken.pdf", content, content_type="application/pdf")
    data = resource_form(
        title="Broken upload", inlines={"attachments": [{"position": "0", "file": upload}]}
    )
    response = curator.post(ADD_URL, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "“broken.pdf” cannot be attached" in page
    assert reason in page
    assert not Resource.objects.exists()
    assert not Attachment.objects.exists()
    assert media_files() == []


def test_a_broken_pdf_on_an_existing_resource_leaves_it_as_it_was(curator: Client) -> None:
    resource = ResourceFactory.create(title="Unchanged", status=Status.DRAFT)
    upload = SimpleUploadedFile("broken.pdf", b"Notes\n", content_type="application/pdf")
    data = resource_form(
        resource, title="Changed", inlines={"attachments": [{"position": "0", "file": upload}]}
    )
    assert curator.post(change_url(resource), data).status_code == 200
    assert Resource.objects.get(pk=resource.pk).title == "Unchanged"
    assert media_files() == []


def test_the_media_type_comes_from_the_content_not_the_name(curator: Client) -> None:
    png = b"\x89PNG\r\n\x1a\n" + bytes(32)
    upload = SimpleUploadedFile("chart.bin", png, content_type="application/octet-stream")
    data = resource_form(
        title="An infographic", inlines={"attachments": [{"position": "0", "file": upload}]}
    )
    assert curator.post(ADD_URL, data).status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.media_type == "image/png"
    assert attachment.page_count is None


def test_a_file_over_the_upload_limit_is_refused(curator: Client, settings: object) -> None:
    settings.MAX_UPLOAD_BYTES = 1024  # type: ignore[attr-defined]
    upload = SimpleUploadedFile("big.pdf", tiny_pdf(pages=40), content_type="application/pdf")
    data = resource_form(
        title="Too big", inlines={"attachments": [{"position": "0", "file": upload}]}
    )
    response = curator.post(ADD_URL, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "“big.pdf” cannot be attached: The file is " in page
    assert "larger than the 1.0 KB allowed." in page
    assert not Resource.objects.exists()


# The list


def test_the_list_shows_what_a_curator_needs_at_a_glance(curator: Client) -> None:
    ResourceFactory.create(
        title="Forced labour in fishing",
        status=Status.IN_REVIEW,
        types=["Publications", "Guidance"],
        pub_date=datetime.date(2021, 3, 1),
        pub_date_precision="month",
    )
    page = curator.get(RESOURCE_URL).content.decode()
    assert "Forced labour in fishing" in page
    assert "Publications, Guidance" in page
    assert "March 2021" in page
    assert "In review" in page
    assert 'href="/resources/forced-labour-in-fishing/"' in page


def test_the_year_filter_offers_the_years_present_newest_first(curator: Client) -> None:
    for year in (2019, 2023, 2021):
        ResourceFactory.create(title=f"From {year}", pub_date=datetime.date(year, 5, 1))
    ResourceFactory.create(title="Undated", pub_date=None)
    response = curator.get(RESOURCE_URL)
    year_filter = next(
        spec for spec in response.context["cl"].filter_specs if isinstance(spec, YearFilter)
    )
    assert [label for _, label in year_filter.lookup_choices] == [
        "2023",
        "2021",
        "2019",
        "No date",
    ]
    assert listed_titles(curator.get(RESOURCE_URL, {"year": "2021"})) == ["From 2021"]
    assert listed_titles(curator.get(RESOURCE_URL, {"year": "none"})) == ["Undated"]


def test_the_list_filters_by_region(curator: Client) -> None:
    ResourceFactory.create(title="Asian report", regions=["Asia"])
    ResourceFactory.create(title="European report", regions=["Europe"])
    asia = Region.objects.get(name="Asia")
    response = curator.get(RESOURCE_URL, {"regions__id__exact": asia.pk})
    assert listed_titles(response) == ["Asian report"]


def test_the_list_filters_by_status_and_content_type(curator: Client) -> None:
    ResourceFactory.create(title="A draft guide", status=Status.DRAFT, types=["Guidance"])
    ResourceFactory.create(title="A published guide", types=["Guidance"])
    ResourceFactory.create(title="A draft tool", status=Status.DRAFT, types=["Online Tools"])
    guidance = ResourceType.objects.get(name="Guidance")
    response = curator.get(
        RESOURCE_URL, {"status__exact": "draft", "types__id__exact": str(guidance.pk)}
    )
    assert listed_titles(response) == ["A draft guide"]


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("north korea", "Modern slavery in North Korea"),
        ("Breuker", "Modern slavery in North Korea"),
        ("Walk Free", "Modern slavery in North Korea"),
        ("10.1234/abc", "A report with a DOI"),
        ("9780000000001", "A book"),
    ],
)
def test_search_finds_titles_people_organisations_and_identifiers(
    curator: Client, query: str, found: str
) -> None:
    ResourceFactory.create(
        title="Modern slavery in North Korea",
        authors=["Remco E. Breuker"],
        publishers=["Walk Free Foundation"],
    )
    ResourceFactory.create(title="A report with a DOI", doi="10.1234/abc")
    ResourceFactory.create(title="A book", isbn="9780000000001")
    ResourceFactory.create(title="Something else entirely")
    assert listed_titles(curator.get(RESOURCE_URL, {"q": query})) == [found]


def test_the_list_page_costs_a_fixed_number_of_queries(
    curator: Client, django_assert_max_num_queries: object
) -> None:
    for number in range(30):
        ResourceFactory.create(
            title=f"Resource {number}",
            types=["Publications", "Guidance"],
            regions=["Asia"],
            authors=[f"Author {number}"],
            publishers=["Walk Free Foundation"],
        )
    # Session, user, permissions (2), three filters (4), two counts, the rows, their types.
    with django_assert_max_num_queries(12):  # type: ignore[operator]
        response = curator.get(RESOURCE_URL)
    assert len(listed_titles(response)) == 30


# Previews


def test_a_curator_previews_a_draft_that_the_public_cannot_see(curator: Client) -> None:
    resource = ResourceFactory.create(title="Not yet public", status=Status.DRAFT)
    page = curator.get(change_url(resource)).content.decode()
    assert f'href="{resource.get_absolute_url()}"' in page
    assert "Preview draft" in page
    assert curator.get(resource.get_absolute_url()).status_code == 200
    assert Client().get(resource.get_absolute_url()).status_code == 404


def test_the_list_offers_a_preview_link_on_each_row(curator: Client) -> None:
    ResourceFactory.create(title="A draft", status=Status.DRAFT)
    ResourceFactory.create(title="Live")
    page = curator.get(RESOURCE_URL).content.decode()
    assert '<a href="/resources/a-draft/" target="_blank" rel="noopener">Preview</a>' in page
    assert '<a href="/resources/live/" target="_blank" rel="noopener">View</a>' in page


# Vocabularies


def test_the_resource_form_autocompletes_regions_for_an_editor(curator: Client) -> None:
    response = curator.get(
        "/admin/autocomplete/",
        {"app_label": "catalog", "model_name": "resource", "field_name": "regions", "term": "asi"},
    )
    assert response.status_code == 200
    assert "Asia" in [result["text"] for result in response.json()["results"]]


def test_an_editor_may_add_a_topic_but_only_look_at_countries(curator: Client) -> None:
    response = curator.post(
        "/admin/catalog/topic/add/", {"name": "Bonded labour", "slug": "bonded-labour"}
    )
    assert response.status_code == 302
    country_page = curator.get("/admin/catalog/country/BO/change/")
    assert country_page.status_code == 200
    assert 'name="_save"' not in country_page.content.decode()
    assert curator.post("/admin/catalog/country/BO/change/", {"name": "X"}).status_code == 403


def test_the_form_help_shows_the_address_pattern_as_text(curator: Client) -> None:
    page = curator.get(ADD_URL).content.decode()
    assert "The address: /resources/&lt;slug&gt;/." in page
    assert "Links of the form /?p=&lt;id&gt; from the old WordPress site" in page
