"""Topics and sectors from curated keyword rules (`TagRule`), explicit before anything clever.

The four algorithms follow paperless-ngx's vocabulary:
- any: the pattern is words separated by spaces ("quoted phrases" stay together); the rule
  counts every occurrence of any of them;
- all: the same words, and each must occur at least once;
- literal: the whole pattern is one phrase;
- regex: a regular expression.
Matching ignores case unless the rule says otherwise; words match whole words only and a
phrase's words may be separated by any whitespace (a line break in a PDF). A rule fires when
its matches reach `min_matches`, or more in a long text (one more per 10,000 words).
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from dataclasses import dataclass

from manumit.ingest.models import MatchAlgorithm, SuggestionField, TagRule
from manumit.ingest.suggest.proposal import Proposal

logger = logging.getLogger(__name__)

MAX_TAGS = 6
WORDS_PER_EXTRA_MATCH = 10_000


@dataclass(frozen=True)
class Rule:
    """A TagRule as plain data: `kind` is 'topic' or 'sector', `target` the term's slug."""

    kind: str
    target: str
    algorithm: str
    pattern: str
    case_sensitive: bool = False
    min_matches: int = 2
    name: str = ""  # the term's name, for evidence; the slug when not given


def terms(pattern: str) -> list[str]:
    """'child "forced labour"' -> ['child', 'forced labour']."""
    return [quoted or word for quoted, word in re.findall(r'"([^"]+)"|(\S+)', pattern)]


def _phrase(text: str) -> str:
    return r"\b" + r"\s+".join(re.escape(word) for word in text.split()) + r"\b"


def compiled(rule: Rule) -> list[re.Pattern[str]]:
    """One regular expression per term (one for literal and regex rules)."""
    flags = 0 if rule.case_sensitive else re.IGNORECASE
    if rule.algorithm == MatchAlgorithm.REGEX:
        return [re.compile(rule.pattern, flags)]
    if rule.algorithm == MatchAlgorithm.LITERAL:
        return [re.compile(_phrase(rule.pattern), flags)]
    return [re.compile(_phrase(term), flags) for term in terms(rule.pattern)]


def matches(rule: Rule, text: str) -> Counter[str]:
    """How often each matched wording occurs, when the rule fires; empty when it does not."""
    try:
        patterns = compiled(rule)
    except re.error:
        logger.warning("Tag rule for %s has an invalid pattern: %r", rule.target, rule.pattern)
        return Counter()
    per_term = [Counter(_wording(m.group()) for m in p.finditer(text)) for p in patterns]
    if not patterns or (rule.algorithm == MatchAlgorithm.ALL and not all(per_term)):
        return Counter()
    found: Counter[str] = sum(per_term, Counter())
    needed = max(rule.min_matches, 1) + len(text.split()) // WORDS_PER_EXTRA_MATCH
    return found if sum(found.values()) >= needed else Counter()


def _wording(matched: str) -> str:
    return " ".join(matched.split()).lower()


def propose_tags(text: str, rules: list[Rule]) -> list[Proposal]:
    """At most one topics proposal and one sectors proposal, most matched terms first."""
    proposals = []
    for kind, field in (("topic", SuggestionField.TOPICS), ("sector", SuggestionField.SECTORS)):
        found: dict[str, Counter[str]] = {}
        names: dict[str, str] = {}
        for rule in rules:
            if rule.kind == kind:
                hits = matches(rule, text)
                if hits:
                    found.setdefault(rule.target, Counter()).update(hits)
                    names[rule.target] = rule.name or rule.target
        ranked = sorted(found.items(), key=lambda item: (-sum(item[1].values()), item[0]))
        ranked = ranked[:MAX_TAGS]
        if ranked:
            proposals.append(
                Proposal(
                    field,
                    [slug for slug, _ in ranked],
                    [f"{names[slug]}: " + _evidence(hits) for slug, hits in ranked],
                )
            )
    return proposals


def _evidence(hits: Counter[str]) -> str:
    return ", ".join(f"'{wording}' {count}×" for wording, count in hits.most_common(3))


def load_rules() -> list[Rule]:
    """The enabled rules in the database, as curators left them."""
    rules = []
    for row in TagRule.objects.filter(enabled=True).select_related("topic", "sector"):
        term = row.topic or row.sector
        if term is None:
            continue
        rules.append(
            Rule(
                kind="topic" if row.topic_id else "sector",
                target=term.slug,
                algorithm=row.algorithm,
                pattern=row.pattern,
                case_sensitive=row.case_sensitive,
                min_matches=row.min_matches,
                name=term.name,
            )
        )
    return rules
