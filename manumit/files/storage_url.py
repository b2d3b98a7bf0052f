"""`MANUMIT_STORAGE_URL`: where uploads and thumbnails live, as one address.

    s3://BUCKET[/PREFIX][?endpoint_url=https://…&region=…]

becomes django-storages' S3 backend (Amazon S3, or any S3-compatible server: MinIO,
Garage, Ceph, a cloud provider's object store). Credentials are never in the address:
boto3 reads them from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (or an instance role).
Unset, files stay in the media folder. No Django here: settings.py calls it.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

S3_BACKEND = "storages.backends.s3.S3Storage"
KNOWN = {"endpoint_url", "region"}


class BadStorageURL(ValueError):
    pass


def storage_settings(url: str) -> dict[str, Any]:
    """The STORAGES["default"] entry for `url`; raises BadStorageURL saying why."""
    parts = urlsplit(url)
    if parts.scheme != "s3" or not parts.hostname:
        raise BadStorageURL(f"MANUMIT_STORAGE_URL must be s3://bucket[/prefix], got {url!r}")
    if parts.username or parts.password:
        raise BadStorageURL("MANUMIT_STORAGE_URL must not hold credentials: use AWS_* variables")
    query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    unknown = sorted(set(query) - KNOWN)
    if unknown:
        raise BadStorageURL(f"MANUMIT_STORAGE_URL: unknown option {', '.join(unknown)}")
    endpoint = query.get("endpoint_url")
    if endpoint and not endpoint.startswith(("http://", "https://")):
        raise BadStorageURL(f"MANUMIT_STORAGE_URL: endpoint_url must be http(s), got {endpoint!r}")
    options: dict[str, Any] = {
        "bucket_name": parts.hostname,
        "location": parts.path.strip("/"),
        # Downloads go through Manumit's own view (drafts' files stay private), so the
        # objects are private and never overwritten: a second file of a name gets another.
        "default_acl": None,
        "file_overwrite": False,
        "querystring_auth": True,
    }
    if endpoint:
        options["endpoint_url"] = endpoint
    if query.get("region"):
        options["region_name"] = query["region"]
    return {"BACKEND": S3_BACKEND, "OPTIONS": options}
