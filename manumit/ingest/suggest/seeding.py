"""Seed the curated tag rules from `manumit/ingest/data/tag_rules.json`.

Used by the data migration and by tests; safe to run twice. A rule whose topic or sector
is missing (a curator deleted it, or renamed its slug) is left out rather than failing.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

RULES_FILE = Path(__file__).resolve().parent.parent / "data" / "tag_rules.json"


def rule_data() -> list[dict[str, Any]]:
    rules: list[dict[str, Any]] = json.loads(RULES_FILE.read_text(encoding="utf-8"))["rules"]
    return rules


def load_tag_rules(apps: Any) -> int:
    """Create the rules not yet in the database; returns how many were created."""
    tag_rule = apps.get_model("ingest", "TagRule")
    created = 0
    for rule in rule_data():
        target = _target(apps, rule)
        if target is None:
            continue
        _, made = tag_rule.objects.get_or_create(
            **target,
            algorithm=rule["algorithm"],
            pattern=rule["pattern"],
            defaults={
                "min_matches": rule.get("min_matches", 2),
                "case_sensitive": rule.get("case_sensitive", False),
                "note": rule.get("note", ""),
            },
        )
        created += made
    return created


def unload_tag_rules(apps: Any) -> None:
    """Undo the seeding: remove the rules that still read as the data file wrote them."""
    tag_rule = apps.get_model("ingest", "TagRule")
    for rule in rule_data():
        target = _target(apps, rule)
        if target is not None:
            tag_rule.objects.filter(
                **target, algorithm=rule["algorithm"], pattern=rule["pattern"]
            ).delete()


def _target(apps: Any, rule: dict[str, Any]) -> dict[str, Any] | None:
    kind = "topic" if "topic" in rule else "sector"
    term = apps.get_model("catalog", kind.capitalize()).objects.filter(slug=rule[kind]).first()
    return {kind: term} if term is not None else None
