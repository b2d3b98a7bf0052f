"""`manumit import bibtex`: real BibTeX samples, Zotero's organisations, broken files."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from manumit.catalog.models import Organisation, Resource
from manumit.importers.writer import FileReport

pytestmark = pytest.mark.django_db

Run = Callable[..., FileReport]


@pytest.fixture
def bib_dir(shared_dir: Path) -> Path:
    return shared_dir / "data" / "interop" / "bib"


def facts(resource: Resource) -> tuple[object, ...]:
    return (
        resource.title,
        [(type(a).__name__, str(a)) for a in resource.ordered_authors()],
        resource.display_date,
        [str(org) for org in resource.ordered_publishers()],
    )


@pytest.mark.parametrize(
    ("name", "count"),
    [
        ("bibtexparser-article_with_strings.bib", 1),
        ("bibtexparser-features.bib", 1),
        ("bibtexparser-multiple_entries_and_comments.bib", 3),
        ("bibtexparser-traps.bib", 1),
    ],
)
def test_every_real_sample_imports_each_entry_once(
    run_import: Run, bib_dir: Path, name: str, count: int
) -> None:
    report = run_import("bibtex", bib_dir / name)
    assert report.imported and report.message == ""
    assert [row.action for row in report.rows] == ["create"] * count
    assert Resource.objects.count() == count
    again = run_import("bibtex", bib_dir / name)
    assert [row.action for row in again.rows] == ["skip"] * count
    assert Resource.objects.count() == count


def test_entries_keep_their_authors_dates_publishers_and_doi(
    run_import: Run, bib_dir: Path
) -> None:
    run_import("bibtex", bib_dir / "bibtexparser-multiple_entries_and_comments.bib")
    wigner = Resource.objects.get(title="The transition state method")
    assert facts(wigner) == (
        "The transition state method",
        [("Person", "E. Wigner")],
        "1938",
        ["The Royal Society of Chemistry"],
    )
    assert wigner.doi.upper() == "10.1039/TF9383400029"  # DOIs ignore case
    toto = Resource.objects.get(title="A title")
    assert [str(author) for author in toto.ordered_authors()] == ["A Toto", "B Titi"]
    assert toto.pub_date is None


def test_string_macros_and_concatenation_are_resolved(run_import: Run, bib_dir: Path) -> None:
    run_import("bibtex", bib_dir / "bibtexparser-article_with_strings.bib")
    resource = Resource.objects.get()
    assert facts(resource) == ("An amazing title", [("Person", "Jean César")], "January 2013", [])


def test_latex_accents_and_protected_capitals_become_plain_text(
    run_import: Run, bib_dir: Path
) -> None:
    run_import("bibtex", bib_dir / "bibtexparser-traps.bib")
    resource = Resource.objects.get()
    assert resource.title == "An amazing title"
    assert "a french érudit word" in resource.description
    assert "{" not in resource.description


def test_a_braced_name_is_an_organisation_kept_whole(run_import: Run, tmp_path: Path) -> None:
    path = tmp_path / "zotero.bib"
    path.write_text(
        "@techreport{who2019,\n"
        "  title = {{Global} estimates of modern slavery},\n"
        "  author = {{International Labour Organization} and {Walk Free Foundation} and"
        " van Gardingen, Imke},\n"
        "  institution = {{ILO} and {Walk Free}},\n"
        "  year = {2017}, month = sep,\n"
        "  url = {https://example.org/estimates},\n"
        "  keywords = {forced labour, Thailand},\n"
        "}\n",
        encoding="utf-8",
    )
    report = run_import("bibtex", path)
    assert report.imported
    resource = Resource.objects.get()
    assert facts(resource) == (
        "Global estimates of modern slavery",
        [
            ("Organisation", "International Labour Organization"),
            ("Organisation", "Walk Free Foundation"),
            ("Person", "Imke van Gardingen"),
        ],
        "September 2017",
        ["ILO", "Walk Free"],
    )
    assert resource.source_url == "https://example.org/estimates"
    assert [t.name for t in resource.types.all()] == ["Publications"]
    assert Organisation.objects.filter(name="International Labour Organization").exists()


def test_a_broken_entry_is_reported_by_line_and_nothing_is_imported(
    run_import: Run, tmp_path: Path
) -> None:
    path = tmp_path / "broken.bib"
    path.write_text(
        "@book{good, title = {A good book}, year = 2001}\n\n"
        "@article{bad, title = {Never closed\n\n"
        "@book{fine, title = {Another}, year = 2002}\n",
        encoding="utf-8",
    )
    report = run_import("bibtex", path)
    errors = [row for row in report.rows if row.action == "error"]
    assert [row.location for row in errors] == ["line 3"]
    assert "cannot be read" in errors[0].message
    assert not report.imported and Resource.objects.count() == 0
    assert "--skip-invalid" in report.message
    kept = run_import("bibtex", path, skip_invalid=True)
    assert kept.imported and Resource.objects.count() == 2


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"", "holds no BibTeX entry"),
        (b"TY  - JOUR\nTI  - A RIS file\nER  - \n", "holds no BibTeX entry"),
        ("@book{x, title={Caf\u00e9}}".encode("latin-1"), "is not UTF-8 text"),
    ],
)
def test_a_file_that_is_not_bibtex_says_so(
    run_import: Run, tmp_path: Path, content: bytes, says: str
) -> None:
    path = tmp_path / "wrong.bib"
    path.write_bytes(content)
    report = run_import("bibtex", path)
    assert says in report.message and "Nothing was imported" in report.message
    assert not report.imported and Resource.objects.count() == 0


def test_a_bom_is_no_problem(run_import: Run, tmp_path: Path) -> None:
    path = tmp_path / "bom.bib"
    path.write_bytes(b"\xef\xbb\xbf@misc{k, title = {With a BOM}, year = 2020}\n")
    assert run_import("bibtex", path).imported
    assert Resource.objects.get().title == "With a BOM"


def test_a_large_file_streams_in_batches(
    run_import: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from manumit.importers.formats import bibtex

    monkeypatch.setattr(bibtex, "BATCH_CHARACTERS", 200)
    path = tmp_path / "many.bib"
    entries = [f"@misc{{k{n},\n  title = {{Report {n}}},\n  year = 2020}}\n" for n in range(40)]
    path.write_text("@string{org = {Walk Free}}\n" + "".join(entries), encoding="utf-8")
    report = run_import("bibtex", path)
    assert report.counts["create"] == 40
    assert [row.location for row in report.rows][-1] == f"line {2 + 39 * 3} (k39)"


def test_a_large_file_is_read_in_batches_of_whole_entries(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from manumit.importers import registry
    from manumit.importers.formats import bibtex
    from manumit.importers.records import Problem, Record

    monkeypatch.setattr(bibtex, "BATCH_CHARACTERS", 300)  # many batches from a small file
    entries = [
        f"@article{{key{n},\n  title = {{Report {n} on {{Thai}} fishing}},\n"
        f"  abstract = {{Its findings:\n@ sea, recruitment fees and debt.}},\n  year = 2019,\n}}\n"
        for n in range(40)
    ]
    entries.insert(30, "@article{broken,\n  title = {No closing brace\n")
    path = tmp_path / "big.bib"
    path.write_text("".join(entries), encoding="utf-8")
    items = list(bibtex.read(registry.Source(path)))
    records = [item for item in items if isinstance(item, Record)]
    # A line inside an abstract that starts with "@" never cuts its entry in two, and the
    # entry after a broken one is read.
    assert [record.own_id for record in records] == [f"key{n}" for n in range(40)]
    assert records[0].description == "<p>Its findings: @ sea, recruitment fees and debt.</p>"
    assert records[0].title == "Report 0 on Thai fishing"
    assert records[35].location == f"line {1 + 35 * 6 + 2} (key35)"
    problems = [item for item in items if isinstance(item, Problem)]
    assert [problem.location for problem in problems] == [f"line {1 + 30 * 6}"]


def test_an_unclosed_brace_does_not_hold_the_rest_of_the_file_in_memory(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import io

    from manumit.importers.formats import bibtex

    monkeypatch.setattr(bibtex, "BATCH_CHARACTERS", 1000)
    entry = "@misc{k,\n  title = {A report},\n}\n"
    text = "@misc{open,\n  title = {never closed\n" + entry * 2000
    batches = list(bibtex._batches(io.TextIOWrapper(io.BytesIO(text.encode()))))
    assert len(batches) > 10
    assert max(len(batch) for _, batch in batches) <= 4 * 1000 + len(entry)
