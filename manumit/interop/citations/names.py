"""Authors as citation formats want them: people by family and given name, organisations
whole.

The catalogue's neutral record has already split each person's byline name (`family`,
`given`, `suffix`); an organisation has no parts at all. Here we only add what citation
formats distinguish further: the particle of a Dutch or German family name ("van" in
"van Gardingen"), which CSL sorts and prints by its own rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Name:
    """One author. `literal` is set for an organisation ("Walk Free" is one name in every
    format, never "Free, W."), and for a person known by a single name."""

    literal: str = ""
    family: str = ""
    given: str = ""
    particle: str = ""  # "van", "de la": printed before the family name
    suffix: str = ""

    @property
    def is_literal(self) -> bool:
        return bool(self.literal)

    @property
    def full_family(self) -> str:
        """`van Gardingen`: the family name with its particle, as BibTeX and RIS write it."""
        return f"{self.particle} {self.family}".strip()

    @property
    def inverted(self) -> str:
        """`van Gardingen, Imke`, `Bales, Kevin, Jr.`, or the literal name as it is."""
        if self.is_literal:
            return self.literal
        parts = [self.full_family, self.given, self.suffix]
        return ", ".join(part for part in parts if part)

    def csl(self) -> dict[str, str]:
        """The CSL-JSON name object."""
        if self.is_literal:
            return {"literal": self.literal}
        data = {"family": self.family, "given": self.given}
        if self.particle:
            data["non-dropping-particle"] = self.particle
        if self.suffix:
            data["suffix"] = self.suffix
        return {key: value for key, value in data.items() if value}


def name_of(agent: dict[str, Any]) -> Name:
    """A `Name` from an author of the neutral record (`kind`, `name`, `family`, `given`)."""
    whole = " ".join(str(agent.get("name") or "").split())
    family = " ".join(str(agent.get("family") or "").split())
    if agent.get("kind") != "person" or not family or not agent.get("given"):
        return Name(literal=whole or family)
    words = family.split(" ")
    # Leading lower-case words of a family name are its particle: "van der Berg".
    count = next((i for i, word in enumerate(words) if not word.islower()), len(words))
    count = min(count, len(words) - 1)
    return Name(
        family=" ".join(words[count:]),
        given=" ".join(str(agent["given"]).split()),
        particle=" ".join(words[:count]),
        suffix=" ".join(str(agent.get("suffix") or "").split()),
    )
