"""Resolution Center requests: extension, extra, partial refund, cancellation.

Opening validates the request against the marketplace profile; answering
applies its effect; silence past the deadline takes the profile's outcome.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from desktop_app.domain import bounds
from desktop_app.domain.errors import FieldError, LifecycleError
from desktop_app.domain.events import Event
from desktop_app.domain.money import Money, MoneyError
from desktop_app.domain.order import (
    CANCELLED_BY,
    Cancellation,
    Order,
    ResolutionRequest,
    Status,
)
from desktop_app.domain.profile import MarketplaceProfile
from desktop_app.domain.refund_rules import RateError, check_rate, refund_problem

# The words for each request kind inside a sentence; capitalize() starts one.
KIND_LABELS = {"extension": "extension", "extra": "extra", "partial_refund": "partial refund",
               "cancellation": "cancellation"}
ANSWERS = ("accepted", "declined", "withdrawn")
TIMEOUT_OUTCOME = "accepted"  # silence accepts an extension and a cancellation request


def answer_window(kind: str, profile: MarketplaceProfile) -> timedelta | None:
    if kind == "extension":
        return profile.extension_answer_window
    if kind == "cancellation":
        return profile.cancellation_answer_window
    return None


def opened(order: Order, event: Event, profile: MarketplaceProfile) -> None:
    data = dict(event.data.get("request", {}))
    kind = data.get("kind")
    if kind not in KIND_LABELS:
        raise LifecycleError(f"'{kind}' is not a request kind (extension, extra, "
                             "partial_refund, cancellation)")
    current = order.open_request
    if current is not None:
        raise LifecycleError(f"Order {order.ref} already has an open {KIND_LABELS[current.kind]} "
                             "request: wait for the answer or withdraw it first")
    request = ResolutionRequest(id=data.get("id") or event.id, kind=kind, status="open",
                                sent_at=event.at, expires_at=None,
                                reason=str(data.get("reason") or "").strip(),
                                message=str(data.get("message") or ""))
    _VALIDATORS[kind](order, request, data, profile)
    window = answer_window(kind, profile)
    request.expires_at = event.at + window if window else None
    order.requests.append(request)


def _days(order: Order, data: dict, *, minimum: int) -> int:
    days = data.get("days")
    if isinstance(days, bool) or not isinstance(days, int):
        raise LifecycleError(f"Days must be a whole number of at least {minimum}")
    try:
        bounds.whole(days, "Days", minimum, bounds.MAX_REQUEST_DAYS)
    except FieldError as exc:
        raise LifecycleError(str(exc)) from None
    # Checked here, when the seller asks: accepted later (perhaps by silence), a due
    # date past the last storable one would fail every command that settles it.
    if order.due_at + timedelta(days=days) > bounds.LATEST:
        raise LifecycleError(f"Days: {days} more days would move order {order.ref}'s due "
                             f"date past {bounds.LATEST:%Y-%m-%d}")
    return days


def _amount(order: Order, data: dict, field: str = "Amount") -> int:
    try:
        minor = Money.parse(str(data.get("amount")), order.price.currency).minor
        return bounds.amount(minor, order.price.currency, field) if minor > 0 else minor
    except MoneyError as exc:
        raise LifecycleError(f"{field}: {exc}") from None
    except FieldError as exc:
        raise LifecycleError(str(exc)) from None


def _extension(order: Order, req: ResolutionRequest, data: dict, _p: MarketplaceProfile) -> None:
    if order.status is Status.DELIVERED:
        raise LifecycleError(f"Order {order.ref} is delivered: an extension is not needed")
    req.days = _days(order, data, minimum=1)
    _need_reason(req)


def _extra(order: Order, req: ResolutionRequest, data: dict, _p: MarketplaceProfile) -> None:
    req.amount_minor = _amount(order, data, "Price")
    if req.amount_minor <= 0:
        raise LifecycleError("An extra needs a price above zero")
    req.days = _days(order, data, minimum=0) if data.get("days") is not None else 0
    req.items = [str(i).strip() for i in data.get("items") or [] if str(i).strip()]
    if not req.items:
        raise LifecycleError("An extra needs at least one item describing the new work")


def _refund(order: Order, req: ResolutionRequest, data: dict, profile: MarketplaceProfile) -> None:
    req.amount_minor = _amount(order, data)
    if data.get("rate") is not None:
        try:
            req.rate = str(check_rate(data["rate"]))
        except RateError as exc:
            raise LifecycleError(str(exc)) from None
    problem = refund_problem(order, req.amount_minor, profile, req.rate, strict=False)
    if problem:
        raise LifecycleError(problem)
    _need_reason(req)


def _cancellation(order: Order, req: ResolutionRequest, data: dict, _p: MarketplaceProfile
                  ) -> None:
    req.by = data.get("by") or "seller"
    if req.by not in ("buyer", "seller", "mutual"):
        raise LifecycleError(f"A cancellation request is by buyer, seller or mutual, not {req.by}")
    _need_reason(req)


def _need_reason(req: ResolutionRequest) -> None:
    if not req.reason:
        raise LifecycleError(f"A {KIND_LABELS[req.kind]} request needs a reason")


_VALIDATORS = {"extension": _extension, "extra": _extra, "partial_refund": _refund,
               "cancellation": _cancellation}


def answered(order: Order, event: Event, _p: MarketplaceProfile) -> None:
    request = order.open_request
    if request is None:
        raise LifecycleError(f"Order {order.ref} has no open request to answer")
    status = event.data.get("status")
    if status not in ANSWERS:
        raise LifecycleError(f"The answer is accepted, declined or withdrawn, not {status!r}")
    request.status = status
    request.answered_at = event.at
    request.by_timeout = bool(event.data.get("by_timeout"))
    if status == "accepted":
        _EFFECTS[request.kind](order, request, event.at)


def _extend(order: Order, req: ResolutionRequest, _at: datetime) -> None:
    order.due_at += timedelta(days=req.days or 0)


def _add_extra(order: Order, req: ResolutionRequest, _at: datetime) -> None:
    order.extras_minor += req.amount_minor or 0
    order.scope.extend(req.items)
    order.due_at += timedelta(days=req.days or 0)


def _partial_refund(order: Order, req: ResolutionRequest, _at: datetime) -> None:
    order.refunded_minor += req.amount_minor or 0


def _cancel_by_request(order: Order, req: ResolutionRequest, at: datetime) -> None:
    cancel_order(order, at, req.by or "seller", req.reason, None)


_EFFECTS = {"extension": _extend, "extra": _add_extra, "partial_refund": _partial_refund,
            "cancellation": _cancel_by_request}


def cancel_order(order: Order, at: datetime, by: str, reason: str, exempt: bool | None) -> None:
    if by not in CANCELLED_BY:
        raise LifecycleError(f"A cancellation is by one of {', '.join(CANCELLED_BY)}, not {by!r}")
    order.status = Status.CANCELLED
    order.cancelled_at = at
    order.cancellation = Cancellation(by, reason, exempt)
    pending = order.open_request
    if pending is not None:  # a cancelled order answers nothing any more
        pending.status = "withdrawn"
        pending.answered_at = at


def due_timeout(order: Order, now: datetime) -> tuple[datetime, dict] | None:
    """The answer that silence gives the open request by `now`, if its deadline passed."""
    request = order.open_request
    if request is None or request.expires_at is None or request.expires_at > now:
        return None
    return request.expires_at, {"request_id": request.id, "status": TIMEOUT_OUTCOME,
                                "by_timeout": True}
