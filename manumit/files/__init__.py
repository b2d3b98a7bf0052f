"""The one gate every file passes on its way into the library (Django-free; bottom layer).

    facts = examine_path(path, max_bytes=settings.MAX_UPLOAD_BYTES)   # or examine(file, …)
    facts.media_type, facts.size, facts.sha256, facts.stored_name

`examine` reads a file once, for its kind (by content), size and sha256, and returns an
immutable `FileFacts`, or raises a `Refusal` (TooLarge, NotAccepted, Unreadable) with one
message a curator reads. The size limit comes from the caller. The lookup of a file already
in the library (by sha256) is the catalogue's: `Attachment.objects.exact_duplicate(sha256)`.
"""

from manumit.files.facts import (
    FileFacts,
    NotAccepted,
    Refusal,
    TooLarge,
    Unreadable,
    examine,
    examine_path,
    kind_of,
    sha256_of,
)
from manumit.files.kinds import ACCEPTED, ACCEPTED_SUMMARY, DIALOG_HINT, FileKind, detect
from manumit.files.names import MAX_NAME_BYTES, base_name, safe_filename, was_shortened
from manumit.files.sizes import human_size

__all__ = [
    "ACCEPTED",
    "ACCEPTED_SUMMARY",
    "DIALOG_HINT",
    "MAX_NAME_BYTES",
    "FileFacts",
    "FileKind",
    "NotAccepted",
    "Refusal",
    "TooLarge",
    "Unreadable",
    "base_name",
    "detect",
    "examine",
    "examine_path",
    "human_size",
    "kind_of",
    "safe_filename",
    "sha256_of",
    "was_shortened",
]
