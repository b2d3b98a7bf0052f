"""Suggestions on the real anti-slavery documents in ../shared, and the measured precision
of the country suggestions on a hand-labelled sample (tests/data/country_labels.json)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from manumit.ingest.suggest import propose
from manumit.ingest.suggest.places import propose_countries
from manumit.ingest.suggest.seeding import load_tag_rules
from manumit.ingest.tests.ingest_fixtures import pdf_pages_and_metadata, statements

LABELS = Path(__file__).parent / "data" / "country_labels.json"
MIN_PRECISION = 0.85

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _tag_rules() -> None:
    from django.apps import apps

    load_tag_rules(apps)  # a flushed database (after browser tests) has lost the seeded rules


def by_field(pages: list[str], metadata: dict[str, str], **kwargs: str) -> dict[str, object]:
    return {proposal.field: proposal.value for proposal in propose(pages, metadata, **kwargs)}


def test_the_fbi_report_is_about_the_united_states_and_human_trafficking(
    shared_dir: Path,
) -> None:
    pages, metadata = pdf_pages_and_metadata(
        shared_dir / "data/antislavery/libertas_HTI/Human_Trafficking.pdf"
    )
    found = by_field(pages, metadata, file_name="Human_Trafficking.pdf", language="en")
    assert found["countries"][0] == "US"  # type: ignore[index]
    assert "americas" in found["regions"]  # type: ignore[operator]
    assert found["title"] == "Human Trafficking, 2014"
    assert found["year"] == 2015
    assert found["language"] == "en"
    assert {"human-trafficking", "sexual-exploitation", "forced-labour"} <= set(
        found["topics"]  # type: ignore[call-overload]
    )


def test_the_consumer_poll_keeps_its_title_from_page_one(shared_dir: Path) -> None:
    pages, metadata = pdf_pages_and_metadata(
        shared_dir / "data/antislavery/libertas_HTI/Slavery-Alert-Consumer-Poll-United-States.pdf"
    )
    found = by_field(pages, metadata)
    assert found["title"] == "Slavery Alert: Consumer Poll, United States"
    assert found["countries"] == ["US"]
    assert found["year"] == 2015


def test_a_codebook_with_a_word_processor_title_gets_its_real_title_and_author(
    shared_dir: Path,
) -> None:
    pages, metadata = pdf_pages_and_metadata(
        shared_dir / "data/antislavery/libertas_HTI/HTI_Codebook_2013.pdf"
    )
    assert metadata["title"].startswith("Microsoft Word - ")
    found = by_field(pages, metadata, file_name="HTI_Codebook_2013.pdf")
    assert found["title"] == "Human Trafficking Indicators, 2000-2011"
    assert found["authors"] == ["Richard W. Frank"]
    assert found["year"] == 2013


def test_an_academic_paper_lists_its_authors_from_page_one(shared_dir: Path) -> None:
    pages, metadata = pdf_pages_and_metadata(
        shared_dir / "data/antislavery/ml-slavery_GSI/SupplementaryMaterial.pdf"
    )
    found = by_field(pages, metadata)
    assert found["authors"] == [
        "Rosa Lavelle-Hill",
        "Gavin Smith",
        "Anjali Mazumder",
        "Todd Landman",
        "James Goulding",
    ]
    assert "countries" not in found  # the authors' affiliations are not the subject


def test_statements_yield_the_united_kingdom_and_supply_chain_topics(shared_dir: Path) -> None:
    rows = list(statements(shared_dir).values())
    with_text = [row for row in rows if row["Text"].strip()]
    uk, due_diligence = 0, 0
    for row in with_text:
        found = by_field([row["Text"]], {})
        uk += "GB" in found.get("countries", [])  # type: ignore[operator]
        due_diligence += "supply-chain-due-diligence" in found.get("topics", [])  # type: ignore[operator]
    print(
        f"\n{len(with_text)} statements: UK in {uk}, supply chain due diligence in {due_diligence}"
    )
    assert uk / len(with_text) >= 0.6
    assert due_diligence / len(with_text) >= 0.9


def test_a_statement_gets_a_title_naming_the_company(shared_dir: Path) -> None:
    serco = statements(shared_dir)["7308615"]
    found = by_field([serco["Text"]], {})
    assert found["title"] == "Serco Group plc: Slavery and human trafficking statement 2016"
    assert found["publisher"] == ["Serco Group plc"]


def test_country_suggestions_are_precise_on_the_hand_labelled_sample(shared_dir: Path) -> None:
    labels = json.loads(LABELS.read_text(encoding="utf-8"))
    rows = statements(shared_dir)
    documents: list[tuple[str, str, set[str]]] = []
    for answer_id, codes in labels["statements"].items():
        documents.append((answer_id, rows[answer_id]["Text"], set(codes)))
    for path, codes in labels["pdfs"].items():
        pages, _ = pdf_pages_and_metadata(shared_dir / "data/antislavery" / path)
        documents.append((path, "\n".join(pages), set(codes)))
    true_positives = suggested = labelled = 0
    misses = []
    for name, text, truth in documents:
        proposal = propose_countries(text)
        guessed = set(proposal.value) if proposal else set()
        true_positives += len(guessed & truth)
        suggested += len(guessed)
        labelled += len(truth)
        if guessed - truth:
            misses.append(f"{name}: wrong {sorted(guessed - truth)}")
    precision = true_positives / suggested
    recall = true_positives / labelled
    print(
        f"\ncountry suggestions on {len(documents)} hand-labelled documents: "
        f"precision {precision:.3f} ({true_positives}/{suggested}), "
        f"recall {recall:.3f} ({true_positives}/{labelled})\n" + "\n".join(misses)
    )
    assert precision >= MIN_PRECISION
