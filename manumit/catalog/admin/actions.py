"""Bulk status changes from the resource list: send for review, publish, withdraw.

Publishing and withdrawing are offered only to users with `catalog.publish_resource`
(`permissions=["publish"]` asks `ResourceAdmin.has_publish_permission`); each action also
checks the rule again per resource, so a crafted request cannot get round the menu.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib import admin, messages
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest

from manumit.catalog.models import Resource, Status
from manumit.catalog.workflow import check_status_change


def move_to(
    modeladmin: admin.ModelAdmin[Resource],
    request: HttpRequest,
    resources: Iterable[Resource],
    status: Status,
) -> int:
    """Set `status` on each resource through `save()` (which stamps published_at), logged."""
    moved = 0
    with transaction.atomic():
        for resource in resources:
            check_status_change(request.user, resource.status, status)
            resource.status = status
            resource.save(update_fields=["status", "published_at", "updated_at"])
            modeladmin.log_change(request, resource, f"Status set to {status.label}.")
            moved += 1
    return moved


def report(
    modeladmin: admin.ModelAdmin[Resource],
    request: HttpRequest,
    done: int,
    skipped: int,
    *,
    verb: str,
    why_skipped: str,
) -> None:
    """`Published 2 resources. 1 left as it was: already published.`"""
    noun = "resource" if done == 1 else "resources"
    level = messages.SUCCESS if done else messages.WARNING
    text = f"{verb} {done} {noun}." if done else "No resource was changed."
    if skipped:
        text += f" {skipped} left as {'it was' if skipped == 1 else 'they were'}: {why_skipped}."
    modeladmin.message_user(request, text, level)


@admin.action(permissions=["change"], description="Send selected drafts for review")
def send_for_review(
    modeladmin: admin.ModelAdmin[Resource], request: HttpRequest, queryset: QuerySet[Resource]
) -> None:
    drafts = queryset.filter(status=Status.DRAFT)
    done = move_to(modeladmin, request, drafts, Status.IN_REVIEW)
    report(
        modeladmin,
        request,
        done,
        queryset.count() - done,
        verb="Sent for review",
        why_skipped="only drafts go for review",
    )


@admin.action(permissions=["publish"], description="Publish selected resources")
def publish(
    modeladmin: admin.ModelAdmin[Resource], request: HttpRequest, queryset: QuerySet[Resource]
) -> None:
    waiting = queryset.exclude(status=Status.PUBLISHED)
    done = move_to(modeladmin, request, waiting, Status.PUBLISHED)
    report(
        modeladmin,
        request,
        done,
        queryset.count() - done,
        verb="Published",
        why_skipped="already published",
    )


@admin.action(permissions=["publish"], description="Withdraw selected resources from the site")
def withdraw(
    modeladmin: admin.ModelAdmin[Resource], request: HttpRequest, queryset: QuerySet[Resource]
) -> None:
    public = queryset.filter(status=Status.PUBLISHED)
    done = move_to(modeladmin, request, public, Status.WITHDRAWN)
    report(
        modeladmin,
        request,
        done,
        queryset.count() - done,
        verb="Withdrew",
        why_skipped="not published",
    )
