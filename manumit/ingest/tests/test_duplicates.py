"""A similar title or largely the same text as another resource is found and named, with
the share that matched; unrelated resources are not."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps as django_apps
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from manumit.catalog.models import Attachment, Resource
from manumit.catalog.tests.factories import ResourceFactory
from manumit.ingest.duplicates import TitleIndex, find_near_duplicates, fold
from manumit.ingest.fingerprint import Fingerprint
from manumit.ingest.models import DocumentText, Outcome, Page
from manumit.ingest.tests.ingest_fixtures import made_up_words

pytestmark = pytest.mark.django_db


def prose(seed: int, words: int = 1500) -> list[str]:
    """Pages of made-up but varied text, the same for the same seed."""
    text = made_up_words(seed, words)
    return [" ".join(text[i : i + 300]) for i in range(0, words, 300)]


def with_text(resource: Resource, pages: list[str], *, fingerprinted: bool = True) -> Resource:
    """The resource with a document of these pages, stored as ingestion stores it (or as it
    was stored before fingerprints existed)."""
    attachment = Attachment.objects.create(
        resource=resource, file=ContentFile(b"%PDF-1.7", name="report.pdf")
    )
    document = DocumentText(
        attachment=attachment,
        outcome=Outcome.TEXT,
        page_count=len(pages),
        char_count=sum(len(page) for page in pages),
    )
    if fingerprinted:
        document.set_fingerprint(Fingerprint.of("\n\n".join(pages)))
    document.save()
    Page.objects.bulk_create(
        Page(document=document, number=n, text=text) for n, text in enumerate(pages, start=1)
    )
    return resource


def many_with_text(texts: list[list[str]]) -> None:
    """A resource for each text, stored in bulk (nothing read from disk needs its file)."""
    resources = Resource.objects.bulk_create(
        Resource(title=f"Statement {n}", slug=f"statement-{n}") for n in range(len(texts))
    )
    attachments = Attachment.objects.bulk_create(
        Attachment(resource=resource, file=f"attachments/statement-{resource.pk}.txt")
        for resource in resources
    )
    documents = []
    for attachment, pages in zip(attachments, texts, strict=True):
        document = DocumentText(attachment=attachment, outcome=Outcome.TEXT)
        document.set_fingerprint(Fingerprint.of("\n\n".join(pages)))
        documents.append(document)
    DocumentText.objects.bulk_create(documents)


def test_titles_are_compared_without_case_accents_or_punctuation() -> None:
    assert fold("Côte d'Ivoire: COCOA & Child-Labour!") == "cote d ivoire cocoa child labour"


def test_a_similar_title_is_found_with_its_similarity() -> None:
    original = ResourceFactory.create(title="Forced Labour in Thailand's Fishing Industry")
    ResourceFactory.create(title="Child labour in cocoa farming")
    found = find_near_duplicates("Forced labour in Thailand’s fishing industry (2nd ed.)", "")
    assert [near.resource for near in found] == [original]
    assert found[0].reason.startswith(
        "Similar title: 'Forced Labour in Thailand's Fishing Industry' ("
    )
    assert 85 <= int(found[0].reason.rsplit("(", 1)[1].rstrip("%)")) < 100


def test_an_accented_title_matches_its_plain_spelling() -> None:
    original = ResourceFactory.create(title="Travail forcé en Côte d'Ivoire")
    found = find_near_duplicates("Travail force en Cote d'Ivoire", "")
    assert [near.resource for near in found] == [original]
    assert found[0].reason == "Similar title: 'Travail forcé en Côte d'Ivoire' (100%)"


def test_different_titles_are_not_near_duplicates() -> None:
    ResourceFactory.create(title="Modern Slavery Statement 2021: Acme Foods")
    ResourceFactory.create(title="Recruitment fees in the Gulf")
    assert find_near_duplicates("Debt bondage in brick kilns of Punjab", "") == []


def test_the_resource_itself_is_left_out() -> None:
    resource = ResourceFactory.create(title="Forced Labour in Thailand's Fishing Industry")
    assert find_near_duplicates(resource.title, "", exclude_resource_id=resource.pk) == []


def test_largely_identical_text_is_found_under_a_different_title() -> None:
    pages = prose(seed=1)
    original = with_text(ResourceFactory.create(title="Annual review"), pages)
    with_text(ResourceFactory.create(title="Another study"), prose(seed=2))
    # The same report with a new cover page and a changed last sentence.
    changed = ["Cover: Supply chain report 2024", *pages[:-1], pages[-1][:-200]]
    found = find_near_duplicates("Supply chain report 2024", "\n\n".join(changed))
    assert [near.resource for near in found] == [original]
    assert found[0].reason.startswith("Largely identical text (")
    assert found[0].reason.endswith("% of passages shared)")


def test_a_title_and_a_text_both_alike_give_both_reasons() -> None:
    pages = prose(seed=3)
    original = with_text(ResourceFactory.create(title="Debt bondage in brick kilns"), pages)
    found = find_near_duplicates("Debt Bondage in Brick Kilns", "\n\n".join(pages))
    assert [near.resource for near in found] == [original]
    assert found[0].reason == (
        "Similar title: 'Debt bondage in brick kilns' (100%); "
        "Largely identical text (100% of passages shared)"
    )


def test_texts_on_the_same_subject_are_not_called_identical() -> None:
    with_text(ResourceFactory.create(title="One study"), prose(seed=4))
    assert find_near_duplicates("Another study entirely", "\n\n".join(prose(seed=5))) == []


def test_a_few_words_are_too_little_to_call_texts_identical() -> None:
    with_text(ResourceFactory.create(title="Short note"), ["Forced labour is a crime."])
    assert find_near_duplicates("A new note", "Forced labour is a crime.") == []


def test_the_check_costs_a_bounded_number_of_queries_however_many_resources() -> None:
    for seed in range(40):
        with_text(ResourceFactory.create(), prose(seed=100 + seed, words=600))
    with CaptureQueriesContext(connection) as queries:
        find_near_duplicates("Report number 7 on forced labour", "\n\n".join(prose(seed=999)))
    assert len(queries) <= 3


def test_an_old_identical_text_is_found_among_many_newer_ones_of_the_same_length() -> None:
    pages = prose(seed=7, words=600)
    original = with_text(ResourceFactory.create(title="Ethical trade audit, first edition"), pages)
    many_with_text([prose(seed=1000 + seed, words=600) for seed in range(300)])
    with CaptureQueriesContext(connection) as queries:
        found = find_near_duplicates("Untitled upload", "\n\n".join(pages))
    assert [near.resource for near in found] == [original]
    assert found[0].reason == "Largely identical text (100% of passages shared)"
    assert len(queries) <= 4, "titles, fingerprints, the matches' resources, their titles"
    assert not any("ingest_page" in query["sql"] for query in queries), "no page is read"


def test_texts_of_very_different_lengths_are_not_compared() -> None:
    pages = prose(seed=8, words=3000)
    with_text(ResourceFactory.create(title="The full report"), pages)
    assert find_near_duplicates("Summary", pages[0]) == []


def test_texts_stored_before_fingerprints_existed_get_one_from_their_pages() -> None:
    migration = importlib.import_module(
        "manumit.ingest.migrations.0003_fingerprints_and_near_duplicate_warnings"
    )
    pages = prose(seed=9)
    original = with_text(ResourceFactory.create(title="An older study"), pages, fingerprinted=False)
    assert find_near_duplicates("Untitled upload", "\n\n".join(pages)) == []
    migration.fingerprint_stored_texts(django_apps, None)
    stored = DocumentText.objects.get(attachment__resource=original)
    assert stored.get_fingerprint() == Fingerprint.of("\n\n".join(pages))
    found = find_near_duplicates("Untitled upload", "\n\n".join(pages))
    assert [near.resource for near in found] == [original]


def test_a_spelling_variant_of_every_long_word_is_still_a_similar_title() -> None:
    # No long word is shared as typed: only their first letters are.
    original = ResourceFactory.create(title="Organisation of labour recruitment")
    found = find_near_duplicates("Organization of labor recruitement", "")
    assert [near.resource for near in found] == [original]


def test_an_index_kept_for_a_bulk_run_finds_what_the_database_finds() -> None:
    original = ResourceFactory.create(title="Forced Labour in Thailand's Fishing Industry")
    ResourceFactory.create(title="Child labour in cocoa farming")
    titles = TitleIndex()
    new_title = "Forced labour in Thailand’s fishing industry (2nd ed.)"
    from_database = find_near_duplicates(new_title, "")
    with CaptureQueriesContext(connection) as first:
        from_index = find_near_duplicates(new_title, "", titles=titles)
    with CaptureQueriesContext(connection) as again:
        find_near_duplicates(new_title, "", titles=titles)
    assert [n.reason for n in from_index] == [n.reason for n in from_database]
    assert [n.resource for n in from_index] == [original]
    assert len(again) < len(first), "the titles are read once, on first use"


def test_a_title_filed_in_the_index_is_found_and_a_retitled_one_under_its_new_title() -> None:
    titles = TitleIndex()
    assert find_near_duplicates("Debt bondage in brick kilns", "", titles=titles) == []
    resource = ResourceFactory.create(title="Debt bondage in brick kilns")
    titles.add(resource.pk, resource.title)
    found = find_near_duplicates("Debt Bondage in Brick Kilns", "", titles=titles)
    assert [near.resource for near in found] == [resource]
    resource.title = "Recruitment fees in the Gulf"
    resource.save()
    titles.add(resource.pk, resource.title)
    assert find_near_duplicates("Debt Bondage in Brick Kilns", "", titles=titles) == []
    assert find_near_duplicates("Recruitment fees in the Gulf states", "", titles=titles)
