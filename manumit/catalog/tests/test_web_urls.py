"""Links hold web addresses only, whichever way they are written (found by an outside probe:
a `javascript:` source URL written in the shell was shown as a link)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.test import Client

from manumit.catalog.models import Attachment, Organisation, Resource
from manumit.catalog.models.fields import BAD_SCHEME
from manumit.catalog.tests.admin_forms import ADD_URL, resource_form
from manumit.catalog.tests.factories import ResourceFactory

pytestmark = pytest.mark.django_db

HOSTILE = [
    "javascript:alert(document.cookie)",
    "JavaScript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "ftp://files.example.org/report.pdf",
]


@pytest.mark.parametrize("url", HOSTILE)
def test_objects_create_cannot_store_a_source_url_that_is_not_a_web_address(url: str) -> None:
    with pytest.raises(ValidationError) as refused:
        Resource.objects.create(title="From the shell", source_url=url)
    assert refused.value.message_dict == {"source_url": [BAD_SCHEME]}
    assert not Resource.objects.exists()


@pytest.mark.parametrize("url", HOSTILE)
def test_full_clean_names_the_field_and_the_rule(url: str) -> None:
    resource = Resource(title="Checked", slug="checked", source_url=url)
    with pytest.raises(ValidationError) as refused:
        resource.full_clean()
    assert refused.value.message_dict["source_url"] == [BAD_SCHEME]


def test_an_update_or_a_bulk_create_cannot_store_one_either() -> None:
    resource = ResourceFactory.create(source_url="https://www.ilo.org/report")
    with pytest.raises(ValidationError), transaction.atomic():
        Resource.objects.filter(pk=resource.pk).update(source_url="javascript:alert(1)")
    with pytest.raises(ValidationError), transaction.atomic():
        Organisation.objects.bulk_create([Organisation(name="X", slug="x", website="data:,x")])
    resource.refresh_from_db()
    assert resource.source_url == "https://www.ilo.org/report"
    assert not Organisation.objects.exists()


def test_an_attachment_link_and_a_website_take_web_addresses_only() -> None:
    resource = ResourceFactory.create()
    with pytest.raises(ValidationError):
        Attachment.objects.create(resource=resource, url="javascript:alert(1)")
    with pytest.raises(ValidationError):
        Organisation.objects.create(name="Walk Free", slug="walk-free", website="javascript:x")
    Attachment.objects.create(resource=resource, url="http://www.example.org/a.pdf")
    Organisation.objects.create(name="ILO", slug="ilo", website="https://www.ilo.org/")
    assert Attachment.objects.count() == 1 and Organisation.objects.count() == 1


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("javascript:alert(1)", "Enter a valid URL."),  # the form field's own check
        ("ftp://files.example.org/report.pdf", BAD_SCHEME),  # the model's, after it
    ],
)
def test_the_admin_form_refuses_a_source_url_that_is_not_a_web_address(
    client: Client, editor: User, url: str, message: str
) -> None:
    client.force_login(editor)
    response = client.post(ADD_URL, resource_form(title="Typed in the admin", source_url=url))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Resource.objects.exists()


def test_a_bad_value_stored_past_the_guard_is_shown_as_text_not_as_a_link(client: Client) -> None:
    resource = ResourceFactory.create(source_url="https://www.ilo.org/report")
    with connection.cursor() as cursor:  # an old row, or raw SQL: nothing the model saw
        cursor.execute(
            "UPDATE catalog_resource SET source_url = %s WHERE id = %s",
            ["javascript:alert(1)", resource.pk],
        )
    page = client.get(resource.get_absolute_url()).content.decode()
    assert "javascript:alert(1)" in page  # shown, as text
    assert 'href="javascript:' not in page.lower()


def test_a_good_source_url_is_still_a_link(client: Client) -> None:
    resource = ResourceFactory.create(source_url="https://www.ilo.org/report")
    page = client.get(resource.get_absolute_url()).content.decode()
    assert '<a href="https://www.ilo.org/report" rel="noopener">' in page
