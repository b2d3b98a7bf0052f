"""A merged duplicate's source identifiers follow it: importing the same file again after
a merge makes nothing twice, and an undo gives the identifiers back."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from django.contrib.auth.models import User

from manumit.catalog.merging import merge
from manumit.catalog.models import Resource
from manumit.catalog.unmerging import undo
from manumit.importers.models import ImportedIdentifier
from manumit.importers.writer import Action, FileReport

pytestmark = pytest.mark.django_db

Run = Callable[..., FileReport]

TWICE = """
@report{ilo2019, title = {Forced labour at sea}, year = {2019}}
@report{ilo2019b, title = {Forced Labour at Sea}, year = {2019}, doi = {10.1234/sea}}
"""


def test_a_reimport_after_a_merge_finds_the_winner(
    run_import: Run, tmp_path: Path, publisher: User
) -> None:
    source = tmp_path / "library.bib"
    source.write_text(TWICE)
    assert run_import("bibtex", source).counts[Action.CREATE] == 2
    winner = Resource.objects.get(title="Forced labour at sea")
    loser = Resource.objects.get(title="Forced Labour at Sea")
    record = merge(winner, loser, publisher)
    again = run_import("bibtex", source)
    assert again.counts[Action.SKIP] == 2 and again.counts[Action.CREATE] == 0, again.rows
    assert list(Resource.objects.values_list("title", flat=True)) == ["Forced labour at sea"]
    assert set(ImportedIdentifier.objects.values_list("identifier", "resource")) == {
        ("ilo2019", winner.pk),
        ("ilo2019b", winner.pk),
    }
    undo(record, publisher)
    assert ImportedIdentifier.objects.get(identifier="ilo2019b").resource_id == loser.pk
    after_undo = run_import("bibtex", source)
    assert after_undo.counts[Action.SKIP] == 2 and Resource.objects.count() == 2
