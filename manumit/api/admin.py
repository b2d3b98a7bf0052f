"""API tokens in the admin: each curator makes and revokes their own; superusers see all.

A new token is shown once, on the page that follows its creation, and never again: only
its hash is stored. The page is rendered straight from the save, so the token is never
put in a message, a cookie or the session.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from manumit.api import tokens
from manumit.api.models import ApiToken

# A curator is whoever may change resources (the Editors and Publishers groups).
CURATOR_PERMISSION = "catalog.change_resource"


def is_curator(request: HttpRequest) -> bool:
    user = request.user
    return bool(user.is_active and user.is_staff and user.has_perm(CURATOR_PERMISSION))


@admin.action(description="Revoke the selected tokens")
def revoke(modeladmin: ApiTokenAdmin, request: HttpRequest, queryset: QuerySet) -> None:
    count = 0
    for token in modeladmin.get_queryset(request).filter(pk__in=queryset, revoked_at=None):
        token.revoke()
        count += 1
    modeladmin.message_user(request, f"Revoked {count} token(s).", messages.SUCCESS)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("name", "prefix", "user", "created_at", "last_used_at", "revoked_at")
    list_filter = ("revoked_at",)
    fields = ("name",)
    readonly_fields = ("prefix", "user", "created_at", "last_used_at", "revoked_at")
    actions = [revoke]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        queryset = super().get_queryset(request).select_related("user")
        return queryset if request.user.is_superuser else queryset.filter(user=request.user)

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return ("name",) if obj is None else ("name", *self.readonly_fields)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return () if obj is None else ("name", *self.readonly_fields)

    # Curators manage their own tokens without a permission of their own for this model.
    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_curator(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_curator(request) and self._owns(request, obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return is_curator(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Changing is revoking (the list action); the name stays as it was made.
        return is_curator(request) and self._owns(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # revoked tokens stay listed, so their use can still be traced

    def _owns(self, request: HttpRequest, obj: Any) -> bool:
        return obj is None or request.user.is_superuser or obj.user_id == request.user.pk

    def save_model(self, request: HttpRequest, obj: ApiToken, form: Any, change: bool) -> None:
        if change:
            return
        row, secret = tokens.issue(request.user, obj.name)  # type: ignore[arg-type]
        obj.pk = row.pk
        request._new_api_token = secret  # type: ignore[attr-defined]

    def response_add(
        self, request: HttpRequest, obj: ApiToken, post_url: Any = None
    ) -> HttpResponse:
        secret = getattr(request, "_new_api_token", "")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "token": ApiToken.objects.get(pk=obj.pk),
            "secret": secret,
            "title": "Your new API token",
        }
        response = TemplateResponse(request, "admin/api/apitoken/created.html", context)
        response["Cache-Control"] = "no-store"
        return response
