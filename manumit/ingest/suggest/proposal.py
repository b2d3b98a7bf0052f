"""What the suggest step hands back: one proposed value per field, with its evidence."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Proposal:
    """A value for one field of a resource, and the lines a curator can check it by.

    `field` is a `SuggestionField` value. `value` is a str (title, language), an int (year),
    a list of names (authors, publisher) or a list of keys (country ISO alpha-2 codes,
    region, topic and sector slugs). `evidence` holds short lines such as
    "Thailand: 37 mentions" or "From the PDF's Title field".
    """

    field: str
    value: Any
    evidence: list[str]
