"""Uploads on the local disk, never half-written under their own name.

Django's FileSystemStorage writes a file in place, and when the write fails (a full disk,
a quota) it leaves the part it wrote behind, under the name a later upload or a backup
would trust. Here a file is written under a hidden `.partial-…` name of its own first and
linked to its real name only when whole; a failed write removes the partial file and lets
the error through, so the caller's transaction rolls its rows back and the curator hears
why (manumit/site/faults.py). A process killed mid-write leaves only a `.partial-` file,
which no row names.
"""

from __future__ import annotations

import errno
import os
import uuid
from typing import Any

from django.core.files.storage import FileSystemStorage

PARTIAL_PREFIX = ".partial-"
NO_HARD_LINKS = frozenset({errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK})


class WholeFileSystemStorage(FileSystemStorage):
    def _save(self, name: str, content: Any) -> str:
        directory = os.path.dirname(name)
        partial = os.path.join(directory, f"{PARTIAL_PREFIX}{uuid.uuid4().hex}")
        try:
            # Django's own write, to the partial name (_save is missing from the stubs).
            written = super()._save(partial, content)  # type: ignore[misc]
            return self._publish(written, name)
        finally:
            # Gone once published (linked, then unlinked here), or whatever failed.
            if os.path.lexists(self.path(partial)):
                os.unlink(self.path(partial))

    def _publish(self, written: str, name: str) -> str:
        """Give the whole file its name: a hard link fails if the name was taken meanwhile
        (another upload of the same name), and the next free name is tried."""
        while True:
            target = self.path(name)
            try:
                if getattr(self, "_allow_overwrite", False):  # Django's, for allow_overwrite
                    os.replace(self.path(written), target)
                else:
                    os.link(self.path(written), target)
            except FileExistsError:
                name = self.get_available_name(name)
                continue
            except OSError as error:
                if error.errno not in NO_HARD_LINKS or os.path.lexists(target):
                    raise
                os.rename(self.path(written), target)  # a file system without hard links
            return os.path.relpath(target, self.location).replace("\\", "/")
