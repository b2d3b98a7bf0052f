"""The list's addresses, which represent.py fills in from one reversed address per route:
each must be the address the resource's own page and API record answer at."""

from __future__ import annotations

import datetime
from pathlib import Path

from django.test import Client

from manumit.catalog.tests.factories import ResourceFactory


def test_every_listed_address_leads_to_its_resource(db: None, index_dir: Path) -> None:
    from manumit.search import apply_outbox

    plain = ResourceFactory.create(title="Plain slug report", pub_date=datetime.date(2020, 1, 1))
    accented = ResourceFactory.create(
        title="Rapport sur le travail forcé", slug="rapport-travail-forcé"
    )
    apply_outbox()
    client = Client()
    data = client.get("/api/v1/resources", {"sort": "newest"}).json()
    listed = {item["slug"]: item for item in data["results"]}
    assert set(listed) == {plain.slug, accented.slug}
    for resource in (plain, accented):
        item = listed[resource.slug]
        assert item["url"] == f"http://testserver{resource.get_absolute_url()}"
        page = client.get(item["url"].removeprefix("http://testserver"))
        assert page.status_code == 200 and resource.title in page.content.decode()
        record = client.get(item["api_url"].removeprefix("http://testserver"))
        assert record.status_code == 200 and record.json()["id"] == resource.pk
    # A slug outside plain ASCII is quoted in the address, as reverse() quotes it.
    assert "%C3%A9" in listed[accented.slug]["url"]
