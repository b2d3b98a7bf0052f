"""`oai_dc`: unqualified Dublin Core, the format every OAI-PMH repository must offer."""

from __future__ import annotations

from lxml import etree

from manumit.catalog.formatting import machine_date, plain_text
from manumit.catalog.models import Resource
from manumit.interop.oai.formats import Links, MetadataFormat, register
from manumit.interop.oai.xml import XSI_NS, clean

OAI_DC_NS = "http://www.openarchives.org/OAI/2.0/oai_dc/"
DC_NS = "http://purl.org/dc/elements/1.1/"
SCHEMA = "http://www.openarchives.org/OAI/2.0/oai_dc.xsd"


def render(resource: Resource, links: Links) -> etree._Element:
    root = etree.Element(
        f"{{{OAI_DC_NS}}}dc", nsmap={"oai_dc": OAI_DC_NS, "dc": DC_NS, "xsi": XSI_NS}
    )
    root.set(f"{{{XSI_NS}}}schemaLocation", f"{OAI_DC_NS} {SCHEMA}")
    for name, value in elements(resource, links):
        if value:
            etree.SubElement(root, f"{{{DC_NS}}}{name}").text = clean(value)
    return root


def elements(resource: Resource, links: Links) -> list[tuple[str, str]]:
    """(element, text) pairs in a stable order, so the same resource gives the same bytes."""
    pairs = [("title", resource.title)]
    pairs += [("creator", str(agent)) for agent in resource.ordered_authors()]
    pairs += [("publisher", org.name) for org in resource.ordered_publishers()]
    pairs.append(("date", machine_date(resource.pub_date, resource.pub_date_precision)))
    pairs += [("type", kind.name) for kind in resource.types.all()]
    pairs += [("subject", topic.name) for topic in resource.topics.all()]
    pairs += [("subject", sector.name) for sector in resource.sectors.all()]
    pairs += [("coverage", region.name) for region in resource.regions.all()]
    pairs += [("coverage", country.display_name) for country in resource.countries.all()]
    pairs.append(("language", resource.language))
    # Plain text: harvesters show descriptions as text, and escaped HTML would show as tags.
    pairs.append(("description", plain_text(resource.description)))
    pairs.append(("identifier", links.absolute(resource.get_absolute_url())))
    if resource.doi:
        pairs.append(("identifier", f"https://doi.org/{resource.doi}"))
    if resource.isbn:
        pairs.append(("identifier", f"urn:isbn:{resource.isbn}"))
    for attachment in resource.attachments.all():
        link = attachment.url or links.absolute(attachment.get_download_url())
        pairs.append(("relation", link))
    return pairs


OAI_DC = MetadataFormat(prefix="oai_dc", schema=SCHEMA, namespace=OAI_DC_NS, render=render)


def plug_in() -> None:
    register(OAI_DC)
