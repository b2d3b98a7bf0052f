"""What extraction hands back, in plain data that crosses a process boundary as JSON."""

from __future__ import annotations

import base64
from dataclasses import asdict, dataclass, field
from typing import Any

# The values of manumit.ingest.models.Outcome that extraction can end in (kept as plain
# strings so that this package never needs Django; a test checks they match).
TEXT = "text"
OCR = "ocr"
ENCRYPTED = "encrypted"
NO_TEXT = "no_text"
UNREADABLE = "unreadable"

METADATA_KEYS = (
    "title",
    "author",
    "subject",
    "keywords",
    "creator",
    "producer",
    "created",
    "modified",
)


@dataclass
class Extracted:
    """The text of one file, page by page, and what the file says about itself."""

    outcome: str
    pages: list[str]
    page_count: int | None
    metadata: dict[str, str]
    language: str
    thumbnail_png: bytes | None
    message: str
    ocr_pages: list[int] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n\n".join(self.pages)

    def to_wire(self) -> dict[str, Any]:
        data = asdict(self)
        png = self.thumbnail_png
        data["thumbnail_png"] = base64.b64encode(png).decode("ascii") if png else None
        return data

    @classmethod
    def from_wire(cls, data: dict[str, Any]) -> Extracted:
        png = data.get("thumbnail_png")
        return cls(
            outcome=str(data["outcome"]),
            pages=[str(page) for page in data["pages"]],
            page_count=data["page_count"],
            metadata={str(k): str(v) for k, v in data["metadata"].items()},
            language=str(data["language"]),
            thumbnail_png=base64.b64decode(png) if png else None,
            message=str(data["message"]),
            ocr_pages=[int(n) for n in data.get("ocr_pages", [])],
        )


def unreadable(message: str, page_count: int | None = None) -> Extracted:
    return Extracted(UNREADABLE, [], page_count, {}, "", None, message)


@dataclass
class Job:
    """One request to a worker: everything it needs, nothing it could misuse."""

    path: str
    extractor: str  # "module:function", from the registry
    password: str = ""
    ocr: bool = True
    timeout: float = 120.0
    memory_bytes: int = 1 << 30
