"""The whole demo library, exported and read back by the tools researchers use:
bibtexparser and rispy give back the same records, jsonschema accepts the CSL-JSON, and
biber (biblatex's back end) finds nothing to warn about in the BibTeX."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import rispy
from django.core.management import call_command
from django.db import transaction
from django.test import Client

from manumit.catalog.models import Organisation, Resource
from manumit.interop.tests.citation_helpers import bib_records

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup: None, django_db_blocker: Any) -> Iterator[list[Resource]]:
    """The demo library, loaded once for the module (it takes a while) inside a
    transaction that is rolled back afterwards, so no other test sees it."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("demo", verbosity=0)
        resources = list(
            Resource.objects.public().prefetch_related(
                "authorships__person", "authorships__organisation", "publishings__organisation"
            )
        )
        assert len(resources) > 40
        yield resources
        transaction.set_rollback(True)


def export(client: Client, suffix: str) -> str:
    response = client.get(f"/resources.{suffix}")
    assert response.status_code == 200
    return b"".join(response.streaming_content).decode()  # type: ignore[attr-defined]


def expected(resource: Resource) -> dict[str, Any]:
    return {
        "title": " ".join(resource.title.split()),
        "authors": [
            ("organisation" if isinstance(agent, Organisation) else "person", agent.name)
            for agent in resource.ordered_authors()
        ],
        "year": resource.year,
        "publishers": [org.name for org in resource.ordered_publishers()],
        "url": f"http://testserver{resource.get_absolute_url()}",
    }


def as_byline(name: str) -> str:
    """`van Gardingen, Imke` -> `Imke van Gardingen`: the name as the library stores it."""
    family, _, given = name.partition(", ")
    return f"{given} {family}" if given else family


def test_bibtexparser_reads_back_every_record(client: Client, demo: list[Resource]) -> None:
    records = {record["url"]: record for record in bib_records(export(client, "bib"))}
    assert len(records) == len(demo)
    for resource in demo:
        want = expected(resource)
        got = records[want["url"]]
        got["authors"] = [
            (kind, name if kind == "organisation" else as_byline(name))
            for kind, name in got["authors"]
        ]
        assert got == want


def test_rispy_reads_back_every_record(client: Client, demo: list[Resource]) -> None:
    references = rispy.loads(export(client, "ris"))
    records = {reference["urls"][0]: reference for reference in references}
    assert len(records) == len(demo)
    for resource in demo:
        want = expected(resource)
        got = records[want["url"]]
        assert got["title"] == want["title"]
        # An organisation is one AU line, exactly its name; a person is `Family, Given`.
        assert [
            name if kind == "organisation" else as_byline(name)
            for (kind, _), name in zip(want["authors"], got.get("authors", []), strict=True)
        ] == [name for _, name in want["authors"]]
        assert got.get("year") == (str(want["year"]) if want["year"] else None)
        assert got.get("publisher", "").split("; ") == (want["publishers"] or [""])


def test_the_csl_json_of_the_library_validates(
    client: Client, demo: list[Resource], shared_dir: Path
) -> None:
    schema = json.loads((shared_dir / "data/interop/csl/csl-data.json").read_text())
    items = json.loads(export(client, "csl.json"))
    jsonschema.Draft7Validator(schema).validate(items)
    assert len(items) == len(demo)
    organisations = [name for item in items for name in item.get("author", []) if "literal" in name]
    assert organisations and all(set(name) == {"literal"} for name in organisations)


def test_biber_validates_the_library_without_a_warning(
    client: Client, demo: list[Resource], tmp_path: Path
) -> None:
    biber = shutil.which("biber")
    if biber is None:
        pytest.skip("biber is not installed (scripts/install-biber.sh installs Debian's)")
    bib = tmp_path / "library.bib"
    bib.write_text(export(client, "bib"), encoding="utf-8")
    run = subprocess.run(
        [biber, "--tool", "--validate-datamodel", bib.name],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    report = run.stdout + run.stderr
    assert run.returncode == 0, report
    assert "Datamodel validation complete" in report
    problems = [line for line in report.splitlines() if line.startswith(("WARN", "ERROR"))]
    assert not problems, "\n".join(problems)
