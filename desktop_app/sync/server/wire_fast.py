"""The push body's fast path: msgspec reads it and checks its shape in C.

`parse_fast` returns exactly what wire.parse_checked (the hand checker, over
json.loads) returns for the same body, or raises (anything) and leaves the
body to the hand checker, which decides and names the bad field. It is
stricter in a few places, all falling back: a device_seq written 2.0, NaN or
Infinity, lone surrogates, a BOM or a UTF-16 body, nesting near the recursion
limit. tests/sync/test_wire_fast.py holds the two paths together.

msgspec checks the fields, their types, the integer ranges and the length of
`at`. Where it accepts JSON it reads it as json.loads does: the last of
duplicate keys wins, escapes (in keys too) and "-0" read alike, integers are
exact ints (msgspec refuses above 4300 digits, json.loads above Python's
limit), and float_hook=float reads every other number as json.loads does
(1e400 is inf). The patterns are checked here, a column at a time: msgspec.Meta
patterns call re from C once per string, which costs more than all the rest of
this module. Timestamps in the stored form (what our devices send) are read by
fromisoformat alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from datetime import datetime
from typing import Annotated

import msgspec

from desktop_app.domain.timeutil import parse_ts
from desktop_app.services.bulk import STORED_TIME, db_time
from desktop_app.sync.server.models import ID, KIND, MAX_EVENTS_PER_PUSH, MAX_SEQ, YEARS


class Unvouched(ValueError):
    """The fast path does not vouch for this body: the hand checker decides."""


def whole(pattern: str) -> str:
    """^...$ as msgspec needs it: it calls re.search, where $ also matches before a
    final newline ("o1\\n"), which the hand checker's fullmatch refuses."""
    if not (pattern.startswith("^") and pattern.endswith("$")):
        raise ValueError(f"{pattern} is not anchored")
    return rf"\A(?:{pattern[1:-1]})\Z"


def each_matches(pattern: str) -> Callable[[Collection[str]], bool]:
    """A test of many strings at once: does every one fullmatch `pattern`?

    One regex pass over the strings joined by newlines, 3x cheaper than a call per
    string. Sound because no string holds a newline (they are counted) and the
    pattern cannot match one (tests/sync/test_wire_fast.py checks ours).
    """
    body = pattern.removeprefix("^").removesuffix("$")
    joined_match = re.compile(rf"(?:{body})(?:\n(?:{body}))*").fullmatch

    def each(texts: Collection[str]) -> bool:
        joined = "\n".join(texts)
        return not texts or (joined.count("\n") == len(texts) - 1
                             and joined_match(joined) is not None)
    return each


_each_id = each_matches(ID)
_each_kind = each_matches(KIND)
_each_stored = each_matches(STORED_TIME)
_stored = re.compile(STORED_TIME).fullmatch
_YEARS = re.compile(YEARS).match
_from_iso = datetime.fromisoformat

Seq = Annotated[int, msgspec.Meta(ge=1, le=MAX_SEQ)]
Base = Annotated[int, msgspec.Meta(ge=0, le=MAX_SEQ)]


class PushedEvent(msgspec.Struct, forbid_unknown_fields=True, gc=False):
    """One pushed event as the server applies it, from either path. `at` is the text
    sent; `moment` is it read in UTC and `at_db` its stored form, both filled after
    reading (a body that sends either field falls back and is refused)."""

    id: str
    order_id: str
    kind: str
    at: Annotated[str, msgspec.Meta(max_length=40)]
    data: dict
    device_seq: Seq
    base: Base | None = None
    moment: datetime | msgspec.UnsetType = msgspec.UNSET
    at_db: str | msgspec.UnsetType = msgspec.UNSET


class _Push(msgspec.Struct, forbid_unknown_fields=True, gc=False):
    device_id: Annotated[str, msgspec.Meta(pattern=whole(ID))]
    events: Annotated[list[PushedEvent], msgspec.Meta(max_length=MAX_EVENTS_PER_PUSH)]


_decode = msgspec.json.Decoder(_Push, float_hook=float).decode
# Nesting: json.loads runs its scanner 3 Python frames below its caller, and on
# Python 3.11 frames and nesting levels draw on one recursion limit. Called this
# many frames deeper, msgspec gives up on deep nesting before json.loads would.
# (3.12 counts C recursion apart: the nesting test in test_wire_fast.py would say.)
SPARE_FRAMES = 8


def parse_fast(body: bytes) -> tuple[str, list[PushedEvent]]:
    """(device id, events) as wire.parse_checked returns them; raises if unsure."""
    push = _decode_below(body, SPARE_FRAMES)
    events = push.events
    if any(e.moment is not msgspec.UNSET or e.at_db is not msgspec.UNSET for e in events):
        raise Unvouched("fields that are not part of a pushed event")
    ids = [e.id for e in events]
    # Order ids and kinds repeat: each distinct one is checked once.
    if not (_each_id(ids) and _each_id({e.order_id for e in events})
            and _each_kind({e.kind for e in events})):
        raise Unvouched("an id or a kind does not match its pattern")
    moments, stored = _times([e.at for e in events])
    for event, moment, at_db in zip(events, moments, stored, strict=True):
        event.moment = moment
        event.at_db = at_db
    return push.device_id, events


def _decode_below(body: bytes, frames: int) -> _Push:
    return _decode_below(body, frames - 1) if frames else _decode(body)


def _times(texts: list[str]) -> tuple[list[datetime], list[str]]:
    """Each `at` in UTC as parse_ts reads it, and as stored (as the hand checker keeps it)."""
    if _each_stored(texts):  # fromisoformat gives what parse_ts gives: UTC, years 1900-2999
        return list(map(_from_iso, texts)), texts
    moments = list(map(_moment, texts))
    return moments, [t if _stored(t) else db_time(m) for t, m in zip(texts, moments, strict=True)]


def _moment(text: str) -> datetime:
    if not _YEARS(text):
        raise Unvouched("`at` does not start with a year 1900-2999")
    moment = parse_ts(text)
    if not 1900 <= moment.year <= 2999:
        raise Unvouched("`at` is outside years 1900-2999")
    return moment
