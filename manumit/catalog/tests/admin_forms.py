"""Build the POST data of the resource admin form, inline management forms included.

The admin refuses a POST without a management form for every inline, so tests that post
the form as a browser would go through `resource_form()`.
"""

from __future__ import annotations

from typing import Any

from manumit.catalog.models import Resource

RESOURCE_URL = "/admin/catalog/resource/"
ADD_URL = f"{RESOURCE_URL}add/"

# Each inline's prefix is the related name of its foreign key to Resource.
INLINE_PREFIXES = ("authorships", "publishings", "attachments", "legacy_slugs")

M2M_FIELDS = ("types", "regions", "countries", "topics", "sectors")


def change_url(resource: Resource) -> str:
    return f"{RESOURCE_URL}{resource.pk}/change/"


def inline_rows(prefix: str, rows: list[dict[str, Any]], initial: int = 0) -> dict[str, Any]:
    """The management form and the fields of `rows` for one inline formset."""
    data: dict[str, Any] = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{name}": value for name, value in row.items()})
    return data


def resource_fields(resource: Resource | None) -> dict[str, Any]:
    """The main form's fields as the change page would show them (blank for a new one)."""
    if resource is None:
        return {"title": "", "language": "en", "pub_date_precision": "day", "status": "draft"}
    data: dict[str, Any] = {
        name: getattr(resource, name) or ""
        for name in ("title", "slug", "language", "description", "source_url", "doi", "isbn")
    }
    data["pub_date"] = resource.pub_date.isoformat() if resource.pub_date else ""
    data["pub_date_precision"] = resource.pub_date_precision
    data["status"] = resource.status
    data["wp_post_id"] = resource.wp_post_id or ""
    for name in M2M_FIELDS:
        data[name] = [str(pk) for pk in getattr(resource, name).values_list("pk", flat=True)]
    return data


def resource_form(
    resource: Resource | None = None,
    *,
    inlines: dict[str, list[dict[str, Any]]] | None = None,
    **fields: Any,
) -> dict[str, Any]:
    """POST data for the add form (no `resource`) or a change form without existing rows.

    `inlines` maps a prefix (`authorships`, `attachments`, ...) to new rows to add.
    """
    data = resource_fields(resource)
    for prefix in INLINE_PREFIXES:
        data.update(inline_rows(prefix, (inlines or {}).get(prefix, [])))
    data.update(fields)
    return data


def action_form(action: str, *resources: Resource) -> dict[str, Any]:
    """POST data for running a list action on `resources` from the change list."""
    return {
        "action": action,
        "select_across": "0",
        "index": "0",
        "_selected_action": [str(resource.pk) for resource in resources],
    }
