"""The "Create from files" form: several files at once, each to become a draft."""

from __future__ import annotations

from typing import Any

from django import forms

from manumit.catalog.admin.forms import ACCEPT
from manumit.catalog.models import ResourceType


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file field that takes every file the browser sends under its name."""

    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        uploads = data if isinstance(data, list | tuple) else [data]
        # No file at all is one missing file: "This field is required."
        return [
            super(MultipleFileField, self).clean(upload, initial) for upload in uploads or [None]
        ]


class FromFilesForm(forms.Form):
    documents = MultipleFileField(
        label="Files",
        help_text="Choose one or more files; each becomes a draft resource of its own, "
        "titled from the document (or its file name) until you change it.",
        widget=MultipleFileInput(attrs={"accept": ACCEPT}),
    )
    type = forms.ModelChoiceField(
        ResourceType.objects.all(),
        required=False,
        to_field_name="slug",
        label="Content type",
        help_text="Optional: given to every new resource.",
    )
