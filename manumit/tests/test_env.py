"""The MANUMIT_* readers parse what they should and name the variable when they refuse."""

from __future__ import annotations

from pathlib import Path

import pytest

from manumit.env import (
    ImproperSetting,
    env_bool,
    env_int,
    env_list,
    env_optional,
    env_path,
    env_secret,
    env_str,
)

NAME = "MANUMIT_TEST_VALUE"


@pytest.fixture(autouse=True)
def _clean(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(NAME, raising=False)
    monkeypatch.delenv(NAME + "_FILE", raising=False)


# --- prefix and blank values -------------------------------------------------------------


@pytest.mark.parametrize(
    "reader",
    [
        lambda name: env_str(name, "x"),
        lambda name: env_optional(name),
        lambda name: env_bool(name, False),
        lambda name: env_int(name, 1),
        lambda name: env_list(name, []),
        lambda name: env_path(name, Path("/tmp")),  # noqa: S108
        lambda name: env_secret(name),
    ],
    ids=["str", "optional", "bool", "int", "list", "path", "secret"],
)
def test_every_reader_refuses_a_name_without_the_prefix(reader: object) -> None:
    with pytest.raises(ValueError, match="prefixed with MANUMIT_: DATABASE_URL"):
        reader("DATABASE_URL")  # type: ignore[operator]


@pytest.mark.parametrize("blank", ["", "   ", "\t\n"])
def test_a_blank_value_counts_as_unset(monkeypatch: pytest.MonkeyPatch, blank: str) -> None:
    monkeypatch.setenv(NAME, blank)
    assert env_str(NAME, "default") == "default"
    assert env_optional(NAME) is None
    assert env_bool(NAME, True) is True
    assert env_int(NAME, 7, minimum=5) == 7
    assert env_list(NAME, ["a"]) == ["a"]
    assert env_secret(NAME) is None


def test_values_are_stripped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(NAME, "  Anti-Slavery Library \n")
    assert env_str(NAME, "x") == "Anti-Slavery Library"


# --- env_str and env_optional ------------------------------------------------------------


def test_str_and_optional_read_the_value_or_fall_back(monkeypatch: pytest.MonkeyPatch) -> None:
    assert env_str(NAME, "fallback") == "fallback"
    assert env_optional(NAME) is None
    monkeypatch.setenv(NAME, "set")
    assert env_str(NAME, "fallback") == "set"
    assert env_optional(NAME) == "set"


# --- env_bool ----------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["1", "true", "TRUE", "Yes", "on", " on "])
def test_bool_true_spellings(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setenv(NAME, text)
    assert env_bool(NAME, False) is True


@pytest.mark.parametrize("text", ["0", "false", "False", "NO", "off"])
def test_bool_false_spellings(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setenv(NAME, text)
    assert env_bool(NAME, True) is False


def test_bool_default_when_unset() -> None:
    assert env_bool(NAME, True) is True
    assert env_bool(NAME, False) is False


@pytest.mark.parametrize("text", ["maybe", "2", "y", "enabled"])
def test_bool_refuses_anything_else_naming_the_variable(
    monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    monkeypatch.setenv(NAME, text)
    with pytest.raises(ImproperSetting) as caught:
        env_bool(NAME, False)
    message = str(caught.value)
    assert message.startswith(NAME)
    assert repr(text) in message
    assert "true/false" in message


def test_improper_setting_is_a_value_error() -> None:
    assert issubclass(ImproperSetting, ValueError)


# --- env_int -----------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "number"), [("8080", 8080), (" 42 ", 42), ("-3", -3)])
def test_int_parses_whole_numbers(monkeypatch: pytest.MonkeyPatch, text: str, number: int) -> None:
    monkeypatch.setenv(NAME, text)
    assert env_int(NAME, 0) == number


def test_int_default_when_unset() -> None:
    assert env_int(NAME, 20, minimum=1) == 20


@pytest.mark.parametrize("text", ["abc", "1.5", "12px", "0x10"])
def test_int_refuses_text_naming_the_variable(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setenv(NAME, text)
    with pytest.raises(ImproperSetting, match=rf"^{NAME} must be a whole number, got '{text}'$"):
        env_int(NAME, 0)


def test_int_refuses_a_number_below_the_minimum(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(NAME, "0")
    with pytest.raises(ImproperSetting, match=rf"^{NAME} must be at least 1, got 0$"):
        env_int(NAME, 5, minimum=1)


def test_int_accepts_the_minimum_itself(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(NAME, "1")
    assert env_int(NAME, 5, minimum=1) == 1


# --- env_list ----------------------------------------------------------------------------


def test_list_splits_on_commas_and_drops_empty_items(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(NAME, "library.example.org, www.example.org,,  ")
    assert env_list(NAME, []) == ["library.example.org", "www.example.org"]


def test_list_default_is_a_copy() -> None:
    default = ["localhost"]
    result = env_list(NAME, default)
    result.append("changed")
    assert default == ["localhost"]


# --- env_path ----------------------------------------------------------------------------


def test_path_is_absolute_and_expands_home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv(NAME, "~/library-data")
    assert env_path(NAME, Path("unused")) == tmp_path.resolve() / "library-data"


def test_path_resolves_a_relative_value_and_the_default(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    assert env_path(NAME, Path("var")) == tmp_path.resolve() / "var"
    monkeypatch.setenv(NAME, "data")
    assert env_path(NAME, Path("var")) == tmp_path.resolve() / "data"


# --- env_secret --------------------------------------------------------------------------


def test_secret_reads_the_variable_itself(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(NAME, "s3cret")
    assert env_secret(NAME) == "s3cret"


def test_secret_reads_the_file_named_by_name_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    secret = tmp_path / "secret"
    secret.write_text("from-a-file\n", encoding="utf-8")
    monkeypatch.setenv(NAME + "_FILE", str(secret))
    assert env_secret(NAME) == "from-a-file"


def test_secret_prefers_the_variable_to_the_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    secret = tmp_path / "secret"
    secret.write_text("from-a-file", encoding="utf-8")
    monkeypatch.setenv(NAME, "direct")
    monkeypatch.setenv(NAME + "_FILE", str(secret))
    assert env_secret(NAME) == "direct"


def test_secret_is_none_when_neither_is_set() -> None:
    assert env_secret(NAME) is None


def test_secret_names_the_file_variable_when_the_file_is_unreadable(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(NAME + "_FILE", str(tmp_path / "missing"))
    with pytest.raises(ImproperSetting, match=rf"^{NAME}_FILE points to an unreadable file"):
        env_secret(NAME)


def test_secret_refuses_an_empty_file_rather_than_falling_back(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    empty = tmp_path / "empty"
    empty.write_text("  \n", encoding="utf-8")
    monkeypatch.setenv(NAME + "_FILE", str(empty))
    with pytest.raises(ImproperSetting, match=rf"^{NAME}_FILE points to an empty file: "):
        env_secret(NAME)
