"""The admin's Import form: a file, its format, an optional mapping file, and the status
of the new resources (a draft unless a publisher chooses published)."""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from manumit.catalog import workflow
from manumit.catalog.models import Status
from manumit.files import TooLarge, base_name, safe_filename
from manumit.importers import registry
from manumit.importers.mapping import MappingError, parse_mapping

DETECT = ""
MAX_MAPPING_BYTES = 1024 * 1024  # a mapping file is a page of text; anything more is a mistake


def format_choices() -> list[tuple[str, str]]:
    return [(DETECT, "Detect from the file's name")] + [
        (format.name, format.label) for format in registry.all_formats()
    ]


def format_by_suffix(name: str) -> str | None:
    """The format whose suffix ends `name`, the longest suffix winning (".csl.json" over
    ".json"); None when no format claims it."""
    lowered = name.lower()
    matches = [
        (len(suffix), format.name)
        for format in registry.all_formats()
        for suffix in format.suffixes
        if lowered.endswith(suffix)
    ]
    return max(matches)[1] if matches else None


def status_choices(user: object) -> list[tuple[str, str]]:
    if workflow.can_publish(user):
        return [(Status.DRAFT, "Draft"), (Status.PUBLISHED, "Published")]
    return [(Status.DRAFT, "Draft")]


class StatusField(forms.ChoiceField):
    """Offers the statuses this curator may give; takes any status, which `clean_status`
    then caps, so that an editor's crafted "published" imports drafts rather than failing."""

    def valid_value(self, value: Any) -> bool:
        return value in Status.values


class ImportForm(forms.Form):
    file = forms.FileField(
        label="File",
        help_text="A WordPress export, a CSV sheet (see the template), or a reference "
        "manager's BibTeX, RIS or CSL-JSON file.",
    )
    format = forms.ChoiceField(label="Format", required=False)
    mapping = forms.FileField(
        label="Mapping file",
        required=False,
        help_text="Optional, JSON or TOML: which of the file's categories and tags go to "
        "which vocabulary, and which custom fields hold what (see docs/import.md).",
    )
    status = StatusField(label="Status of new resources")
    update = forms.BooleanField(
        label="Update resources already in the library",
        required=False,
        help_text="Otherwise a record found again is skipped.",
    )
    skip_invalid = forms.BooleanField(
        label="Import the valid records of a file with errors",
        required=False,
        help_text="Otherwise one record with an error stops the whole file.",
    )

    fetch_files = forms.BooleanField(
        label="Download the files the records link to",
        required=False,
        help_text="Each file goes through the checks of an upload, then its text is read and "
        "its tags are suggested. Otherwise the records link to their files where they are.",
    )

    def __init__(self, *args: Any, user: object, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.mapping_name = ""
        self.fields["format"].choices = format_choices()  # type: ignore[attr-defined]
        self.fields["status"].choices = status_choices(user)  # type: ignore[attr-defined]

    def clean_status(self) -> str:
        # Only a publisher's form offers "published"; anyone else's import is of drafts.
        status = str(self.cleaned_data["status"])
        return status if workflow.can_publish(self.user) else Status.DRAFT

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        limit = settings.MAX_UPLOAD_BYTES
        if upload.size is not None and upload.size > limit:
            raise forms.ValidationError(TooLarge(upload.size, limit).message)
        if not upload.size:
            raise forms.ValidationError("The file is empty.")
        return upload

    def clean_mapping(self) -> str:
        """The mapping file's text, checked whole now, so a mistake in it is told before
        anything runs."""
        upload: UploadedFile | None = self.cleaned_data.get("mapping")
        if not upload:
            return ""
        if upload.size is not None and upload.size > MAX_MAPPING_BYTES:
            raise forms.ValidationError(TooLarge(upload.size, MAX_MAPPING_BYTES).message)
        name = base_name(upload.name or "mapping")
        try:
            text = b"".join(upload.chunks()).decode("utf-8-sig")
            parse_mapping(text, origin=name)
        except UnicodeDecodeError as error:
            raise forms.ValidationError(f"{name} is not UTF-8 text.") from error
        except MappingError as error:
            raise forms.ValidationError(error.message) from error
        self.mapping_name = name
        return text

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        upload = data.get("file")
        if upload is not None and not data.get("format"):
            name = safe_filename(upload.name or "")
            found = format_by_suffix(name)
            if found is None:
                suffix = PurePosixPath(name).suffix or "no suffix"
                self.add_error(
                    "format",
                    f"Manumit cannot tell the format of “{name}” from its name ({suffix}): "
                    "choose one.",
                )
            else:
                data["format"] = found
        return data
