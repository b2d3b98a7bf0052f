"""An editor's edit of a published resource is a pending revision: the public keeps seeing
the published version until a publisher approves it in the admin."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from manumit.catalog.models import LegacySlug, Resource, Revision, RevisionState, Topic
from manumit.catalog.tests.admin_forms import action_form, change_url, resource_form
from manumit.catalog.tests.factories import ResourceFactory

pytestmark = pytest.mark.django_db

REVISIONS_URL = "/admin/catalog/revision/"


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def fresh(resource: Resource) -> Resource:
    return Resource.objects.get(pk=resource.pk)


@pytest.fixture
def published() -> Resource:
    return ResourceFactory.create(
        title="Forced labour in fishing", description="<p>The published summary.</p>"
    )


def propose(editor: User, resource: Resource, **fields: Any) -> Client:
    client = signed_in(editor)
    response = client.post(change_url(resource), resource_form(resource, **fields), follow=True)
    assert response.status_code == 200
    assert "the published version is unchanged" in response.content.decode()
    return client


def test_an_editors_edit_of_a_published_resource_does_not_go_live(
    client: Client, editor: User, published: Resource
) -> None:
    topic = Topic.objects.first()
    assert topic is not None
    propose(editor, published, title="Hidden rewrite", topics=[str(topic.pk)])
    live = fresh(published)
    assert live.title == "Forced labour in fishing"
    assert list(live.topics.all()) == []
    page = client.get(live.get_absolute_url()).content.decode()
    assert "Forced labour in fishing" in page and "Hidden rewrite" not in page
    twin = client.get(f"/resources/{live.slug}.json").content.decode()
    assert "Hidden rewrite" not in twin
    revision = Revision.objects.get()
    assert revision.state == RevisionState.PENDING
    assert revision.created_by == editor
    assert revision.data["title"] == "Hidden rewrite"


def test_a_publisher_sees_the_changes_and_approves_them(
    client: Client, editor: User, publisher: User, published: Resource
) -> None:
    topic = Topic.objects.first()
    assert topic is not None
    propose(editor, published, title="Corrected title", slug="corrected", topics=[str(topic.pk)])
    reviewer = signed_in(publisher)
    # The resource's page in the admin points to the revision awaiting a decision.
    assert "pending revision" in reviewer.get(change_url(published)).content.decode()
    revision = Revision.objects.get()
    detail = reviewer.get(f"{REVISIONS_URL}{revision.pk}/change/").content.decode()
    assert "Forced labour in fishing" in detail and "Corrected title" in detail

    response = reviewer.post(REVISIONS_URL, action_form("approve_selected", revision))  # type: ignore[arg-type]
    assert response.status_code == 302
    live = fresh(published)
    assert (live.title, live.slug) == ("Corrected title", "corrected")
    assert list(live.topics.all()) == [topic]
    assert LegacySlug.objects.filter(slug=published.slug, resource=live).exists()
    revision.refresh_from_db()
    assert (revision.state, revision.decided_by) == (RevisionState.APPROVED, publisher)
    assert "Corrected title" in client.get("/resources/corrected/").content.decode()


def test_a_rejected_revision_changes_nothing(
    editor: User, publisher: User, published: Resource
) -> None:
    propose(editor, published, title="Unwanted")
    revision = Revision.objects.get()
    signed_in(publisher).post(REVISIONS_URL, action_form("reject_selected", revision))  # type: ignore[arg-type]
    assert fresh(published).title == "Forced labour in fishing"
    revision.refresh_from_db()
    assert revision.state == RevisionState.REJECTED


def test_an_editor_cannot_approve_a_revision(editor: User, published: Resource) -> None:
    client = propose(editor, published, title="Self-approved")
    revision = Revision.objects.get()
    assert "approve_selected" not in client.get(REVISIONS_URL).content.decode()
    client.post(REVISIONS_URL, action_form("approve_selected", revision))  # type: ignore[arg-type]
    assert fresh(published).title == "Forced labour in fishing"
    assert Revision.objects.get().state == RevisionState.PENDING


def test_an_editor_cannot_change_a_published_resources_rows_live(
    editor: User, published: Resource
) -> None:
    inlines = {"authorships": [{"position": "0", "organisation": ""}]}
    client = signed_in(editor)
    form = client.get(change_url(published)).context["inline_admin_formsets"]
    assert all(not formset.has_add_permission for formset in form)
    client.post(change_url(published), resource_form(published, inlines=inlines))
    assert fresh(published).authorships.count() == 0


def test_drafts_and_publishers_edits_are_saved_at_once(
    editor: User, publisher: User, published: Resource
) -> None:
    draft = ResourceFactory.create(status="draft", title="Draft")
    signed_in(editor).post(change_url(draft), resource_form(draft, title="Draft, edited"))
    assert fresh(draft).title == "Draft, edited"
    signed_in(publisher).post(change_url(published), resource_form(published, title="Direct"))
    assert fresh(published).title == "Direct"
    assert not Revision.objects.exists()


def test_a_revisions_values_are_shown_as_text(
    editor: User, publisher: User, published: Resource
) -> None:
    propose(editor, published, title='<img src=x onerror="window.__pwned=1">')
    revision = Revision.objects.get()
    page = signed_in(publisher).get(f"{REVISIONS_URL}{revision.pk}/change/").content.decode()
    assert "<img src=x" not in page
    assert "&lt;img src=x" in page
