"""The demo library that `make run` loads: what a first visitor sees, and how it reloads."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from io import StringIO
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
from django.apps import apps as django_apps
from django.core.management import call_command
from django.test import Client, override_settings
from django.utils.html import strip_tags

from manumit.catalog.formatting import plain_text
from manumit.catalog.models import (
    Attachment,
    LegacySlug,
    Organisation,
    Person,
    Resource,
    ResourceType,
    Status,
)
from manumit.catalog.tests.factories import ResourceFactory
from manumit.demo.attachments import CATALOGUE_SUFFIX
from manumit.demo.loader import DEMO_FILE, load_demo, load_record, read_library
from manumit.demo.pdfs import count_pages, latin1, render_catalogue_record
from manumit.ingest.models import DocumentText, Outcome
from manumit.search import apply_outbox, search
from manumit.search.models import OutboxEntry
from manumit.search.types import SearchQuery

pytestmark = pytest.mark.django_db

NORTH_KOREA = "Pervasive, punitive, and predetermined: Understanding modern slavery in North Korea"


@dataclass(frozen=True)
class Demo:
    media: Path
    output: str


@pytest.fixture(scope="module")
def demo(
    django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Demo]:
    """The demo, loaded once for the module (it takes a second or two) and removed after."""
    media = tmp_path_factory.mktemp("demo-media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
        seeded_types = set(ResourceType.objects.values_list("pk", flat=True))
        output = StringIO()
        call_command("demo", stdout=output)
    yield Demo(media=media, output=output.getvalue())
    with django_db_blocker.unblock():
        Resource.objects.all().delete()
        Person.objects.all().delete()
        Organisation.objects.all().delete()
        ResourceType.objects.exclude(pk__in=seeded_types).delete()
        OutboxEntry.objects.all().delete()
        # What other apps keep about those resources: OAI-PMH's persistent deleted
        # records, the importers' identifiers and the page cache's library version would
        # otherwise outlive this module.
        for label in ("interop", "importers", "site"):
            for model in django_apps.get_app_config(label).get_models():
                model._default_manager.all().delete()


@pytest.fixture
def demo_files(demo: Demo, settings: Any) -> Demo:
    """Point storage at the folder the demo's PDFs were written to."""
    settings.MEDIA_ROOT = demo.media
    return demo


def cards(html: str) -> list[str]:
    return html.split('<article class="card">')[1:]


def snapshot() -> dict[str, Any]:
    """Everything a reload could disturb, in a comparable form."""
    resources = Resource.objects.order_by("slug").prefetch_related(
        "types", "regions", "countries", "topics", "sectors"
    )
    return {
        "resources": [_facts(resource) for resource in resources],
        "attachments": sorted(
            Attachment.objects.values_list("resource__slug", "position", "url", "file", "sha256")
        ),
        "legacy": sorted(LegacySlug.objects.values_list("slug", "resource__slug")),
        "people": Person.objects.count(),
        "organisations": Organisation.objects.count(),
        "types": ResourceType.objects.count(),
    }


def _facts(r: Resource) -> tuple[object, ...]:
    terms = [r.types, r.regions, r.countries, r.topics, r.sectors]
    return (
        *(r.slug, r.title, r.status, r.pub_date, r.pub_date_precision, r.wp_post_id),
        *(r.description, r.published_at, r.byline, r.citation, r.source_url, r.language),
        *(sorted(map(str, terms.all())) for terms in terms),
    )


def test_the_demo_reads_the_text_of_every_demo_pdf(demo: Demo) -> None:
    files = Attachment.objects.exclude(file="")
    texts = DocumentText.objects.filter(attachment__in=files)
    assert texts.count() == files.count() > 40
    assert set(texts.values_list("outcome", flat=True)) == {Outcome.TEXT}
    assert f"read the text of {files.count()} documents" in demo.output


