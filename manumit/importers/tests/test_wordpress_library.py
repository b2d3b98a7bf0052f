"""A WordPress resource library, as the seed site was kept, imported whole.

The test builds the export itself from ../shared/data/respect_records.tsv (the seed
library's records), in the style of such a site: a post per resource, categories for
content types, tags for regions, custom fields for publisher and year.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from django.test import Client
from django.utils.text import slugify

from manumit.catalog.models import DatePrecision, Resource, ResourceType, Status
from manumit.importers.writer import Action, FileReport

Runner = Callable[..., FileReport]
FIRST_ID = 5000


def cdata(text: str) -> str:
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def post(number: int, row: dict[str, str]) -> str:
    post_id = FIRST_ID + number
    slug = slugify(row["title"])[:190] or f"post-{post_id}"
    link = row["detail_url"] or f"https://respect.international/?p={post_id}"
    terms = [
        f'<category domain="category" nicename="{slugify(name)}">{cdata(name)}</category>'
        for name in split(row["content_type"])
    ] + [
        f'<category domain="post_tag" nicename="{slugify(name)}">{cdata(name)}</category>'
        for name in split(row["region_tags"])
    ]
    meta = [
        f"<wp:postmeta><wp:meta_key>{key}</wp:meta_key><wp:meta_value>{cdata(value)}"
        "</wp:meta_value></wp:postmeta>"
        for key, value in (("publisher", row["publisher"]), ("year", row["year"]))
        if value
    ]
    return f"""
  <item>
    <title>{escape(row["title"])}</title>
    <link>{escape(link)}</link>
    <dc:creator>{cdata("librarian")}</dc:creator>
    <content:encoded>{cdata("<p>" + escape(row["evidence"]) + "</p>")}</content:encoded>
    <excerpt:encoded>{cdata("")}</excerpt:encoded>
    <wp:post_id>{post_id}</wp:post_id>
    <wp:post_date>2020-03-0{1 + number % 9} 10:00:00</wp:post_date>
    <wp:post_name>{cdata(slug)}</wp:post_name>
    <wp:status>publish</wp:status>
    <wp:post_parent>0</wp:post_parent>
    <wp:post_type>resource</wp:post_type>
    {"".join(terms)}
    {"".join(meta)}
  </item>"""


def split(value: str) -> list[str]:
    return [part.strip() for part in value.split(";") if part.strip()]


@pytest.fixture
def seed_rows(shared_dir: Path) -> list[dict[str, str]]:
    path = shared_dir / "data" / "respect_records.tsv"
    if not path.exists():
        pytest.skip(f"{path} is absent: the seed records live in ../shared")
    with path.open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file, delimiter="\t"))


@pytest.fixture
def export(seed_rows: list[dict[str, str]], tmp_path: Path) -> Path:
    items = "".join(post(number, row) for number, row in enumerate(seed_rows))
    path = tmp_path / "respect.WordPress.2020-03-10.xml"
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8" ?>\n<rss version="2.0" '
        'xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:wp="http://wordpress.org/export/1.2/"><channel><title>RESPECT</title>'
        "<link>https://respect.international</link><wp:wxr_version>1.2</wp:wxr_version>"
        "<wp:base_site_url>https://respect.international</wp:base_site_url>"
        f"{items}</channel></rss>",
        encoding="utf-8",
    )
    return path


def test_every_record_becomes_a_published_resource(
    run_import: Runner, export: Path, seed_rows: list[dict[str, str]]
) -> None:
    report = run_import("wordpress", export)
    assert report.imported, report.message
    assert report.counts[Action.CREATE] == len(seed_rows) == 37
    assert Resource.objects.filter(status=Status.PUBLISHED).count() == 37
    assert report.counts[Action.ERROR] == 0


def test_categories_tags_and_custom_fields_land_in_the_catalogue(
    run_import: Runner, export: Path, seed_rows: list[dict[str, str]]
) -> None:
    report = run_import("wordpress", export)
    types = set(ResourceType.objects.values_list("name", flat=True))
    for number, row in enumerate(seed_rows):
        resource = Resource.objects.get(wp_post_id=FIRST_ID + number)
        known_types = [name for name in split(row["content_type"]) if name in types]
        assert sorted(t.name for t in resource.types.all()) == sorted(known_types)
        assert sorted(r.name for r in resource.regions.all()) == sorted(split(row["region_tags"]))
        assert [o.name for o in resource.ordered_publishers()] == split(row["publisher"])
        if row["year"]:
            assert (resource.year, resource.pub_date_precision) == (
                int(row["year"]),
                DatePrecision.YEAR,
            )
    # A category that is no content type is reported on its record, never dropped silently.
    unknown = [(n, name) for n, row in enumerate(seed_rows) for name in split(row["content_type"])]
    unknown = [(n, name) for n, name in unknown if name not in types]
    assert {"Videos", "Event (webinar)"} <= {name for _, name in unknown}
    for number, name in unknown:
        line = next(
            r for r in report.rows if r.resource_id and f"post {FIRST_ID + number}," in r.location
        )
        assert f"Unmapped category '{name}'" in line.message


def test_old_ids_and_permalinks_redirect(
    run_import: Runner, export: Path, seed_rows: list[dict[str, str]]
) -> None:
    run_import("wordpress", export)
    client = Client()
    for number, row in enumerate(seed_rows):
        resource = Resource.objects.get(wp_post_id=FIRST_ID + number)
        moved = client.get("/", {"p": str(FIRST_ID + number)})
        assert (moved.status_code, moved["Location"]) == (301, resource.get_absolute_url())
        if row["detail_url"] and "?p=" not in row["detail_url"]:
            old_slug = row["detail_url"].rstrip("/").rsplit("/", 1)[-1]
            old = client.get(f"/{old_slug}/")
            assert (old.status_code, old["Location"]) == (301, resource.get_absolute_url())


def test_importing_the_library_again_changes_nothing(run_import: Runner, export: Path) -> None:
    run_import("wordpress", export)
    again = run_import("wordpress", export, update=True)
    assert again.counts[Action.UNCHANGED] == 37 and Resource.objects.count() == 37
