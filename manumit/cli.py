"""The `manumit` command: Django's management commands under one name.

`manumit serve`, `manumit demo` and every built-in command (`migrate`,
`createsuperuser`, ...) pass through to Django, as `manage.py` would.
"""

from __future__ import annotations

import os
import sys

# What Manumit writes (the database, uploads, thumbnails, the index) is for its own user
# only: others on the machine may not read drafts' files or the curators' data.
PRIVATE_UMASK = 0o077


def main(argv: list[str] | None = None) -> None:
    os.umask(PRIVATE_UMASK)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "manumit.settings")
    from django.core.management import execute_from_command_line

    args = list(sys.argv if argv is None else argv)
    args[0] = "manumit"
    execute_from_command_line(args)


if __name__ == "__main__":
    main()
