"""Merging two duplicate resources into one, and undoing it: what a curator and a visitor see."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.test import Client

from manumit.catalog import hooks
from manumit.catalog.merging import MergeError, merge
from manumit.catalog.models import (
    Attachment,
    LegacySlug,
    MergeRecord,
    Resource,
    Status,
    Topic,
)
from manumit.catalog.tests.admin_forms import RESOURCE_URL, action_form
from manumit.catalog.tests.factories import ResourceFactory
from manumit.catalog.unmerging import undo

pytestmark = pytest.mark.django_db

SAME_REPORT = b"%PDF-1.4 the same report, uploaded twice"


def attach_file(resource: Resource, name: str, content: bytes, position: int = 0) -> Attachment:
    attachment = Attachment(resource=resource, position=position, label=name)
    attachment.file.save(name, ContentFile(content), save=False)
    attachment.measure()
    attachment.save()
    return attachment


@dataclass
class Pair:
    winner: Resource
    loser: Resource
    loser_url: str


@pytest.fixture
def pair() -> Pair:
    """The same report entered twice: the second copy knows more about it."""
    topics = list(Topic.objects.order_by("name")[:2])
    winner = ResourceFactory.create(
        title="Forced labour in Thai fishing",
        authors=["Jane Smith"],
        publishers=["International Labour Organization"],
        wp_post_id=101,
    )
    winner.topics.add(topics[0])
    winner.legacy_slugs.create(slug="old-winner-address")
    attach_file(winner, "report.pdf", SAME_REPORT)
    loser = ResourceFactory.create(
        title="Forced Labour in Thai Fishing",
        authors=["Jane Smith", "Walk Free Foundation"],
        publishers=["International Labour Organization", "Walk Free Foundation"],
        regions=["Asia"],
        doi="10.1234/thai-fishing",
        isbn="9780000000002",
        wp_post_id=202,
    )
    loser.topics.add(*topics)
    loser.legacy_slugs.create(slug="old-loser-address")
    attach_file(loser, "report-copy.pdf", SAME_REPORT, position=0)
    attach_file(loser, "annex.pdf", b"%PDF-1.4 the annex", position=1)
    Attachment.objects.create(resource=loser, position=2, url="https://example.org/summary")
    return Pair(winner, loser, loser.get_absolute_url())


def stored_files() -> list[str]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(path.name for path in root.rglob("*") if path.is_file())


def fresh(resource: Resource) -> Resource:
    return Resource.objects.get(pk=resource.pk)


def test_a_merge_joins_everything_into_the_winner(
    pair: Pair, publisher: User, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        record = merge(pair.winner, pair.loser, publisher)
    assert not Resource.objects.filter(pk=pair.loser.pk).exists()
    winner = fresh(pair.winner)
    assert winner.title == "Forced labour in Thai fishing"  # the winner's own fields stay
    assert [str(agent) for agent in winner.ordered_authors()] == [
        "Jane Smith",
        "Walk Free Foundation",
    ]
    assert [org.name for org in winner.ordered_publishers()] == [
        "International Labour Organization",
        "Walk Free Foundation",
    ]
    assert set(winner.topics.all()) == set(Topic.objects.order_by("name")[:2])
    assert [region.name for region in winner.regions.all()] == ["Asia"]
    assert (winner.doi, winner.isbn, winner.wp_post_id) == (
        "10.1234/thai-fishing",
        "9780000000002",
        101,
    )
    # The twice-uploaded report is kept once; the annex and the link move over, in order.
    assert [str(item) for item in winner.attachments.all()] == [
        "report.pdf",
        "annex.pdf",
        "https://example.org/summary",
    ]
    assert stored_files() == ["annex.pdf", "report.pdf"]
    assert record.loser_id == pair.loser.pk and not record.is_undone
    logged = LogEntry.objects.filter(
        content_type__model="mergerecord", object_id=str(record.pk)
    ).get()
    assert "Forced Labour in Thai Fishing" in logged.get_change_message()


def test_the_losers_addresses_lead_to_the_winner(pair: Pair, publisher: User) -> None:
    merge(pair.winner, pair.loser, publisher)
    target = pair.winner.get_absolute_url()
    client = Client()
    for address in (pair.loser_url, "/old-loser-address/", "/?p=202", "/?p=101"):
        response = client.get(address)
        assert (response.status_code, response["Location"]) == (301, target), address
    # The winner's own page is unchanged and found.
    assert client.get(target).status_code == 200


def test_a_failure_mid_merge_changes_nothing(pair: Pair, publisher: User) -> None:
    def broken(*args: object) -> None:
        raise RuntimeError("a higher app failed while the merge ran")

    hooks.register(hooks.RESOURCE_MERGED, broken)
    try:
        with pytest.raises(RuntimeError):
            merge(pair.winner, pair.loser, publisher)
    finally:
        hooks.unregister(hooks.RESOURCE_MERGED, broken)
    loser, winner = fresh(pair.loser), fresh(pair.winner)
    assert loser.attachments.count() == 3 and winner.attachments.count() == 1
    assert loser.authorships.count() == 2 and winner.authorships.count() == 1
    assert winner.topics.count() == 1 and winner.doi == ""
    assert set(LegacySlug.objects.values_list("slug", flat=True)) == {
        "old-winner-address",
        "old-loser-address",
    }
    assert not MergeRecord.objects.exists()


def test_a_resource_is_not_merged_with_itself(pair: Pair, publisher: User) -> None:
    with pytest.raises(MergeError):
        merge(pair.winner, pair.winner, publisher)


def test_a_loser_whose_address_another_resource_redirects_is_refused(
    pair: Pair, publisher: User
) -> None:
    third = ResourceFactory.create(title="A third report")
    LegacySlug.objects.create(slug=pair.loser.slug, resource=third)
    with pytest.raises(MergeError, match="already an old address of another resource"):
        merge(pair.winner, pair.loser, publisher)
    assert Resource.objects.filter(pk=pair.loser.pk).exists()


def test_undo_restores_the_loser_and_the_winner(
    pair: Pair, publisher: User, django_capture_on_commit_callbacks: Any
) -> None:
    before = {
        "slug": pair.loser.slug,
        "topics": set(pair.loser.topics.values_list("pk", flat=True)),
        "created_at": pair.loser.created_at,
    }
    with django_capture_on_commit_callbacks(execute=True):
        record = merge(pair.winner, pair.loser, publisher)
    with django_capture_on_commit_callbacks(execute=True):
        loser = undo(record, publisher)
    assert loser.pk == pair.loser.pk
    loser = fresh(loser)
    assert (loser.slug, loser.title, loser.doi, loser.wp_post_id) == (
        before["slug"],
        "Forced Labour in Thai Fishing",
        "10.1234/thai-fishing",
        202,
    )
    assert loser.created_at == before["created_at"] and loser.status == Status.PUBLISHED
    assert set(loser.topics.values_list("pk", flat=True)) == before["topics"]
    assert [str(agent) for agent in loser.ordered_authors()] == [
        "Jane Smith",
        "Walk Free Foundation",
    ]
    assert len(loser.ordered_publishers()) == 2
    # The duplicate file comes back as a copy of the one the winner kept.
    restored = list(loser.attachments.all())
    assert [item.label or item.url for item in restored] == [
        "report-copy.pdf",
        "annex.pdf",
        "https://example.org/summary",
    ]
    assert restored[0].sha256 == pair.winner.attachments.get().sha256
    assert restored[0].file.open("rb").read() == SAME_REPORT
    winner = fresh(pair.winner)
    assert (winner.doi, winner.isbn, winner.wp_post_id) == ("", "", 101)
    assert winner.topics.count() == 1 and winner.regions.count() == 0
    assert [str(agent) for agent in winner.ordered_authors()] == ["Jane Smith"]
    assert [str(item) for item in winner.attachments.all()] == ["report.pdf"]
    client = Client()
    assert client.get("/?p=202")["Location"] == loser.get_absolute_url()
    assert client.get("/old-loser-address/")["Location"] == loser.get_absolute_url()
    assert client.get(loser.get_absolute_url()).status_code == 200
    record.refresh_from_db()
    assert record.is_undone and record.undone_by == publisher
    with pytest.raises(MergeError, match="already undone"):
        undo(record, publisher)


def test_a_failure_mid_undo_changes_nothing(pair: Pair, publisher: User) -> None:
    record = merge(pair.winner, pair.loser, publisher)

    def broken(*args: object) -> None:
        raise RuntimeError("a higher app failed while the undo ran")

    hooks.register(hooks.RESOURCE_UNMERGED, broken)
    try:
        with pytest.raises(RuntimeError):
            undo(record, publisher)
    finally:
        hooks.unregister(hooks.RESOURCE_UNMERGED, broken)
    assert not Resource.objects.filter(pk=pair.loser.pk).exists()
    assert fresh(pair.winner).attachments.count() == 3
    record.refresh_from_db()
    assert not record.is_undone


def test_undo_keeps_the_winners_later_edits(pair: Pair, publisher: User) -> None:
    record = merge(pair.winner, pair.loser, publisher)
    winner = fresh(pair.winner)
    winner.title, winner.doi = "Forced labour in Thai fishing (revised)", "10.9999/revised"
    winner.save()
    undo(record, publisher)
    winner = fresh(pair.winner)
    assert (winner.title, winner.doi) == (
        "Forced labour in Thai fishing (revised)",
        "10.9999/revised",
    )
    assert winner.isbn == ""  # untouched since the merge: emptied again
    assert fresh(pair.loser).doi == "10.1234/thai-fishing"


def test_undo_refuses_when_it_cannot_be_done_safely(pair: Pair, publisher: User) -> None:
    record = merge(pair.winner, pair.loser, publisher)
    squatter = ResourceFactory.create(title="Another report", slug=pair.loser.slug + "-x")
    Resource.objects.filter(pk=squatter.pk).update(slug=pair.loser.slug)
    with pytest.raises(MergeError, match="Another resource now has the address"):
        undo(record, publisher)
    Resource.objects.filter(pk=pair.winner.pk).delete()
    record.refresh_from_db()
    with pytest.raises(MergeError, match="has been deleted"):
        undo(record, publisher)
    assert not Resource.objects.filter(pk=pair.loser.pk).exists()


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_publisher_merges_and_undoes_from_the_admin(pair: Pair, publisher: User) -> None:
    client = signed_in(publisher)
    data = action_form("merge_resources", pair.winner, pair.loser)
    page = client.post(RESOURCE_URL, data)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Forced labour in Thai fishing" in html and "Forced Labour in Thai Fishing" in html
    assert "10.1234/thai-fishing" in html and 'name="winner"' in html
    assert Resource.objects.filter(pk=pair.loser.pk).exists()  # the page changes nothing
    data.pop("index")
    confirmed = client.post(RESOURCE_URL, {**data, "merge": "Merge", "winner": pair.loser.pk})
    assert confirmed.status_code == 302
    # The curator chose the second one as the winner this time.
    assert not Resource.objects.filter(pk=pair.winner.pk).exists()
    record = MergeRecord.objects.get()
    listing = client.get(confirmed["Location"]).content.decode()
    assert "Undo this merge" in listing and record.get_admin_url() in listing
    record_page = client.get(record.get_admin_url()).content.decode()
    assert "Undo merge" in record_page
    undone = client.post(f"/admin/catalog/mergerecord/{record.pk}/undo/")
    assert undone.status_code == 302
    assert Resource.objects.filter(pk=pair.winner.pk).exists()
    assert "is back as a resource of its own" in client.get(undone["Location"]).content.decode()


def test_the_action_wants_exactly_two(pair: Pair, publisher: User) -> None:
    third = ResourceFactory.create()
    client = signed_in(publisher)
    response = client.post(
        RESOURCE_URL, action_form("merge_resources", pair.winner, pair.loser, third), follow=True
    )
    assert "Tick exactly two resources to merge." in response.content.decode()
    assert Resource.objects.count() == 3


@pytest.fixture
def undo_url(pair: Pair, publisher: User) -> Iterator[str]:
    record = merge(pair.winner, pair.loser, publisher)
    yield f"/admin/catalog/mergerecord/{record.pk}/undo/"


def test_editors_may_neither_merge_nor_undo(pair: Pair, editor: User, undo_url: str) -> None:
    client = signed_in(editor)
    assert "merge_resources" not in client.get(RESOURCE_URL).content.decode()
    other = ResourceFactory.create(status=Status.DRAFT)
    draft = ResourceFactory.create(status=Status.DRAFT)
    client.post(RESOURCE_URL, {**action_form("merge_resources", other, draft), "merge": "1"})
    assert Resource.objects.filter(pk__in=[other.pk, draft.pk]).count() == 2
    assert client.get("/admin/catalog/mergerecord/").status_code == 403
    assert client.post(undo_url).status_code == 403
    assert not Resource.objects.filter(pk=pair.loser.pk).exists()
