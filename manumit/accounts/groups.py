"""The two curator groups and what each may do.

Editors create and edit resources and the vocabularies; publishers may also publish and
withdraw. Synced after every migrate, so a new permission reaches existing installs.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group, Permission

EDITORS = "Editors"
PUBLISHERS = "Publishers"

EDITABLE_MODELS = [
    "resource",
    "attachment",
    "authorship",
    "publishing",
    "legacyslug",
    "person",
    "organisation",
    "resourcetype",
    "topic",
    "sector",
]
VIEW_ONLY_MODELS = ["country", "region", "revision"]  # revisions: publishers decide


def _catalog_permissions(codenames: list[str]) -> list[Permission]:
    return list(
        Permission.objects.filter(content_type__app_label="catalog", codename__in=codenames)
    )


def editor_codenames() -> list[str]:
    actions = ("add", "change", "view")
    names = [f"{action}_{model}" for model in EDITABLE_MODELS for action in actions]
    names += [f"delete_{model}" for model in EDITABLE_MODELS if model != "resource"]
    names += [f"view_{model}" for model in VIEW_ONLY_MODELS]
    return names


def publisher_codenames() -> list[str]:
    return [*editor_codenames(), "delete_resource", "publish_resource"]


def ensure_curator_groups(**kwargs: Any) -> None:
    for name, codenames in ((EDITORS, editor_codenames()), (PUBLISHERS, publisher_codenames())):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(_catalog_permissions(codenames))
