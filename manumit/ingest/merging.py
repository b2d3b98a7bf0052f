"""Ingestion's part of merging duplicates: the jobs of the files that moved follow them.

A job belongs to a resource as well as to its attachment; left on the loser, a queued job
of a file that moved to the winner would be deleted with the loser and the file never read.
The text already extracted needs nothing: it belongs to the attachment, which moved.
"""

from __future__ import annotations

from typing import Any

from manumit.ingest.models import IngestJob


def move_jobs(winner: Any, loser: Any, record: Any) -> None:
    IngestJob.objects.filter(resource=loser, attachment__resource=winner).update(resource=winner)


def move_jobs_back(winner: Any, loser: Any, record: Any) -> None:
    IngestJob.objects.filter(resource=winner, attachment__resource=loser).update(resource=loser)
