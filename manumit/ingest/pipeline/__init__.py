"""Ingestion as an ordered chain of small steps over one `Document`.

preflight (size, kind, sha256, exact duplicates) → extract (text, pages, thumbnail) →
suggest (proposals) → near_duplicates (warnings only) → save (resource, attachment, text,
fingerprint, suggestions and warnings in one transaction; search hears of those rows by
its signals). A step stops the chain by raising `StopPipeline` with an outcome and a
message; whatever was already stored stays.
"""

from manumit.ingest.pipeline.chain import (
    DRY_RUN_STEPS,
    STEPS,
    Step,
    ingest_attachment,
    ingest_path,
    read_attachment_text,
    run,
    stored_file_on_disk,
)
from manumit.ingest.pipeline.document import Document, StopPipeline
from manumit.ingest.pipeline.extraction import extract
from manumit.ingest.pipeline.preflight import preflight
from manumit.ingest.pipeline.saving import create_resource, save
from manumit.ingest.pipeline.similar import near_duplicates
from manumit.ingest.pipeline.suggesting import suggest, title_for

__all__ = [
    "DRY_RUN_STEPS",
    "STEPS",
    "Document",
    "Step",
    "StopPipeline",
    "create_resource",
    "extract",
    "ingest_attachment",
    "ingest_path",
    "near_duplicates",
    "preflight",
    "read_attachment_text",
    "run",
    "save",
    "stored_file_on_disk",
    "suggest",
    "title_for",
]
