"""Fixtures the ingestion tests share."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.files import File
from django.test import Client

from manumit.catalog.models import Attachment, Resource
from manumit.catalog.tests.factories import ResourceFactory


@pytest.fixture
def curator(client: Client, editor: User) -> Client:
    """A client signed in as a member of the Editors group."""
    client.force_login(editor)
    return client


@pytest.fixture
def attach(shared_dir: Path) -> Callable[[Path], Attachment]:
    """An attachment holding a shared file, as an admin upload leaves it."""

    def attach(relative: Path) -> Attachment:
        resource: Resource = ResourceFactory.create(title="Uploaded in the admin")
        attachment = Attachment(resource=resource, media_type="application/pdf")
        with (shared_dir / relative).open("rb") as source:
            attachment.file.save(relative.name, File(source), save=False)
        attachment.measure()
        attachment.save()
        return attachment

    return attach
