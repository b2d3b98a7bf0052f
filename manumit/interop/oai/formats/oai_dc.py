"""`oai_dc`: unqualified Dublin Core, the format every OAI-PMH repository must offer."""

from __future__ import annotations

from lxml import etree

from manumit.interop.oai.formats import Links, MetadataFormat, register
from manumit.interop.oai.items import Item
from manumit.interop.oai.xml import XSI_NS, clean

OAI_DC_NS = "http://www.openarchives.org/OAI/2.0/oai_dc/"
DC_NS = "http://purl.org/dc/elements/1.1/"
SCHEMA = "http://www.openarchives.org/OAI/2.0/oai_dc.xsd"


def render(item: Item, links: Links) -> etree._Element:
    root = etree.Element(
        f"{{{OAI_DC_NS}}}dc", nsmap={"oai_dc": OAI_DC_NS, "dc": DC_NS, "xsi": XSI_NS}
    )
    root.set(f"{{{XSI_NS}}}schemaLocation", f"{OAI_DC_NS} {SCHEMA}")
    for name, value in elements(item, links):
        if value:
            etree.SubElement(root, f"{{{DC_NS}}}{name}").text = clean(value)
    return root


def elements(item: Item, links: Links) -> list[tuple[str, str]]:
    """(element, text) pairs in a stable order, so the same item gives the same bytes."""
    pairs = [("title", item.title)]
    pairs += [("creator", agent.name) for agent in item.authors]
    pairs += [("publisher", name) for name in item.publishers]
    pairs.append(("date", item.date))
    pairs += [("type", kind.name) for kind in item.types]
    pairs += [("subject", term.name) for term in [*item.topics, *item.sectors]]
    pairs += [("coverage", name) for _, name in item.regions]
    pairs += [("coverage", place.name) for place in item.countries]
    pairs.append(("language", item.language))
    # Plain text: harvesters show descriptions as text, and escaped HTML would show as tags.
    pairs.append(("description", item.description))
    pairs.append(("identifier", links.absolute(item.path)))
    if item.doi:
        pairs.append(("identifier", f"https://doi.org/{item.doi}"))
    if item.isbn:
        pairs.append(("identifier", f"urn:isbn:{item.isbn}"))
    pairs += [("relation", links.absolute(link)) for link in item.links]
    return pairs


OAI_DC = MetadataFormat(prefix="oai_dc", schema=SCHEMA, namespace=OAI_DC_NS, render=render)


def plug_in() -> None:
    register(OAI_DC)
