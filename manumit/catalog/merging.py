"""Merging two duplicate resources into one, in one transaction, reversibly.

The winner keeps its own fields and gains what only the loser had: its attachments (an
exact duplicate file, by sha256, or the same link, is kept once), its terms, its authors
and publishers (in order, each once), and the identifiers the winner lacks. The loser's
slug, old slugs and WordPress post id become redirects to the winner, and the loser is
deleted, so its pages answer 301 and the search index, OAI-PMH (a deleted record) and the
page cache follow through their usual signals.

Everything the merge took from the loser or gave to the winner is written down in a
`MergeRecord`; `manumit.catalog.unmerging.undo()` reads it back. Higher apps that tie rows
to a resource (the importers' identifiers) move them in a `hooks.RESOURCE_MERGED` receiver.
"""

from __future__ import annotations

import json
from typing import Any

from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.core import serializers
from django.db import transaction
from django.db.models import Max

from manumit.catalog import hooks
from manumit.catalog.models import (
    Attachment,
    Authorship,
    LegacyPostId,
    LegacySlug,
    MergeRecord,
    Publishing,
    Resource,
)

TERMS = ("types", "regions", "countries", "topics", "sectors")
# The winner's fields a loser may fill when the winner's is empty.
FILLABLE = ("description", "source_url", "doi", "isbn")
MERGE_PERMISSIONS = ("catalog.change_resource", "catalog.delete_resource")


class MergeError(ValueError):
    """The merge (or its undo) cannot be done; the message says why, to a curator."""


def can_merge(user: object) -> bool:
    """A merge deletes a resource: publishers and administrators, not editors."""
    has_perms = getattr(user, "has_perms", None)
    return bool(getattr(user, "is_active", False) and has_perms and has_perms(MERGE_PERMISSIONS))


def merge(
    winner: Resource, loser: Resource, user: Any, remade: MergeRecord | None = None
) -> MergeRecord:
    """Fold `loser` into `winner`; all or nothing. Returns the record an undo reads.

    `remade` is a standing merge of the same two resources that an undo inside a chain
    took apart for a moment (`unmerging`): it is made again under the same record, with a
    fresh snapshot, and without a second entry in the history."""
    if winner.pk == loser.pk:
        raise MergeError("A resource cannot be merged with itself.")
    with transaction.atomic():
        locked = Resource.objects.select_for_update().in_bulk([winner.pk, loser.pk])
        if len(locked) != 2:
            raise MergeError("One of the two resources was deleted meanwhile.")
        winner, loser = locked[winner.pk], locked[loser.pk]
        if LegacySlug.objects.filter(slug=loser.slug).exclude(resource=loser).exists():
            raise MergeError(f"“{loser.slug}” is already an old address of another resource.")
        record = remade or MergeRecord(
            loser_id=loser.pk, loser_title=loser.title[:500], merged_by=user
        )
        record.winner = winner
        # The winner's id outlives the foreign key (nulled if the winner is merged again):
        # an undo of this merge follows it to where the winner went.
        record.snapshot = {"loser": serialized(loser), "winner_before": {}, "winner_id": winner.pk}
        record.snapshot["terms_added"] = join_terms(winner, loser)
        record.snapshot["authorships"] = move_authorships(winner, loser)
        record.snapshot["publishings"] = move_publishings(winner, loser)
        record.snapshot["attachments"] = move_attachments(winner, loser)
        record.snapshot["redirects"] = move_redirects(winner, loser)
        hooks.call(hooks.RESOURCE_MERGED, winner, loser, record)
        wp_post_id = loser.wp_post_id
        loser.delete()
        fill_fields(winner, loser, wp_post_id, record.snapshot)
        winner.save()  # its date moves: feeds, OAI-PMH, the search index see the change
        record.save()
        if remade is None:
            log(user, record, winner, loser)
    return record


def serialized(resource: Resource) -> dict[str, Any]:
    """The resource's own fields and terms as JSON, for `serializers.deserialize("python")`."""
    data = dict(json.loads(serializers.serialize("json", [resource]))[0])
    # JSON keeps milliseconds only; an undone merge gives back the exact times.
    for name in ("created_at", "published_at", "updated_at"):
        value = getattr(resource, name)
        data["fields"][name] = value.isoformat() if value else None
    return data


def join_terms(winner: Resource, loser: Resource) -> dict[str, list[Any]]:
    """Give the winner the loser's terms it lacks; returns those, by vocabulary."""
    added: dict[str, list[Any]] = {}
    for name in TERMS:
        have = set(getattr(winner, name).values_list("pk", flat=True))
        new = [pk for pk in getattr(loser, name).values_list("pk", flat=True) if pk not in have]
        if new:
            getattr(winner, name).add(*new)
        added[name] = new
    return added


def _next_position(rows: Any) -> int:
    highest = rows.aggregate(top=Max("position"))["top"]
    return 0 if highest is None else highest + 1


