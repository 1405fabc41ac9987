"""The interchange format of one order: dict <-> Order, with strict validation.

The same shape is used by export, import, `show --json` and the payload of
snapshot events, so a field means the same thing everywhere.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from desktop_app.domain.codec_write import TIMESTAMPS, order_to_dict, point_to_dict
from desktop_app.domain.errors import FieldError
from desktop_app.domain.money import Money, MoneyError, check_currency, decimals_of
from desktop_app.domain.order import (
    CANCELLED_BY,
    REQUEST_KINDS,
    REQUEST_STATUSES,
    VERDICTS,
    Cancellation,
    DeliveredFile,
    Delivery,
    Order,
    ResolutionRequest,
    RevisionPoint,
    RevisionRequest,
    Status,
)
from desktop_app.domain.refs import check_ref
from desktop_app.domain.timeutil import TimestampError, parse_ts

__all__ = ["TIMESTAMPS", "FieldError", "order_from_dict", "order_from_state", "order_to_dict",
           "point_to_dict", "state_price", "state_status"]

REQUIRED = ("ref", "buyer", "gig", "package", "price", "currency", "ordered_at", "due_at",
            "revisions_included", "scope", "status")
OPTIONAL = ("id", "requirements_at", "delivered_at", "completed_at", "cancelled_at",
            "revisions_used", "notes", "reordered_as", "cancellation", "deliveries",
            "revision_requests", "requests", "extras", "refunded", "last_activity_at", "history")
_ORDER_KEYS = frozenset(REQUIRED + OPTIONAL)
_REQUIRED_KEYS = frozenset(REQUIRED)
_CANCELLATION_KEYS = frozenset(("by", "reason", "exempt"))
_DELIVERY_KEYS = frozenset(("number", "delivered_at", "message", "files"))
_FILE_KEYS = frozenset(("path", "size", "sha256"))
_REVISION_KEYS = frozenset(("received_at", "text", "points"))
_POINT_KEYS = frozenset(("text", "verdict", "matched_item", "reason", "overridden", "hours"))
_STATUS_OF = {status.value: status for status in Status}
# Amounts in the form order_to_dict writes, read without Decimal (at most 18 digits, so
# int() is exact and far from its digit limit); any other form takes Money.parse.
_PLAIN_AMOUNT = {0: re.compile(r"[0-9]{1,18}"), 2: re.compile(r"[0-9]{1,16}\.[0-9]{2}")}
_CURRENCIES: set[str] = set()  # codes check_currency accepted already


def _ts(value: Any, field: str) -> datetime:
    try:
        return parse_ts(value)
    except TimestampError as exc:
        raise FieldError(field, str(exc)) from None


def _opt_ts(data: dict, field: str) -> datetime | None:
    value = data.get(field)
    return None if value is None else _ts(value, field)


def _text(data: dict, field: str, *, required: bool = True) -> str:
    value = data.get(field)
    if value is None and not required:
        return ""
    if not isinstance(value, str):
        raise FieldError(field, "must be text")
    if required and not value.strip():
        raise FieldError(field, "must not be empty")
    return value


def _int(value: Any, field: str, *, minimum: int = 0) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise FieldError(field, f"{value!r} is not a whole number")
    if value < minimum:
        raise FieldError(field, f"must be at least {minimum}")
    return value


def _check_keys(data: dict, allowed: frozenset[str], where: str) -> None:
    if not data.keys() <= allowed:
        raise FieldError(f"{where}{sorted(set(data) - allowed)[0]}", "unknown field")


def _money(value: Any, currency: str, field: str) -> Money:
    if type(value) is str:
        places = decimals_of(currency)
        if _PLAIN_AMOUNT[places].fullmatch(value):
            return Money(int(value.replace(".", "")), currency)  # never negative
    try:
        money = Money.parse(value, currency)
    except MoneyError as exc:
        raise FieldError(field, str(exc)) from None
    if money.minor < 0:
        raise FieldError(field, "must not be negative")
    return money


def _minor(data: dict, field: str, currency: str) -> int:
    """An optional amount in minor units: 0 when absent."""
    return _money(data[field], currency, field).minor if field in data else 0


def _currency(value: Any) -> str:
    if type(value) is str and value in _CURRENCIES:
        return value
    try:
        _CURRENCIES.add(check_currency(value))
    except MoneyError as exc:
        raise FieldError("currency", str(exc)) from None
    return value


def _status(value: Any) -> Status:
    status = _STATUS_OF.get(value) if type(value) is str else None
    if status is not None:
        return status
    try:
        return Status(value)
    except ValueError:
        raise FieldError("status", f"unknown status '{value}'") from None


def order_from_dict(data: Any) -> Order:
    """Build an order from its interchange dict; raise FieldError on any bad field."""
    if not isinstance(data, dict):
        raise FieldError("order", "must be an object")
    _check_keys(data, _ORDER_KEYS, "")
    if not data.keys() >= _REQUIRED_KEYS:
        raise FieldError(next(name for name in REQUIRED if name not in data), "is required")
    currency = _currency(data["currency"])
    status = _status(data["status"])
    order = Order(
        id=data.get("id") or "",
        ref=check_ref(data.get("ref")),
        buyer=_text(data, "buyer"),
        gig=_text(data, "gig"),
        package=_text(data, "package", required=False),
        price=_money(data["price"], currency, "price"),
        ordered_at=_ts(data["ordered_at"], "ordered_at"),
        due_at=_ts(data["due_at"], "due_at"),
        revisions_included=_revisions_included(data["revisions_included"]),
        scope=_scope(data["scope"]),
        status=status,
        requirements_at=_opt_ts(data, "requirements_at"),
        delivered_at=_opt_ts(data, "delivered_at"),
        completed_at=_opt_ts(data, "completed_at"),
        cancelled_at=_opt_ts(data, "cancelled_at"),
        last_activity_at=_opt_ts(data, "last_activity_at"),
        revisions_used=_int(data.get("revisions_used", 0), "revisions_used"),
        notes=_text(data, "notes", required=False),
        reordered_as=data.get("reordered_as") or None,
        cancellation=_cancellation(data.get("cancellation")),
        extras_minor=_minor(data, "extras", currency),
        refunded_minor=_minor(data, "refunded", currency),
        deliveries=[_delivery(d, i) for i, d in enumerate(_list(data, "deliveries"))],
        revision_requests=[_revision(r, i) for i, r in enumerate(_list(data, "revision_requests"))],
        requests=[_request(r, i, currency) for i, r in enumerate(_list(data, "requests"))],
    )
    _check_dates(order)
    return order


def order_from_state(data: dict) -> Order:
    """order_from_dict for data this program validated and wrote (the stored projection
    state): the same order, without re-checking each field. Untrusted input never comes here.
    """
    currency, get = data["currency"], data.get
    return Order(
        id=get("id") or "", ref=data["ref"], buyer=data["buyer"], gig=data["gig"],
        package=get("package") or "", price=_money(data["price"], currency, "price"),
        ordered_at=parse_ts(data["ordered_at"]), due_at=parse_ts(data["due_at"]),
        revisions_included=data["revisions_included"],
        scope=[item.strip() for item in data["scope"] if item.strip()],
        status=_STATUS_OF[data["status"]],
        requirements_at=_state_ts(get("requirements_at")),
        delivered_at=_state_ts(get("delivered_at")),
        completed_at=_state_ts(get("completed_at")),
        cancelled_at=_state_ts(get("cancelled_at")),
        last_activity_at=_state_ts(get("last_activity_at")),
        revisions_used=get("revisions_used", 0), notes=get("notes") or "",
        reordered_as=get("reordered_as") or None,
        cancellation=_state_cancellation(get("cancellation")),
        extras_minor=_minor(data, "extras", currency),
        refunded_minor=_minor(data, "refunded", currency),
        deliveries=[Delivery(d.get("number", i + 1), parse_ts(d["delivered_at"]),
                             d.get("message") or "",
                             [DeliveredFile(f["path"], f["size"], f["sha256"])
                              for f in d.get("files") or []])
                    for i, d in enumerate(get("deliveries") or [])],
        revision_requests=[RevisionRequest(parse_ts(r["received_at"]), r.get("text") or "",
                                           [_state_point(p) for p in r.get("points") or []])
                           for r in get("revision_requests") or []],
        requests=[_state_request(r, i, currency) for i, r in enumerate(get("requests") or [])],
    )


def state_price(data: dict) -> Money:
    """The price of a stored state (see order_from_state), without building the order."""
    return _money(data["price"], data["currency"], "price")


def state_status(data: dict) -> Status:
    return _STATUS_OF[data["status"]]


def _state_ts(value: str | None) -> datetime | None:
    return None if value is None else parse_ts(value)


def _state_cancellation(value: dict | None) -> Cancellation | None:
    if value is None:
        return None
    return Cancellation(value["by"], value.get("reason") or "", value.get("exempt"))


def _state_point(p: dict) -> RevisionPoint:
    return RevisionPoint(p["text"], p["verdict"], p.get("matched_item"), p.get("reason") or "",
                         bool(p.get("overridden", False)), p.get("hours"))


def _state_request(r: dict, index: int, currency: str) -> ResolutionRequest:
    amount = r.get("amount")
    return ResolutionRequest(
        id=r.get("id") or f"r{index + 1}", kind=r["kind"], status=r["status"],
        sent_at=parse_ts(r["sent_at"]), expires_at=_state_ts(r.get("expires_at")),
        reason=r.get("reason") or "", message=r.get("message") or "", days=r.get("days"),
        amount_minor=None if amount is None else _money(amount, currency, "amount").minor,
        items=[str(i) for i in r.get("items") or []], by=r.get("by"),
        answered_at=_state_ts(r.get("answered_at")), by_timeout=bool(r.get("by_timeout")))


def _revisions_included(value: Any) -> int | None:
    return None if value is None else _int(value, "revisions_included")


def _scope(value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise FieldError("scope", "must be a list of text items")
    return [item.strip() for item in value if item.strip()]


def _list(data: dict, field: str) -> list:
    value = data.get(field) or []
    if not isinstance(value, list):
        raise FieldError(field, "must be a list")
    return value


def _check_dates(order: Order) -> None:
    if order.due_at < order.ordered_at:
        raise FieldError("due_at", "is before ordered_at")
    for name in ("requirements_at", "delivered_at", "completed_at", "cancelled_at"):
        value = getattr(order, name)
        if value is not None and value < order.ordered_at:
            raise FieldError(name, "is before ordered_at")
    if order.status is Status.COMPLETED and order.completed_at is None:
        raise FieldError("completed_at", "is required for a completed order")
    if order.status is Status.CANCELLED and order.cancelled_at is None:
        raise FieldError("cancelled_at", "is required for a cancelled order")


def _cancellation(value: Any) -> Cancellation | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise FieldError("cancellation", "must be an object")
    _check_keys(value, _CANCELLATION_KEYS, "cancellation.")
    if value.get("by") not in CANCELLED_BY:
        raise FieldError("cancellation.by", f"must be one of {', '.join(CANCELLED_BY)}")
    exempt = value.get("exempt")
    if exempt is not None and not isinstance(exempt, bool):
        raise FieldError("cancellation.exempt", "must be true or false")
    return Cancellation(value["by"], _text(value, "reason", required=False), exempt)


def _delivery(value: Any, index: int) -> Delivery:
    where = f"deliveries[{index}]."
    if not isinstance(value, dict):
        raise FieldError(where[:-1], "must be an object")
    _check_keys(value, _DELIVERY_KEYS, where)
    files = [_plain_file(item) or _file(item, f"{where}files[{j}]")
             for j, item in enumerate(value.get("files") or [])]
    return Delivery(_int(value.get("number", index + 1), where + "number", minimum=1),
                    _ts(value.get("delivered_at"), where + "delivered_at"),
                    _text(value, "message", required=False), files)


def _plain_file(item: Any) -> DeliveredFile | None:
    """The usual well-formed file record, checked inline (a delivery has several)."""
    if type(item) is not dict or not item.keys() <= _FILE_KEYS:
        return None
    path, size, sha256 = item.get("path"), item.get("size"), item.get("sha256")
    if (type(path) is str and type(sha256) is str and type(size) is int and size >= 0
            and path.strip() and sha256.strip()):
        return DeliveredFile(path, size, sha256)
    return None


def _file(item: Any, where: str) -> DeliveredFile:
    if not isinstance(item, dict) or set(item) - _FILE_KEYS:
        raise FieldError(where, "must have path, size and sha256 only")
    return DeliveredFile(_text(item, "path"), _int(item.get("size"), f"{where}.size"),
                         _text(item, "sha256"))


def _revision(value: Any, index: int) -> RevisionRequest:
    where = f"revision_requests[{index}]."
    if not isinstance(value, dict):
        raise FieldError(where[:-1], "must be an object")
    _check_keys(value, _REVISION_KEYS, where)
    points = []
    for j, item in enumerate(value.get("points") or []):
        pwhere = f"{where}points[{j}]."
        if not isinstance(item, dict):
            raise FieldError(pwhere[:-1], "must be an object")
        _check_keys(item, _POINT_KEYS, pwhere)
        if item.get("verdict") not in VERDICTS:
            raise FieldError(pwhere + "verdict", f"must be one of {', '.join(VERDICTS)}")
        points.append(RevisionPoint(_text(item, "text"), item["verdict"],
                                    item.get("matched_item"), item.get("reason") or "",
                                    bool(item.get("overridden", False)), item.get("hours")))
    return RevisionRequest(_ts(value.get("received_at"), where + "received_at"),
                           _text(value, "text", required=False), points)


_REQUEST_FIELDS = frozenset(("id", "kind", "status", "sent_at", "expires_at", "reason", "message",
                             "days", "amount", "items", "by", "answered_at", "by_timeout"))


def _request(value: Any, index: int, currency: str) -> ResolutionRequest:
    where = f"requests[{index}]."
    if not isinstance(value, dict):
        raise FieldError(where[:-1], "must be an object")
    _check_keys(value, _REQUEST_FIELDS, where)
    if value.get("kind") not in REQUEST_KINDS:
        raise FieldError(where + "kind", f"must be one of {', '.join(REQUEST_KINDS)}")
    if value.get("status") not in REQUEST_STATUSES:
        raise FieldError(where + "status", f"must be one of {', '.join(REQUEST_STATUSES)}")
    amount = value.get("amount")
    days = value.get("days")
    return ResolutionRequest(
        id=value.get("id") or f"r{index + 1}", kind=value["kind"], status=value["status"],
        sent_at=_ts(value.get("sent_at"), where + "sent_at"),
        expires_at=_opt_ts(value, "expires_at"),
        reason=_text(value, "reason", required=False),
        message=_text(value, "message", required=False),
        days=None if days is None else _int(days, where + "days"),
        amount_minor=None if amount is None else _money(amount, currency, where + "amount").minor,
        items=[str(i) for i in value.get("items") or []], by=value.get("by"),
        answered_at=_opt_ts(value, "answered_at"), by_timeout=bool(value.get("by_timeout")))
