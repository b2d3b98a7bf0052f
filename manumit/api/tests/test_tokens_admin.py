"""Curators make and revoke their own API tokens in the admin; a token is shown once."""

from __future__ import annotations

import json
import re

from django.contrib.auth.models import User
from django.test import Client

from manumit.api.models import ApiToken
from manumit.api.tests.conftest import token_for
from manumit.api.tokens import digest

ADD = "/admin/api/apitoken/add/"
LIST = "/admin/api/apitoken/"


def logged_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def make_token(client: Client, name: str) -> str:
    response = client.post(ADD, {"name": name})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    found = re.search(r'value="(mnm_[^"]+)"', response.content.decode())
    assert found, "the new token is shown on the page after saving"
    return found.group(1)


def test_a_new_token_is_shown_once_and_stored_only_as_a_hash(editor: User) -> None:
    client = logged_in(editor)
    token = make_token(client, "import script")
    row = ApiToken.objects.get(user=editor)
    assert row.name == "import script" and row.digest == digest(token)
    assert token not in json.dumps(list(ApiToken.objects.values()), default=str)
    change = client.get(f"/admin/api/apitoken/{row.pk}/change/")
    assert change.status_code == 200 and token not in change.content.decode()
    assert token not in client.get(LIST).content.decode()
    write = Client().post(
        "/api/v1/resources",
        data=json.dumps({"title": "Made with the new token"}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert write.status_code == 201


def test_a_curator_revokes_their_own_token_and_it_stops_working(editor: User) -> None:
    client = logged_in(editor)
    token = make_token(client, "laptop")
    row = ApiToken.objects.get(user=editor)
    response = client.post(LIST, {"action": "revoke", "_selected_action": [row.pk]}, follow=True)
    assert "Revoked 1 token" in response.content.decode()
    row.refresh_from_db()
    assert row.revoked_at is not None
    refused = Client().post(
        "/api/v1/resources",
        data=json.dumps({"title": "After revoking"}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert refused.status_code == 401


def test_curators_see_and_revoke_only_their_own_tokens(
    editor: User, publisher: User, admin_user: User
) -> None:
    token_for(editor)
    token_for(publisher)
    others = ApiToken.objects.get(user=publisher)
    client = logged_in(editor)
    listing = client.get(LIST).content.decode()
    assert "edith" in listing and "paul" not in listing
    assert client.get(f"/admin/api/apitoken/{others.pk}/change/").status_code in (302, 403, 404)
    client.post(LIST, {"action": "revoke", "_selected_action": [others.pk]})
    others.refresh_from_db()
    assert others.revoked_at is None
    everyone = logged_in(admin_user).get(LIST).content.decode()
    assert "edith" in everyone and "paul" in everyone


def test_someone_without_a_curator_role_has_no_tokens_page(db: None) -> None:
    clerk = User.objects.create_user("clerk", password="pw-for-tests-only", is_staff=True)
    client = logged_in(clerk)
    assert client.get(ADD).status_code == 403
    assert client.get(LIST).status_code == 403
