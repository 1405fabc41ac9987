"""The `history` of an order in the interchange format: its events, read with strict
validation of every field and of each kind's data, so that replaying them (and storing
them) meets only values the lifecycle's handlers were written for.

The data shapes are the ones the use cases write (services/orders.py) and sync keeps.
"""

from __future__ import annotations

from typing import Any

from desktop_app.domain import codec_records as records
from desktop_app.domain import events as ev
from desktop_app.domain import feedback
from desktop_app.domain import fields as f
from desktop_app.domain.codec import order_from_dict, scope
from desktop_app.domain.errors import FieldError
from desktop_app.domain.events import Event
from desktop_app.domain.limits import (
    MAX_DEVICE_SEQ,
    MAX_HISTORY,
    MAX_HOURS,
    MAX_POINTS,
    MAX_REVISION_REQUESTS,
    MAX_REVISIONS,
    MAX_TEXT,
)
from desktop_app.domain.order import CANCELLED_BY, REQUEST_KINDS, REQUEST_STATUSES, VERDICTS
from desktop_app.domain.refs import check_ref

EVENT_KEYS = frozenset(("id", "kind", "at", "data", "device_id", "device_seq"))
_REQUEST_KEYS = frozenset(("id", "kind", "reason", "message", "days", "amount", "items", "by",
                            "rate"))
_EDITABLE = frozenset(("buyer", "gig", "package", "price", "due_at", "revisions_included",
                       "scope", "reordered_as"))


def history_from_list(raw: Any, order_id: str, currency: str) -> list[Event]:
    """The events of one order's `history`; FieldError naming `history[i].<field>`."""
    if not isinstance(raw, list) or not raw:
        raise FieldError("history", "must be a non-empty list of events")
    if len(raw) > MAX_HISTORY:
        raise FieldError("history", f"has more than {MAX_HISTORY:,} events")
    return [event_from_dict(item, f"history[{i}]", order_id, currency)
            for i, item in enumerate(raw)]


def event_from_dict(value: Any, where: str, order_id: str, currency: str) -> Event:
    if not isinstance(value, dict) or value.keys() != EVENT_KEYS:
        raise FieldError(where, f"an event has exactly {', '.join(sorted(EVENT_KEYS))}")
    kind = f.choice(value["kind"], where + ".kind", ev.KINDS)
    data = f.record(value["data"], where + ".data")
    _DATA[kind](data, where + ".data.", currency)
    return Event(order_id=order_id, kind=kind, at=f.stamp(value["at"], where + ".at"),
                 data=data, id=f.identifier(value["id"], where + ".id"),
                 device_id=f.identifier(value["device_id"], where + ".device_id"),
                 device_seq=f.whole(value["device_seq"], where + ".device_seq",
                                    maximum=MAX_DEVICE_SEQ))


def _snapshot(data: dict, where: str, _currency: str) -> None:
    f.check_keys(data, frozenset(("order",)), where)
    snapshot = f.record(data.get("order"), where + "order")
    if "history" in snapshot:  # a history inside a history: nothing writes one
        raise FieldError(where + "order.history", "unknown field")
    order_from_dict(snapshot, where + "order.")


def _nothing(data: dict, where: str, _currency: str) -> None:
    f.check_keys(data, frozenset(), where)


def _present(data: dict, key: str, where: str, check) -> None:
    """An optional key of event data: absent, or (never null: the handlers take the
    value as it is) what `check` accepts."""
    if key in data:
        if data[key] is None:
            raise FieldError(where + key, "must not be null")
        check()


def _long_text(data: dict, key: str, where: str) -> None:
    _present(data, key, where, lambda: f.text(data, key, where, required=False,
                                              limit=MAX_TEXT))


def _delivered(data: dict, where: str, _currency: str) -> None:
    f.check_keys(data, frozenset(("message", "files")), where)
    _long_text(data, "message", where)
    _present(data, "files", where, lambda: records.files_of(data, where))


def _revision(data: dict, where: str, _currency: str) -> None:
    f.check_keys(data, frozenset(("text", "points")), where)
    _long_text(data, "text", where)
    _present(data, "points", where, lambda: records.points_of(data, where))


