"""Who may do what in the curators' admin: anonymous, bare staff, editors, publishers."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.test import Client, RequestFactory

from manumit.catalog.models import Resource, Status
from manumit.catalog.tests.admin_forms import (
    ADD_URL,
    RESOURCE_URL,
    action_form,
    change_url,
    resource_form,
)
from manumit.catalog.tests.factories import ResourceFactory
from manumit.catalog.workflow import may_change_status

pytestmark = pytest.mark.django_db

DRAFT, REVIEW = Status.DRAFT, Status.IN_REVIEW
PUBLISHED, WITHDRAWN = Status.PUBLISHED, Status.WITHDRAWN


def logged_in(client: Client, user: User) -> Client:
    client.force_login(user)
    return client


def draft(**fields: object) -> Resource:
    return ResourceFactory.create(status=Status.DRAFT, **fields)


def fresh(resource: Resource) -> Resource:
    return Resource.objects.get(pk=resource.pk)


# Anonymous visitors and staff without a group


@pytest.mark.parametrize("url", ["/admin/", RESOURCE_URL, ADD_URL])
def test_an_anonymous_visitor_is_sent_to_the_login_page(client: Client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/?next=")


def test_an_anonymous_visitor_cannot_run_an_action(client: Client) -> None:
    resource = draft()
    response = client.post(RESOURCE_URL, action_form("publish", resource))
    assert response.status_code == 302
    assert fresh(resource).status == DRAFT


def test_staff_without_a_group_see_nothing_to_edit(client: Client) -> None:
    bare = User.objects.create_user("stan", password="pw-for-tests-only", is_staff=True)
    logged_in(client, bare)
    index = client.get("/admin/")
    assert "permission to view or edit anything" in index.content.decode()
    assert client.get(RESOURCE_URL).status_code == 403


# Editors


def test_an_editor_may_add_and_change_resources_but_not_publish_or_delete(editor: User) -> None:
    assert editor.has_perm("catalog.add_resource")
    assert editor.has_perm("catalog.change_resource")
    assert not editor.has_perm("catalog.publish_resource")
    assert not editor.has_perm("catalog.delete_resource")
    assert not editor.has_perm("catalog.change_country")


def test_an_editor_is_not_offered_the_publish_or_withdraw_actions(
    client: Client, editor: User
) -> None:
    draft()
    actions = logged_in(client, editor).get(RESOURCE_URL).context["action_form"]
    offered = [name for name, _ in actions.fields["action"].choices]
    assert "send_for_review" in offered
    assert "publish" not in offered
    assert "withdraw" not in offered
    assert "delete_selected" not in offered


def test_an_editor_cannot_publish_by_posting_the_action_anyway(
    client: Client, editor: User
) -> None:
    resource = draft()
    logged_in(client, editor).post(RESOURCE_URL, action_form("publish", resource))
    assert fresh(resource).status == DRAFT
    assert fresh(resource).published_at is None


def test_an_editor_cannot_withdraw_by_posting_the_action_anyway(
    client: Client, editor: User
) -> None:
    resource = ResourceFactory.create()
    logged_in(client, editor).post(RESOURCE_URL, action_form("withdraw", resource))
    assert fresh(resource).status == PUBLISHED


def test_an_editor_sends_a_draft_for_review(client: Client, editor: User) -> None:
    resource = draft()
    response = logged_in(client, editor).post(
        RESOURCE_URL, action_form("send_for_review", resource), follow=True
    )
    assert fresh(resource).status == REVIEW
    assert "Sent for review 1 resource." in response.content.decode()


def test_the_add_form_offers_an_editor_only_draft_and_in_review(
    client: Client, editor: User
) -> None:
    form = logged_in(client, editor).get(ADD_URL).context["adminform"].form
    assert [value for value, _ in form.fields["status"].choices] == [DRAFT, REVIEW]


def test_an_editor_forging_status_published_on_the_add_form_publishes_nothing(
    client: Client, editor: User
) -> None:
    data = resource_form(title="Forged", status=PUBLISHED)
    response = logged_in(client, editor).post(ADD_URL, data)
    assert response.status_code == 200  # the form again, with an error
    assert response.context["adminform"].form.errors["status"]
    assert not Resource.objects.filter(title="Forged").exists()


def test_an_editor_forging_status_published_on_a_draft_leaves_it_unpublished(
    client: Client, editor: User
) -> None:
    resource = draft()
    response = logged_in(client, editor).post(
        change_url(resource), resource_form(resource, status=PUBLISHED)
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert fresh(resource).status == DRAFT
    assert fresh(resource).published_at is None


def test_an_editor_sees_a_published_resources_status_but_cannot_change_it(
    client: Client, editor: User
) -> None:
    resource = ResourceFactory.create()
    form = logged_in(client, editor).get(change_url(resource)).context["adminform"].form
    assert "status" not in form.fields


def test_an_editor_can_correct_a_published_resource_but_not_take_it_down(
    client: Client, editor: User
) -> None:
    resource = ResourceFactory.create(title="Typo in teh title")
    data = resource_form(resource, title="Typo fixed in the title", status=DRAFT)
    response = logged_in(client, editor).post(change_url(resource), data)
    assert response.status_code == 302
    # The correction waits for a publisher as a pending revision (test_revisions.py).
    assert fresh(resource).title == "Typo in teh title"
    assert fresh(resource).revisions.get().data["title"] == "Typo fixed in the title"
    assert fresh(resource).status == PUBLISHED


def test_saving_past_the_form_still_refuses_an_editors_publication(
    rf: RequestFactory, editor: User
) -> None:
    resource = draft()
    resource.status = PUBLISHED
    request = rf.post(change_url(resource))
    request.user = editor
    with pytest.raises(PermissionDenied):
        admin.site.get_model_admin(Resource).save_model(request, resource, None, change=True)
    assert fresh(resource).status == DRAFT


# Publishers


def test_a_publisher_publishes_from_the_list_and_the_date_is_recorded(
    client: Client, publisher: User
) -> None:
    first, second = draft(), ResourceFactory.create(status=REVIEW)
    response = logged_in(client, publisher).post(
        RESOURCE_URL, action_form("publish", first, second), follow=True
    )
    assert "Published 2 resources." in response.content.decode()
    for resource in (first, second):
        assert fresh(resource).status == PUBLISHED
        assert fresh(resource).published_at is not None


def test_a_publisher_withdraws_a_resource_and_it_leaves_the_public_site(
    client: Client, publisher: User
) -> None:
    resource = ResourceFactory.create()
    first_published = fresh(resource).published_at
    logged_in(client, publisher).post(RESOURCE_URL, action_form("withdraw", resource))
    assert fresh(resource).status == WITHDRAWN
    assert fresh(resource).published_at == first_published
    client.logout()
    assert client.get(resource.get_absolute_url()).status_code == 404


def test_withdrawing_a_draft_leaves_it_alone_and_says_so(client: Client, publisher: User) -> None:
    resource = draft()
    response = logged_in(client, publisher).post(
        RESOURCE_URL, action_form("withdraw", resource), follow=True
    )
    assert fresh(resource).status == DRAFT
    assert "1 left as it was: not published." in response.content.decode()


def test_a_publisher_may_publish_from_the_change_form(client: Client, publisher: User) -> None:
    resource = draft()
    data = resource_form(resource, status=PUBLISHED)
    assert logged_in(client, publisher).post(change_url(resource), data).status_code == 302
    assert fresh(resource).status == PUBLISHED
    assert fresh(resource).published_at is not None


def test_the_status_history_names_who_published(client: Client, publisher: User) -> None:
    resource = draft()
    logged_in(client, publisher).post(RESOURCE_URL, action_form("publish", resource))
    history = client.get(f"{change_url(resource).removesuffix('change/')}history/")
    assert "Status set to Published." in history.content.decode()
    assert "paul" in history.content.decode()


# The rule itself, and the superuser


@pytest.mark.parametrize(
    ("before", "after", "allowed"),
    [
        (None, DRAFT, True),
        (None, REVIEW, True),
        (None, PUBLISHED, False),
        (DRAFT, REVIEW, True),
        (REVIEW, DRAFT, True),
        (REVIEW, PUBLISHED, False),
        (DRAFT, WITHDRAWN, False),
        (PUBLISHED, PUBLISHED, True),
        (PUBLISHED, DRAFT, False),
        (WITHDRAWN, REVIEW, False),
    ],
)
def test_an_editor_moves_only_between_draft_and_review(
    editor: User, before: str | None, after: str, allowed: bool
) -> None:
    assert may_change_status(editor, before, after) is allowed


def test_a_publisher_and_a_superuser_may_make_any_status_change(
    publisher: User, admin_user: User
) -> None:
    for user in (publisher, admin_user):
        assert may_change_status(user, PUBLISHED, DRAFT)
        assert may_change_status(user, None, PUBLISHED)


def test_an_inactive_publisher_may_not_publish(publisher: User) -> None:
    publisher.is_active = False
    publisher.save()
    assert not may_change_status(publisher, DRAFT, PUBLISHED)


def test_createsuperuser_works_without_prompts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "a-long-test-password")
    call_command("createsuperuser", "--noinput", username="root", email="root@example.org")
    root = User.objects.get(username="root")
    assert root.is_superuser and root.is_staff
    assert root.check_password("a-long-test-password")
