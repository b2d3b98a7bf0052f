"""Step 2: the text page by page, the document's own metadata, its language and a
thumbnail, read in a child process under the time and memory limits (see
`manumit.ingest.extract`)."""

from __future__ import annotations

from django.conf import settings

from manumit.ingest.models import Outcome
from manumit.ingest.pipeline.document import Document

NOT_READ = (
    "Manumit does not read the text of this kind of file; the file is kept and can be "
    "downloaded as it is."
)


def extract(document: Document) -> None:
    # Imported here: the extractors load PDFium and friends, which most callers never need.
    from manumit.ingest.extract import extract_file, supported

    if not supported(document.media_type):
        document.outcome, document.message = Outcome.NO_TEXT, NOT_READ
        return
    result = extract_file(
        document.path,
        document.media_type,
        password=document.password,
        ocr=True,
        timeout=settings.EXTRACT_TIMEOUT_SECONDS,
        memory_bytes=settings.EXTRACT_MEMORY_BYTES,
    )
    document.extracted = result
    document.outcome, document.message = result.outcome, result.message
