"""Seed the controlled vocabularies from the project's own data files.

Used by the data migration and by tests; safe to run twice (it updates in place).
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from django.utils.text import slugify

DATA_DIR = Path(__file__).resolve().parent / "data"

# M49 code 001 is "World"; the library calls it Global, as the original did.
GLOBAL_REGION = {"m49_code": "001", "name": "Global", "slug": "global"}


def load_taxonomies(apps: Any) -> None:
    data = json.loads((DATA_DIR / "taxonomies.json").read_text(encoding="utf-8"))
    resource_type = apps.get_model("catalog", "ResourceType")
    for position, name in enumerate(data["types"]):
        resource_type.objects.update_or_create(
            slug=slugify(name), defaults={"name": name, "position": position}
        )
    topic = apps.get_model("catalog", "Topic")
    for name, description in data["topics"].items():
        topic.objects.update_or_create(
            slug=slugify(name), defaults={"name": name, "description": description}
        )
    sector = apps.get_model("catalog", "Sector")
    for name in data["sectors"]:
        sector.objects.update_or_create(slug=slugify(name), defaults={"name": name})


def load_geography(apps: Any) -> None:
    region_model = apps.get_model("catalog", "Region")
    country_model = apps.get_model("catalog", "Country")
    world, _ = region_model.objects.update_or_create(
        m49_code=GLOBAL_REGION["m49_code"],
        defaults={"name": "Global", "slug": "global", "level": "global", "parent": None},
    )

    def region(code: str, name: str, level: str, parent: Any) -> Any:
        if not code:
            return parent
        obj, _ = region_model.objects.update_or_create(
            m49_code=code,
            defaults={"name": name, "slug": slugify(name), "level": level, "parent": parent},
        )
        return obj

    with (DATA_DIR / "countries.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            top = region(row["region_code"], row["region"], "region", world)
            sub = region(row["subregion_code"], row["subregion"], "subregion", top)
            finest = region(row["intermediate_code"], row["intermediate"], "intermediate", sub)
            country_model.objects.update_or_create(
                iso2=row["iso2"],
                defaults={
                    "iso3": row["iso3"],
                    "numeric": row["numeric"],
                    "name": row["name"],
                    "common_name": row["common_name"],
                    "region": top if top is not world else None,
                    "subregion": sub if sub is not world else None,
                    "intermediate_region": finest if finest is not sub else None,
                },
            )
