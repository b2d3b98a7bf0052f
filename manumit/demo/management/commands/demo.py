"""`manumit demo [--if-empty]`: load the demo library, or bring it up to date."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from manumit.catalog.models import Resource
from manumit.demo.documents import read_demo_documents
from manumit.demo.loader import load_demo


class Command(BaseCommand):
    help = (
        "Load the demo library of real anti-slavery resources, or update it in place "
        "(resources are matched by slug, so running it twice adds nothing)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing if the database already has any resource (what `make run` uses).",
        )

    def handle(self, *args: Any, if_empty: bool, verbosity: int, **options: Any) -> None:
        if if_empty and Resource.objects.exists():
            if verbosity:
                self.stdout.write("Database already has resources; demo not loaded")
            return
        result = load_demo()
        read = read_demo_documents()
        if verbosity:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Loaded {result.total} demo resources"
                    f" ({result.created} new, {result.updated} updated);"
                    f" read the text of {read} documents"
                )
            )