def _override(data: dict, where: str, _currency: str) -> None:
    f.check_keys(data, frozenset(("request", "point", "verdict", "hours")), where)
    f.whole(data.get("request"), where + "request", maximum=MAX_REVISION_REQUESTS - 1)
    f.whole(data.get("point"), where + "point", maximum=MAX_POINTS - 1)
    f.choice(data.get("verdict"), where + "verdict", VERDICTS)
    f.hours(data.get("hours"), where + "hours", MAX_HOURS)


def _opened(data: dict, where: str, currency: str) -> None:
    f.check_keys(data, frozenset(("request",)), where)
    where += "request"
    request = f.record(data.get("request"), where)
    f.check_keys(request, _REQUEST_KEYS, where + ".")
    if request.get("id"):
        f.identifier(request["id"], where + ".id")
    f.choice(request.get("kind"), where + ".kind", REQUEST_KINDS)
    for key in ("reason", "message"):
        f.text(request, key, where + ".", required=False, limit=MAX_TEXT)
    if request.get("days") is not None:
        f.whole(request["days"], where + ".days", maximum=records.MAX_DAYS)
    if request.get("amount") is not None:
        f.money(request["amount"], currency, where + ".amount")
    records.request_items(request, where + ".")
    if request.get("by") is not None:
        f.choice(request["by"], where + ".by", CANCELLED_BY)


def _answered(data: dict, where: str, _currency: str) -> None:
    f.check_keys(data, frozenset(("request_id", "status", "by_timeout")), where)
    f.identifier(data.get("request_id"), where + "request_id")
    f.choice(data.get("status"), where + "status", REQUEST_STATUSES)
    f.flag(data.get("by_timeout", False), where + "by_timeout")


def _cancelled(data: dict, where: str, _currency: str) -> None:
    records.cancellation(data, where[:-1])
    _long_text(data, "reason", where)


def _note(data: dict, where: str, _currency: str) -> None:
    f.check_keys(data, frozenset(("notes", "resolves")), where)
    _long_text(data, "notes", where)
    for j, event_id in enumerate(f.items(data, "resolves", where, MAX_HISTORY)):
        f.identifier(event_id, f"{where}resolves[{j}]")


def check_edit(data: dict, where: str, currency: str) -> None:
    """The fields an edit may change, each read as the order's own field is: the one
    check of an edit, whether it comes from a file, the window, the command line or a
    sync push (the lifecycle runs it)."""
    f.check_keys(data, _EDITABLE, where)
    for key in ("buyer", "gig"):
        if key in data:
            f.text(data, key, where)
    _present(data, "package", where, lambda: f.text(data, "package", where, required=False))
    if "price" in data:
        f.money(data["price"], currency, where + "price")
    if "due_at" in data:
        f.stamp(data["due_at"], where + "due_at")
    if data.get("revisions_included") is not None:  # null: unlimited
        f.whole(data["revisions_included"], where + "revisions_included",
                maximum=MAX_REVISIONS)
    if "scope" in data:
        scope(data["scope"], where + "scope")
    if data.get("reordered_as"):  # null or "": no reorder
        check_ref(data["reordered_as"], where + "reordered_as")


_DATA = {
    ev.ORDER_CREATED: _snapshot, ev.ORDER_REPLACED: _snapshot, ev.ORDER_EDITED: check_edit,
    ev.REQUIREMENTS_RECEIVED: _nothing, ev.DELIVERED: _delivered,
    ev.REVISION_REQUESTED: _revision, ev.VERDICT_OVERRIDDEN: _override,
    ev.REQUEST_OPENED: _opened, ev.REQUEST_ANSWERED: _answered, ev.CANCELLED: _cancelled,
    ev.COMPLETED: _nothing, ev.NOTE_EDITED: _note,
    ev.TIP_RECEIVED: lambda data, where, currency: feedback.tip_minor(data, currency, where),
    ev.RATED: lambda data, where, _currency: feedback.rating_of(data, None, where),
}
