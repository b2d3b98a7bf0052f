"""What an import remembers: the source's own identifier of each resource it wrote.

A second import of the same file (or a later export of the same site) finds the resource
by it, so nothing is made twice. `scheme` tells identifier spaces apart: the format's name,
and for WordPress the site's address too ("wordpress:https://example.org"), since post 42
of one site is not post 42 of another.
"""

from __future__ import annotations

from django.db import models


class ImportedIdentifier(models.Model):
    resource = models.ForeignKey(
        "catalog.Resource", on_delete=models.CASCADE, related_name="imported_identifiers"
    )
    scheme = models.CharField(max_length=255)
    identifier = models.CharField(max_length=500)
    creator = models.CharField(
        max_length=255, blank=True, help_text="Who entered the record in the old system"
    )
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "identifier"], name="imported_identifier_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.scheme} {self.identifier}"
