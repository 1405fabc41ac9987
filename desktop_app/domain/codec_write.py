"""Order -> its interchange dict (codec.py reads it back, with strict validation)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from desktop_app.domain.money import Money
from desktop_app.domain.order import (
    Delivery,
    Order,
    ResolutionRequest,
    RevisionPoint,
    RevisionRequest,
)
from desktop_app.domain.timeutil import format_ts

TIMESTAMPS = ("ordered_at", "due_at", "requirements_at", "delivered_at", "completed_at",
              "cancelled_at", "last_activity_at")


def order_to_dict(order: Order, stamp: Callable[[datetime], Any] = format_ts
                  ) -> dict[str, Any]:
    """The interchange dict of an order (without its history). `stamp` writes its
    timestamps; an encoder that writes datetimes as format_ts does (msgspec) may
    take them as they are, which saves a fifth of encoding a state."""
    cur = order.price.currency
    out: dict[str, Any] = {
        "id": order.id, "ref": order.ref, "buyer": order.buyer, "gig": order.gig,
        "package": order.package, "price": order.price.amount_str(), "currency": cur,
        "ordered_at": stamp(order.ordered_at), "due_at": stamp(order.due_at),
        "revisions_included": order.revisions_included, "scope": list(order.scope),
        "status": order.status.value, "revisions_used": order.revisions_used,
        "notes": order.notes, "marketplace": order.marketplace,
        "delivery_days": order.days,
    }
    for name in TIMESTAMPS[2:]:  # optional ones, written only when set
        value = getattr(order, name)
        if value is not None:
            out[name] = stamp(value)
    if order.reordered_as:
        out["reordered_as"] = order.reordered_as
    if order.extras_minor:
        out["extras"] = Money(order.extras_minor, cur).amount_str()
    if order.refunded_minor:
        out["refunded"] = Money(order.refunded_minor, cur).amount_str()
    if order.tips_minor:
        out["tips"] = Money(order.tips_minor, cur).amount_str()
    if order.fee_minor is not None:
        out["fee"] = Money(order.fee_minor, cur).amount_str()
    if order.cleared_at is not None:
        out["cleared_at"] = stamp(order.cleared_at)
    if order.rating is not None:
        r = order.rating
        out["rating"] = {"stars": r.stars, "text": r.text, "at": stamp(r.at)}
    if order.cancellation:
        c = order.cancellation
        out["cancellation"] = {"by": c.by, "reason": c.reason, "exempt": c.exempt}
    out["deliveries"] = [_delivery_dict(d, stamp) for d in order.deliveries]
    out["revision_requests"] = [_revision_dict(r, stamp) for r in order.revision_requests]
    out["requests"] = [_request_dict(r, cur, stamp) for r in order.requests]
    return out


def _delivery_dict(d: Delivery, stamp: Callable[[datetime], Any]) -> dict:
    return {"number": d.number, "delivered_at": stamp(d.delivered_at), "message": d.message,
            "files": [{"path": f.path, "size": f.size, "sha256": f.sha256} for f in d.files]}


def _revision_dict(r: RevisionRequest, stamp: Callable[[datetime], Any]) -> dict:
    return {"received_at": stamp(r.received_at), "text": r.text,
            "points": [point_to_dict(p) for p in r.points]}


def point_to_dict(p: RevisionPoint) -> dict:
    return {"text": p.text, "verdict": p.verdict, "matched_item": p.matched_item,
            "reason": p.reason, "overridden": p.overridden, "hours": p.hours}


def _request_dict(r: ResolutionRequest, currency: str, stamp: Callable[[datetime], Any]
                  ) -> dict:
    out = {"id": r.id, "kind": r.kind, "status": r.status, "sent_at": stamp(r.sent_at),
           "expires_at": stamp(r.expires_at) if r.expires_at else None,
           "reason": r.reason, "message": r.message, "days": r.days,
           "amount": Money(r.amount_minor, currency).amount_str()
           if r.amount_minor is not None else None,
           "items": list(r.items), "by": r.by,
           "answered_at": stamp(r.answered_at) if r.answered_at else None,
           "by_timeout": r.by_timeout}
    if r.rate is not None:
        out["rate"] = r.rate
    return out
