"""Extension points: how higher apps plug into the catalogue without it knowing them.

The catalogue is the bottom of the house. Ingestion, search, the open interfaces and the
importers add to its admin and its pages by registering a function here from their
`AppConfig.ready()`; the catalogue calls whatever is registered, in registration order.
This is wagtail's hooks idea, kept to what we need: a name, a list of callables.

Each hook name is a constant below with the signature its callables take. A hook that
returns HTML returns text that is already safe (rendered by a template), because the
catalogue cannot know what to escape in another app's markup.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

# --- The resource admin ---
# (model_admin) -> list[URLPattern]: extra admin URLs under the resource admin.
ADMIN_RESOURCE_URLS = "admin_resource_urls"
# (model_admin, request, object_id) -> dict: extra context for the change page.
ADMIN_RESOURCE_CHANGE_CONTEXT = "admin_resource_change_context"
# (request, resource, form, formsets, change) -> None: after the resource and its inlines saved.
ADMIN_RESOURCE_AFTER_SAVE = "admin_resource_after_save"
# (search_term) -> list[int] | None: ids matching a curator's search; None means "not here".
ADMIN_RESOURCE_SEARCH = "admin_resource_search"

# --- Merging duplicates (manumit.catalog.merging) ---
# (winner, loser, record) -> None: inside the merge's transaction, before the loser is
# deleted; move what the app ties to the loser and note it in `record.snapshot[<app>]`.
RESOURCE_MERGED = "resource_merged"
# (winner, loser, record) -> None: inside the undo's transaction, the loser restored; put
# back what RESOURCE_MERGED moved, as its note in `record.snapshot` says.
RESOURCE_UNMERGED = "resource_unmerged"

# --- The public pages ---
# (request, context) -> dict: extra context for a listing or browse page (its `subject`).
LISTING_CONTEXT = "listing_context"
# (request, context) -> str: safe HTML for the <head> of any public page (alternate links...).
PAGE_HEAD = "page_head"
# (request, resource) -> str: safe HTML for the <head> of a resource page (metadata).
RESOURCE_HEAD = "resource_head"
# (request, resource) -> str: safe HTML panels after a resource's facts (a "Cite" box...).
RESOURCE_PANELS = "resource_panels"

_registry: dict[str, list[Callable[..., Any]]] = defaultdict(list)


def register(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """Add `function` to hook `name`; registering the same function twice is a no-op,
    so a `ready()` that runs again (tests, autoreload) does not double a hook."""
    if function not in _registry[name]:
        _registry[name].append(function)
    return function


def hooks(name: str) -> list[Callable[..., Any]]:
    """The callables registered for `name`, in registration order."""
    return list(_registry.get(name, ()))


def call(name: str, *args: Any, **kwargs: Any) -> list[Any]:
    """Call every function of hook `name` and return their results in order."""
    return [function(*args, **kwargs) for function in hooks(name)]


def unregister(name: str, function: Callable[..., Any]) -> None:
    """Remove `function` from hook `name` (tests that plug in a temporary hook)."""
    if function in _registry.get(name, ()):
        _registry[name].remove(function)
