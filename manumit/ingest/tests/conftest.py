"""Fixtures the ingestion tests share."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client


@pytest.fixture
def curator(client: Client, editor: User) -> Client:
    """A client signed in as a member of the Editors group."""
    client.force_login(editor)
    return client
