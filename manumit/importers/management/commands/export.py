"""`manumit export [--format F] [--with-files] [--query TEXT] OUT`: the library, written out."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import QuerySet

from manumit.catalog.models import Resource
from manumit.importers.exporters import bundle, citations
from manumit.importers.exporters.library import FORMAT, VERSION
from manumit.search import SearchUnavailable, catch_up, search_ids

FORMATS = (FORMAT, *citations.REGISTRY_NAMES)
# A search's result is every match: far more than any page shows.
QUERY_LIMIT = 1_000_000


class Command(BaseCommand):
    help = (
        "Export the whole library (or a search's result) to OUT: the Manumit format "
        f"(JSON Lines, version {VERSION}, everything a resource has) by default, or BibTeX, "
        "RIS, CSL-JSON or CSV. `manumit import manumit OUT` reads the Manumit format back."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("out", type=Path, help="The file to write (replaced if it exists).")
        parser.add_argument("--format", choices=FORMATS, default=FORMAT)
        parser.add_argument(
            "--with-files",
            action="store_true",
            help="Write a zip: the Manumit file, every attached file and a SHA256SUMS list.",
        )
        parser.add_argument(
            "--query", default="", help="Export only the resources this search finds."
        )
        parser.add_argument(
            "--site",
            default=citations.DEFAULT_SITE,
            help="The site's address, for the links in BibTeX, RIS, CSL-JSON and CSV.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        self.verbosity = int(options["verbosity"])
        out: Path = options["out"]
        name: str = options["format"]
        if options["with_files"] and name != FORMAT:
            raise CommandError("--with-files goes with the manumit format only.")
        if not out.parent.is_dir():
            raise CommandError(f"No folder {out.parent} to write {out.name} in.")
        resources = chosen_resources(options["query"])
        if name == FORMAT:
            written = bundle.write_library(resources, out, with_files=options["with_files"])
            files = f" and {written.files} files" if options["with_files"] else ""
            self._done(f"Exported {written.resources} resources{files} to {out}")
            return
        try:
            bundle.write_chunks(citations.chunks(name, resources, options["site"]), out)
        except (citations.UnknownFormat, ImproperlyConfigured) as error:
            raise CommandError(str(error)) from error
        self._done(f"Exported {resources.count()} resources as {name} to {out}")

    def _done(self, message: str) -> None:
        if self.verbosity:
            self.stdout.write(self.style.SUCCESS(message))


def chosen_resources(query: str) -> QuerySet[Resource]:
    """Every resource, drafts included (an export is a curator's copy), or a search's."""
    if not query:
        return Resource.objects.all()
    try:
        catch_up()
        ids = search_ids(query, include_unpublished=True, limit=QUERY_LIMIT)
    except SearchUnavailable as error:
        raise CommandError(f"The search index cannot answer now: {error}") from error
    return Resource.objects.filter(pk__in=ids)
