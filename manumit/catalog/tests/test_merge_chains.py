"""Chains of merges: A merged into B, then B into C, undone in either order."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.test import Client

from manumit.catalog.merging import MergeError, merge
from manumit.catalog.models import Attachment, MergeRecord, Resource, Topic
from manumit.catalog.tests.factories import ResourceFactory
from manumit.catalog.unmerging import undo

pytestmark = pytest.mark.django_db

SHARED = b"%PDF-1.4 the report both A and C hold"
TERMS = ("types", "regions", "countries", "topics", "sectors")


def attach(resource: Resource, name: str, content: bytes, position: int) -> None:
    attachment = Attachment(resource=resource, position=position, label=name)
    attachment.file.save(name, ContentFile(content), save=False)
    attachment.measure()
    attachment.save()


@dataclass
class Three:
    a: Resource
    b: Resource
    c: Resource


@pytest.fixture
def three() -> Three:
    """A's author Walk Free and its shared report are already on C, so the second merge
    drops A's copies as duplicates; B has no post id of its own and takes A's."""
    first, second = Topic.objects.order_by("name")[:2]
    a = ResourceFactory.create(
        title="Report A",
        authors=["Jane Smith", "Walk Free Foundation"],
        publishers=["International Labour Organization"],
        regions=["Asia"],
        doi="10.1234/a",
        wp_post_id=301,
    )
    a.legacy_slugs.create(slug="old-a")
    attach(a, "shared.pdf", SHARED, 0)
    attach(a, "a-annex.pdf", b"%PDF-1.4 A's annex", 1)
    Attachment.objects.create(resource=a, position=2, url="https://example.org/a")
    b = ResourceFactory.create(title="Report B", authors=["Jane Smith"], topics=[first.name])
    b.legacy_slugs.create(slug="old-b")
    attach(b, "b.pdf", b"%PDF-1.4 B's own", 0)
    c = ResourceFactory.create(
        title="Report C", authors=["Walk Free Foundation"], topics=[second.name], wp_post_id=303
    )
    attach(c, "c-shared.pdf", SHARED, 0)
    return Three(a, b, c)


def state(pk: int) -> dict[str, Any]:
    """What a curator and a visitor see of one resource."""
    resource = Resource.objects.get(pk=pk)
    return {
        "fields": (resource.title, resource.slug, resource.doi, resource.wp_post_id),
        "terms": {
            name: sorted(getattr(resource, name).values_list("pk", flat=True)) for name in TERMS
        },
        "authors": [str(agent) for agent in resource.ordered_authors()],
        "publishers": [org.name for org in resource.ordered_publishers()],
        "attachments": [
            (item.label, item.url, item.sha256, item.file.open("rb").read() if item.file else b"")
            for item in resource.attachments.all()
        ],
        "old_slugs": sorted(resource.legacy_slugs.values_list("slug", flat=True)),
        "old_post_ids": sorted(resource.legacy_post_ids.values_list("wp_post_id", flat=True)),
    }


def lands_on(address: str) -> str:
    response = Client().get(address)
    assert response.status_code == 301, address
    return str(response["Location"])


def chain(three: Three, user: User) -> tuple[MergeRecord, MergeRecord]:
    return merge(three.b, three.a, user), merge(three.c, three.b, user)


def test_undoing_in_reverse_order_restores_all_three(three: Three, publisher: User) -> None:
    pks = (three.a.pk, three.b.pk, three.c.pk)
    before = [state(pk) for pk in pks]
    a_into_b, b_into_c = chain(three, publisher)
    assert lands_on("/?p=301") == three.c.get_absolute_url()  # A's post id went along
    undo(b_into_c, publisher)
    a_into_b.refresh_from_db()
    assert a_into_b.winner_id == three.b.pk  # the record follows its winner back
    assert lands_on(three.a.get_absolute_url()) == three.b.get_absolute_url()
    undo(a_into_b, publisher)
    assert [state(pk) for pk in pks] == before
    for own, old in ((three.a, "/old-a/"), (three.b, "/old-b/")):
        assert lands_on(old) == own.get_absolute_url()
        assert Client().get(own.get_absolute_url()).status_code == 200
    assert lands_on("/?p=301") == three.a.get_absolute_url()


def test_the_inner_merge_is_undone_while_the_outer_stands(
    three: Three, publisher: User, django_capture_on_commit_callbacks: Any
) -> None:
    pks = (three.a.pk, three.b.pk, three.c.pk)
    before = [state(pk) for pk in pks]
    a_into_b, b_into_c = chain(three, publisher)
    # The search index, OAI-PMH and the page cache follow on commit, B coming and going.
    with django_capture_on_commit_callbacks(execute=True):
        undo(a_into_b, publisher)
    assert state(three.a.pk) == before[0]
    c = state(three.c.pk)
    # What A brought is taken back from C; what B brought stays there.
    assert c["authors"] == ["Walk Free Foundation", "Jane Smith"]
    assert [label for label, *_ in c["attachments"]] == ["c-shared.pdf", "b.pdf"]
    assert c["fields"] == ("Report C", three.c.slug, "", 303) and c["terms"]["regions"] == []
    assert c["old_slugs"] == sorted(["old-b", three.b.slug])
    assert lands_on("/old-a/") == lands_on("/?p=301") == three.a.get_absolute_url()
    assert lands_on(three.b.get_absolute_url()) == three.c.get_absolute_url()
    assert lands_on("/old-b/") == three.c.get_absolute_url()
    assert not Resource.objects.filter(pk=three.b.pk).exists()
    b_into_c.refresh_from_db()
    assert not b_into_c.is_undone and b_into_c.winner_id == three.c.pk
    assert MergeRecord.objects.count() == 2  # the outer merge was made again in its record
    # Undoing the outer merge later brings B back as it was before A joined it.
    undo(b_into_c, publisher)
    assert [state(pk) for pk in pks] == before


def test_the_record_page_says_where_the_things_went(three: Three, publisher: User) -> None:
    a_into_b, _ = chain(three, publisher)
    client = Client()
    client.force_login(publisher)
    page = client.get(a_into_b.get_admin_url()).content.decode()
    assert (
        "“Report A” was merged into “Report B”, which has since been merged into “Report C”" in page
    )
    assert "Undo merge" in page


def test_a_chain_undo_that_cannot_be_done_changes_nothing(three: Three, publisher: User) -> None:
    a_into_b, b_into_c = chain(three, publisher)
    after = state(three.c.pk)
    squatter = ResourceFactory.create(title="Squatter")
    Resource.objects.filter(pk=squatter.pk).update(slug=three.b.slug)
    with pytest.raises(MergeError) as refused:
        undo(a_into_b, publisher)
    message = str(refused.value)
    assert "which has since been merged into “Report C”" in message
    assert (
        "taken apart" in message
        and f"Another resource now has the address “{three.b.slug}”" in message
    )
    assert not Resource.objects.filter(pk__in=[three.a.pk, three.b.pk]).exists()
    assert state(three.c.pk) == after
    a_into_b.refresh_from_db()
    b_into_c.refresh_from_db()
    assert not a_into_b.is_undone and not b_into_c.is_undone


def test_an_inner_merge_whose_winner_was_deleted_is_refused(three: Three, publisher: User) -> None:
    a_into_b = merge(three.b, three.a, publisher)
    Resource.objects.filter(pk=three.b.pk).delete()
    with pytest.raises(MergeError, match="has been deleted since"):
        undo(a_into_b, publisher)
    # Also when the merge that took it further was undone first and then the winner deleted.
    a_into_c = merge(three.c, ResourceFactory.create(title="Report D"), publisher)
    b2 = ResourceFactory.create(title="Report E")
    e_into_d = merge(b2, Resource.objects.get(title="Report C"), publisher)
    undo(e_into_d, publisher)
    Resource.objects.filter(pk=three.c.pk).delete()
    with pytest.raises(MergeError, match="has been deleted since"):
        undo(a_into_c, publisher)


def test_an_undone_merge_in_a_chain_is_not_undone_twice(three: Three, publisher: User) -> None:
    a_into_b, b_into_c = chain(three, publisher)
    undo(a_into_b, publisher)
    with pytest.raises(MergeError, match="already undone"):
        undo(a_into_b, publisher)
    undo(b_into_c, publisher)
    with pytest.raises(MergeError, match="already undone"):
        undo(b_into_c, publisher)


def test_a_longer_chain_is_followed_to_its_end(three: Three, publisher: User) -> None:
    d = ResourceFactory.create(title="Report D", wp_post_id=304)
    pks = (three.a.pk, three.b.pk, three.c.pk, d.pk)
    before = [state(pk) for pk in pks]
    a_into_b, b_into_c = chain(three, publisher)
    c_into_d = merge(d, three.c, publisher)
    assert lands_on("/old-a/") == d.get_absolute_url()
    undo(a_into_b, publisher)
    assert state(three.a.pk) == before[0]
    assert [label for label, *_ in state(d.pk)["attachments"]] == ["c-shared.pdf", "b.pdf"]
    assert lands_on("/old-b/") == lands_on(three.c.get_absolute_url()) == d.get_absolute_url()
    undo(c_into_d, publisher)
    undo(b_into_c, publisher)
    assert [state(pk) for pk in pks] == before
