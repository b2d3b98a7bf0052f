"""Citation downloads of one resource: BibTeX, RIS and CSL-JSON, as Zotero, EndNote,
BibTeX and pandoc users get them from `/resources/<slug>.bib`, `.ris` and `.csl.json`."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import jsonschema
import pytest
import rispy
from django.test import Client

from manumit.catalog.models import DatePrecision, Resource
from manumit.catalog.tests.factories import ResourceFactory
from manumit.interop.tests.citation_helpers import parse_bibtex

pytestmark = pytest.mark.django_db

NORTH_KOREA = "Pervasive, punitive, and predetermined: Understanding modern slavery in North Korea"


@pytest.fixture
def north_korea() -> Resource:
    """The seed's own example: 'Walk Free Foundation & Leiden University, 2018'."""
    return ResourceFactory.create(
        title=NORTH_KOREA,
        slug="north-korea",
        types=["Publications"],
        pub_date=datetime.date(2018, 1, 1),
        pub_date_precision=DatePrecision.YEAR,
        authors=["Remco E. Breuker", "Imke van Gardingen"],
        publishers=["Walk Free Foundation", "Leiden University"],
        topics=["Forced labour"],
    )


def download(client: Client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    assert response["Content-Disposition"].startswith("attachment;")
    return response.content.decode()


def test_the_seed_example_in_bibtex(client: Client, north_korea: Resource) -> None:
    text = download(client, "/resources/north-korea.bib")
    assert text.startswith("@techreport{breuker2018pervasive,")
    assert "author = {Breuker, Remco E. and van Gardingen, Imke}," in text
    assert "institution = {{Walk Free Foundation} and {Leiden University}}," in text
    assert "year = {2018}," in text
    # A year alone is a year: no month, no day, never 1 January.
    assert "month" not in text and "day =" not in text
    assert "{North} {Korea}" in text  # capitals kept by sentence-case styles


def test_the_seed_example_in_ris(client: Client, north_korea: Resource) -> None:
    text = download(client, "/resources/north-korea.ris")
    assert text.startswith("TY  - RPRT\n")
    lines = text.splitlines()
    assert [line for line in lines if line.startswith("AU  - ")] == [
        "AU  - Breuker, Remco E.",
        "AU  - van Gardingen, Imke",
    ]
    assert "PY  - 2018" in lines
    assert "DA  - 2018///" in lines
    assert "PB  - Walk Free Foundation; Leiden University" in lines
    assert "UR  - http://testserver/resources/north-korea/" in lines
    [record] = rispy.loads(text)
    assert record["title"] == NORTH_KOREA


def test_the_seed_example_in_csl_json(client: Client, north_korea: Resource) -> None:
    [item] = json.loads(download(client, "/resources/north-korea.csl.json"))
    assert item["type"] == "report"
    assert item["title"] == NORTH_KOREA
    assert item["author"] == [
        {"family": "Breuker", "given": "Remco E."},
        {"family": "Gardingen", "given": "Imke", "non-dropping-particle": "van"},
    ]
    assert item["issued"] == {"date-parts": [[2018]]}
    assert item["publisher"] == "Walk Free Foundation; Leiden University"


def test_an_organisation_is_never_split(client: Client) -> None:
    ResourceFactory.create(
        slug="gsi",
        title="Global Slavery Index",
        types=["Publications"],
        authors=["Walk Free Foundation"],
        publishers=["Walk Free Foundation"],
    )
    assert "author = {{Walk Free Foundation}}," in download(client, "/resources/gsi.bib")
    assert "AU  - Walk Free Foundation\n" in download(client, "/resources/gsi.ris")
    [item] = json.loads(download(client, "/resources/gsi.csl.json"))
    assert item["author"] == [{"literal": "Walk Free Foundation"}]


def test_dates_keep_their_precision_everywhere(client: Client) -> None:
    ResourceFactory.create(
        slug="june", pub_date=datetime.date(2019, 6, 1), pub_date_precision="month"
    )
    ResourceFactory.create(slug="day", pub_date=datetime.date(2019, 6, 2), pub_date_precision="day")
    june_bib, day_bib = (
        download(client, "/resources/june.bib"),
        download(client, "/resources/day.bib"),
    )
    assert "month = jun," in june_bib and "day =" not in june_bib
    assert "month = jun," in day_bib and "day = {2}," in day_bib
    assert json.loads(download(client, "/resources/june.csl.json"))[0]["issued"] == {
        "date-parts": [[2019, 6]]
    }
    assert "DA  - 2019/06//" in download(client, "/resources/june.ris")
    assert "DA  - 2019/06/02/" in download(client, "/resources/day.ris")


def test_without_a_publisher_a_report_is_misc_not_an_invalid_techreport(client: Client) -> None:
    ResourceFactory.create(slug="alone", types=["Publications"], authors=["Kevin Bales"])
    text = download(client, "/resources/alone.bib")
    assert text.startswith("@misc{bales")
    assert "institution" not in text


def test_an_undated_work_says_its_year_is_unknown(client: Client) -> None:
    ResourceFactory.create(slug="undated", pub_date=None)
    bib = download(client, "/resources/undated.bib")
    assert "date = {XXXX}," in bib and "year" not in bib
    assert "issued" not in json.loads(download(client, "/resources/undated.csl.json"))[0]
    assert "PY  -" not in download(client, "/resources/undated.ris")


def test_latex_specials_are_escaped_and_unicode_is_kept(client: Client) -> None:
    title = r"Profits & losses: 50% of $ #1_a ~ \ in Côte d’Ivoire 中文"
    ResourceFactory.create(slug="specials", title=title)
    text = download(client, "/resources/specials.bib")
    assert r"Profits \& losses: 50\% of \$ \#1\_a \textasciitilde{} \textbackslash{}" in text
    assert "{Côte} {d’Ivoire} 中文" in text  # UTF-8, which biber and bibtexparser read
    [entry] = parse_bibtex(text).entries
    assert entry["title"] == title


def test_braces_in_a_title_cannot_unbalance_the_entry(client: Client) -> None:
    # BibTeX counts every brace, escaped or not, to find where a value ends.
    ResourceFactory.create(slug="braces", title="A {lone brace and a caret ^")
    text = download(client, "/resources/braces.bib")
    assert r"A \textbraceleft{}lone brace and a caret \textasciicircum{}" in text
    [entry] = parse_bibtex(text).entries
    assert entry["url"] == "http://testserver/resources/braces/"


def test_csl_json_validates_against_the_official_schema(
    client: Client, north_korea: Resource, shared_dir: Path
) -> None:
    schema = json.loads((shared_dir / "data/interop/csl/csl-data.json").read_text())
    ResourceFactory.create(slug="undated", pub_date=None, authors=["Walk Free Foundation"])
    for slug in ("north-korea", "undated"):
        data = json.loads(download(client, f"/resources/{slug}.csl.json"))
        jsonschema.Draft7Validator(schema).validate(data)


def test_a_draft_has_no_citation_for_visitors(client: Client) -> None:
    ResourceFactory.create(slug="draft", status="draft")
    for suffix in ("bib", "ris", "csl.json"):
        assert client.get(f"/resources/draft.{suffix}").status_code == 404
