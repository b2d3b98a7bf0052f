"""The change log: a datestamp moves when what a harvester receives changes, and only then."""

from __future__ import annotations

import datetime
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction

from manumit.catalog.models import Organisation, Resource, Status, Topic
from manumit.catalog.tests.factories import LinkAttachmentFactory, ResourceFactory
from manumit.interop.oai.changelog import backfill, drain
from manumit.interop.oai.models import OaiPending, OaiRecord

pytestmark = pytest.mark.django_db
LONG_AGO = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)


def record(resource: Resource) -> OaiRecord:
    """The log row once the pending changes are drained (the tests' transaction never
    commits, so the after-commit drain does not run by itself)."""
    drain()
    return OaiRecord.objects.get(resource_id=resource.pk)


def aged(resource: Resource) -> Resource:
    """Push its log row into the past, so that a new change shows as a later datestamp."""
    drain()
    OaiRecord.objects.filter(resource_id=resource.pk).update(datestamp=LONG_AGO)
    return resource


def moved(resource: Resource) -> bool:
    return record(resource).datestamp > LONG_AGO


def test_the_log_is_brought_up_to_date_when_the_change_commits(
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        made = ResourceFactory.create(topics=["Forced labour"])
    assert len(callbacks) == 1  # one drain, however many signals the save sent
    row = OaiRecord.objects.get(resource_id=made.pk)
    assert "topic:forced-labour" in row.set_specs and not OaiPending.objects.exists()


def test_publishing_writes_a_row_in_utc_whole_seconds() -> None:
    made = ResourceFactory.create()
    row = record(made)
    assert not row.deleted and row.datestamp.microsecond == 0
    assert row.datestamp.utcoffset() == datetime.timedelta(0)


def test_a_draft_or_a_resource_in_review_writes_nothing() -> None:
    ResourceFactory.create(status=Status.DRAFT)
    ResourceFactory.create(status=Status.IN_REVIEW)
    drain()
    assert not OaiRecord.objects.exists()


def test_saving_an_unchanged_resource_keeps_its_datestamp() -> None:
    made = aged(ResourceFactory.create())
    Resource.objects.get(pk=made.pk).save()
    assert not moved(made)


def test_editing_what_is_disseminated_moves_the_datestamp() -> None:
    made = aged(ResourceFactory.create())
    made.title = "A new title"
    made.save()
    assert moved(made)


def test_editing_a_draft_field_nobody_harvests_keeps_the_datestamp() -> None:
    made = aged(ResourceFactory.create())
    made.wp_post_id = 4242  # the legacy post id is in no format
    made.save()
    assert not moved(made)


def test_withdrawing_is_a_change_and_marks_the_record_deleted() -> None:
    made = aged(ResourceFactory.create(types=["Publications"]))
    made.status = Status.WITHDRAWN
    made.save()
    row = record(made)
    assert row.deleted and moved(made)
    assert "type:publications" in row.set_specs  # still findable by a selective harvest


def test_publishing_again_brings_the_record_back() -> None:
    made = ResourceFactory.create(status=Status.WITHDRAWN)
    aged(made)
    made.status = Status.PUBLISHED
    made.save()
    assert not record(made).deleted and moved(made)


def test_deleting_keeps_the_row_as_deleted() -> None:
    made = aged(ResourceFactory.create())
    pk = made.pk
    made.delete()
    drain()
    row = OaiRecord.objects.get(resource_id=pk)
    assert row.deleted and row.datestamp > LONG_AGO


def test_tags_authors_publishers_and_attachments_are_changes() -> None:
    made = aged(ResourceFactory.create())
    made.topics.add(Topic.objects.get(name="Child labour"))
    assert moved(made) and "topic:child-labour" in record(made).set_specs
    aged(made)
    Topic.objects.get(name="Child labour").resources.remove(made)  # from the term's side
    assert moved(made) and "topic:child-labour" not in record(made).set_specs
    aged(made)
    LinkAttachmentFactory.create(resource=made)
    assert moved(made)


def test_renaming_an_author_is_a_change_for_their_resources() -> None:
    made = aged(ResourceFactory.create(authors=["Walk Free Foundation"]))
    other = aged(ResourceFactory.create())
    walk_free = Organisation.objects.get(name="Walk Free Foundation")
    walk_free.name = "Walk Free"
    walk_free.save()
    assert moved(made) and not moved(other)


def test_a_rolled_back_edit_leaves_the_log_as_it_was() -> None:
    made = aged(ResourceFactory.create())
    with pytest.raises(RuntimeError), transaction.atomic():
        made.title = "Never saved"
        made.save()
        raise RuntimeError("the edit fails")
    assert not moved(made)


def before_the_upgrade() -> None:
    OaiPending.objects.all().delete()
    OaiRecord.objects.all().delete()


def test_backfill_logs_a_library_that_predates_the_log() -> None:
    published = ResourceFactory.create(topics=["Forced labour"])
    withdrawn = ResourceFactory.create(status=Status.WITHDRAWN)
    ResourceFactory.create(status=Status.DRAFT)
    before_the_upgrade()
    assert backfill() == 2
    row = record(published)
    assert row.datestamp == published.updated_at.replace(microsecond=0)
    assert "topic:forced-labour" in row.set_specs and record(withdrawn).deleted
    assert backfill() == 0  # running it again changes nothing


def test_the_command_fills_the_log_and_says_how_many() -> None:
    ResourceFactory.create()
    before_the_upgrade()
    output = StringIO()
    call_command("oai_backfill", stdout=output)
    assert OaiRecord.objects.count() == 1
    assert "1 resource" in output.getvalue()


def test_migrate_fills_the_log_for_an_existing_library() -> None:
    ResourceFactory.create()
    before_the_upgrade()
    call_command("migrate", "interop", verbosity=0)
    assert OaiRecord.objects.count() == 1
