"""The interchange format of one order: dict <-> Order, with strict validation.

The same shape is used by export, import, `show --json` and the payload of
snapshot events, so a field means the same thing everywhere.
"""

from __future__ import annotations

from typing import Any

from desktop_app.domain import codec_records as records
from desktop_app.domain import fields as f
from desktop_app.domain.codec_write import TIMESTAMPS, order_to_dict, point_to_dict
from desktop_app.domain.errors import FieldError, shown
from desktop_app.domain.limits import (
    MAX_DAYS,
    MAX_DELIVERIES,
    MAX_LINE,
    MAX_REQUESTS,
    MAX_REVISION_REQUESTS,
    MAX_REVISIONS,
    MAX_SCOPE_ITEMS,
    MAX_TEXT,
)
from desktop_app.domain.money import Money, MoneyError, check_currency
from desktop_app.domain.order import (
    Cancellation,
    DeliveredFile,
    Delivery,
    Order,
    Rating,
    ResolutionRequest,
    RevisionPoint,
    RevisionRequest,
    Status,
    days_between,
)
from desktop_app.domain.profile import DEFAULT_MARKETPLACE, MARKETPLACES
from desktop_app.domain.refs import check_ref
from desktop_app.domain.timeutil import parse_ts, parse_ts_or_none

__all__ = ["TIMESTAMPS", "FieldError", "order_from_dict", "order_from_state", "order_to_dict",
           "point_to_dict", "state_price", "state_status"]

REQUIRED = ("ref", "buyer", "gig", "package", "price", "currency", "ordered_at", "due_at",
            "revisions_included", "scope", "status")
OPTIONAL = ("id", "requirements_at", "delivered_at", "completed_at", "cancelled_at",
            "revisions_used", "notes", "reordered_as", "cancellation", "deliveries",
            "revision_requests", "requests", "extras", "refunded", "last_activity_at", "history",
            "marketplace", "delivery_days", "rating", "tips", "fee", "cleared_at")
_ORDER_KEYS = frozenset(REQUIRED + OPTIONAL)
_REQUIRED_KEYS = frozenset(REQUIRED)
_STATUS_OF = {status.value: status for status in Status}


def order_from_dict(data: Any, where: str = "") -> Order:
    """Build an order from its interchange dict; raise FieldError on any bad field.

    `where` is the path of the dict inside a larger one (a history event's snapshot):
    every error names the field from there."""
    if not isinstance(data, dict):
        raise FieldError(where[:-1] or "order", "must be an object")
    f.check_keys(data, _ORDER_KEYS, where)
    if not data.keys() >= _REQUIRED_KEYS:
        raise FieldError(where + next(name for name in REQUIRED if name not in data),
                         "is required")
    currency = _currency(data["currency"], where + "currency")
    get = data.get
    order = Order(
        id=f.identifier(data["id"], where + "id") if get("id") else "",
        ref=check_ref(get("ref"), where + "ref"),
        buyer=f.text(data, "buyer", where),
        gig=f.text(data, "gig", where),
        package=f.text(data, "package", where, required=False),
        price=f.money(data["price"], currency, where + "price"),
        ordered_at=f.stamp(data["ordered_at"], where + "ordered_at"),
        due_at=f.stamp(data["due_at"], where + "due_at"),
        revisions_included=_revisions(data["revisions_included"], where + "revisions_included"),
        scope=scope(data["scope"], where + "scope"),
        status=_status(data["status"], where + "status"),
        requirements_at=f.opt_stamp(data, "requirements_at", where),
        delivered_at=f.opt_stamp(data, "delivered_at", where),
        completed_at=f.opt_stamp(data, "completed_at", where),
        cancelled_at=f.opt_stamp(data, "cancelled_at", where),
        last_activity_at=f.opt_stamp(data, "last_activity_at", where),
        revisions_used=f.whole(get("revisions_used", 0), where + "revisions_used",
                               maximum=MAX_REVISIONS),
        notes=f.text(data, "notes", where, required=False, limit=MAX_TEXT),
        reordered_as=check_ref(get("reordered_as"), where + "reordered_as")
        if get("reordered_as") else None,
        cancellation=records.cancellation(get("cancellation"), where + "cancellation"),
        extras_minor=_minor(data, "extras", currency, where),
        refunded_minor=_minor(data, "refunded", currency, where),
        deliveries=[records.delivery(d, f"{where}deliveries[{i}]", i) for i, d in
                    enumerate(f.items(data, "deliveries", where, MAX_DELIVERIES))],
        revision_requests=[records.revision(r, f"{where}revision_requests[{i}]") for i, r in
                           enumerate(f.items(data, "revision_requests", where,
                                             MAX_REVISION_REQUESTS))],
        requests=[records.request(r, f"{where}requests[{i}]", i, currency) for i, r in
                  enumerate(f.items(data, "requests", where, MAX_REQUESTS))],
        marketplace=f.choice(get("marketplace", DEFAULT_MARKETPLACE), where + "marketplace",
                             MARKETPLACES),
    )
    _earnings_fields(order, data, currency, where)
    _check_dates(order, where)
    days = get("delivery_days")
    order.delivery_days = days_between(order.ordered_at, order.due_at) if days is None \
        else f.whole(days, where + "delivery_days", minimum=1, maximum=MAX_DAYS)
    return order


