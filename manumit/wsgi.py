"""WSGI entry point, for `manumit serve` (gunicorn) or any WSGI server.

Import it in each worker process, after any fork (gunicorn without --preload): the sync
thread it starts belongs to the process that imports it.
"""

import os

from django.core.wsgi import get_wsgi_application

# Under any WSGI server, as under `manumit`: files it creates are private (cli.py).
os.umask(0o077)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "manumit.settings")
application = get_wsgi_application()

# A web process keeps its node's search index following the database (manumit/search/sync.py).
from manumit.search import start_background_sync  # noqa: E402

start_background_sync()
