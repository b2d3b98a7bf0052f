"""Every URL the site routes, and every admin model's actions, against each role:
anonymous, editor, publisher, admin.

The routes come from the resolver, so a new route without a rule here fails
`test_every_route_has_a_rule`. A rule's sample address points at unpublished work where the
route can (a draft, a name only a draft uses): the public must get nothing from it, and
curators may preview it.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.contrib import admin
from django.contrib.auth.models import AnonymousUser, User
from django.core.files.base import ContentFile
from django.test import Client, RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver

from manumit.catalog.models import (
    Attachment,
    Authorship,
    Organisation,
    Person,
    Publishing,
    Resource,
    ResourceType,
    Sector,
    Status,
    Topic,
)
from manumit.catalog.tests.factories import ResourceFactory
from manumit.importers.models import ImportJob
from manumit.search import apply_outbox

ROLES = ("anonymous", "editor", "publisher", "admin")

# route -> (sample address, expected status for each role in ROLES).
# ALL_OK: anybody; DRAFT: the public is told nothing (404) and curators see the preview.
ALL_OK = (200, 200, 200, 200)
DRAFT = (404, 200, 200, 200)
HIDDEN = (404, 404, 404, 404)  # unpublished names are private even to curators' feeds/API
RULES: dict[str, tuple[str, tuple[int, ...]]] = {
    "sitemap.xml": ("/sitemap.xml", ALL_OK),
    "robots.txt": ("/robots.txt", ALL_OK),
    "healthz": ("/healthz", ALL_OK),
    "favicon.ico": ("/favicon.ico", (301, 301, 301, 301)),  # to the static file
    "api/v1/openapi.json": ("/api/v1/openapi.json", ALL_OK),
    "api/v1/docs": ("/api/v1/docs", ALL_OK),
    "api/v1/": ("/api/v1/", ALL_OK),
    "api/v1/resources": ("/api/v1/resources", ALL_OK),
    # The API answers by token, never by the admin's session: a draft is 404 to all here.
    "api/v1/resources/<slug>": ("/api/v1/resources/secret-draft", HIDDEN),
    "api/v1/resources/<slug>/attachments": ("/api/v1/resources/secret-draft/attachments", HIDDEN),
    "api/v1/types": ("/api/v1/types", ALL_OK),
    "api/v1/topics": ("/api/v1/topics", ALL_OK),
    "api/v1/sectors": ("/api/v1/sectors", ALL_OK),
    "api/v1/regions": ("/api/v1/regions", ALL_OK),
    "api/v1/regions/<slug>": ("/api/v1/regions/asia", ALL_OK),
    "api/v1/countries": ("/api/v1/countries", ALL_OK),
    "api/v1/countries/<iso2>": ("/api/v1/countries/TH", ALL_OK),
    "api/v1/languages": ("/api/v1/languages", ALL_OK),
    "api/v1/organisations": ("/api/v1/organisations", ALL_OK),
    "api/v1/organisations/<slug>": ("/api/v1/organisations/secret-org", HIDDEN),
    "api/v1/people": ("/api/v1/people", ALL_OK),
    "api/v1/people/<slug>": ("/api/v1/people/secret-person", HIDDEN),
    "api/v1/docs/try": ("/api/v1/docs/try", ALL_OK),
    "api/^.*$": ("/api/v0/anything", HIDDEN),
    "oai": ("/oai?verb=Identify", ALL_OK),
    "feed/": ("/feed/", ALL_OK),
    "feed/atom/": ("/feed/atom/", ALL_OK),
    "search/feed/": ("/search/feed/?q=labour", ALL_OK),
    "search/feed/atom/": ("/search/feed/atom/?q=labour", ALL_OK),
    "types/<slug:slug>/feed/": ("/types/secret-type/feed/", HIDDEN),
    "types/<slug:slug>/feed/atom/": ("/types/secret-type/feed/atom/", HIDDEN),
    "tags/<slug:slug>/feed/": ("/tags/asia/feed/", ALL_OK),
    "tags/<slug:slug>/feed/atom/": ("/tags/asia/feed/atom/", ALL_OK),
    "countries/<str:iso>/feed/": ("/countries/th/feed/", ALL_OK),
    "countries/<str:iso>/feed/atom/": ("/countries/th/feed/atom/", ALL_OK),
    "topics/<slug:slug>/feed/": ("/topics/secret-topic/feed/", HIDDEN),
    "topics/<slug:slug>/feed/atom/": ("/topics/secret-topic/feed/atom/", HIDDEN),
    "sectors/<slug:slug>/feed/": ("/sectors/secret-sector/feed/", HIDDEN),
    "sectors/<slug:slug>/feed/atom/": ("/sectors/secret-sector/feed/atom/", HIDDEN),
    "organisations/<slug:slug>/feed/": ("/organisations/secret-org/feed/", HIDDEN),
    "organisations/<slug:slug>/feed/atom/": ("/organisations/secret-org/feed/atom/", HIDDEN),
    "people/<slug:slug>/feed/": ("/people/secret-person/feed/", HIDDEN),
    "people/<slug:slug>/feed/atom/": ("/people/secret-person/feed/atom/", HIDDEN),
    "search/": ("/search/?q=labour", ALL_OK),
    "search.<format:format>": ("/search.json?q=labour", ALL_OK),
    "": ("/", ALL_OK),
    "resources/": ("/resources/", ALL_OK),
    "resources.<format:format>": ("/resources.json", ALL_OK),
    "resources/<unicode_slug:slug>/": ("/resources/secret-draft/", DRAFT),
    "resources/<unicode_slug:slug>.<format:format>": ("/resources/secret-draft.json", DRAFT),
    "resources/<str:slug>/download/<int:attachment_id>/": ("DOWNLOAD", DRAFT),
    "tags/": ("/tags/", ALL_OK),
    "tags/<slug:slug>/": ("/tags/asia/", ALL_OK),
    "tags/<slug:slug>.<format:format>": ("/tags/asia.json", ALL_OK),
    "types/": ("/types/", ALL_OK),
    "types/<slug:slug>/": ("/types/secret-type/", DRAFT),
    "types/<slug:slug>.<format:format>": ("/types/secret-type.json", DRAFT),
    "topics/": ("/topics/", ALL_OK),
    "topics/<slug:slug>/": ("/topics/secret-topic/", DRAFT),
    "topics/<slug:slug>.<format:format>": ("/topics/secret-topic.json", DRAFT),
    "sectors/": ("/sectors/", ALL_OK),
    "sectors/<slug:slug>/": ("/sectors/secret-sector/", DRAFT),
    "sectors/<slug:slug>.<format:format>": ("/sectors/secret-sector.json", DRAFT),
    "countries/": ("/countries/", ALL_OK),
    "countries/<unicode_slug:iso>/": ("/countries/th/", ALL_OK),
    "countries/<unicode_slug:iso>.<format:format>": ("/countries/th.json", ALL_OK),
    "organisations/": ("/organisations/", ALL_OK),
    "organisations/<slug:slug>/": ("/organisations/secret-org/", DRAFT),
    "organisations/<slug:slug>.<format:format>": ("/organisations/secret-org.json", DRAFT),
    "people/<slug:slug>/": ("/people/secret-person/", DRAFT),
    "people/<slug:slug>.<format:format>": ("/people/secret-person.json", DRAFT),
    # An old WordPress address of a draft: no redirect that would name its new address.
    "<str:slug>/": ("/secret-old-address/", (404, 301, 301, 301)),
}


def routes(patterns: list[URLPattern | URLResolver], prefix: str = "") -> Iterator[str]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from routes(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern)


def site_routes() -> set[str]:
    return {
        route for route in routes(get_resolver().url_patterns) if not route.startswith("admin/")
    }


def test_every_route_has_a_rule() -> None:
    missing = sorted(site_routes() - RULES.keys())
    assert not missing, f"add a rule (sample address, status per role) for: {missing}"
    assert not sorted(RULES.keys() - site_routes()), "a rule names a route that is gone"


@pytest.fixture
def unpublished_world(db: None) -> Attachment:
    """A draft whose type, topic, sector, organisation and author nothing published uses."""
    ResourceFactory.create(title="Forced labour, a public report", regions=["Asia"])
    draft = ResourceFactory.create(slug="secret-draft", status=Status.DRAFT)
    draft.types.add(ResourceType.objects.create(name="Secret type", slug="secret-type"))
    draft.topics.add(Topic.objects.create(name="Secret topic", slug="secret-topic"))
    draft.sectors.add(Sector.objects.create(name="Secret sector", slug="secret-sector"))
    organisation = Organisation.objects.create(name="Secret org", slug="secret-org")
    Publishing.objects.create(resource=draft, organisation=organisation, position=0)
    person = Person.objects.create(name="Secret Person", slug="secret-person")
    Authorship.objects.create(resource=draft, person=person, position=0)
    draft.legacy_slugs.create(slug="secret-old-address")
    attachment = Attachment(resource=draft, label="Draft file")
    attachment.file.save("draft.pdf", ContentFile(b"%PDF-1.4 draft"), save=False)
    attachment.save()
    apply_outbox()  # the node's index, as the web process's sync thread would build it
    return attachment


def client_for(role: str, users: dict[str, User]) -> Client:
    client = Client()
    if role != "anonymous":
        client.force_login(users[role])
    return client


@pytest.fixture
def users(editor: User, publisher: User, admin_user: User) -> dict[str, User]:
    return {"editor": editor, "publisher": publisher, "admin": admin_user}


@pytest.mark.parametrize("route", sorted(RULES))
def test_each_route_answers_each_role_as_its_rule_says(
    route: str, unpublished_world: Attachment, users: dict[str, User]
) -> None:
    sample, expected = RULES[route]
    if sample == "DOWNLOAD":
        sample = f"/resources/secret-draft/download/{unpublished_world.pk}/"
    got = tuple(client_for(role, users).get(sample).status_code for role in ROLES)
    assert got == expected, f"{sample}: {dict(zip(ROLES, got, strict=True))}"


# --- the admin: each registered model's actions, per role ---------------------------------

V, A, C, D = "view", "add", "change", "delete"
EDITOR_EDITS = {V, A, C, D}
ADMIN_RULES: dict[str, dict[str, set[str]]] = {
    # model label: role -> the actions it may take (anonymous: none, so not listed)
    "catalog.resource": {"editor": {V, A, C}, "publisher": {V, A, C, D}},
    "catalog.revision": {"editor": {V}, "publisher": {V}},
    # A merge deletes a resource: publishers read the merge records and undo from them.
    "catalog.mergerecord": {"publisher": {V}},
    "catalog.person": {"editor": EDITOR_EDITS, "publisher": EDITOR_EDITS},
    "catalog.organisation": {"editor": EDITOR_EDITS, "publisher": EDITOR_EDITS},
    "catalog.resourcetype": {"editor": EDITOR_EDITS, "publisher": EDITOR_EDITS},
    "catalog.topic": {"editor": EDITOR_EDITS, "publisher": EDITOR_EDITS},
    "catalog.sector": {"editor": EDITOR_EDITS, "publisher": EDITOR_EDITS},
    "catalog.region": {"editor": {V}, "publisher": {V}},
    "catalog.country": {"editor": {V}, "publisher": {V}},
    # Ingestion's records are made by the worker; curators read them and keep tag rules.
    "ingest.ingestjob": {"editor": {V}, "publisher": {V}},
    "ingest.documenttext": {"editor": {V}, "publisher": {V}},
    "ingest.suggestion": {"editor": {V}, "publisher": {V}},
    "ingest.tagrule": {"editor": EDITOR_EDITS, "publisher": EDITOR_EDITS},
    # Each curator makes and revokes their own API tokens (the list shows only theirs).
    "api.apitoken": {"editor": {V, A, C}, "publisher": {V, A, C}},
}
# Models only a superuser (the admin role) touches; they may not allow every action even so.
SUPERUSER_ONLY = {
    "auth.user",
    "auth.group",
    "axes.accessattempt",  # the login lockouts: lifting one is an administrator's call
    "axes.accesslog",
    "axes.accessfailurelog",
    "django_tasks_database.dbtaskresult",
}


def registered() -> dict[str, type]:
    return {model._meta.label_lower: model for model in admin.site._registry}


def test_every_admin_model_has_a_rule() -> None:
    unruled = set(registered()) - ADMIN_RULES.keys() - SUPERUSER_ONLY
    assert not unruled, f"add the admin permissions of {sorted(unruled)} to ADMIN_RULES"


def may(role: str, users: dict[str, User], label: str) -> set[str]:
    model = registered()[label]
    model_admin = admin.site._registry[model]
    request = RequestFactory().get("/admin/")
    request.user = users[role] if role != "anonymous" else AnonymousUser()
    checks = {
        V: model_admin.has_view_permission,
        A: model_admin.has_add_permission,
        C: model_admin.has_change_permission,
        D: model_admin.has_delete_permission,
    }
    return {action for action, check in checks.items() if check(request)}


@pytest.mark.django_db
@pytest.mark.parametrize("label", sorted(ADMIN_RULES))
def test_each_role_may_take_exactly_its_admin_actions(label: str, users: dict[str, User]) -> None:
    for role in ROLES:
        expected = ADMIN_RULES[label].get(role, set())
        if role == "admin":
            continue  # checked below: a superuser may do what the model admin allows at all
        assert may(role, users, label) == expected, (label, role)
    assert ADMIN_RULES[label].get("publisher", set()) <= may("admin", users, label)


@pytest.mark.django_db
@pytest.mark.parametrize("label", sorted(ADMIN_RULES))
def test_the_admin_pages_answer_as_the_permissions_say(label: str, users: dict[str, User]) -> None:
    base = f"/admin/{label.replace('.', '/')}/"
    for role in ROLES:
        client = client_for(role, users)
        allowed = (
            ADMIN_RULES[label].get(role, set()) if role != "admin" else may(role, users, label)
        )
        listing, adding = client.get(base), client.get(f"{base}add/")
        if role == "anonymous":
            assert listing.status_code == adding.status_code == 302  # to the login page
            continue
        assert listing.status_code == (200 if V in allowed or C in allowed else 403), (label, role)
        assert adding.status_code == (200 if A in allowed else 403), (label, role)


@pytest.mark.django_db
@pytest.mark.parametrize("label", sorted(SUPERUSER_ONLY))
def test_accounts_are_the_superusers_alone(label: str, users: dict[str, User]) -> None:
    base = f"/admin/{label.replace('.', '/')}/"
    assert client_for("anonymous", users).get(base).status_code == 302
    for role in ("editor", "publisher"):
        assert client_for(role, users).get(base).status_code == 403, role
    assert client_for("admin", users).get(base).status_code == 200


def test_resource_is_a_model() -> None:
    assert "catalog.resource" in registered() and registered()["catalog.resource"] is Resource


# --- the importers' pages in the admin (admin/import/…) ------------------------------------

# Curators may import (editors as drafts); the public is sent to the login page.
CURATORS = (302, 200, 200, 200)
IMPORT_RULES: dict[str, tuple[str, tuple[int, ...]]] = {
    "admin/import/": ("/admin/import/", CURATORS),
    "admin/import/template.csv": ("/admin/import/template.csv", CURATORS),
    "admin/import/jobs/": ("/admin/import/jobs/", CURATORS),
    "admin/import/<int:job_id>/": ("/admin/import/JOB/", CURATORS),
    "admin/import/<int:job_id>/report.csv": ("/admin/import/JOB/report.csv", CURATORS),
    # POST only (and only by the job's uploader: see importers/tests/test_admin_import.py).
    "admin/import/<int:job_id>/confirm/": ("/admin/import/JOB/confirm/", (302, 405, 405, 405)),
}


def test_every_import_route_has_a_rule() -> None:
    found = {
        route for route in routes(get_resolver().url_patterns) if route.startswith("admin/import/")
    }
    assert found == IMPORT_RULES.keys(), "add a rule to IMPORT_RULES for each import page"


@pytest.mark.django_db
@pytest.mark.parametrize("route", sorted(IMPORT_RULES))
def test_each_import_page_answers_each_role_as_its_rule_says(
    route: str, users: dict[str, User]
) -> None:
    job = ImportJob.objects.create(
        created_by=users["editor"], format="csv", file_name="s.csv", status=Status.DRAFT
    )
    sample, expected = IMPORT_RULES[route]
    sample = sample.replace("JOB", str(job.pk))
    got = tuple(client_for(role, users).get(sample).status_code for role in ROLES)
    assert got == expected, f"{sample}: {dict(zip(ROLES, got, strict=True))}"
