"""Undoing a merge: the loser comes back as it was, under its own id, in one transaction.

Only what the merge did is reversed, so an undo after later edits of the winner keeps
those edits: a field the merge filled goes back to empty only if it still holds the
loser's value; a term or author the merge added is taken off again (a curator who added
the same one later meets it removed, which the message says). What cannot come back
safely refuses the whole undo with a reason: the winner deleted, or the loser's slug or
post id taken by another resource since.

Chains (A merged into B, then B into C). Undoing them in reverse order just works: the
undo of B's merge brings B back and points A's record at it again. Undoing A's merge while
B's stands takes B's merge apart, takes A back from B, and makes B's merge again under the
same record, all in the same transaction: what A brought is taken from C, B's addresses
still lead to C, and a later undo of B's merge brings B back without A's things. If any
step of that cannot be done, nothing is, and the refusal names the step and its reason.
"""

from __future__ import annotations

from typing import Any

from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.core import serializers
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from manumit.catalog import hooks
from manumit.catalog.merge_chains import describe, standing_around
from manumit.catalog.merging import FILLABLE, TERMS, MergeError, merge, same_content
from manumit.catalog.models import (
    Attachment,
    Authorship,
    LegacyPostId,
    LegacySlug,
    MergeRecord,
    Publishing,
    Resource,
)


def undo(record: MergeRecord, user: Any) -> Resource:
    """Restore the loser of `record` and take back from its winner (or from where its winner
    was merged since) what the merge gave."""
    with transaction.atomic():
        record = MergeRecord.objects.select_for_update().get(pk=record.pk)
        if record.is_undone:
            raise MergeError("This merge was already undone.")
        chain = standing_around(record)
        for outer in reversed(chain):
            _in_chain(record, chain, "taken apart", lambda outer=outer: take_apart(outer))
        record.refresh_from_db()
        winner, loser = take_apart(record)
        for outer in chain:
            _in_chain(record, chain, "made again", lambda outer=outer: remake(outer, user))
        record.refresh_from_db()  # a remade merge deleted the winner again: its key is null
        record.undone_at, record.undone_by = timezone.now(), user
        record.save(update_fields=["undone_at", "undone_by"])
        message = f"Undid the merge of “{loser.title}” (id {loser.pk}) into “{winner.title}”."
        if chain:  # the winner is merged again: the change is the holder's
            message += f" {describe(record, chain)}; that merge stands."
            chain[-1].refresh_from_db()
            winner = chain[-1].winner or winner
        for target, flag in ((record, CHANGE), (winner, CHANGE), (loser, ADDITION)):
            LogEntry.objects.log_actions(user.pk, [target], flag, message, single_object=True)
    return loser


def _in_chain(record: MergeRecord, chain: list[MergeRecord], step: str, run: Any) -> None:
    """Run one step on a merge further down the chain; a refusal says which step failed."""
    try:
        run()
    except MergeError as error:
        raise MergeError(
            f"{describe(record, chain)}. To take it back, that later merge is {step}"
            f" for a moment, and that cannot be done: {error}"
        ) from error


def take_apart(record: MergeRecord) -> tuple[Resource, Resource]:
    """Everything an undo does to the two resources, without marking the record undone."""
    winner = check_undoable(record)
    loser = restore_loser(record)
    take_back_fields(winner, record.snapshot["winner_before"], record.snapshot["loser"])
    take_back_redirects(winner, loser, record.snapshot["redirects"])
    take_back_terms(winner, record.snapshot["terms_added"])
    take_back_credits(winner, loser, record.snapshot)
    take_back_attachments(winner, loser, record.snapshot["attachments"])
    hooks.call(hooks.RESOURCE_UNMERGED, winner, loser, record)
    winner.save()
    # The merges the loser had won lost their winner when it was deleted: it is back.
    MergeRecord.objects.filter(winner=None, snapshot__winner_id=loser.pk).update(winner=loser)
    return winner, loser


def remake(record: MergeRecord, user: Any) -> MergeRecord:
    """Merge the two resources of a record taken apart by `take_apart` again, into it."""
    record.refresh_from_db()
    winner = Resource.objects.get(pk=record.winner_id or record.snapshot["winner_id"])
    loser = Resource.objects.get(pk=record.loser_id)
    return merge(winner, loser, user, remade=record)


def check_undoable(record: MergeRecord) -> Resource:
    """The locked winner, or a MergeError that says why this merge cannot be undone."""
    if record.is_undone:
        raise MergeError("This merge was already undone.")
    winner_id = record.winner_id or record.snapshot.get("winner_id")
    winner = Resource.objects.select_for_update().filter(pk=winner_id).first()
    if winner is None:
        raise MergeError(
            "The resource it was merged into has been deleted since (or merged again by a"
            " merge this record cannot follow); there is nothing to take the merged"
            " resource back from."
        )
    fields = record.snapshot["loser"]["fields"]
    if Resource.objects.filter(pk=record.loser_id).exists():
        raise MergeError(f"A resource with id {record.loser_id} exists again.")
    if Resource.objects.filter(slug=fields["slug"]).exists():
        raise MergeError(f"Another resource now has the address “{fields['slug']}”.")
    post_id = fields.get("wp_post_id")
    if post_id is not None and not _post_id_is_ours(winner, post_id):
        raise MergeError(f"Another resource now has the WordPress post id {post_id}.")
    return winner


