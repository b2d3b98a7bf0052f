"""Regenerate manumit/catalog/data/countries.csv from pycountry and the UN M49 table.

The M49 region assignments are facts taken from the gazetteer in ../shared/data
(ISO-3166-Countries-with-Regional-Codes, CC BY-SA 4.0); country names come from
pycountry. The file this writes carries only those facts, so a fresh machine without
../shared can still seed its countries. Run it again when either source changes:

    .venv/bin/python scripts/build_gazetteer.py ../shared/data/gazetteer/.../all.csv
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import pycountry

OUTPUT = Path(__file__).resolve().parents[1] / "manumit/catalog/data/countries.csv"

# Everyday names where pycountry has none and the ISO name reads awkwardly in a tag list.
EVERYDAY_NAMES = {
    "CD": "DR Congo",
    "CG": "Republic of the Congo",
    "RU": "Russia",
    "PS": "Palestine",
    "FM": "Micronesia",
    "VA": "Vatican City",
    "BN": "Brunei",
    "GB": "United Kingdom",
    "US": "United States",
}


def rows(m49_csv: Path) -> list[dict[str, str]]:
    with m49_csv.open(encoding="utf-8") as handle:
        table = {row["alpha-2"]: row for row in csv.DictReader(handle)}
    out = []
    for country in sorted(pycountry.countries, key=lambda c: c.alpha_2):
        m49 = table.get(country.alpha_2, {})
        out.append(
            {
                "iso2": country.alpha_2,
                "iso3": country.alpha_3,
                "numeric": country.numeric,
                "name": country.name,
                "common_name": getattr(country, "common_name", "")
                or EVERYDAY_NAMES.get(country.alpha_2, ""),
                "region_code": m49.get("region-code", ""),
                "region": m49.get("region", ""),
                "subregion_code": m49.get("sub-region-code", ""),
                "subregion": m49.get("sub-region", ""),
                "intermediate_code": m49.get("intermediate-region-code", ""),
                "intermediate": m49.get("intermediate-region", ""),
            }
        )
    return out


def main() -> None:
    data = rows(Path(sys.argv[1]))
    with OUTPUT.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(data[0]))
        writer.writeheader()
        writer.writerows(data)
    print(f"wrote {len(data)} countries to {OUTPUT}")


if __name__ == "__main__":
    main()
