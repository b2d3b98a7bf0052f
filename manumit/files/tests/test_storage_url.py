"""MANUMIT_STORAGE_URL: an s3:// address becomes django-storages' settings, or is refused
at start-up with the variable's name."""

from __future__ import annotations

from pathlib import Path

import pytest

from manumit.files.storage_url import BadStorageURL, storage_settings
from manumit.tests.support.processes import load, refuse


def test_an_s3_address_names_the_bucket_prefix_endpoint_and_region() -> None:
    entry = storage_settings(
        "s3://library-files/prod?endpoint_url=https://s3.example.org&region=eu-west-1"
    )
    assert entry["BACKEND"] == "storages.backends.s3.S3Storage"
    assert entry["OPTIONS"] == {
        "bucket_name": "library-files",
        "location": "prod",
        "default_acl": None,
        "file_overwrite": False,
        "querystring_auth": True,
        "endpoint_url": "https://s3.example.org",
        "region_name": "eu-west-1",
    }


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("/var/files", "must be s3://bucket"),
        ("s3://key:secret@bucket", "must not hold credentials"),
        ("s3://bucket?acl=public-read", "unknown option acl"),
        ("s3://bucket?endpoint_url=file:///etc", "endpoint_url must be http"),
    ],
)
def test_a_bad_address_is_refused_saying_why(url: str, why: str) -> None:
    with pytest.raises(BadStorageURL, match=why):
        storage_settings(url)


def test_settings_use_it_or_refuse_it_at_start_up(tmp_path: Path) -> None:
    values = load(tmp_path / "var", MANUMIT_STORAGE_URL="s3://library-files")
    assert values["STORAGES"]["default"]["OPTIONS"]["bucket_name"] == "library-files"
    assert "MANUMIT_STORAGE_URL must not hold credentials" in refuse(
        tmp_path / "var", MANUMIT_STORAGE_URL="s3://k:s@library-files"
    )
