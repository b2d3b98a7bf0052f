"""The library-wide version: bumped in the writing transaction, read once per request.

Every save or delete of a model whose rows public pages show (the catalogue, the text and
pages ingestion stores, the interfaces' and importers' own rows) changes the one
`LibraryVersion` row in the same transaction. The search outbox's latest id is read with
it, so a change written without model signals (a bulk insert that calls
`manumit.search.changed` itself) moves the version too.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.apps import apps
from django.db import connection
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

from manumit.importers.writer import once_at_end
from manumit.search.models import OutboxEntry
from manumit.site.models import LibraryVersion

WATCHED_APPS = frozenset({"catalog", "ingest", "interop", "importers"})
# Rows no public page shows: the job queue changes every few seconds while the worker
# runs, and invalidating every cached page for it would be pure cost.
UNWATCHED_MODELS = frozenset({"ingest.ingestjob", "ingest.suggestion", "ingest.tagrule"})


@dataclass(frozen=True)
class Version:
    key: str  # part of every cache key: changes with every change, never repeats
    changed_at: datetime | None


def current() -> Version:
    """One indexed query: the version row and the outbox's newest id."""
    version = LibraryVersion._meta.db_table
    outbox = OutboxEntry._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT token FROM {version} WHERE id = 1),"  # noqa: S608 (table names)
            f" (SELECT changed_at FROM {version} WHERE id = 1),"
            f" (SELECT MAX(id) FROM {outbox})"
        )
        token, changed_at, newest = cursor.fetchone()
    if isinstance(changed_at, str):  # SQLite returns a raw text for a subquery's value
        changed_at = datetime.fromisoformat(changed_at)
    if changed_at is not None and timezone.is_naive(changed_at):
        changed_at = changed_at.replace(tzinfo=UTC)
    return Version(key=f"{token or '-'}.{newest or 0}", changed_at=changed_at)


def bump() -> None:
    """A new token, in the caller's transaction (or its own, in autocommit)."""
    values = {"token": uuid.uuid4().hex, "changed_at": timezone.now()}
    # One UPDATE is atomic by itself, and update_or_create holds its own transaction: no
    # savepoint around them (a bulk import bumps several times per record).
    if not LibraryVersion.objects.filter(pk=1).update(changes=F("changes") + 1, **values):
        # The first change ever (or after a flush): the row does not exist yet.
        LibraryVersion.objects.update_or_create(pk=1, defaults=values)


def watched(model: type[Any]) -> bool:
    meta = model._meta
    if meta.apps is not apps:  # a migration's historical model: the table may not exist yet
        return False
    return meta.app_label in WATCHED_APPS and meta.label_lower not in UNWATCHED_MODELS


def _changed() -> None:
    # An import writes a file in one transaction, several rows per record: one bump at its
    # end (inside it) is seen by readers exactly when one per row would be, at the commit.
    if not once_at_end(bump):
        bump()


def _model_changed(sender: type[Any], **kwargs: Any) -> None:
    if watched(sender):
        _changed()


def _relation_changed(sender: type[Any], action: str, **kwargs: Any) -> None:
    if action.startswith("post_") and watched(sender):
        _changed()


def connect() -> None:
    """Called from SiteConfig.ready(): every model, filtered here, so a model added to a
    watched app later is covered without a line of its own."""
    uid = "manumit.site.versioning"
    post_save.connect(_model_changed, dispatch_uid=f"{uid}.save")
    post_delete.connect(_model_changed, dispatch_uid=f"{uid}.delete")
    m2m_changed.connect(_relation_changed, dispatch_uid=f"{uid}.m2m")
