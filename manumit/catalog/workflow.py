"""Who may move a resource between statuses.

Editors write drafts and send them for review; only holders of `catalog.publish_resource`
(the Publishers group, and superusers) put a resource in front of the public or take it
down again. Every route that changes a status (the change form, the add form, the list
actions) asks these functions, so the rule lives in one place.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from manumit.catalog.models import Status

PUBLISH_PERMISSION = "catalog.publish_resource"

# Statuses that only a publisher may set, or move a resource out of.
PUBLISHER_STATUSES = frozenset({Status.PUBLISHED, Status.WITHDRAWN})


def can_publish(user: object) -> bool:
    has_perm = getattr(user, "has_perm", None)
    return bool(getattr(user, "is_active", False) and has_perm and has_perm(PUBLISH_PERMISSION))


def status_choices_for(user: object) -> list[tuple[str, str]]:
    """The statuses `user` may pick in a form: every one for a publisher, else draft/review."""
    return [
        (value, label)
        for value, label in Status.choices
        if can_publish(user) or value not in PUBLISHER_STATUSES
    ]


def may_change_status(user: object, before: str | None, after: str) -> bool:
    """Whether `user` may take a resource from `before` (None: a new one) to `after`."""
    if before == after or can_publish(user):
        return True
    return before not in PUBLISHER_STATUSES and after not in PUBLISHER_STATUSES


def check_status_change(user: object, before: str | None, after: str) -> None:
    """Refuse a status change `user` may not make: the last line behind forms and actions."""
    if not may_change_status(user, before, after):
        raise PermissionDenied("Only publishers may publish or withdraw a resource.")


def status_is_locked_for(user: object, status: str) -> bool:
    """A published or withdrawn resource's status is read-only to a non-publisher."""
    return status in PUBLISHER_STATUSES and not can_publish(user)