def test_the_demo_library_is_searchable_inside_its_documents(demo: Demo) -> None:
    apply_outbox()
    results = search(SearchQuery(text="North Korea"))
    assert NORTH_KOREA in [hit.resource.title for hit in results.hits]
    pages = [passage.page for hit in results.hits for passage in hit.passages]
    assert 1 in pages  # the words were found inside the PDF, on its first page


def test_loading_the_demo_again_does_not_read_the_documents_again(demo_files: Demo) -> None:
    output = StringIO()
    call_command("demo", stdout=output)
    assert "read the text of 0 documents" in output.getvalue()


def test_the_demo_command_says_how_many_resources_it_loaded(demo: Demo) -> None:
    assert f"Loaded {Resource.objects.count()} demo resources" in demo.output


def test_the_demo_has_at_least_forty_published_resources(demo: Demo) -> None:
    assert Resource.objects.public().count() >= 40


def test_the_draft_and_the_withdrawn_examples_stay_out_of_public_view(
    demo: Demo, client: Client
) -> None:
    hidden = Resource.objects.exclude(status=Status.PUBLISHED)
    assert sorted(hidden.values_list("status", flat=True)) == ["draft", "withdrawn"]
    listing = client.get("/").content.decode()
    assert f"{Resource.objects.public().count()} resources" in listing
    for resource in hidden:
        assert client.get(resource.get_absolute_url()).status_code == 404


def test_the_first_page_shows_twenty_cards_that_each_look_complete(
    demo: Demo, client: Client
) -> None:
    page = cards(client.get("/").content.decode())
    assert len(page) == 20
    for card in page:
        assert "<time datetime=" in card
        assert 'class="type"' in card
        assert "TAGS:" in card
        slug = re.search(r'href="/resources/([^/]+)/"', card)
        assert slug is not None
        resource = Resource.objects.get(slug=slug.group(1))
        shown = re.search(r'<p class="excerpt">(.*?)<a ', card, re.S)
        assert shown is not None
        excerpt = plain_text(shown.group(1))
        assert excerpt.endswith("...") or excerpt == plain_text(resource.description)


def test_the_north_korea_report_shows_its_citation_and_byline(demo: Demo, client: Client) -> None:
    resource = Resource.objects.get(title=NORTH_KOREA)
    html = client.get(resource.get_absolute_url()).content.decode()
    assert f"{NORTH_KOREA} - Walk Free Foundation &amp; Leiden University, 2018" in html
    byline = re.search(r'<p class="byline">(.*?)</p>', html, re.S)
    assert byline is not None
    assert strip_tags(byline.group(1)) == "By Remco E. Breuker &amp; Imke van Gardingen"


def test_loading_the_demo_twice_changes_nothing(demo_files: Demo) -> None:
    before = snapshot()
    result = load_demo()
    assert result.created == 0
    assert snapshot() == before


def test_editing_a_description_in_the_data_rewrites_its_pdf_in_place(
    demo: Demo, django_capture_on_commit_callbacks: Any
) -> None:
    record = next(r for r in read_library() if r["title"] == NORTH_KOREA)
    load_record(record)  # this test's own, empty media folder gets the PDF first
    edited = {**record, "description": record["description"].replace("A study", "An inquiry")}
    with django_capture_on_commit_callbacks(execute=True):
        resource, _ = load_record(edited)
    attachment = resource.attachments.exclude(file="").get()
    with attachment.file.open("rb") as handle:
        content = handle.read()
    assert "An inquiry of how citizens" in pdf_text(content)
    assert attachment.sha256 == hashlib.sha256(content).hexdigest()
    assert attachment.size == len(content)


def test_if_empty_leaves_a_library_that_already_has_resources_alone(
    demo: Demo,
) -> None:
    before = snapshot()
    output = StringIO()
    call_command("demo", "--if-empty", stdout=output)
    assert output.getvalue().strip() == "Database already has resources; demo not loaded"
    assert snapshot() == before


