"""Static files with a content hash in their names, gzip- and brotli-compressed by
whitenoise, so browsers may keep them for ever (whitenoise sends a year's max-age and
`immutable` for a hashed name).

`manumit serve` collects them at start. Before anything was collected (the tests, a
`manage.py` shell, `runserver`) a page names the plain file, which whitenoise's finders
serve from the package: nothing needs collecting to work, only to be fast.
"""

from __future__ import annotations

from whitenoise.storage import CompressedManifestStaticFilesStorage


class HashedStaticFiles(CompressedManifestStaticFilesStorage):
    manifest_strict = False

    def stored_name(self, name: str) -> str:
        try:
            return str(super().stored_name(name))
        except ValueError:  # not collected yet: the plain name, served from the package
            return name
