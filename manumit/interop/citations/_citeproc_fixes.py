"""One correction to citeproc-py, applied when the citation styles load.

CSL says a variable that stands in for a missing author (`<substitute>`) is not printed
again later in the entry. citeproc-py 0.11 does this only when the substitute is a bare
variable; APA, Chicago and Harvard substitute a *macro* (the title), some inside a
`<choose>`, so an entry without an author came out as "Tool. (2019). Tool." (citeproc-py
issue #91). We also suppress the variables that the substitute's macros and branches can
print (both branches of a choice: a variable the other branch names is one a style would
not print twice either). The tests pin the fixed output, so an upgrade that fixes it
upstream, or breaks this, shows at once.
"""

from __future__ import annotations

from typing import Any

from citeproc.model import Substitute

_applied = False


def apply() -> None:
    global _applied
    if _applied:
        return
    original = Substitute.add_to_repressed_list

    def add_to_repressed_list(self: Any, child: Any, context: Any) -> None:
        original(self, child, context)
        repressed = context.get_layout().repressed
        for element in _texts_within(child, set()):
            repressed.setdefault(element.tag, []).append(element.get("variable"))

    Substitute.add_to_repressed_list = add_to_repressed_list
    _applied = True


def _texts_within(element: Any, seen: set[str]) -> list[Any]:
    """The `<text variable=...>` elements under `element` (itself included), following
    `<text macro=...>` into each macro once, so a style's recursion cannot loop."""
    text_tag = element.tag.rsplit("}", 1)[0] + "}text"
    found = []
    for child in element.iter(text_tag):
        if child.get("variable"):
            found.append(child)
        elif child.get("macro") and child.get("macro") not in seen:
            seen.add(child.get("macro"))
            found.extend(_texts_within(child.get_macro(child.get("macro")), seen))
    return found