def test_every_demo_resource_has_a_generated_pdf_to_download(demo: Demo) -> None:
    for resource in Resource.objects.prefetch_related("attachments"):
        # Two resources also hold a real document (see test_the_two_real_documents...).
        pdfs = [a for a in resource.attachments.all() if a.filename.endswith(CATALOGUE_SUFFIX)]
        assert len(pdfs) == 1, resource.slug
        assert pdfs[0].media_type == "application/pdf"
        assert pdfs[0].size and pdfs[0].sha256 and pdfs[0].page_count in (1, 2)


def test_a_generated_pdf_downloads_as_a_pdf(demo_files: Demo, client: Client) -> None:
    resource = Resource.objects.get(title=NORTH_KOREA)
    attachment = resource.attachments.exclude(file="").get()
    response = client.get(attachment.get_download_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")  # type: ignore[attr-defined]


def test_the_chinese_handbook_downloads_as_a_pdf_too(demo_files: Demo, client: Client) -> None:
    resource = Resource.objects.get(language="zh")
    assert resource.title == "反对强迫劳动 - 给雇主和企业的手册"
    attachment = resource.attachments.exclude(file="").get()
    response = client.get(attachment.get_download_url())
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")  # type: ignore[attr-defined]


def test_a_catalogue_record_says_what_it_is_and_carries_the_description(demo: Demo) -> None:
    resource = Resource.objects.get(title=NORTH_KOREA)
    text = pdf_text(render_catalogue_record(resource))
    assert "MANUMIT CATALOGUE RECORD" in text
    assert "not the original publication" in text
    assert "By Remco E. Breuker & Imke van Gardingen" in text
    assert "Walk Free Foundation & Leiden University, 2018" in text
    assert plain_text(resource.description).split(".")[0] in text


def test_typographic_and_non_latin_text_never_breaks_a_pdf() -> None:
    folded = latin1("“Voice” ‘fees’ – costs… Verité, Łódź")
    assert folded == "\"Voice\" 'fees' - costs... Verité, ?ódz"
    resource = ResourceFactory.create(
        title="反对强迫劳动 – Łódź “quoted”",
        description="<p>“Curly” quotes – dashes… and 中文.</p>",
        language="zh",
    )
    content = render_catalogue_record(resource)  # type: ignore[arg-type]
    assert content.startswith(b"%PDF")
    assert count_pages(content) == 1


def pdf_text(content: bytes) -> str:
    document = pdfium.PdfDocument(content)
    try:
        text = " ".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()
    return " ".join(text.split())  # lines wrap wherever the layout put them


def test_content_types_the_seed_lacks_are_added_after_the_seeded_ones(demo: Demo) -> None:
    added = ResourceType.objects.filter(name__in=["Videos", "Event (webinar)"])
    assert added.count() == 2
    seeded_last = ResourceType.objects.exclude(pk__in=added).order_by("-position").first()
    assert seeded_last is not None
    assert all(kind.position > seeded_last.position for kind in added)


def test_an_old_wordpress_post_id_redirects_to_its_resource(demo: Demo, client: Client) -> None:
    response = client.get("/?p=16190")
    assert response.status_code == 301
    assert response["Location"] == "/resources/an-introduction-to-grievance-mechanisms/"


def test_an_old_misspelt_slug_redirects_to_its_resource(demo: Demo, client: Client) -> None:
    response = client.get("/mondern-slavery-what-business-needs-to-know/")
    assert response.status_code == 301
    assert response["Location"] == "/resources/modern-slavery-what-business-needs-to-know/"


def test_every_content_type_has_at_least_one_published_resource(demo: Demo) -> None:
    empty = [t.name for t in ResourceType.objects.all() if not t.resources.public().exists()]
    assert empty == []


def test_dates_keep_the_precision_the_sources_give(demo: Demo) -> None:
    def shown(title: str) -> str:
        return Resource.objects.get(title__startswith=title).display_date

    assert shown("Guide to eliminating worker paid recruitment fees") == "November 2019"
    assert shown("Food & Beverage Benchmark Findings Report") == "2016"
    assert shown("Vietnam Private Sector Assessment") == "02 June 2018"
    assert shown(NORTH_KOREA) == "2018"


def test_descriptions_are_between_fifty_and_one_hundred_and_forty_words(
    demo: Demo,
) -> None:
    lengths = {r.slug: len(plain_text(r.description).split()) for r in Resource.objects.all()}
    assert {slug: n for slug, n in lengths.items() if not 50 <= n <= 140} == {}


def test_no_description_repeats_eight_words_in_a_row_from_the_seed_page(
    demo: Demo, shared_dir: Path
) -> None:
    seed_runs: set[tuple[str, ...]] = set()
    for page in sorted((shared_dir / "seed").glob("*.txt")):
        seed_runs |= word_runs(page.read_text(encoding="utf-8"))
    assert seed_runs, "the seed folder has no pages to compare with"
    copied = {
        resource.slug: sorted(" ".join(run) for run in word_runs(resource.description) & seed_runs)
        for resource in Resource.objects.all()
    }
    assert {slug: runs for slug, runs in copied.items() if runs} == {}


def word_runs(text: str, length: int = 8) -> set[tuple[str, ...]]:
    words = re.findall(r"[\w']+", plain_text(text).lower().replace("\u2019", "'"))
    return {tuple(words[i : i + length]) for i in range(len(words) - length + 1)}


REAL_DOCUMENTS = {
    # title: (file in documents/, pages, a phrase inside it, the page it is on)
    "Human Trafficking, 2014": (
        "fbi-human-trafficking-2014.pdf",
        11,
        "William Wilberforce Trafficking Victims Protection Reauthorization Act",
        1,
    ),
    "Combating Modern Slavery with NLP: Research on Automatic Document Assessment": (
        "project-aims-combating-modern-slavery-with-nlp.pdf",
        16,
        "Models Recurrence over BERT",
        3,
    ),
}


def test_the_two_real_documents_are_attached_to_their_records(demo: Demo) -> None:
    for title, (name, pages, _, _) in REAL_DOCUMENTS.items():
        resource = Resource.objects.get(title=title, status=Status.PUBLISHED)
        shipped = (DEMO_FILE.parent / "documents" / name).read_bytes()
        attachment = resource.attachments.get(sha256=hashlib.sha256(shipped).hexdigest())
        assert (attachment.page_count, attachment.media_type) == (pages, "application/pdf")
        assert attachment.size == len(shipped)


def test_a_phrase_inside_each_real_document_finds_its_page(demo: Demo) -> None:
    apply_outbox()
    for title, (_, _, phrase, page) in REAL_DOCUMENTS.items():
        results = search(SearchQuery(text=f'"{phrase}"'))
        hit = next(hit for hit in results.hits if hit.resource.title == title)
        assert page in [passage.page for passage in hit.passages], title


def test_each_real_document_has_its_source_and_licence_beside_it() -> None:
    folder = DEMO_FILE.parent / "documents"
    readme = (folder / "README.md").read_text(encoding="utf-8")
    for name, _, _, _ in REAL_DOCUMENTS.values():
        digest = hashlib.sha256((folder / name).read_bytes()).hexdigest()
        assert f"## {name}" in readme and digest in readme
    assert "public domain" in readme and "MIT" in readme
    notice = (folder / "project-aims-combating-modern-slavery-with-nlp.LICENSE").read_text()
    assert "Copyright (c) 2021 The Future Society" in notice
    assert sorted(path.name for path in folder.iterdir()) == [
        "README.md",
        "fbi-human-trafficking-2014.pdf",
        "project-aims-combating-modern-slavery-with-nlp.LICENSE",
        "project-aims-combating-modern-slavery-with-nlp.pdf",
    ]
