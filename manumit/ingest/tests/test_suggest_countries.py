"""Countries found in text: variants, demonyms, the traps, and speed."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from manumit.ingest.suggest.gazetteer import default_gazetteer
from manumit.ingest.suggest.places import min_mentions, propose_countries


def found(text: str) -> dict[str, int]:
    counts = default_gazetteer().count(text)
    return dict(counts.ranked())


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Cocoa from Côte d'Ivoire", "CI"),
        ("Cocoa from Côte d\u2019Ivoire", "CI"),
        ("Cocoa from Cote d'Ivoire", "CI"),
        ("Cocoa from the Ivory Coast", "CI"),
        ("Ivorian cocoa farmers", "CI"),
        ("Burmese migrants", "MM"),
        ("fishing boats from Burma", "MM"),
        ("workers from Myanmar", "MM"),
        ("construction in the UAE", "AE"),
        ("Emirati employers", "AE"),
        ("the United Arab Emirates", "AE"),
        ("the UK and", "GB"),
        ("Great Britain", "GB"),
        ("British retailers", "GB"),
        ("registered in England and Wales", "GB"),
        ("the US market", "US"),
        ("U.S. consumers", "US"),
        ("USA", "US"),
        ("American consumers", "US"),
        ("the United\nStates", "US"),
        ("South Korea", "KR"),
        ("the Republic of Korea", "KR"),
        ("North Korean workers", "KP"),
        ("the DPRK", "KP"),
        ("cobalt from the DRC", "CD"),
        ("the Democratic Republic of Congo", "CD"),
        ("the Republic of the Congo", "CG"),
        ("Papua New Guinea", "PG"),
        ("Equatorial Guinea", "GQ"),
        ("Guinea-Bissau", "GW"),
        ("Guinea and Sierra Leone", "GN"),
        ("Niger and Mali", "NE"),
        ("Nigeria and Ghana", "NG"),
        ("the Dominican Republic", "DO"),
        ("Dominica and", "DM"),
        ("Trinidad & Tobago", "TT"),
        ("St Lucia", "LC"),
        ("THAILAND", "TH"),
        ("refugees in Jordan and Lebanon", "JO"),
        ("Armenia, Georgia and Azerbaijan", "GE"),
        ("Türkiye", "TR"),
    ],
)
def test_a_country_is_recognised_by_its_everyday_names(text: str, code: str) -> None:
    assert code in found(text), f"{text!r} should name {code}"


@pytest.mark.parametrize(
    ("text", "not_code"),
    [
        ("Michael Jordan played", "JO"),
        ("Chad Smith wrote the report", "TD"),
        ("offices in Atlanta, Georgia and Boston", "GE"),
        ("Papua New Guinea", "GN"),
        ("Equatorial Guinea", "GN"),
        ("Guinea-Bissau", "GN"),
        ("Nigeria", "NE"),
        ("a roast turkey", "TR"),
        ("Latin American workers", "US"),
        ("South American supply chains", "US"),
        ("the Indian Ocean", "IN"),
        ("New Mexico", "MX"),
        ("the Dominican Republic", "DM"),
        ("Korea", "KR"),
        ("Korea", "KP"),
        ("Congo", "CG"),
        ("CONTACT US", "US"),
        ("New South Wales", "GB"),
        ("the US State Department's TIP report", "US"),
        ("Rosa Smith, University of Nottingham, UK", "GB"),
    ],
)
def test_a_lookalike_is_not_counted_as_a_country(text: str, not_code: str) -> None:
    assert not_code not in found(text), f"{text!r} should not name {not_code}"


def test_each_variant_counts_towards_one_country() -> None:
    assert found("Myanmar (Burma) sends Burmese workers to Thailand; Myanmar again.") == {
        "MM": 3,
        "TH": 1,
    }


def test_one_mention_is_enough_in_a_leaflet_but_a_report_needs_two() -> None:
    assert min_mentions(300) == 1
    assert min_mentions(5_000) == 2
    assert min_mentions(150_000) > 2


@pytest.mark.django_db
def test_countries_are_suggested_most_mentioned_first_with_their_evidence() -> None:
    text = ("Thai fishing fleets hire workers from Myanmar. " * 3 + "Thailand. ") * 40
    proposal = propose_countries(text + " Cambodia was mentioned once.")
    assert proposal is not None
    assert proposal.value == ["TH", "MM"]
    assert proposal.evidence[0].startswith("Thailand: 160 mentions (Thai 120, Thailand 40)")


@pytest.mark.django_db
def test_a_country_in_the_title_is_suggested_even_when_named_once() -> None:
    text = "A survey of consumers. " * 400 + "Findings from the United States."
    proposal = propose_countries(text, title="Consumer Poll, United States")
    assert proposal is not None and proposal.value == ["US"]
    assert proposal.evidence == ["United States: 1 mention, in the title"]


def test_a_350_page_book_about_american_copyright_is_about_the_united_states(
    shared_dir: Path,
) -> None:
    from manumit.ingest.tests.ingest_fixtures import pdf_pages_and_metadata

    pages, _ = pdf_pages_and_metadata(shared_dir / "data/pdfs/pdf.js/freeculture.pdf")
    text = "\n".join(pages)
    default_gazetteer()  # built once per process
    started = time.perf_counter()
    counts = default_gazetteer().count(text)
    elapsed = time.perf_counter() - started
    print(f"\ngazetteer: {len(pages)} pages, {len(text)} chars in {elapsed * 1000:.0f} ms")
    assert counts.ranked()[0][0] == "US"
