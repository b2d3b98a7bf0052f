"""The JSON API (/api/v1/), built with django-ninja."""