def move_authorships(winner: Resource, loser: Resource) -> list[dict[str, Any]]:
    """The loser's authors not already on the winner move to the end of its byline."""
    have: set[tuple[int | None, int | None]] = set(
        winner.authorships.values_list("person_id", "organisation_id")
    )
    position = _next_position(winner.authorships)
    rows = []
    for credit in loser.authorships.order_by("position", "id"):
        row = {
            "id": credit.pk,
            "person_id": credit.person_id,
            "organisation_id": credit.organisation_id,
            "position": credit.position,
            "moved": (credit.person_id, credit.organisation_id) not in have,
        }
        if row["moved"]:
            Authorship.objects.filter(pk=credit.pk).update(resource=winner, position=position)
            have.add((credit.person_id, credit.organisation_id))
            position += 1
        rows.append(row)
    return rows


def move_publishings(winner: Resource, loser: Resource) -> list[dict[str, Any]]:
    """The loser's publishers not already on the winner move to the end of its list."""
    have = set(winner.publishings.values_list("organisation_id", flat=True))
    position = _next_position(winner.publishings)
    rows = []
    for credit in loser.publishings.order_by("position", "id"):
        row = {
            "id": credit.pk,
            "organisation_id": credit.organisation_id,
            "position": credit.position,
            "moved": credit.organisation_id not in have,
        }
        if row["moved"]:
            Publishing.objects.filter(pk=credit.pk).update(resource=winner, position=position)
            have.add(credit.organisation_id)
            position += 1
        rows.append(row)
    return rows


def move_attachments(winner: Resource, loser: Resource) -> list[dict[str, Any]]:
    """Move the loser's files and links; one the winner already holds (same sha256, same
    link) stays behind and goes with the loser, noted with the winner's copy it matched."""
    kept = list(winner.attachments.all())
    position = _next_position(winner.attachments)
    rows = []
    for attachment in loser.attachments.order_by("position", "id"):
        twin = next((other for other in kept if same_content(other, attachment)), None)
        row = {
            "id": attachment.pk,
            "position": attachment.position,
            "twin": twin.pk if twin else None,
            "fields": {
                "label": attachment.label,
                "file": attachment.file.name or "",
                "url": attachment.url,
                "note": attachment.note,
                "media_type": attachment.media_type,
                "size": attachment.size,
                "page_count": attachment.page_count,
                "sha256": attachment.sha256,
            },
        }
        if twin is None:
            # update(), not save(): the row keeps its file (its path names the loser's id,
            # which is only a name) and its extracted text; no new ingestion job starts.
            Attachment.objects.filter(pk=attachment.pk).update(resource=winner, position=position)
            kept.append(attachment)
            position += 1
        rows.append(row)
    return rows


def same_content(one: Attachment, other: Attachment) -> bool:
    if one.sha256 and other.sha256:
        return one.sha256 == other.sha256
    return bool(one.url) and one.url == other.url


def move_redirects(winner: Resource, loser: Resource) -> dict[str, Any]:
    """The loser's old slugs and post ids now lead to the winner, and so does its slug."""
    slugs = list(loser.legacy_slugs.values_list("pk", flat=True))
    LegacySlug.objects.filter(pk__in=slugs).update(resource=winner)
    post_ids = list(loser.legacy_post_ids.values_list("pk", flat=True))
    LegacyPostId.objects.filter(pk__in=post_ids).update(resource=winner)
    own = LegacySlug.objects.create(slug=loser.slug, resource=winner)
    return {"legacy_slugs": slugs, "legacy_post_ids": post_ids, "slug": own.pk}


def fill_fields(
    winner: Resource, loser: Resource, wp_post_id: int | None, snapshot: dict[str, Any]
) -> None:
    """The winner's empty identifiers and fields take the loser's values; the loser's post
    id, when the winner has its own, becomes a redirect. Runs after the loser is deleted,
    so the unique post id is free."""
    filled = snapshot["winner_before"]
    for name in FILLABLE:
        if not getattr(winner, name) and getattr(loser, name):
            filled[name] = getattr(winner, name)
            setattr(winner, name, getattr(loser, name))
    if winner.pub_date is None and loser.pub_date is not None:
        filled["pub_date"] = None
        winner.pub_date, winner.pub_date_precision = loser.pub_date, loser.pub_date_precision
    if wp_post_id is not None and winner.wp_post_id is None:
        filled["wp_post_id"] = None
        winner.wp_post_id = wp_post_id
    elif wp_post_id is not None:
        redirect = LegacyPostId.objects.create(wp_post_id=wp_post_id, resource=winner)
        snapshot["redirects"]["post_id"] = redirect.pk


def log(user: Any, record: MergeRecord, winner: Resource, loser: Resource) -> None:
    """The admin's history: the merge record (from which it is undone), the winner's
    change and the loser's deletion, each naming the other side."""
    if user is None or user.pk is None:
        return
    message = f"Merged “{loser.title}” (id {record.loser_id}) into “{winner.title}”."
    loser.pk = record.loser_id  # delete() cleared it; the log names the id it had
    for target, flag in ((record, ADDITION), (winner, CHANGE), (loser, DELETION)):
        LogEntry.objects.log_actions(user.pk, [target], flag, message, single_object=True)
    loser.pk = None
