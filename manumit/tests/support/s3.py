"""The tests that store files on a real S3 server (a local moto one: `scripts/s3.sh start`).

Run with `eval "$(scripts/s3.sh start)"; .venv/bin/pytest -m s3`, as CI does once; the
default run needs no moto, so these tests are skipped where no server is named.
"""

from __future__ import annotations

import os
from typing import Any

import pytest

from manumit.files.storage_url import storage_settings

MARKS = [
    pytest.mark.s3,
    pytest.mark.django_db,
    pytest.mark.skipif(
        not os.environ.get("MANUMIT_TEST_S3_URL"),
        reason='no S3 server: eval "$(scripts/s3.sh start)" to run these',
    ),
]


def use_bucket(settings: Any, location: str) -> dict[str, Any]:
    """Put the site's default storage on the test server's bucket, under `location` (a
    prefix of the test's own); return the storage's options (endpoint, bucket, prefix)."""
    storage = storage_settings(os.environ["MANUMIT_TEST_S3_URL"])
    storage["OPTIONS"]["location"] = location
    settings.STORAGES = {**settings.STORAGES, "default": storage}
    options: dict[str, Any] = storage["OPTIONS"]
    return options
