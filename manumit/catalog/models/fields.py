"""Link fields that only ever hold web addresses.

A link is shown as `<a href>`, so a `javascript:` or `data:` address would run in the
reader's browser (only the CSP stops it). The admin form is one way in of several (the
shell, the demo loader, importers, the API), so the rule lives in the field: its validator
gives `full_clean` and every model form a clear message, and every write refuses the value,
checked or not: `save` and `objects.create` before any SQL is sent (a pre_save receiver, so
the caller's transaction stays usable), `update` and `bulk_create` as the value is prepared.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models.signals import pre_save

WEB_SCHEMES = ("http", "https")
BAD_SCHEME = "Enter a web address that starts with http:// or https://."

# Its own code: a form replaces an "invalid" error's message with its "Enter a valid URL."
validate_web_url = URLValidator(schemes=list(WEB_SCHEMES), message=BAD_SCHEME, code="not_web")


def is_web_url(value: object) -> bool:
    """Whether `value` is an address a page may link to: http or https, nothing else."""
    if not isinstance(value, str) or not value:
        return False
    scheme, colon, _ = value.partition(":")
    return bool(colon) and scheme.lower() in WEB_SCHEMES and value == value.strip()


class WebURLField(models.URLField):
    """A URLField for http and https addresses only, guarded on every write."""

    default_validators = [validate_web_url]

    def contribute_to_class(
        self, cls: type[models.Model], name: str, private_only: bool = False
    ) -> None:
        super().contribute_to_class(cls, name, private_only)
        pre_save.connect(self._refuse_before_saving, sender=cls)

    def _refuse_before_saving(self, sender: type, instance: models.Model, **kwargs: Any) -> None:
        self.refuse(getattr(instance, self.attname))

    def get_db_prep_save(self, value: Any, connection: Any) -> Any:
        self.refuse(value)
        return super().get_db_prep_save(value, connection)

    def refuse(self, value: object) -> None:
        """ValidationError, naming this field, for a value that is no web address."""
        if value and not is_web_url(value):
            raise ValidationError({self.name: BAD_SCHEME}, code="not_web")
