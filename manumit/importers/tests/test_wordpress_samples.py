"""The WordPress importer on WordPress's own test exports (../shared/data/interop/wxr)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from django.test import Client

from manumit.catalog.models import LegacySlug, Resource, Status
from manumit.importers.mapping import parse_mapping
from manumit.importers.models import ImportedIdentifier
from manumit.importers.writer import Action, FileReport

Runner = Callable[..., FileReport]

# file -> (resources created, items skipped, the reader's summary of what the file holds)
NONE = "terms defined: none."
SAMPLES = {
    "small-export.xml": (6, 5, "11 items (5 page, 6 post); terms defined: 30 category, 3 tag."),
    "valid-wxr-1.1.xml": (
        1,
        1,
        "2 items (1 page, 1 post); terms defined: 1 category, 1 tag, 1 term.",
    ),
    "wxr-simple.xml": (1, 0, f"1 items (1 post); {NONE}"),
    "wxr-flat-attachment-same-site.xml": (1, 0, f"2 items (1 attachment, 1 post); {NONE}"),
    "wxr-flat-attachment-different-site.xml": (1, 0, f"2 items (1 attachment, 1 post); {NONE}"),
    "test-serialized-postmeta-with-cdata.xml": (1, 0, f"1 items (1 post); {NONE}"),
    "term-meta.xml": (0, 0, "0 items (no items); terms defined: 1 term."),
}
VERSIONS = {"small-export.xml": "1.1", "valid-wxr-1.1.xml": "1.1"}


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_every_sample_imports_exactly(run_import: Runner, wxr_dir: Path, name: str) -> None:
    created, skipped, summary = SAMPLES[name]
    report = run_import("wordpress", wxr_dir / name)
    assert report.imported, report.message
    assert report.counts[Action.CREATE] == created
    assert report.counts[Action.SKIP] == skipped
    assert report.counts[Action.ERROR] == 0
    version = VERSIONS.get(name, "1.0" if "serialized" in name else "1.2")
    notes = [row.message for row in report.rows if row.action == Action.NOTE]
    assert notes == [f"WXR {version}: {summary}"]
    assert Resource.objects.count() == created


def test_the_malformed_export_is_refused_with_its_line(run_import: Runner, wxr_dir: Path) -> None:
    report = run_import("wordpress", wxr_dir / "malformed-simple.xml")
    assert not report.imported
    assert "not well-formed XML at line 14" in report.message
    assert "Nothing was imported" in report.message
    assert Resource.objects.count() == 0


def test_statuses_ids_slugs_dates_and_creator(run_import: Runner, wxr_dir: Path) -> None:
    run_import("wordpress", wxr_dir / "small-export.xml")
    hello = Resource.objects.get(title="Hello world!")
    assert hello.status == Status.PUBLISHED
    assert hello.wp_post_id == 1
    assert hello.slug == "hello-world"
    assert hello.pub_date is not None and hello.pub_date.isoformat() == "2011-01-18"
    private = Resource.objects.get(title="Private Post")
    assert private.status == Status.DRAFT  # private -> draft, never public
    identifier = ImportedIdentifier.objects.get(resource=hello)
    assert identifier.creator == "author"  # dc:creator, WordPress's author, not the report's
    assert not hello.authorships.exists()


def test_the_legacy_addresses_redirect(run_import: Runner, wxr_dir: Path) -> None:
    run_import("wordpress", wxr_dir / "wxr-simple.xml")
    resource = Resource.objects.get(wp_post_id=10)
    client = Client()
    moved = client.get("/", {"p": "10"})
    assert moved.status_code == 301 and moved["Location"] == resource.get_absolute_url()
    old = client.get("/hello-world/")
    assert old.status_code == 301 and old["Location"] == resource.get_absolute_url()


def test_content_sanitised_and_unmapped_terms_reported(run_import: Runner, wxr_dir: Path) -> None:
    report = run_import("wordpress", wxr_dir / "wxr-simple.xml")
    resource = Resource.objects.get()
    assert "<!-- wp:paragraph -->" not in resource.description
    assert "Two roads diverged" in resource.description
    created = next(row for row in report.rows if row.action == Action.CREATE)
    assert "Unmapped category 'Uncategorized'" in created.message


def test_an_attachment_links_to_its_original_address(run_import: Runner, wxr_dir: Path) -> None:
    run_import("wordpress", wxr_dir / "wxr-flat-attachment-different-site.xml")
    attachment = Resource.objects.get().attachments.get()
    assert attachment.url == "https://wpthemetestdata.files.wordpress.com/2008/06/canola2.jpg"
    assert attachment.label == "canola2"


def test_a_mapping_sends_terms_to_vocabularies(run_import: Runner, wxr_dir: Path) -> None:
    mapping = parse_mapping(
        '[terms]\n"category:alpha" = "type:publications"\n"post_tag:clippable" = "region:asia"\n'
        '"post_tax:bieup" = "ignore"\n'
    )
    report = run_import("wordpress", wxr_dir / "valid-wxr-1.1.xml", mapping=mapping)
    resource = Resource.objects.get(title="Hello world!")
    assert [t.slug for t in resource.types.all()] == ["publications"]
    assert [r.slug for r in resource.regions.all()] == ["asia"]
    created = next(row for row in report.rows if row.action == Action.CREATE)
    assert "Unmapped" not in created.message


def test_serialised_custom_fields_fill_the_record(run_import: Runner, wxr_dir: Path) -> None:
    mapping = parse_mapping('[fields]\npublisher = ["post-options"]\n')
    run_import("wordpress", wxr_dir / "test-serialized-postmeta-with-cdata.xml", mapping=mapping)
    resource = Resource.objects.get()
    # a:2:{s:18:"special_post_title";s:15:"A special title";s:11:"is_calendar";s:0:"";}
    assert [o.name for o in resource.ordered_publishers()] == ["A special title"]


def test_a_second_import_finds_every_post_again(run_import: Runner, wxr_dir: Path) -> None:
    run_import("wordpress", wxr_dir / "small-export.xml")
    again = run_import("wordpress", wxr_dir / "small-export.xml")
    assert again.counts[Action.CREATE] == 0
    assert again.counts[Action.SKIP] == 5 + 6
    assert Resource.objects.count() == 6
    assert LegacySlug.objects.filter(slug="hello-world").count() == 0  # it is the slug itself
