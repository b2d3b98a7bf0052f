"""Which names anonymous visitors may see: a name known only from unpublished work is as
private as that work.

A term (type, topic, sector) is public when a published resource uses it, or when no
resource uses it at all (the seeded vocabulary, a term made ready for later): only a term
that drafts alone use would tell of them. An organisation or a person is public only when
credited on a published resource, as its own page already says (404 otherwise).
Geography (regions, countries) is a standard list and always public.
"""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from manumit.catalog.models import Organisation, Person, ResourceType, Sector, Status, Topic

TERM_MODELS = (ResourceType, Topic, Sector)


def public_terms(terms: QuerySet) -> QuerySet:
    """`terms` (of a TERM_MODELS model) less those that only unpublished resources use."""
    published = Count("resources", filter=Q(resources__status=Status.PUBLISHED), distinct=True)
    return terms.alias(published_uses=published, all_uses=Count("resources", distinct=True)).filter(
        Q(published_uses__gt=0) | Q(all_uses=0)
    )


def public_organisations(organisations: QuerySet[Organisation]) -> QuerySet[Organisation]:
    published = Status.PUBLISHED
    return organisations.filter(
        Q(published__resource__status=published) | Q(authored__resource__status=published)
    ).distinct()


def public_people(people: QuerySet[Person]) -> QuerySet[Person]:
    return people.filter(credits__resource__status=Status.PUBLISHED).distinct()


def public_only(rows: QuerySet) -> QuerySet:
    """The rows of any labelled model that anonymous visitors may see named."""
    model = rows.model
    if model in TERM_MODELS:
        return public_terms(rows)
    if model is Organisation:
        return public_organisations(rows)
    if model is Person:
        return public_people(rows)
    return rows


def term_is_public(term: ResourceType | Topic | Sector) -> bool:
    return public_terms(type(term).objects.filter(pk=term.pk)).exists()


def sees_unpublished(user: object) -> bool:
    """Curators preview every status (as `ResourceQuerySet.visible_to` decides)."""
    has_perm = getattr(user, "has_perm", None)
    return bool(getattr(user, "is_staff", False) and has_perm and has_perm("catalog.view_resource"))


def terms_for(user: object, terms: QuerySet) -> QuerySet:
    """Every term for a curator; the public ones for anybody else."""
    return terms if sees_unpublished(user) else public_terms(terms)
