"""BibTeX values as text: macros and `#` resolved, braces and LaTeX turned into Unicode."""

from __future__ import annotations

import re

from pylatexenc.latex2text import LatexNodes2Text

# What the library's own BibTeX export writes for characters that BibTeX counts or LaTeX
# reserves (see interop's citations); pylatexenc drops some of them.
TEXT_COMMANDS = {
    r"\textbackslash{}": "\\",
    r"\textbraceleft{}": "{",
    r"\textbraceright{}": "}",
    r"\textasciitilde{}": "~",
    r"\textasciicircum{}": "^",
    r"\_": "_",
    r"\#": "#",
}
_COMMANDS = re.compile("|".join(re.escape(command) for command in TEXT_COMMANDS))
_CONVERTER = LatexNodes2Text(math_mode="verbatim", strict_latex_spaces=True)
_AND = re.compile(r"\s+and\s+$", re.IGNORECASE)
# A character the file cannot mean literally once LaTeX is read: a placeholder for it.
_HOLD = "\ue000"


def resolve(value: str, strings: dict[str, str]) -> str:
    """A field's raw value as BibTeX reads it: `{...}` and `"..."` lose their delimiters,
    a macro (`@string`) becomes its text, and `#` joins the pieces."""
    return "".join(_piece(piece.strip(), strings) for piece in _top_level(value, "#"))


def _piece(piece: str, strings: dict[str, str]) -> str:
    if len(piece) >= 2 and (
        (piece[0] == "{" and piece[-1] == "}") or (piece[0] == '"' and piece[-1] == '"')
    ):
        return piece[1:-1]
    return strings.get(piece.lower(), piece)


def _top_level(value: str, separator: str) -> list[str]:
    """`value` cut at every `separator` outside braces and quotes."""
    pieces: list[str] = []
    current: list[str] = []
    depth, quoted = 0, False
    for char in value:
        if char == "{":
            depth += 1
        elif char == "}":
            depth = max(depth - 1, 0)
        elif char == '"' and depth == 0:
            quoted = not quoted
        elif char == separator and depth == 0 and not quoted:
            pieces.append("".join(current))
            current = []
            continue
        current.append(char)
    pieces.append("".join(current))
    return pieces


def text(value: str) -> str:
    """Plain Unicode text of a LaTeX value: `{\\'e}` is é, `{N}orth` is North."""
    if not value:
        return ""
    held = _COMMANDS.sub(lambda match: _HOLD + str(list(TEXT_COMMANDS).index(match.group())), value)
    try:
        converted = _CONVERTER.latex_to_text(held)
    except Exception:  # pylatexenc is tolerant; a value it still refuses stays as written
        converted = held.replace("{", "").replace("}", "")
    for number, replacement in enumerate(TEXT_COMMANDS.values()):
        converted = converted.replace(f"{_HOLD}{number}", replacement)
    return " ".join(converted.split())


def split_names(value: str) -> list[str]:
    """`A and {B and C} and D` -> the three names, as BibTeX splits a name list."""
    names: list[str] = []
    current: list[str] = []
    depth = 0
    for index, char in enumerate(value):
        depth += (char == "{") - (char == "}")
        current.append(char)
        if depth == 0:
            joined = "".join(current)
            found = _AND.search(joined)
            if found and value[index + 1 : index + 2].strip():
                names.append(joined[: found.start()])
                current = []
    names.append("".join(current))
    return [name.strip() for name in names if name.strip()]


def is_one_group(name: str) -> bool:
    """Whether `name` is one braced group, `{World Health Organization}`, as a whole."""
    if not (name.startswith("{") and name.endswith("}")):
        return False
    depth = 0
    for index, char in enumerate(name):
        depth += (char == "{") - (char == "}")
        if depth == 0:
            return index == len(name) - 1
    return False
