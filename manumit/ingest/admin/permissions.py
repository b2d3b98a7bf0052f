"""Who sees and changes ingestion's records in the admin.

The curator groups hold the catalogue's permissions; ingestion's records follow them
rather than needing permissions of their own: whoever may change resources may see and
retry their jobs, and whoever may edit topics and sectors may edit the rules that
suggest them.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def allowed(request: HttpRequest, permission: str) -> bool:
    user: Any = request.user
    return bool(user.is_active and user.is_staff and user.has_perm(permission))


class FollowsResourcePermissions:
    """Read-only records about resources: visible to those who may view resources."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return allowed(request, "catalog.view_resource")

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return allowed(request, "catalog.view_resource")

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class FollowsVocabularyPermissions:
    """Tag rules: edited by those who may edit topics and sectors."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return allowed(request, "catalog.view_topic")

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return allowed(request, "catalog.view_topic")

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return allowed(request, "catalog.add_topic") and allowed(request, "catalog.add_sector")

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return allowed(request, "catalog.change_topic") and allowed(
            request, "catalog.change_sector"
        )

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return allowed(request, "catalog.delete_topic") and allowed(
            request, "catalog.delete_sector"
        )
