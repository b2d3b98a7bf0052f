"""Reading a request's arguments the way OAI-PMH 2.0 (sections 3.1 and 3.3) requires."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.http import QueryDict

VERBS: dict[str, tuple[set[str], set[str], str | None]] = {
    # verb: (required, optional, exclusive)
    "Identify": (set(), set(), None),
    "ListMetadataFormats": (set(), {"identifier"}, None),
    "ListSets": (set(), set(), "resumptionToken"),
    "GetRecord": ({"identifier", "metadataPrefix"}, set(), None),
    "ListIdentifiers": ({"metadataPrefix"}, {"from", "until", "set"}, "resumptionToken"),
    "ListRecords": ({"metadataPrefix"}, {"from", "until", "set"}, "resumptionToken"),
}

# The schema's own patterns: a value that does not fit is never echoed in <request>.
PATTERNS = {
    "metadataPrefix": re.compile(r"[A-Za-z0-9\-_.!~*'()]+"),
    "set": re.compile(r"[A-Za-z0-9\-_.!~*'()]+(:[A-Za-z0-9\-_.!~*'()]+)*"),
    "from": re.compile(r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}Z)?"),
    "until": re.compile(r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}Z)?"),
    "identifier": re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:\S+"),
    "resumptionToken": re.compile(r".+", re.S),
}


class OaiError(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def bad(message: str) -> OaiError:
    return OaiError("badArgument", message)


def single_values(data: QueryDict) -> dict[str, str]:
    """The arguments, refusing a repeated one (badVerb for the verb, as the spec says)."""
    values: dict[str, str] = {}
    for name, items in data.lists():
        if len(items) > 1:
            code = "badVerb" if name == "verb" else "badArgument"
            raise OaiError(code, f"The argument {name} is repeated.")
        values[name] = items[0]
    return values


def check(verb: str, args: dict[str, str]) -> None:
    """Every argument allowed, every required one present, an exclusive one alone."""
    required, optional, exclusive = VERBS[verb]
    given = set(args)
    unknown = given - required - optional - ({exclusive} if exclusive else set())
    if unknown:
        raise bad(f"{verb} does not take {', '.join(sorted(unknown))}.")
    if exclusive and exclusive in given:
        if len(given) > 1:
            raise bad(f"{exclusive} is an exclusive argument: give it alone.")
        return
    missing = required - given
    if missing:
        raise bad(f"{verb} needs {', '.join(sorted(missing))}.")
    for name in given & {"set", "metadataPrefix"}:
        if not PATTERNS[name].fullmatch(args[name]):
            raise bad(f"{name} has an illegal value.")


@dataclass(frozen=True)
class Window:
    """from and until as an inclusive range of whole seconds (None: open)."""

    start: datetime.datetime | None
    end: datetime.datetime | None


def _moment(text: str, name: str, end: bool) -> tuple[datetime.datetime, str]:
    if not PATTERNS[name].fullmatch(text):
        raise bad(f"{name} must be YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ.")
    try:
        if "T" in text:
            moment = datetime.datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ")
            return moment.replace(tzinfo=datetime.UTC), "seconds"
        day = datetime.datetime.strptime(text, "%Y-%m-%d").replace(tzinfo=datetime.UTC)
    except ValueError:
        raise bad(f"{name} is not a real date.") from None
    # A day-only until means the whole of that day.
    return (day + datetime.timedelta(days=1, seconds=-1) if end else day), "day"


def window(start: str | None, end: str | None) -> Window:
    low = _moment(start, "from", end=False) if start else None
    high = _moment(end, "until", end=True) if end else None
    if low and high:
        if low[1] != high[1]:
            raise bad("from and until must have the same granularity.")
        if low[0] > high[0]:
            raise bad("from must not be later than until.")
    return Window(low[0] if low else None, high[0] if high else None)


def echo(verb: str | None, args: dict[str, str]) -> dict[str, str]:
    """The attributes of <request> for a response that is not badVerb or badArgument."""
    shown = {"verb": verb} if verb is not None and verb in VERBS else {}
    for name, value in args.items():
        pattern = PATTERNS.get(name)
        if pattern and pattern.fullmatch(value):
            shown[name] = value
    return shown