def _post_id_is_ours(winner: Resource, post_id: int) -> bool:
    """The loser's post id is free, or held by the winner or its redirect (the merge's)."""
    holder = Resource.objects.filter(wp_post_id=post_id).exclude(pk=winner.pk).exists()
    redirect = LegacyPostId.objects.filter(wp_post_id=post_id).exclude(resource=winner).exists()
    return not holder and not redirect


def restore_loser(record: MergeRecord) -> Resource:
    """The loser under its own id, with its fields and terms. A normal save (not a raw
    one), so search, OAI-PMH and the page cache see it come back."""
    data = dict(record.snapshot["loser"])
    fields = dict(data["fields"])
    post_id = fields.pop("wp_post_id", None)  # the winner may hold it until take_back_fields
    restored = next(serializers.deserialize("python", [{**data, "fields": fields}]))
    loser = restored.object
    assert isinstance(loser, Resource)
    created_at = loser.created_at
    loser.save(force_insert=True)
    # auto_now_add stamped today; the loser keeps the day it was first made.
    Resource.objects.filter(pk=loser.pk).update(created_at=created_at)
    loser.created_at = created_at
    for name in TERMS:
        getattr(loser, name).set((restored.m2m_data or {}).get(name, []))
    loser.wp_post_id = post_id
    return loser


def take_back_fields(winner: Resource, before: dict[str, Any], loser: dict[str, Any]) -> None:
    """A field the merge filled empties again, unless a curator has changed it since."""
    values = loser["fields"]
    for name in FILLABLE:
        if name in before and getattr(winner, name) == values[name]:
            setattr(winner, name, before[name])
    if (
        "pub_date" in before
        and winner.pub_date
        and winner.pub_date.isoformat() == values["pub_date"]
    ):
        winner.pub_date, winner.pub_date_precision = None, "day"


def take_back_redirects(winner: Resource, loser: Resource, redirects: dict[str, Any]) -> None:
    LegacySlug.objects.filter(pk=redirects["slug"]).delete()
    LegacySlug.objects.filter(pk__in=redirects["legacy_slugs"]).update(resource=loser)
    LegacyPostId.objects.filter(pk__in=redirects["legacy_post_ids"]).update(resource=loser)
    if loser.wp_post_id is not None:
        LegacyPostId.objects.filter(wp_post_id=loser.wp_post_id).delete()
        if winner.wp_post_id == loser.wp_post_id:
            winner.wp_post_id = None
            winner.save(update_fields=["wp_post_id"])
        loser.save(update_fields=["wp_post_id"])


def take_back_terms(winner: Resource, added: dict[str, list[Any]]) -> None:
    for name in TERMS:
        if added.get(name):
            getattr(winner, name).remove(*added[name])


def take_back_credits(winner: Resource, loser: Resource, snapshot: dict[str, Any]) -> None:
    """Moved authors and publishers go back; the ones the loser shared with the winner
    (deleted with it) are made again, each at its old place in the byline."""
    for row in snapshot["authorships"]:
        same = {"person_id": row["person_id"], "organisation_id": row["organisation_id"]}
        if not (row["moved"] and _moved_back(winner.authorships, row, same, loser)):
            Authorship.objects.create(resource=loser, position=row["position"], **same)
    for row in snapshot["publishings"]:
        same = {"organisation_id": row["organisation_id"]}
        if not (row["moved"] and _moved_back(winner.publishings, row, same, loser)):
            Publishing.objects.create(resource=loser, position=row["position"], **same)


def _moved_back(on_winner: Any, row: dict[str, Any], same: dict[str, Any], loser: Resource) -> int:
    """Give the loser back the credit the merge moved: the same row, or, where a later
    merge dropped it as a duplicate and its undo made it again, the winner's row that
    credits the same agent (the winner did not have it before this merge)."""
    moved = on_winner.filter(pk=row["id"]).update(resource=loser, position=row["position"])
    if not moved:
        remade = on_winner.filter(**same).order_by("-pk").values_list("pk", flat=True)[:1]
        moved = on_winner.filter(pk__in=list(remade)).update(
            resource=loser, position=row["position"]
        )
    return int(moved)


def take_back_attachments(winner: Resource, loser: Resource, rows: list[dict[str, Any]]) -> None:
    """Moved attachments go back. A duplicate the merge dropped (its file was deleted with
    the loser) comes back as a copy of the winner's file it matched, or as its link."""
    for row in rows:
        fields = dict(row["fields"])
        stored_name = fields.pop("file")
        shape = Attachment(resource=loser, position=row["position"], **fields)
        if row["twin"] is None:
            moved = _held_by_winner(winner, row["id"], shape)
            if moved is not None:
                Attachment.objects.filter(pk=moved.pk).update(
                    resource=loser, position=row["position"]
                )
                continue
        source = _held_by_winner(winner, row["twin"], shape)
        if stored_name and source is not None and source.file:
            with source.file.open("rb") as content:
                shape.file.save(
                    stored_name.rsplit("/", 1)[-1], ContentFile(content.read()), save=False
                )
        elif stored_name:
            continue  # the matching file is gone too: nothing to restore it from
        shape.save()


def _held_by_winner(winner: Resource, pk: int | None, shape: Attachment) -> Attachment | None:
    """The winner's attachment `pk`, or (a later merge dropped it as a duplicate, and that
    merge's undo made a copy) the winner's attachment with the same content."""
    held = list(winner.attachments.order_by("-pk"))
    by_pk = next((one for one in held if one.pk == pk), None)
    return by_pk or next((one for one in held if same_content(one, shape)), None)
