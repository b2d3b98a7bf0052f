"""A merge moves files between resources; their ingestion jobs (and text) go with them."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core.files.base import ContentFile

from manumit.catalog.merging import merge
from manumit.catalog.models import Attachment
from manumit.catalog.tests.factories import ResourceFactory
from manumit.catalog.unmerging import undo
from manumit.ingest.models import IngestJob, JobState

pytestmark = pytest.mark.django_db


def test_a_queued_job_of_a_moved_file_survives_the_merge_and_its_undo(publisher: User) -> None:
    winner = ResourceFactory.create(title="Forced labour in Thai fishing")
    loser = ResourceFactory.create(title="Forced Labour in Thai Fishing")
    attachment = Attachment(resource=loser, label="annex")
    attachment.file.save("annex.pdf", ContentFile(b"%PDF-1.4 annex"), save=False)
    attachment.save()
    job = IngestJob.objects.create(resource=loser, attachment=attachment, state=JobState.QUEUED)
    record = merge(winner, loser, publisher)
    job.refresh_from_db()
    assert (job.resource_id, job.state) == (winner.pk, JobState.QUEUED)
    undo(record, publisher)
    job.refresh_from_db()
    assert job.resource_id == loser.pk and job.attachment_id == attachment.pk
