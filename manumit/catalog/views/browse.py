"""Browse pages: one filtered listing per region, type, topic, sector, country or agent,
and an index of each vocabulary with the number of public resources under every term."""

from __future__ import annotations

from collections import Counter

from django.db.models import Count, Q, QuerySet
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    HttpResponsePermanentRedirect,
)
from django.shortcuts import get_object_or_404, render

from manumit.catalog.models import (
    Authorship,
    Country,
    Organisation,
    Person,
    Publishing,
    Region,
    Resource,
    ResourceType,
    Sector,
    Status,
    Topic,
)
from manumit.catalog.regions import region_filter
from manumit.catalog.views.pages import public_resources, render_listing
from manumit.catalog.visibility import terms_for

PUBLISHED = Q(resources__status=Status.PUBLISHED)


def region_page(request: HttpRequest, slug: str, format: str = "") -> HttpResponseBase:
    region = get_object_or_404(Region, slug=slug)
    queryset = public_resources(request).filter(region_filter(region)).distinct()
    return render_listing(
        request, queryset, heading=region.name, subject=region, kind="Region", format=format
    )


def type_page(request: HttpRequest, slug: str, format: str = "") -> HttpResponseBase:
    resource_type = get_object_or_404(
        terms_for(request.user, ResourceType.objects.all()), slug=slug
    )
    queryset = public_resources(request).filter(types=resource_type)
    return render_listing(
        request,
        queryset,
        heading=resource_type.name,
        subject=resource_type,
        kind="Content type",
        format=format,
    )


def topic_page(request: HttpRequest, slug: str, format: str = "") -> HttpResponseBase:
    topic = get_object_or_404(terms_for(request.user, Topic.objects.all()), slug=slug)
    queryset = public_resources(request).filter(topics=topic)
    return render_listing(
        request,
        queryset,
        heading=topic.name,
        subject=topic,
        kind="Topic",
        intro=topic.description,
        format=format,
    )


def sector_page(request: HttpRequest, slug: str, format: str = "") -> HttpResponseBase:
    sector = get_object_or_404(terms_for(request.user, Sector.objects.all()), slug=slug)
    queryset = public_resources(request).filter(sectors=sector)
    return render_listing(
        request, queryset, heading=sector.name, subject=sector, kind="Sector", format=format
    )


def country_page(request: HttpRequest, iso: str, format: str = "") -> HttpResponseBase:
    country = get_object_or_404(Country, iso2=iso.upper())
    if iso != iso.lower():
        # One address per country: /countries/th/, whatever case a link used.
        return HttpResponsePermanentRedirect(request.path.replace(iso, iso.lower()))
    queryset = public_resources(request).filter(countries=country)
    return render_listing(
        request,
        queryset,
        heading=country.display_name,
        subject=country,
        kind="Country",
        format=format,
    )


def organisation_page(request: HttpRequest, slug: str, format: str = "") -> HttpResponseBase:
    organisation = get_object_or_404(Organisation, slug=slug)
    queryset = public_resources(request).filter(
        Q(publishings__organisation=organisation) | Q(authorships__organisation=organisation)
    )
    if not queryset.exists():
        # Names that appear only on unpublished work stay private.
        raise Http404("No published resource names this organisation.")
    return render_listing(
        request,
        queryset.distinct(),
        heading=organisation.name,
        subject=organisation,
        kind="Organisation",
        intro=organisation.description,
        format=format,
    )


def person_page(request: HttpRequest, slug: str, format: str = "") -> HttpResponseBase:
    person = get_object_or_404(Person, slug=slug)
    queryset = public_resources(request).filter(authorships__person=person).distinct()
    if not queryset.exists():
        raise Http404("No published resource names this person.")
    return render_listing(
        request, queryset, heading=person.name, subject=person, kind="Author", format=format
    )


def _term_index(
    request: HttpRequest, terms: QuerySet, heading: str, *, keep_empty: bool = True
) -> HttpResponse:
    if terms.model is not Country:
        terms = terms_for(None, terms)  # the index is public: drafts' own terms stay unnamed
    terms = terms.annotate(count=Count("resources", filter=PUBLISHED, distinct=True))
    if not keep_empty:
        terms = terms.filter(count__gt=0)
    return render(request, "catalog/term_index.html", {"terms": terms, "heading": heading})


def region_index(request: HttpRequest) -> HttpResponse:
    from manumit.catalog.regions import region_counts

    return render(
        request, "catalog/region_index.html", {"regions": region_counts(), "heading": "Regions"}
    )


def type_index(request: HttpRequest) -> HttpResponse:
    return _term_index(request, ResourceType.objects.all(), "Content types")


def topic_index(request: HttpRequest) -> HttpResponse:
    return _term_index(request, Topic.objects.all(), "Topics")


def sector_index(request: HttpRequest) -> HttpResponse:
    return _term_index(request, Sector.objects.all(), "Sectors")


def country_index(request: HttpRequest) -> HttpResponse:
    return _term_index(request, Country.objects.all(), "Countries", keep_empty=False)


def organisation_index(request: HttpRequest) -> HttpResponse:
    """Every organisation credited on a published resource, as author or publisher.

    A resource that an organisation both wrote and published counts once.
    """
    public = Resource.objects.public()
    credits = set(
        Publishing.objects.filter(resource__in=public).values_list("organisation", "resource")
    )
    credits |= set(
        Authorship.objects.filter(resource__in=public, organisation__isnull=False).values_list(
            "organisation", "resource"
        )
    )
    counts = Counter(organisation for organisation, _ in credits)
    organisations = list(Organisation.objects.filter(pk__in=counts))
    for organisation in organisations:
        organisation.count = counts[organisation.pk]  # type: ignore[attr-defined]
    return render(
        request, "catalog/term_index.html", {"terms": organisations, "heading": "Organisations"}
    )
