"""docs/configuration.md documents exactly the MANUMIT_* variables that the code reads."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from manumit.tests.support.processes import load

PACKAGE = Path(__file__).resolve().parents[1]
DOC = PACKAGE.parent / "docs" / "configuration.md"

# A variable is read through one of manumit.env's helpers: env_int("MANUMIT_PORT", ...).
READ = re.compile(r"""\benv_(\w+)\(\s*["'](MANUMIT_[A-Z0-9_]+)["']""")
MENTION = re.compile(r"\bMANUMIT_[A-Z0-9_]*[A-Z0-9]\b")


def variables_read_by_code() -> set[str]:
    names: set[str] = set()
    for source in PACKAGE.rglob("*.py"):
        if "tests" in source.relative_to(PACKAGE).parts:
            continue
        for helper, name in READ.findall(source.read_text(encoding="utf-8")):
            names.add(name)
            if helper == "secret":  # env_secret also reads NAME_FILE
                names.add(name + "_FILE")
    return names


@pytest.fixture(scope="module")
def doc() -> str:
    if not DOC.is_file():
        pytest.fail(f"{DOC} is missing")
    return DOC.read_text(encoding="utf-8")


def test_the_scan_finds_the_variables_settings_reads() -> None:
    # Guards the regular expression: if it stopped matching, the checks below would pass empty.
    found = variables_read_by_code()
    assert {"MANUMIT_DATA_DIR", "MANUMIT_PORT", "MANUMIT_DATABASE_URL"} <= found
    assert "MANUMIT_SECRET_KEY_FILE" in found


def test_every_variable_the_code_reads_is_documented(doc: str) -> None:
    undocumented = sorted(variables_read_by_code() - set(MENTION.findall(doc)))
    assert not undocumented, f"add these to docs/configuration.md: {undocumented}"


def test_the_doc_lists_no_variable_the_code_does_not_read(doc: str) -> None:
    unknown = sorted(set(MENTION.findall(doc)) - variables_read_by_code())
    assert not unknown, f"docs/configuration.md documents variables nothing reads: {unknown}"


def _sections(doc: str) -> dict[str, str]:
    """Each `### `MANUMIT_X`` section's text, by variable name."""
    parts = re.split(r"^### `(MANUMIT_[A-Z0-9_]+)`\s*$", doc, flags=re.MULTILINE)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def test_every_variable_has_a_section_with_type_default_and_example(doc: str) -> None:
    sections = _sections(doc)
    assert sorted(sections) == sorted(variables_read_by_code())
    for name, text in sections.items():
        for field in ("- Type:", "- Default:", "- Example:"):
            assert field in text, f"the {name} section has no '{field}' line"
        example = re.search(r"^- Example: (.*)$", text, flags=re.MULTILINE)
        assert example is not None and name in example.group(1), f"{name}'s example omits it"


def test_every_variable_is_in_the_summary_table(doc: str) -> None:
    rows = set(re.findall(r"^\| \[`(MANUMIT_[A-Z0-9_]+)`\]", doc, flags=re.MULTILINE))
    assert rows == variables_read_by_code()


def test_the_documented_defaults_match_the_code(doc: str, tmp_path: Path) -> None:
    # The defaults as a fresh process with no MANUMIT_* variables sees them.
    defaults = load(tmp_path / "data")
    table = dict(re.findall(r"^\| \[`(MANUMIT_[A-Z0-9_]+)`\][^|]*\|[^|]*\| (.*) \|$", doc, re.M))
    assert table["MANUMIT_PORT"] == f"`{defaults['PORT']}`"
    assert table["MANUMIT_HOST"] == f"`{defaults['HOST']}`"
    assert table["MANUMIT_THREADS"] == f"`{defaults['SERVE_THREADS']}`"
    assert table["MANUMIT_PAGE_SIZE"] == f"`{defaults['PAGE_SIZE']}`"
    assert table["MANUMIT_MAX_UPLOAD_MB"] == f"`{defaults['MAX_UPLOAD_BYTES'] // 1024 // 1024}`"
    assert table["MANUMIT_SITE_NAME"] == f"`{defaults['SITE_NAME']}`"
    assert table["MANUMIT_TIME_ZONE"] == f"`{defaults['TIME_ZONE']}`"
    assert table["MANUMIT_LOG_LEVEL"] == f"`{defaults['LOG_LEVEL']}`"
    assert table["MANUMIT_ALLOWED_HOSTS"] == f"`{','.join(defaults['ALLOWED_HOSTS'])}`"
    assert table["MANUMIT_DEBUG"] == table["MANUMIT_HTTPS"] == "`false`"
    assert defaults["DEBUG"] is False and defaults["SESSION_COOKIE_SECURE"] is False
