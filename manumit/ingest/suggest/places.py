"""Countries a document is about, counted, and the regions they lie in."""

from __future__ import annotations

import re
from collections import Counter

from manumit.catalog.models import Country, Region
from manumit.catalog.seeding import GLOBAL_REGION
from manumit.ingest.models import SuggestionField
from manumit.ingest.suggest.gazetteer import CountryCounts, default_gazetteer
from manumit.ingest.suggest.proposal import Proposal

MAX_COUNTRIES = 12
# A country named less often than this share of the most named one is background noise
# in a long text (a 350-page book about the US names Iraq a few times in passing).
MIN_SHARE_OF_TOP = 0.04
# "Global" when the suggested countries lie in at least this many M49 regions...
GLOBAL_MIN_REGIONS = 3
# ...or the text keeps saying so.
_GLOBAL_WORDS = re.compile(
    r"\b(?:worldwide|world-wide|around the world|across the world|globally|"
    r"global (?:estimates?|scale|problem|phenomenon))\b",
    re.IGNORECASE,
)


def min_mentions(word_count: int) -> int:
    """One mention is enough in a leaflet, two in a report; a book needs a few more."""
    if word_count < 800:
        return 1
    return 2 + word_count // 40_000


def propose_countries(text: str, *, title: str = "") -> Proposal | None:
    counts = default_gazetteer().count(text)
    in_title = set(default_gazetteer().count(title).forms) if title else set()
    floor = min_mentions(len(text.split()))
    ranked = counts.ranked()
    if not ranked:
        return None
    top = ranked[0][1]
    chosen = [
        code
        for code, mentions in ranked
        if code in in_title or (mentions >= floor and mentions >= top * MIN_SHARE_OF_TOP)
    ][:MAX_COUNTRIES]
    if not chosen:
        return None
    names = country_names()
    evidence = [_evidence(names.get(code, code), code, counts, code in in_title) for code in chosen]
    return Proposal(SuggestionField.COUNTRIES, chosen, evidence)


def _evidence(name: str, code: str, counts: CountryCounts, in_title: bool) -> str:
    total = counts.total(code)
    line = f"{name}: {total} mention{'s' if total != 1 else ''}"
    forms = counts.forms[code]
    if len(forms) > 1:
        line += " (" + ", ".join(f"{form} {n}" for form, n in forms.most_common(4)) + ")"
    return line + (", in the title" if in_title else "")


def country_names() -> dict[str, str]:
    return {country.iso2: country.display_name for country in Country.objects.all()}


def propose_regions(country_codes: list[str], text: str) -> Proposal | None:
    """The M49 regions of the suggested countries, and Global when they span many regions
    or the text keeps saying 'worldwide'."""
    countries = Country.objects.filter(iso2__in=country_codes).select_related("region")
    by_region: dict[Region, list[Country]] = {}
    for country in sorted(countries, key=lambda c: country_codes.index(c.iso2)):
        if country.region is not None:
            by_region.setdefault(country.region, []).append(country)
    slugs, evidence = [], []
    for region, members in by_region.items():
        slugs.append(region.slug)
        evidence.append(f"{region.name}: from " + ", ".join(c.display_name for c in members[:6]))
    global_reason = _global_reason(len(by_region), text)
    world = Region.objects.filter(m49_code=GLOBAL_REGION["m49_code"]).first()
    if global_reason and world is not None:
        slugs.append(world.slug)
        evidence.append(f"{world.name}: {global_reason}")
    if not slugs:
        return None
    return Proposal(SuggestionField.REGIONS, slugs, evidence)


def _global_reason(region_count: int, text: str) -> str:
    if region_count >= GLOBAL_MIN_REGIONS:
        return f"countries in {region_count} regions"
    words = Counter(match.group().lower() for match in _GLOBAL_WORDS.finditer(text))
    needed = max(3, len(text.split()) // 2_000)
    if sum(words.values()) >= needed:
        shown = ", ".join(f"'{word}' {n}×" for word, n in words.most_common(3))
        return f"the text says {shown}"
    return ""
