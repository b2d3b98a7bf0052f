"""Topics and sectors from curated keyword rules, and the rules seeded from data."""

from __future__ import annotations

import json

import pytest

from manumit.catalog.models import Sector, Topic
from manumit.ingest.models import TagRule
from manumit.ingest.suggest.seeding import RULES_FILE
from manumit.ingest.suggest.tags import Rule, matches, propose_tags


def rule(algorithm: str, pattern: str, min_matches: int = 2, **extra: object) -> Rule:
    return Rule("topic", "forced-labour", algorithm, pattern, min_matches=min_matches, **extra)  # type: ignore[arg-type]


def test_any_counts_every_listed_word_and_phrase() -> None:
    hits = matches(
        rule("any", '"forced labour" "forced labor"'), "Forced labour and forced\nlabor."
    )
    assert hits == {"forced labour": 1, "forced labor": 1}


def test_all_needs_every_word() -> None:
    assert not matches(rule("all", "cocoa children"), "cocoa cocoa cocoa")
    assert matches(rule("all", "cocoa children"), "cocoa farms employ children")


def test_literal_and_regex_rules_count_their_matches() -> None:
    assert matches(rule("literal", "debt bondage"), "debt bondage, DEBT BONDAGE") == {
        "debt bondage": 2
    }
    assert matches(rule("regex", r"\bbonded\s+lab(?:ou|o)r\b"), "bonded labour, bonded labor")


def test_a_rule_fires_only_at_its_minimum_and_whole_words() -> None:
    assert not matches(rule("any", "mine", min_matches=2), "mine and undermined, determine")
    assert matches(rule("any", "mine", min_matches=1), "a mine")


def test_case_sensitive_rules_respect_case() -> None:
    assert not matches(rule("literal", "NHS", min_matches=1, case_sensitive=True), "nhs")


def test_an_invalid_regex_suggests_nothing_instead_of_failing() -> None:
    assert not matches(rule("regex", "forced(", min_matches=1), "forced(")


def test_tags_are_proposed_with_counted_evidence() -> None:
    rules = [rule("regex", r"forced\s+labou?r", name="Forced labour")]
    rules.append(Rule("sector", "fishing-and-seafood", "any", "fishing seafood", name="Fishing"))
    text = "Forced labour on fishing boats. Forced labour again. Fishing and seafood."
    proposals = {p.field: p for p in propose_tags(text, rules)}
    assert proposals["topics"].value == ["forced-labour"]
    assert proposals["topics"].evidence == ["Forced labour: 'forced labour' 2×"]
    assert proposals["sectors"].value == ["fishing-and-seafood"]


def test_the_stock_phrase_of_every_statement_is_not_human_trafficking() -> None:
    data = json.loads(RULES_FILE.read_text(encoding="utf-8"))["rules"]
    spec = next(r for r in data if r.get("topic") == "human-trafficking")
    trafficking = Rule(
        "topic", "human-trafficking", spec["algorithm"], spec["pattern"], min_matches=1
    )
    assert not matches(trafficking, "our slavery and human trafficking statement")
    assert matches(trafficking, "victims were trafficked to the UK")


@pytest.mark.django_db
def test_the_migration_seeds_a_rule_for_every_topic_and_sector() -> None:
    from django.apps import apps

    from manumit.ingest.suggest.seeding import load_tag_rules

    load_tag_rules(apps)  # the database may have been flushed by a browser test
    for topic in Topic.objects.all():
        assert TagRule.objects.filter(topic=topic).exists(), topic.name
    for sector in Sector.objects.all():
        assert TagRule.objects.filter(sector=sector).exists(), sector.name
    assert load_tag_rules(apps) == 0  # running it again creates nothing


@pytest.mark.django_db
def test_seeding_skips_rules_whose_topic_is_gone() -> None:
    from django.apps import apps

    from manumit.ingest.suggest.seeding import load_tag_rules

    TagRule.objects.all().delete()
    Topic.objects.filter(slug="organ-trafficking").delete()
    load_tag_rules(apps)
    assert TagRule.objects.exists()
    assert not TagRule.objects.filter(topic__slug="organ-trafficking").exists()
