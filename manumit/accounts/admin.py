"""Django's user admin, with each user's curator role in view."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.http import HttpRequest

from manumit.accounts.groups import EDITORS, PUBLISHERS

ROLES_HELP = (
    f"A curator needs <b>Staff status</b> and one group: <b>{EDITORS}</b> write and edit "
    f"resources and send them for review; <b>{PUBLISHERS}</b> may also publish, withdraw "
    "and delete them. Leave the individual permissions below empty."
)

admin.site.unregister(User)


@admin.register(User)
class CuratorUserAdmin(UserAdmin):
    list_display = ["username", "email", "first_name", "last_name", "is_active", "roles"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("Personal info", {"fields": ("first_name", "last_name", "email")}),
        (
            "Role",
            {
                "fields": ("is_active", "is_staff", "is_superuser", "groups"),
                "description": ROLES_HELP,
            },
        ),
        (
            "Individual permissions",
            {"fields": ("user_permissions",), "classes": ("collapse",)},
        ),
        ("Important dates", {"fields": ("last_login", "date_joined")}),
    )

    def get_queryset(self, request: HttpRequest) -> QuerySet[User]:
        return super().get_queryset(request).prefetch_related("groups")

    @admin.display(description="Role")
    def roles(self, user: User) -> str:
        groups = ", ".join(group.name for group in user.groups.all())
        if user.is_superuser:
            return f"Superuser, {groups}" if groups else "Superuser"
        if not user.is_staff:
            return "No admin access"
        return groups or "Staff, no group (sees nothing)"
