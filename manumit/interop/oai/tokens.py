"""Resumption tokens: the position of the next page as a signed key, never an offset.

A token carries the list's arguments (prefix, set, from, until) and the (datestamp, id) of
the last record shown, so the next page starts strictly after it: records added or changed
during a harvest cannot shift the pages and cause a gap or a repeat. It is signed with the
site's secret key, so a forged or edited token is refused, and it expires.
"""

from __future__ import annotations

import datetime
from dataclasses import asdict, dataclass

from django.core import signing

SALT = "manumit.interop.oai.resumption"
LIFETIME = datetime.timedelta(hours=24)


class BadToken(Exception):
    """Expired, forged, or not a token of this repository."""


@dataclass(frozen=True)
class Position:
    verb: str
    prefix: str
    set_spec: str | None
    start: str | None  # the list's from and until, as the harvester gave them
    end: str | None
    datestamp: str  # ISO datetime of the last record shown
    resource_id: int
    cursor: int  # how many records the earlier pages held
    size: int  # completeListSize, counted when the list began


def issue(position: Position) -> str:
    return signing.dumps(asdict(position), salt=SALT, compress=True)


def read(token: str, verb: str) -> Position:
    try:
        data = signing.loads(token, salt=SALT, max_age=LIFETIME)
        position = Position(**data)
    except (signing.BadSignature, TypeError, ValueError) as error:
        raise BadToken(str(error)) from None
    if position.verb != verb:
        raise BadToken("the token belongs to another verb")
    return position


def expiry(issued: datetime.datetime) -> datetime.datetime:
    return issued + LIFETIME
