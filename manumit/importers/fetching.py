"""Downloading a record's file for --fetch-files (and the admin's "Download the files").

An import run from the command line is the operator's own: it may fetch from anywhere,
the intranet included. One run from the admin is a curator's upload of another system's
export, whose links a stranger may have written: there the server refuses, by default,
every address that is not on the public internet (loopback, private networks, link-local
such as a cloud's metadata service at 169.254.169.254), after each redirect too.
`MANUMIT_IMPORT_FETCH_PRIVATE=1` lifts that for a library whose files are on its intranet.
(The host is resolved for the check and again for the download: a name server that answers
differently the second time is not caught here; an egress proxy is the stronger guard.)
"""

from __future__ import annotations

import ipaddress
import socket
import urllib.request
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlsplit

from manumit.files import human_size

FETCH_TIMEOUT_SECONDS = 60
CHUNK = 1024 * 1024


class NotPublic(ValueError):
    """The address is not on the public internet."""


def check_public(url: str) -> None:
    """Raise NotPublic unless every address the URL's host resolves to is public."""
    host = urlsplit(url).hostname or ""
    try:
        found = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise ValueError(f"its host {host!r} is not found") from error
    for *_, address in found:
        ip = ipaddress.ip_address(address[0])
        if not ip.is_global:
            raise NotPublic(
                f"{host} is a private or local address ({ip}), which imports "
                "from the admin do not fetch"
            )


class _PublicRedirects(urllib.request.HTTPRedirectHandler):
    """Follows a redirect only to a public address."""

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: IO[bytes],
        code: int,
        msg: str,
        headers: Any,
        newurl: str,
    ) -> urllib.request.Request | None:
        check_public(newurl)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def download(url: str, target: Path, max_bytes: int, *, public_only: bool) -> None:
    """Save `url` at `target`, refusing more than `max_bytes` before reading past them, and
    (with `public_only`) any address off the public internet."""
    handlers = []
    if public_only:
        check_public(url)
        handlers.append(_PublicRedirects())
    opener = urllib.request.build_opener(*handlers)
    request = urllib.request.Request(url, headers={"User-Agent": "Manumit importer"})  # noqa: S310
    with opener.open(request, timeout=FETCH_TIMEOUT_SECONDS) as response:
        length = response.headers.get("Content-Length")
        if length and length.isdigit() and int(length) > max_bytes:
            raise ValueError(f"it is larger than the {human_size(max_bytes)} allowed")
        written = 0
        with target.open("wb") as out:
            while chunk := response.read(CHUNK):
                written += len(chunk)
                if written > max_bytes:
                    raise ValueError(f"it is larger than the {human_size(max_bytes)} allowed")
                out.write(chunk)
    if written == 0:
        raise ValueError("it is empty")
