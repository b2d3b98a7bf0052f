"""Link fields that only ever hold web addresses.

A link is shown as `<a href>`, so a `javascript:` or `data:` address would run in the
reader's browser (only the CSP stops it). The admin form is one way in of several (the
shell, the demo loader, importers, the API), so the rule lives in the field: its validator
gives `full_clean` and every model form a clear message, and `get_db_prep_save` refuses the
value on every write (`save`, `objects.create`, `update`, `bulk_create`), checked or not.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models

WEB_SCHEMES = ("http", "https")
BAD_SCHEME = "Enter a web address that starts with http:// or https://."

validate_web_url = URLValidator(schemes=list(WEB_SCHEMES), message=BAD_SCHEME)


def is_web_url(value: object) -> bool:
    """Whether `value` is an address a page may link to: http or https, nothing else."""
    if not isinstance(value, str) or not value:
        return False
    scheme, colon, _ = value.partition(":")
    return bool(colon) and scheme.lower() in WEB_SCHEMES and value == value.strip()


class WebURLField(models.URLField):
    """A URLField for http and https addresses only, guarded on every write."""

    default_validators = [validate_web_url]

    def get_db_prep_save(self, value: Any, connection: Any) -> Any:
        if value and not is_web_url(value):
            raise ValidationError({self.name: BAD_SCHEME}, code="invalid")
        return super().get_db_prep_save(value, connection)
