"""Our own small query language, read into a tree the backends turn into engine queries.

    forced labour            both words must match (stemmed, accents folded)
    "forced labour"          the exact phrase
    seafood OR fishing       either word
    -cocoa                   not this word (or -"a phrase")
    traff*                   any word starting with traff
    title:report  author:smith  publisher:"walk free"   only in that field

User text never reaches an engine's own query syntax: the tree holds plain strings, and the
backend builds its query objects from them. Parsing never fails; anything it cannot read
is dropped and, when nothing is left to search for, `ParsedQuery.message` says why.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

FIELDS = ("title", "author", "publisher")
MAX_QUERY_CHARS = 500
MAX_CLAUSES = 24

_WORDLIKE = re.compile(r"\w", re.UNICODE)
_FIELD_PREFIX = re.compile(r"^([A-Za-z]+):(.*)$", re.DOTALL)


@dataclass(frozen=True)
class Word:
    text: str
    field: str | None = None
    prefix: bool = False

    def render(self) -> str:
        star = "*" if self.prefix else ""
        return f"{self.field}:{self.text}{star}" if self.field else f"{self.text}{star}"


@dataclass(frozen=True)
class Phrase:
    text: str
    field: str | None = None

    def render(self) -> str:
        quoted = f'"{self.text}"'
        return f"{self.field}:{quoted}" if self.field else quoted


Term = Word | Phrase


@dataclass(frozen=True)
class AnyOf:
    """Terms joined by OR: at least one must match."""

    options: tuple[Term, ...]

    def render(self) -> str:
        return " OR ".join(option.render() for option in self.options)


Clause = Term | AnyOf


@dataclass(frozen=True)
class ParsedQuery:
    required: tuple[Clause, ...] = ()
    excluded: tuple[Term, ...] = ()
    message: str = ""
    raw: str = ""
    notes: tuple[str, ...] = field(default=())

    @property
    def is_empty(self) -> bool:
        """Nothing to look for: browse everything (minus exclusions)."""
        return not self.required

    def render(self) -> str:
        parts = [clause.render() for clause in self.required]
        parts += [f"-{term.render()}" for term in self.excluded]
        return " ".join(parts)

    def without(self, index: int) -> ParsedQuery:
        """The query minus its `index`-th required clause (for `try_without`)."""
        kept = self.required[:index] + self.required[index + 1 :]
        return replace(self, required=kept)

    def positive_terms(self) -> list[Term]:
        """Every term a match must or may contain: the words to highlight."""
        terms: list[Term] = []
        for clause in self.required:
            terms.extend(clause.options if isinstance(clause, AnyOf) else (clause,))
        return terms


@dataclass
class _Token:
    text: str
    quoted: bool = False
    negated: bool = False
    field: str | None = None


def parse(text: str) -> ParsedQuery:
    """Read `text` as our query language. Never raises."""
    raw = str(text or "")
    notes: list[str] = []
    if len(raw) > MAX_QUERY_CHARS:
        raw = raw[:MAX_QUERY_CHARS]
        notes.append(f"Only the first {MAX_QUERY_CHARS} characters of the query were used.")
    tokens = _tokenize(raw)
    required, excluded = _combine(tokens)
    if len(required) + len(excluded) > MAX_CLAUSES:
        required = required[:MAX_CLAUSES]
        excluded = excluded[: max(0, MAX_CLAUSES - len(required))]
        notes.append(f"Only the first {MAX_CLAUSES} terms of the query were used.")
    message = _message(raw, required, excluded)
    return ParsedQuery(tuple(required), tuple(excluded), message, raw, tuple(notes))


def _message(raw: str, required: list[Clause], excluded: list[Term]) -> str:
    if required or not raw.strip():
        return ""
    if excluded:
        return (
            "Your search only excludes words (-word); showing everything without them. "
            "Add a word to look for."
        )
    return (
        f"There is nothing to search for in \u201c{raw.strip()[:80]}\u201d. "
        'Type a word, an "exact phrase" or the start of a word followed by *.'
    )


def _tokenize(raw: str) -> list[_Token | str]:
    """Split into terms and the OR operator, keeping "quoted phrases" whole."""
    tokens: list[_Token | str] = []
    position, length = 0, len(raw)
    while position < length:
        if raw[position].isspace():
            position += 1
            continue
        negated = raw[position] == "-" and position + 1 < length and not raw[position + 1].isspace()
        if negated:
            position += 1
        field, position = _field_at(raw, position)
        if position < length and raw[position] == '"':
            end = raw.find('"', position + 1)
            end = length if end == -1 else end
            tokens.append(_Token(raw[position + 1 : end], True, negated, field))
            position = end + 1
            continue
        end = position
        while end < length and not raw[end].isspace() and raw[end] != '"':
            end += 1
        word = raw[position:end]
        position = end
        if word == "OR" and not negated and field is None:
            tokens.append("OR")
        elif word or field is None:
            tokens.append(_Token(word, False, negated, field))
    return tokens


def _field_at(raw: str, position: int) -> tuple[str | None, int]:
    """`title:` and friends at `position`: the field and where its value starts."""
    match = _FIELD_PREFIX.match(raw[position : position + 12])
    if match and match.group(1).lower() in FIELDS:
        return match.group(1).lower(), position + len(match.group(1)) + 1
    return None, position


def _term(token: _Token) -> Term | None:
    text = token.text
    if token.quoted:
        text = " ".join(text.split())
        return Phrase(text, token.field) if _WORDLIKE.search(text) else None
    prefix = text.endswith("*")
    text = text.strip("*").replace("*", " ").strip()
    if not _WORDLIKE.search(text):
        return None
    if " " in text:
        return Phrase(" ".join(text.split()), token.field)
    return Word(text, token.field, prefix)


def _combine(tokens: list[_Token | str]) -> tuple[list[Clause], list[Term]]:
    """Join `a OR b` into one clause, set excluded terms apart."""
    required: list[Clause] = []
    excluded: list[Term] = []
    pending_or = False
    for token in tokens:
        if isinstance(token, str):  # the only bare string token is OR
            pending_or = bool(required)
            continue
        term = _term(token)
        if term is None:
            continue
        if token.negated:
            excluded.append(term)
            pending_or = False
            continue
        if pending_or:
            previous = required.pop()
            options = previous.options if isinstance(previous, AnyOf) else (previous,)
            required.append(AnyOf((*options, term)))
        else:
            required.append(term)
        pending_or = False
    return required, excluded
