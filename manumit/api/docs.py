"""The API's reference page, rendered on the server from the OpenAPI document.

It needs no script, so it works under the site's Content-Security-Policy (no inline code,
nothing from a CDN). The interactive Swagger UI, served from django-ninja's own static
files, is linked from it for those who want to try operations in the browser.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from ninja.openapi.docs import DocsBase, Swagger

if TYPE_CHECKING:
    from ninja import NinjaAPI

METHODS = ("get", "post", "put", "patch", "delete")


@dataclass
class Parameter:
    name: str
    where: str
    required: bool
    kind: str
    description: str


@dataclass
class Operation:
    method: str
    path: str
    summary: str
    description: str
    anchor: str
    needs_token: bool
    parameters: list[Parameter] = field(default_factory=list)
    body: str = ""
    responses: list[tuple[str, str]] = field(default_factory=list)


def _kind(schema: dict[str, Any]) -> str:
    if "anyOf" in schema:
        return " or ".join(_kind(part) for part in schema["anyOf"])
    if schema.get("type") == "array":
        return f"list of {_kind(schema.get('items', {}))}"
    if "enum" in schema:
        return " | ".join(str(value) for value in schema["enum"])
    if "$ref" in schema:
        return str(schema["$ref"]).rsplit("/", 1)[-1]
    return str(schema.get("format") or schema.get("type") or "any")


def operations(document: dict[str, Any]) -> list[tuple[str, list[Operation]]]:
    """The document's operations, grouped by tag in the order they first appear."""
    groups: dict[str, list[Operation]] = {}
    for path, item in document.get("paths", {}).items():
        for method in METHODS:
            spec = item.get(method)
            if spec is None:
                continue
            content = spec.get("requestBody", {}).get("content", {})
            operation = Operation(
                method=method.upper(),
                path=path,
                summary=spec.get("summary", ""),
                description=spec.get("description", ""),
                anchor=spec.get("operationId", f"{method}-{path}"),
                needs_token=bool(spec.get("security")),
                parameters=[
                    Parameter(
                        p["name"],
                        p["in"],
                        bool(p.get("required")),
                        _kind(p.get("schema", {})),
                        p.get("description", "") or p.get("schema", {}).get("description", ""),
                    )
                    for p in spec.get("parameters", [])
                ],
                body=", ".join(content),
                responses=[
                    (code, response.get("description", ""))
                    for code, response in spec.get("responses", {}).items()
                ],
            )
            groups.setdefault((spec.get("tags") or ["other"])[0], []).append(operation)
    return list(groups.items())


class ReferenceDocs(DocsBase):
    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        document = api.get_openapi_schema(path_params=kwargs)
        context = {
            "title": document["info"]["title"],
            "description": document["info"].get("description", ""),
            "groups": operations(document),
            "openapi_url": self.get_openapi_url(api, kwargs),
            "swagger_url": reverse("api-v1:swagger"),
        }
        return render(request, "api/docs.html", context)


def swagger_page(request: HttpRequest) -> HttpResponse:
    """Swagger UI from django-ninja's static files (its page has no inline script)."""
    from manumit.api.v1 import api

    return Swagger().render_page(request, api)
