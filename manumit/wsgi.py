"""WSGI entry point, for `manumit serve` or any WSGI server."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "manumit.settings")
application = get_wsgi_application()
