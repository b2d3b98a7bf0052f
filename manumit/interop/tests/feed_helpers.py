"""What the feed tests share: reading a feed as a subscriber would, after checking it
against the validator's rules (feed_rules.py), and giving a resource a measured PDF."""

from __future__ import annotations

from typing import Any

import feedparser
from django.core.files.base import ContentFile
from django.test import Client

from manumit.catalog.models import Attachment, Resource
from manumit.interop.tests.feed_rules import problems

ORIGIN = "http://testserver"


def fetch(client: Client, address: str) -> Any:
    """The feed at `address`, after checking it answers 200 and breaks no validator rule."""
    response = client.get(address)
    assert response.status_code == 200, (address, response.status_code)
    found = problems(response.content, ORIGIN + address, response["Content-Type"])
    assert found == [], (address, found)
    parsed = feedparser.parse(response.content)
    assert parsed.bozo == 0
    return parsed


def upload_pdf(resource: Resource, name: str, size: int, label: str = "") -> Attachment:
    """A stored PDF of `size` bytes on `resource`, measured as an upload is."""
    attachment = Attachment(resource=resource, label=label, media_type="application/pdf")
    attachment.file.save(name, ContentFile(b"%PDF-1.4\n" + b"0" * (size - 9)), save=False)
    attachment.measure()
    attachment.save()
    return attachment
