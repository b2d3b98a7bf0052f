"""Ingestion in the curators' admin: jobs, tag rules, extracted texts, and the views and
panel that the resource admin shows (see `hooks`).

Django's admin autodiscovery imports this package; importing the modules registers them.
"""

from manumit.ingest.admin import jobs, queue, rules, texts
from manumit.ingest.admin.hooks import change_page_context, queue_new_uploads
from manumit.ingest.admin.views import resource_urls

__all__ = [
    "change_page_context",
    "jobs",
    "queue",
    "queue_new_uploads",
    "resource_urls",
    "rules",
    "texts",
]