def _earnings_fields(order: Order, data: dict, currency: str, where: str) -> None:
    """The buyer's rating, tips, the fee charged and when the earnings cleared."""
    order.rating = records.rating(data.get("rating"), where + "rating")
    order.tips_minor = _minor(data, "tips", currency, where)
    fee = data.get("fee")
    order.fee_minor = None if fee is None else f.money(fee, currency, where + "fee").minor
    order.cleared_at = f.opt_stamp(data, "cleared_at", where)


def scope(value: Any, field: str) -> list[str]:
    """The package's items, blank ones dropped."""
    if not isinstance(value, list):
        raise FieldError(field, "must be a list of text items")
    if len(value) > MAX_SCOPE_ITEMS:
        raise FieldError(field, f"has more than {MAX_SCOPE_ITEMS:,} items")
    return [item.strip() for j, item in enumerate(value)
            if f.check_text(item, f"{field}[{j}]", required=False, limit=MAX_LINE).strip()]


def _revisions(value: Any, field: str) -> int | None:
    """A number of revisions; null means unlimited."""
    return None if value is None else f.whole(value, field, maximum=MAX_REVISIONS)


def _minor(data: dict, key: str, currency: str, where: str) -> int:
    """An optional amount in minor units: 0 when absent."""
    return f.money(data[key], currency, where + key).minor if key in data else 0


def _currency(value: Any, field: str) -> str:
    try:
        return check_currency(value)
    except MoneyError as exc:
        raise FieldError(field, str(exc)) from None


def _status(value: Any, field: str) -> Status:
    status = _STATUS_OF.get(value) if type(value) is str else None
    if status is None:
        raise FieldError(field, f"unknown status {shown(value)}")
    return status


def order_from_state(data: dict) -> Order:
    """order_from_dict for data this program validated and wrote (the stored projection
    state): the same order, without re-checking each field. Untrusted input never comes here.
    """
    currency, get = data["currency"], data.get
    order = Order(
        id=get("id") or "", ref=data["ref"], buyer=data["buyer"], gig=data["gig"],
        package=get("package") or "", price=Money.parse(data["price"], currency),
        ordered_at=parse_ts(data["ordered_at"]), due_at=parse_ts(data["due_at"]),
        revisions_included=data["revisions_included"],
        scope=[item.strip() for item in data["scope"] if item.strip()],
        status=_STATUS_OF[data["status"]],
        requirements_at=parse_ts_or_none(get("requirements_at")),
        delivered_at=parse_ts_or_none(get("delivered_at")),
        completed_at=parse_ts_or_none(get("completed_at")),
        cancelled_at=parse_ts_or_none(get("cancelled_at")),
        last_activity_at=parse_ts_or_none(get("last_activity_at")),
        revisions_used=get("revisions_used", 0), notes=get("notes") or "",
        reordered_as=get("reordered_as") or None,
        cancellation=_state_cancellation(get("cancellation")),
        extras_minor=_state_minor(data, "extras", currency),
        refunded_minor=_state_minor(data, "refunded", currency),
        deliveries=[Delivery(d.get("number", i + 1), parse_ts(d["delivered_at"]),
                             d.get("message") or "",
                             [DeliveredFile(f["path"], f["size"], f["sha256"])
                              for f in d.get("files") or []])
                    for i, d in enumerate(get("deliveries") or [])],
        revision_requests=[RevisionRequest(parse_ts(r["received_at"]), r.get("text") or "",
                                           [_state_point(p) for p in r.get("points") or []])
                           for r in get("revision_requests") or []],
        requests=[_state_request(r, i, currency) for i, r in enumerate(get("requests") or [])],
        marketplace=get("marketplace") or DEFAULT_MARKETPLACE,
    )
    days = get("delivery_days")
    order.delivery_days = days_between(order.ordered_at, order.due_at) if days is None else days
    rating, fee = get("rating"), get("fee")
    if rating is not None:
        order.rating = Rating(rating["stars"], rating.get("text") or "", parse_ts(rating["at"]))
    order.tips_minor = _state_minor(data, "tips", currency)
    order.fee_minor = None if fee is None else Money.parse(fee, currency).minor
    order.cleared_at = parse_ts_or_none(get("cleared_at"))
    return order


def state_price(data: dict) -> Money:
    """The price of a stored state (see order_from_state), without building the order."""
    return Money.parse(data["price"], data["currency"])


def state_status(data: dict) -> Status:
    return _STATUS_OF[data["status"]]


def _state_minor(data: dict, key: str, currency: str) -> int:
    return Money.parse(data[key], currency).minor if key in data else 0


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
        sent_at=parse_ts(r["sent_at"]), expires_at=parse_ts_or_none(r.get("expires_at")),
        reason=r.get("reason") or "", message=r.get("message") or "", days=r.get("days"),
        amount_minor=None if amount is None else Money.parse(amount, currency).minor,
        items=[str(i) for i in r.get("items") or []], by=r.get("by"),
        answered_at=parse_ts_or_none(r.get("answered_at")), by_timeout=bool(r.get("by_timeout")),
        rate=r.get("rate"))


def _check_dates(order: Order, where: str) -> None:
    if order.due_at < order.ordered_at:
        raise FieldError(where + "due_at", "is before ordered_at")
    for name in ("requirements_at", "delivered_at", "completed_at", "cancelled_at",
                 "cleared_at"):
        value = getattr(order, name)
        if value is not None and value < order.ordered_at:
            raise FieldError(where + name, "is before ordered_at")
    if order.status is Status.COMPLETED and order.completed_at is None:
        raise FieldError(where + "completed_at", "is required for a completed order")
    if order.status is Status.CANCELLED and order.cancelled_at is None:
        raise FieldError(where + "cancelled_at", "is required for a cancelled order")
