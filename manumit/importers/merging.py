"""The importers' part of merging duplicates: the loser's source identifiers follow it.

An import finds a record's resource by the identifier it remembered; were the loser's
identifiers deleted with it, the next import of the same file would make the loser again.
Moved to the winner, a re-import finds the winner; an undo moves them back.
"""

from __future__ import annotations

from typing import Any

from manumit.importers.models import ImportedIdentifier

KEY = "importers"


def move_identifiers(winner: Any, loser: Any, record: Any) -> None:
    moved = list(loser.imported_identifiers.values_list("pk", flat=True))
    ImportedIdentifier.objects.filter(pk__in=moved).update(resource=winner)
    record.snapshot[KEY] = {"identifiers": moved}


def move_identifiers_back(winner: Any, loser: Any, record: Any) -> None:
    moved = (record.snapshot.get(KEY) or {}).get("identifiers", [])
    ImportedIdentifier.objects.filter(pk__in=moved, resource=winner).update(resource=loser)
