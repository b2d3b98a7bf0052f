"""Related resources: the public ones that share the most topics, regions and types."""

from __future__ import annotations

from django.db.models import Count, F, Q

from manumit.catalog.models import Resource

RELATED_LIMIT = 5
# Topics weigh most (the same kind of exploitation), then regions, then content types.
WEIGHTS = {"topics": 3, "regions": 2, "types": 1}


def related_resources(resource: Resource, limit: int = RELATED_LIMIT) -> list[Resource]:
    """Up to `limit` published resources ranked by shared terms, newest first on ties."""
    score = None
    for relation, weight in WEIGHTS.items():
        term_ids = [term.pk for term in getattr(resource, relation).all()]
        if not term_ids:
            continue  # an empty IN () would empty the whole query, not just this term
        shared = Count(relation, filter=Q(**{f"{relation}__in": term_ids}), distinct=True)
        score = shared * weight if score is None else score + shared * weight
    if score is None:
        return []
    ranked = (
        Resource.objects.public()
        .exclude(pk=resource.pk)
        .annotate(score=score)
        .filter(score__gt=0)
        .order_by("-score", F("pub_date").desc(nulls_last=True), "-pk")
        .prefetch_related("types", "regions")
    )
    return list(ranked[:limit])
