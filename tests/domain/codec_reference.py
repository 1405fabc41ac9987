"""The interchange codec as it was before its fast paths and its limits: a test oracle.

Frozen copy of desktop_app/domain/codec.py (and timeutil's parse_ts/format_ts) from before
the performance work, so the tests in test_codec_fast.py can prove that what today's codec
accepts, this accepted and built the same way (today's refuses more: domain/limits.py),
and that the fast timestamp paths give what this gave. Do not "fix" it.
"""


from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from desktop_app.domain.money import Money, MoneyError, check_currency
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
from desktop_app.domain.timeutil import TimestampError, ensure_aware

REQUIRED = ("ref", "buyer", "gig", "package", "price", "currency", "ordered_at", "due_at",
            "revisions_included", "scope", "status")
OPTIONAL = ("id", "requirements_at", "delivered_at", "completed_at", "cancelled_at",
            "revisions_used", "notes", "reordered_as", "cancellation", "deliveries",
            "revision_requests", "requests", "extras", "refunded", "last_activity_at", "history")
TIMESTAMPS = ("ordered_at", "due_at", "requirements_at", "delivered_at", "completed_at",
              "cancelled_at", "last_activity_at")


class FieldError(ValueError):
    """A bad value, naming the field that holds it."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def parse_ts(text: str) -> datetime:
    if not isinstance(text, str):
        raise TimestampError(f"{text!r} is not a timestamp")
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError as exc:
        raise TimestampError(f"'{text}' is not an ISO 8601 timestamp") from exc
    if value.tzinfo is None or value.utcoffset() is None:
        raise TimestampError(f"'{text}' has no time zone (add Z or an offset such as +02:00)")
    return value.astimezone(UTC)


def format_ts(value: datetime) -> str:
    return ensure_aware(value).astimezone(UTC).isoformat().replace("+00:00", "Z")


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


def _check_keys(data: dict, allowed: tuple[str, ...], where: str) -> None:
    unknown = sorted(set(data) - set(allowed))
    if unknown:
        raise FieldError(f"{where}{unknown[0]}", "unknown field")


def _money(value: Any, currency: str, field: str) -> Money:
    try:
        money = Money.parse(value, currency)
    except MoneyError as exc:
        raise FieldError(field, str(exc)) from None
    if money.minor < 0:
        raise FieldError(field, "must not be negative")
    return money


def order_from_dict(data: Any) -> Order:
    """Build an order from its interchange dict; raise FieldError on any bad field."""
    if not isinstance(data, dict):
        raise FieldError("order", "must be an object")
    _check_keys(data, REQUIRED + OPTIONAL, "")
    for name in REQUIRED:
        if name not in data:
            raise FieldError(name, "is required")
    try:
        currency = check_currency(data["currency"])
    except MoneyError as exc:
        raise FieldError("currency", str(exc)) from None
    try:
        status = Status(data["status"])
    except ValueError:
        raise FieldError("status", f"unknown status '{data['status']}'") from None
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
        extras_minor=_money(data.get("extras", "0"), currency, "extras").minor,
        refunded_minor=_money(data.get("refunded", "0"), currency, "refunded").minor,
        deliveries=[_delivery(d, i) for i, d in enumerate(_list(data, "deliveries"))],
        revision_requests=[_revision(r, i) for i, r in enumerate(_list(data, "revision_requests"))],
        requests=[_request(r, i, currency) for i, r in enumerate(_list(data, "requests"))],
    )
    _check_dates(order)
    return order


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
    _check_keys(value, ("by", "reason", "exempt"), "cancellation.")
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
    _check_keys(value, ("number", "delivered_at", "message", "files"), where)
    files = []
    for j, item in enumerate(value.get("files") or []):
        fwhere = f"{where}files[{j}]"
        if not isinstance(item, dict) or set(item) - {"path", "size", "sha256"}:
            raise FieldError(fwhere, "must have path, size and sha256 only")
        files.append(DeliveredFile(_text(item, "path"), _int(item.get("size"), f"{fwhere}.size"),
                                   _text(item, "sha256")))
    return Delivery(_int(value.get("number", index + 1), where + "number", minimum=1),
                    _ts(value.get("delivered_at"), where + "delivered_at"),
                    _text(value, "message", required=False), files)


def _revision(value: Any, index: int) -> RevisionRequest:
    where = f"revision_requests[{index}]."
    if not isinstance(value, dict):
        raise FieldError(where[:-1], "must be an object")
    _check_keys(value, ("received_at", "text", "points"), where)
    points = []
    for j, item in enumerate(value.get("points") or []):
        pwhere = f"{where}points[{j}]."
        if not isinstance(item, dict):
            raise FieldError(pwhere[:-1], "must be an object")
        _check_keys(item, ("text", "verdict", "matched_item", "reason", "overridden", "hours"),
                    pwhere)
        if item.get("verdict") not in VERDICTS:
            raise FieldError(pwhere + "verdict", f"must be one of {', '.join(VERDICTS)}")
        points.append(RevisionPoint(_text(item, "text"), item["verdict"],
                                    item.get("matched_item"), item.get("reason") or "",
                                    bool(item.get("overridden", False)), item.get("hours")))
    return RevisionRequest(_ts(value.get("received_at"), where + "received_at"),
                           _text(value, "text", required=False), points)


_REQUEST_FIELDS = ("id", "kind", "status", "sent_at", "expires_at", "reason", "message", "days",
                   "amount", "items", "by", "answered_at", "by_timeout")


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


def order_to_dict(order: Order) -> dict[str, Any]:
    """The interchange dict of an order (without its history)."""
    cur = order.price.currency
    out: dict[str, Any] = {
        "id": order.id, "ref": order.ref, "buyer": order.buyer, "gig": order.gig,
        "package": order.package, "price": order.price.amount_str(), "currency": cur,
        "ordered_at": format_ts(order.ordered_at), "due_at": format_ts(order.due_at),
        "revisions_included": order.revisions_included, "scope": list(order.scope),
        "status": order.status.value, "revisions_used": order.revisions_used,
        "notes": order.notes,
    }
    for name in TIMESTAMPS[2:]:  # optional ones, written only when set
        value = getattr(order, name)
        if value is not None:
            out[name] = format_ts(value)
    if order.reordered_as:
        out["reordered_as"] = order.reordered_as
    if order.extras_minor:
        out["extras"] = Money(order.extras_minor, cur).amount_str()
    if order.refunded_minor:
        out["refunded"] = Money(order.refunded_minor, cur).amount_str()
    if order.cancellation:
        c = order.cancellation
        out["cancellation"] = {"by": c.by, "reason": c.reason, "exempt": c.exempt}
    out["deliveries"] = [_delivery_dict(d) for d in order.deliveries]
    out["revision_requests"] = [_revision_dict(r) for r in order.revision_requests]
    out["requests"] = [_request_dict(r, cur) for r in order.requests]
    return out


def _delivery_dict(d: Delivery) -> dict:
    return {"number": d.number, "delivered_at": format_ts(d.delivered_at), "message": d.message,
            "files": [{"path": f.path, "size": f.size, "sha256": f.sha256} for f in d.files]}


def _revision_dict(r: RevisionRequest) -> dict:
    return {"received_at": format_ts(r.received_at), "text": r.text,
            "points": [point_to_dict(p) for p in r.points]}


def point_to_dict(p: RevisionPoint) -> dict:
    return {"text": p.text, "verdict": p.verdict, "matched_item": p.matched_item,
            "reason": p.reason, "overridden": p.overridden, "hours": p.hours}


def _request_dict(r: ResolutionRequest, currency: str) -> dict:
    out = {"id": r.id, "kind": r.kind, "status": r.status, "sent_at": format_ts(r.sent_at),
           "expires_at": format_ts(r.expires_at) if r.expires_at else None,
           "reason": r.reason, "message": r.message, "days": r.days,
           "amount": Money(r.amount_minor, currency).amount_str()
           if r.amount_minor is not None else None,
           "items": list(r.items), "by": r.by,
           "answered_at": format_ts(r.answered_at) if r.answered_at else None,
           "by_timeout": r.by_timeout}
    return out
