"""Title, authors, publisher and year from realistic metadata and first pages."""

from __future__ import annotations

import pytest

from manumit.ingest.suggest.bibliographic import (
    is_junk_title,
    propose_bibliographic,
    propose_year,
    split_names,
)


def fields(pages: list[str], metadata: dict[str, str], file_name: str = "") -> dict[str, object]:
    return {p.field: p.value for p in propose_bibliographic(pages, metadata, file_name)}


@pytest.mark.parametrize(
    "title",
    [
        "Microsoft Word - report_final.docx",
        "untitled",
        "Untitled-3",
        "PowerPoint Presentation",
        "HT_indicators_E.qxd",
        "report-v2.pdf",
        "ab",
    ],
)
def test_a_title_a_program_wrote_is_ignored(title: str) -> None:
    assert is_junk_title(title)


def test_the_file_name_is_not_a_title() -> None:
    assert is_junk_title("GSI 2018 final", file_name="gsi_2018_final.pdf")
    assert not is_junk_title("The Global Slavery Index 2018", file_name="gsi_2018_final.pdf")


def test_a_meant_metadata_title_found_on_page_one_is_used() -> None:
    page = "The Global Slavery Index 2018\nWalk Free Foundation\n"
    found = fields([page], {"title": "The Global Slavery Index 2018"})
    assert found["title"] == "The Global Slavery Index 2018"


def test_without_a_metadata_title_the_first_title_line_is_used_skipping_headers() -> None:
    page = (
        "Page 1\nJune 2018\nwww.example.org\nContents\n"
        "Forced Labour in the Fishing Industry:\nEvidence from Thailand\n"
        "This report examines how migrant workers are recruited.\n"
    )
    found = fields([page], {"title": "Microsoft Word - Fishing.docx"})
    assert found["title"] == "Forced Labour in the Fishing Industry: Evidence from Thailand"
    assert found["year"] == 2018


@pytest.mark.parametrize(
    ("field", "names"),
    [
        ("Anne Smith; Bob Jones", ["Anne Smith", "Bob Jones"]),
        ("Anne Smith and Bob Jones", ["Anne Smith", "Bob Jones"]),
        ("Anne Smith, Bob Jones, Carla Diaz", ["Anne Smith", "Bob Jones", "Carla Diaz"]),
        ("Frank, Richard W.", ["Richard W. Frank"]),
        ("Administrator", []),
        ("jsmith", []),
    ],
)
def test_author_fields_are_split_into_names(field: str, names: list[str]) -> None:
    assert split_names(field) == names


def test_a_byline_on_page_one_gives_the_authors() -> None:
    page = "Hidden in Plain Sight\nBy Anne Smith and Bob Jones\n"
    assert fields([page], {})["authors"] == ["Anne Smith", "Bob Jones"]


def test_published_by_names_the_publisher() -> None:
    pages = [
        "A Report on Recruitment Fees\n",
        "Published by the International Labour Office, Geneva\n",
    ]
    assert fields(pages, {})["publisher"] == ["International Labour Office"]


def test_a_copyright_line_names_the_publisher_and_the_year() -> None:
    pages = ["Stacked Odds\n", "© Walk Free Foundation 2018. All rights reserved.\n"]
    found = fields(pages, {})
    assert found["publisher"] == ["Walk Free Foundation"]
    assert found["year"] == 2018


def test_an_organisation_as_the_pdf_author_is_the_publisher() -> None:
    found = fields(["Some Title Here\n"], {"author": "Anti-Slavery International"})
    assert found["publisher"] == ["Anti-Slavery International"]


def test_the_year_falls_back_to_the_file_date_and_ignores_impossible_years() -> None:
    proposal = propose_year(["Founded in 1850. In 2999 we plan.\n"], {"created": "2015-09-18"})
    assert proposal is not None and proposal.value == 2015
    assert proposal.evidence == ["The file was created on 2015-09-18"]
    assert propose_year(["© 1850 nobody\n"], {}) is None
