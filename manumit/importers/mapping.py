"""The mapping file: which source terms go to which vocabulary, and which custom fields
hold what. JSON or TOML, every part optional:

    post_types = ["post", "resource"]          # WordPress post types to import
    [terms]                                    # "taxonomy:slug-or-name" or "name"
    "category:reports" = "type:publications"   # -> vocabulary:slug-or-name
    "post_tag:south-east-asia" = "region:south-eastern-asia"
    "uncategorized" = "ignore"                 # dropped on purpose (and said so)
    [fields]                                   # catalogue field -> custom field keys
    publisher = ["resource_publisher"]
    year = ["pub_year"]

Without a mapping a term is looked for by name and slug in every vocabulary (countries by
ISO name and code too), and the custom fields by the names in `DEFAULT_FIELDS`.
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils.text import slugify

VOCABULARIES = ("type", "region", "country", "topic", "sector")
IGNORE = "ignore"

# Catalogue field -> the custom-field keys (WordPress postmeta, ACF fields) that commonly
# hold it, tried in order; a mapping file's list for a field replaces this one.
DEFAULT_FIELDS: dict[str, tuple[str, ...]] = {
    "publisher": ("publisher", "publishers", "resource_publisher", "publisher_name"),
    "authors": ("authors", "author", "resource_authors", "author_names", "report_author"),
    "year": ("year", "publication_year", "pub_year", "resource_year", "year_published"),
    "date": ("publication_date", "pub_date", "date_published", "resource_date"),
    "source_url": ("source_url", "source", "external_url", "resource_url", "original_url"),
    "download": ("download_url", "download", "download_link", "pdf", "pdf_url", "file_url"),
    "doi": ("doi",),
    "isbn": ("isbn",),
    "language": ("language", "lang"),
}

# WordPress's own post types that are never resources (attachments become files).
WORDPRESS_INTERNAL_TYPES = frozenset(
    {
        "attachment", "page", "revision", "nav_menu_item", "custom_css", "customize_changeset",
        "oembed_cache", "user_request", "wp_block", "wp_template", "wp_template_part",
        "wp_global_styles", "wp_navigation", "wp_font_family", "wp_font_face",
    }
)  # fmt: skip


class MappingError(ValueError):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Target:
    """Where a source term goes: a vocabulary and a term's slug or name, or nowhere."""

    vocabulary: str  # one of VOCABULARIES, or IGNORE
    term: str = ""


@dataclass
class Mapping:
    post_types: frozenset[str] | None = None  # None: every type not WordPress's own
    terms: dict[str, Target] = field(default_factory=dict)
    fields: dict[str, tuple[str, ...]] = field(default_factory=lambda: dict(DEFAULT_FIELDS))
    origin: str = "the default mapping"

    def target(self, taxonomy: str, name: str, slug: str = "") -> Target | None:
        """The mapping file's word for this term, by "taxonomy:slug", "taxonomy:name",
        then slug or name alone (compared as slugs, so case and spaces do not matter)."""
        keys = [slugify(value) for value in (slug, name) if value]
        for key in [f"{taxonomy}:{k}" for k in keys] + keys:
            if key in self.terms:
                return self.terms[key]
        return None

    def imports_post_type(self, post_type: str) -> bool:
        if self.post_types is None:
            return post_type not in WORDPRESS_INTERNAL_TYPES
        return post_type in self.post_types

    def field_keys(self, name: str) -> tuple[str, ...]:
        return self.fields.get(name, ())


def load_mapping(path: Path | None) -> Mapping:
    """The mapping in `path` (JSON or TOML, by its content), or the default; a bad file
    raises MappingError saying what is wrong with it."""
    if path is None:
        return Mapping()
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise MappingError(f"Cannot read the mapping file {path}: {error}.") from error
    return parse_mapping(text, origin=str(path))


def parse_mapping(text: str, *, origin: str = "the mapping file") -> Mapping:
    data = _decode(text, origin)
    unknown = set(data) - {"post_types", "terms", "fields"}
    if unknown:
        raise MappingError(f"{origin}: unknown section(s) {', '.join(sorted(unknown))}.")
    post_types = data.get("post_types")
    if post_types is not None and not _strings(post_types):
        raise MappingError(f"{origin}: post_types must be a list of names.")
    fields = dict(DEFAULT_FIELDS)
    for name, keys in _table(data, "fields", origin).items():
        if name not in DEFAULT_FIELDS:
            known = ", ".join(DEFAULT_FIELDS)
            raise MappingError(f"{origin}: no field '{name}' to fill. Fields: {known}.")
        keys = [keys] if isinstance(keys, str) else keys
        if not _strings(keys):
            raise MappingError(f"{origin}: fields.{name} must be a key or a list of keys.")
        fields[name] = tuple(keys)
    terms = {
        _term_key(key): _target(value, key, origin)
        for key, value in _table(data, "terms", origin).items()
    }
    return Mapping(
        post_types=frozenset(post_types) if post_types is not None else None,
        terms=terms,
        fields=fields,
        origin=origin,
    )


def _decode(text: str, origin: str) -> dict[str, Any]:
    try:
        data = json.loads(text) if text.lstrip().startswith("{") else tomllib.loads(text)
    except (json.JSONDecodeError, tomllib.TOMLDecodeError) as error:
        raise MappingError(f"{origin} is neither valid JSON nor valid TOML: {error}.") from error
    if not isinstance(data, dict):
        raise MappingError(f"{origin} must hold a table (an object) of sections.")
    return data


def _table(data: dict[str, Any], name: str, origin: str) -> dict[str, Any]:
    table = data.get(name, {})
    if not isinstance(table, dict):
        raise MappingError(f"{origin}: {name} must be a table of names.")
    return table


def _strings(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def _term_key(key: str) -> str:
    taxonomy, colon, term = key.partition(":")
    return f"{taxonomy}:{slugify(term)}" if colon else slugify(key)


def _target(value: Any, key: str, origin: str) -> Target:
    if value == IGNORE:
        return Target(IGNORE)
    vocabulary, _, term = str(value).partition(":") if isinstance(value, str) else ("", "", "")
    if vocabulary not in VOCABULARIES or not term:
        raise MappingError(
            f"{origin}: terms.{key} = {value!r}; write 'ignore' or vocabulary:term, with a "
            f"vocabulary among {', '.join(VOCABULARIES)}."
        )
    return Target(vocabulary, term)
