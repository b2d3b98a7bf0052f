"""/api/v1/…: the JSON API. Any other address under /api/ answers a JSON 404."""

from django.urls import URLPattern, URLResolver, include, path, re_path

from manumit.api.docs import swagger_page
from manumit.api.errors import json_method_errors, not_found_view
from manumit.api.v1 import api


def _with_json_405(patterns: list) -> list:
    for pattern in patterns:
        if isinstance(pattern, URLPattern):
            pattern.callback = json_method_errors(pattern.callback)
    return patterns


_patterns, _app, _namespace = api.urls
urlpatterns: list[URLPattern | URLResolver] = [
    path(
        "v1/",
        include(
            (
                [
                    *_with_json_405(list(_patterns)),
                    path("docs/try", swagger_page, name="swagger"),
                ],
                _app,
            ),
            namespace=_namespace,
        ),
    ),
    re_path(r"^.*$", not_found_view),
]
