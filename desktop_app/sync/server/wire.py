"""Push and pull bodies on the hot path: checked by hand, composed with msgspec.

A first sync moves hundreds of thousands of events. Letting FastAPI parse a
push (json.loads, then pydantic per event, then model_dump) and validate each
answer against its response model cost more than applying the events, so the
two sync routes read and write their bodies here. The pydantic models in
models.py describe them in the OpenAPI schema; `parse_push` is the one
validator of a push body and accepts exactly what PushRequest accepts
(tests/sync/test_wire.py and test_push_bodies.py hold them together). Each
refusal names the field, as `body.events.0.at: ...`.

Answers are encoded by msgspec, with the `data` and `conflict` JSON the
database holds embedded as it is (msgspec.Raw): nothing stored is decoded and
encoded again per event.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from datetime import datetime
from typing import Any, NamedTuple

import msgspec

from desktop_app.domain.timeutil import STORED_TIME, TimestampError, parse_ts, to_stored
from desktop_app.sync.server.errors import Invalid
from desktop_app.sync.server.models import ID, KIND, MAX_EVENTS_PER_PUSH, MAX_SEQ, YEARS


class PushedEvent(NamedTuple):
    """One pushed event as the server applies it: `at` is the text sent, `moment` that
    time in UTC (for the replay), `at_db` the text to store."""

    id: str
    order_id: str
    kind: str
    at: str
    data: dict[str, Any]
    device_seq: int
    base: int | None
    moment: datetime
    at_db: str


_ID = re.compile(ID).fullmatch
_KIND = re.compile(KIND).fullmatch
_YEARS = re.compile(YEARS).match
# The database's own form (what our devices send): stored as it came, not re-formatted.
_STORED_FORM = re.compile(STORED_TIME).fullmatch
_TOP = frozenset(("device_id", "events"))
_REQUIRED = frozenset(("id", "order_id", "kind", "at", "data", "device_seq"))
_ALLOWED = _REQUIRED | {"base"}


def parse_push(body: bytes) -> tuple[str, list[PushedEvent]]:
    """(device id, events) from a push body; Invalid names the bad field."""
    try:
        doc = json.loads(body)
    except (ValueError, RecursionError) as exc:  # UnicodeDecodeError is a ValueError
        raise Invalid(f"body: the request body is not valid JSON ({exc})") from None
    if not isinstance(doc, dict):
        raise Invalid("body: must be an object")
    _check_keys(doc, _TOP, _TOP, "")
    device_id = doc["device_id"]
    if not isinstance(device_id, str) or not _ID(device_id):
        raise Invalid(f"body.device_id: must match {ID}")
    items = doc["events"]
    if not isinstance(items, list):
        raise Invalid("body.events: must be a list")
    if len(items) > MAX_EVENTS_PER_PUSH:
        raise Invalid(f"body.events: at most {MAX_EVENTS_PER_PUSH} events per push")
    return device_id, [_event(item, i) for i, item in enumerate(items)]


def _check_keys(item: dict, required: frozenset, allowed: frozenset, where: str) -> None:
    keys = item.keys()
    if keys - allowed:
        raise Invalid(f"body.{where}{sorted(keys - allowed)[0]}: extra fields not permitted")
    if required - keys:
        raise Invalid(f"body.{where}{sorted(required - keys)[0]}: field required")


def _event(item, index: int) -> PushedEvent:
    where = f"events.{index}."
    if not isinstance(item, dict):
        raise Invalid(f"body.{where[:-1]}: must be an object")
    _check_keys(item, _REQUIRED, _ALLOWED, where)
    event_id, order_id, kind = item["id"], item["order_id"], item["kind"]
    if not isinstance(event_id, str) or not _ID(event_id):
        raise Invalid(f"body.{where}id: must match {ID}")
    if not isinstance(order_id, str) or not _ID(order_id):
        raise Invalid(f"body.{where}order_id: must match {ID}")
    if not isinstance(kind, str) or not _KIND(kind):
        raise Invalid(f"body.{where}kind: must match {KIND}")
    if not isinstance(item["data"], dict):
        raise Invalid(f"body.{where}data: must be an object")
    base = item.get("base")
    at = _timestamp(item["at"], where + "at")
    return PushedEvent(
        id=event_id, order_id=order_id, kind=kind, at=item["at"], data=item["data"],
        device_seq=_integer(item["device_seq"], where + "device_seq", 1),
        base=None if base is None else _integer(base, where + "base", 0),
        moment=at, at_db=item["at"] if _STORED_FORM(item["at"]) else to_stored(at))


def _timestamp(value, where: str) -> datetime:
    """The moment in UTC (for the replay)."""
    if not isinstance(value, str) or len(value) > 40 or not _YEARS(value):
        raise Invalid(f"body.{where}: must be an RFC 3339 timestamp, years 1900-2999")
    try:
        moment = parse_ts(value)
    except TimestampError as exc:
        raise Invalid(f"body.{where}: {exc}") from None
    if not 1900 <= moment.year <= 2999:
        raise Invalid(f"body.{where}: the year must be between 1900 and 2999")
    return moment


def _integer(value, where: str, minimum: int) -> int:
    """An integer as JSON Schema means it (2.0 is one); never a boolean."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise Invalid(f"body.{where}: must be an integer")
    if not minimum <= value <= MAX_SEQ:
        raise Invalid(f"body.{where}: must be between {minimum} and {MAX_SEQ}")
    return value


class _Verdict(msgspec.Struct):
    """A Verdict of models.py, its conflict the stored JSON text embedded as it is."""

    id: str
    device_seq: int
    position: int
    conflict: msgspec.Raw | None


class _Pulled(msgspec.Struct):
    """A PulledEvent of models.py, `data` and `conflict` embedded as stored."""

    position: int
    id: str
    order_id: str
    kind: str
    at: str
    data: msgspec.Raw
    device_id: str
    device_seq: int
    conflict: msgspec.Raw | None


def _raw(text: str | None) -> msgspec.Raw | None:
    return None if text is None else msgspec.Raw(text)


def push_answer(acknowledged_seq: int, results: Iterable[tuple]) -> bytes:
    """(event id, device seq, position, conflict JSON text or None) per result."""
    return _encode({"acknowledged_seq": acknowledged_seq,
                    "results": [_Verdict(i, s, p, _raw(c)) for i, s, p, c in results]})


def pull_answer(events: Iterable, cursor: int, more: bool, acknowledged_seq: int,
                states: dict[str, str] | None = None) -> bytes:
    """`events`: rows of the events table (ops.PULLED); `states`: order id -> state
    JSON, sent as JSON strings (the device stores the text)."""
    return _encode({
        "events": [_Pulled(r.position, r.id, r.order_id, r.kind, r.at, msgspec.Raw(r.data),
                           r.device_id, r.device_seq, _raw(r.conflict)) for r in events],
        "cursor": cursor, "more": more, "acknowledged_seq": acknowledged_seq,
        "states": states or {}})


_encode = msgspec.json.Encoder().encode
