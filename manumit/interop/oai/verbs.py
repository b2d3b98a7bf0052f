"""The six OAI-PMH verbs. Each adds its element to the response root or raises OaiError."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from django.conf import settings
from django.db.models import Min, Q, QuerySet
from lxml import etree

from manumit.interop.oai import formats, tokens
from manumit.interop.oai import items as oai_items
from manumit.interop.oai.arguments import OaiError, window
from manumit.interop.oai.items import Item
from manumit.interop.oai.models import OaiRecord
from manumit.interop.oai.sets import all_sets
from manumit.interop.oai.xml import XSI_NS, header, sub, utc

IDENTIFIER_NS = "http://www.openarchives.org/OAI/2.0/oai-identifier"
IDENTIFIER_SCHEMA = "http://www.openarchives.org/OAI/2.0/oai-identifier.xsd"


@dataclass(frozen=True)
class Context:
    base_url: str  # exactly as Identify's baseURL
    links: formats.Links
    now: datetime.datetime
    args: dict[str, str]


def identifier(resource_id: int) -> str:
    return f"oai:{settings.OAI_REPOSITORY_ID}:{resource_id}"


def resource_id_of(text: str) -> int:
    pattern = rf"oai:{re.escape(settings.OAI_REPOSITORY_ID)}:([1-9][0-9]{{0,18}})"
    found = re.fullmatch(pattern, text)
    if not found:
        raise OaiError("idDoesNotExist", f"{text} is not an identifier of this repository.")
    return int(found.group(1))


def record_for(text: str) -> OaiRecord:
    record = OaiRecord.objects.filter(resource_id=resource_id_of(text)).first()
    if record is None:
        raise OaiError("idDoesNotExist", f"No record has the identifier {text}.")
    return record


def metadata_format(prefix: str) -> formats.MetadataFormat:
    found = formats.get(prefix)
    if found is None:
        raise OaiError("cannotDisseminateFormat", f"The format {prefix} is not offered here.")
    return found


def earliest_datestamp(now: datetime.datetime) -> datetime.datetime:
    earliest = OaiRecord.objects.aggregate(first=Min("datestamp"))["first"]
    return earliest or now


def identify(root: etree._Element, ctx: Context) -> None:
    element = sub(root, "Identify")
    sub(element, "repositoryName", settings.SITE_NAME)
    sub(element, "baseURL", ctx.base_url)
    sub(element, "protocolVersion", "2.0")
    sub(element, "adminEmail", settings.OAI_ADMIN_EMAIL)
    sub(element, "earliestDatestamp", utc(earliest_datestamp(ctx.now)))
    sub(element, "deletedRecord", "persistent")
    sub(element, "granularity", "YYYY-MM-DDThh:mm:ssZ")
    description = sub(element, "description")
    about = etree.SubElement(
        description, f"{{{IDENTIFIER_NS}}}oai-identifier", nsmap={None: IDENTIFIER_NS}
    )
    about.set(f"{{{XSI_NS}}}schemaLocation", f"{IDENTIFIER_NS} {IDENTIFIER_SCHEMA}")
    for name, text in (
        ("scheme", "oai"),
        ("repositoryIdentifier", settings.OAI_REPOSITORY_ID),
        ("delimiter", ":"),
        ("sampleIdentifier", identifier(1)),
    ):
        etree.SubElement(about, f"{{{IDENTIFIER_NS}}}{name}").text = text


def list_metadata_formats(root: etree._Element, ctx: Context) -> None:
    offered = formats.all_formats()
    if "identifier" in ctx.args:
        record = record_for(ctx.args["identifier"])
        if not record.deleted:  # a deleted record was offered in every format
            item = oai_items.load([record.resource_id]).get(record.resource_id)
            offered = [f for f in offered if item is not None and f.supports(item)]
    if not offered:
        raise OaiError("noMetadataFormats", "No metadata format is offered for this item.")
    element = sub(root, "ListMetadataFormats")
    for offer in offered:
        entry = sub(element, "metadataFormat")
        sub(entry, "metadataPrefix", offer.prefix)
        sub(entry, "schema", offer.schema)
        sub(entry, "metadataNamespace", offer.namespace)


def list_sets(root: etree._Element, ctx: Context) -> None:
    if "resumptionToken" in ctx.args:
        # Every set fits in one response, so this repository never issues a ListSets token.
        raise OaiError("badResumptionToken", "ListSets never issues resumption tokens here.")
    element = sub(root, "ListSets")
    for item in all_sets():
        entry = sub(element, "set")
        sub(entry, "setSpec", item.spec)
        sub(entry, "setName", item.name)


def get_record(root: etree._Element, ctx: Context) -> None:
    chosen = metadata_format(ctx.args["metadataPrefix"])
    record = record_for(ctx.args["identifier"])
    resource = None
    if not record.deleted:
        resource = oai_items.load([record.resource_id]).get(record.resource_id)
        if resource is not None and not chosen.supports(resource):
            raise OaiError("cannotDisseminateFormat", f"This item has no {chosen.prefix} form.")
    write_record(sub(root, "GetRecord"), record, resource, chosen, ctx)


def write_record(
    parent: etree._Element,
    record: OaiRecord,
    resource: Item | None,
    chosen: formats.MetadataFormat | None,
    ctx: Context,
) -> None:
    """A <record> (or, with no format, a bare <header> for ListIdentifiers)."""
    into = sub(parent, "record") if chosen else parent
    deleted = record.deleted or resource is None
    header(into, identifier(record.resource_id), record.datestamp, record.set_specs, deleted)
    if chosen and not deleted:
        assert resource is not None
        sub(into, "metadata").append(chosen.render(resource, ctx.links))


# --- ListIdentifiers and ListRecords: keyset pages over the change log ---


def list_identifiers(root: etree._Element, ctx: Context) -> None:
    list_items(root, ctx, "ListIdentifiers", with_metadata_records=False)


def list_records(root: etree._Element, ctx: Context) -> None:
    list_items(root, ctx, "ListRecords", with_metadata_records=True)


def _start(ctx: Context, verb: str) -> tokens.Position:
    """Where the list resumes: from a token, or before the first record."""
    args = ctx.args
    if "resumptionToken" in args:
        try:
            return tokens.read(args["resumptionToken"], verb)
        except tokens.BadToken:
            raise OaiError(
                "badResumptionToken", "The resumption token is expired or invalid."
            ) from None
    return tokens.Position(
        verb=verb,
        prefix=args["metadataPrefix"],
        set_spec=args.get("set"),
        start=args.get("from"),
        end=args.get("until"),
        datestamp="",
        resource_id=0,
        cursor=0,
        size=-1,
    )


def selection(position: tokens.Position) -> QuerySet[OaiRecord]:
    span = window(position.start, position.end)
    records = OaiRecord.objects.all()
    if span.start:
        records = records.filter(datestamp__gte=span.start)
    if span.end:
        records = records.filter(datestamp__lte=span.end)
    if position.set_spec:
        records = records.filter(sets__contains=f" {position.set_spec} ")
    return records


def list_items(root: etree._Element, ctx: Context, verb: str, with_metadata_records: bool) -> None:
    position = _start(ctx, verb)
    chosen = metadata_format(position.prefix)
    records = selection(position)
    # Counted once, when the list begins, and carried in the tokens: counting every page
    # would cost a scan of the log per page for a figure the protocol lets be an estimate.
    size = position.size if position.size >= 0 else records.count()
    page, following = next_page(records, position, chosen, settings.OAI_BATCH_SIZE)
    if not page:
        raise OaiError("noRecordsMatch", "No record matches these arguments.")
    element = sub(root, verb)
    for record, resource in page:
        write_record(element, record, resource, chosen if with_metadata_records else None, ctx)
    if following is None and position.cursor == 0:
        return  # the whole list in one response: no token at all
    token = sub(element, "resumptionToken")  # empty on the last page
    token.set("completeListSize", str(size))
    token.set("cursor", str(position.cursor))
    if following is not None:
        token.set("expirationDate", utc(tokens.expiry(ctx.now)))
        token.text = tokens.issue(replace(following, size=size))


Page = list[tuple[OaiRecord, Item | None]]


def next_page(
    records: QuerySet[OaiRecord],
    position: tokens.Position,
    chosen: formats.MetadataFormat,
    batch: int,
) -> tuple[Page, tokens.Position | None]:
    """Up to `batch` records after the position, and the position after them when more
    follow. Records the format cannot express are passed over (oai_dc expresses all)."""
    page: Page = []
    while True:
        rows = records.order_by("datestamp", "resource_id")
        if position.datestamp:
            last = datetime.datetime.fromisoformat(position.datestamp)
            # After (last, id) in (datestamp, resource_id) order. The leading `>=` lets the
            # database start from the key in its index; the OR alone made SQLite scan.
            rows = rows.filter(datestamp__gte=last).filter(
                Q(datestamp__gt=last) | Q(resource_id__gt=position.resource_id)
            )
        fetched = list(rows[: batch + 1])
        more, fetched = len(fetched) > batch, fetched[:batch]
        page += _expressible(fetched, chosen)
        if fetched:
            position = replace(
                position,
                datestamp=fetched[-1].datestamp.isoformat(),
                resource_id=fetched[-1].resource_id,
                cursor=position.cursor + len(fetched),
            )
        if page or not more:
            return page, (position if more else None)


def _expressible(fetched: list[OaiRecord], chosen: formats.MetadataFormat) -> Page:
    live = [record.resource_id for record in fetched if not record.deleted]
    resources = oai_items.load(live)
    page: Page = []
    for record in fetched:
        resource = resources.get(record.resource_id)
        if resource is None or record.deleted or chosen.supports(resource):
            page.append((record, resource))
    return page


VERB_HANDLERS: dict[str, Callable[[etree._Element, Context], None]] = {
    "Identify": identify,
    "ListMetadataFormats": list_metadata_formats,
    "ListSets": list_sets,
    "GetRecord": get_record,
    "ListIdentifiers": list_identifiers,
    "ListRecords": list_records,
}
