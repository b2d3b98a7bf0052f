"""Chains of merges: A merged into B, then B merged into C.

The second merge deletes B, so the first record's foreign key to its winner is nulled; the
winner's id stays in the record's snapshot (`merging.merge`). From it this module finds the
standing merges that carried what A brought further on, innermost first, so that an undo of
A's merge can take them apart, take A back, and make them again (`unmerging.undo`).
"""

from __future__ import annotations

from manumit.catalog.models import MergeRecord, Resource

# A chain longer than this is a loop in damaged data, not a curator's history.
LONGEST_CHAIN = 50


def standing_around(record: MergeRecord, lock: bool = True) -> list[MergeRecord]:
    """The standing merges that took `record`'s winner into another resource, and that one
    into another, innermost first; empty when the winner is still a resource of its own (or
    was deleted outright, which `unmerging.check_undoable` explains). `lock` (inside a
    transaction) holds the records against a concurrent undo."""
    chain: list[MergeRecord] = []
    current = record
    while current.winner_id is None and len(chain) < LONGEST_CHAIN:
        winner_id = current.snapshot.get("winner_id")
        if winner_id is None or Resource.objects.filter(pk=winner_id).exists():
            break
        records = MergeRecord.objects.select_for_update() if lock else MergeRecord.objects
        outer = (
            records.filter(loser_id=winner_id, undone_at=None).order_by("-merged_at", "-id").first()
        )
        if outer is None:
            break
        chain.append(outer)
        current = outer
    return chain


def holder_title(chain: list[MergeRecord]) -> str:
    """The title of the resource that now holds what the chain's first loser brought."""
    last = chain[-1]
    return last.winner.title if last.winner else last.loser_title


def describe(record: MergeRecord, chain: list[MergeRecord]) -> str:
    """For the record's page and for refusals: where the merged resource's things are now."""
    return (
        f"“{record.loser_title}” was merged into “{chain[0].loser_title}”, which has since"
        f" been merged into “{holder_title(chain)}”"
    )
