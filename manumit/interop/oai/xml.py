"""The OAI-PMH envelope, written with lxml: response date, request echo, headers, errors."""

from __future__ import annotations

import datetime
import re

from lxml import etree

OAI_NS = "http://www.openarchives.org/OAI/2.0/"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
OAI_SCHEMA = "http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd"

# XML 1.0 forbids most control characters; a stray one in a title must not break a harvest.
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def clean(text: str) -> str:
    return _NOT_XML.sub("", text)


def utc(moment: datetime.datetime) -> str:
    """`2026-12-01T20:41:56Z`: the seconds granularity the repository declares."""
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def q(name: str) -> str:
    return f"{{{OAI_NS}}}{name}"


def sub(parent: etree._Element, name: str, text: str | None = None) -> etree._Element:
    """A child element in the OAI namespace, with optional text."""
    element = etree.SubElement(parent, q(name))
    if text is not None:
        element.text = clean(text)
    return element


def envelope(base_url: str, now: datetime.datetime, request_args: dict[str, str]) -> etree._Element:
    """`<OAI-PMH>` with `<responseDate>` and `<request>` (attributes as given: the caller
    decides which arguments may be echoed)."""
    root = etree.Element(q("OAI-PMH"), nsmap={None: OAI_NS, "xsi": XSI_NS})
    root.set(f"{{{XSI_NS}}}schemaLocation", f"{OAI_NS} {OAI_SCHEMA}")
    sub(root, "responseDate", utc(now))
    request = sub(root, "request", base_url)
    for name, value in request_args.items():
        request.set(name, clean(value))
    return root


def header(
    parent: etree._Element,
    identifier: str,
    datestamp: datetime.datetime,
    sets: list[str],
    deleted: bool,
) -> etree._Element:
    element = sub(parent, "header")
    if deleted:
        element.set("status", "deleted")
    sub(element, "identifier", identifier)
    sub(element, "datestamp", utc(datestamp))
    for spec in sets:
        sub(element, "setSpec", spec)
    return element


def serialize(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")
