"""The order lifecycle: a pure reducer from (order, event) to the next order.

Every rule about what may happen when lives here, so the window, the command
line, import and sync replay all refuse the same things with the same words.
"""

from __future__ import annotations

import copy
from datetime import datetime

from desktop_app.domain import bounds, feedback
from desktop_app.domain import events as ev
from desktop_app.domain.codec import FieldError, order_from_dict, scope
from desktop_app.domain.codec_events import check_edit
from desktop_app.domain.errors import LifecycleError
from desktop_app.domain.events import Event
from desktop_app.domain.money import Money, MoneyError
from desktop_app.domain.order import (
    VERDICTS,
    DeliveredFile,
    Delivery,
    Order,
    RevisionPoint,
    RevisionRequest,
    Status,
)
from desktop_app.domain.profile import MarketplaceProfile, profile_for
from desktop_app.domain.requests import answered, cancel_order, due_timeout, opened
from desktop_app.domain.timeutil import parse_ts

S = Status
ACTIVE = (S.AWAITING_REQUIREMENTS, S.IN_PROGRESS, S.DELIVERED, S.REVISION_REQUESTED)
# What each action needs, and the words used when it is refused.
ALLOWED = {
    ev.REQUIREMENTS_RECEIVED: ((S.AWAITING_REQUIREMENTS,), "receive requirements"),
    ev.DELIVERED: ((S.IN_PROGRESS, S.REVISION_REQUESTED), "be delivered"),
    ev.REVISION_REQUESTED: ((S.DELIVERED,), "receive a revision request"),
    ev.COMPLETED: ((S.DELIVERED,), "be marked completed"),
    ev.CANCELLED: (ACTIVE, "be cancelled"),
    ev.REQUEST_OPENED: (ACTIVE, "get a resolution request"),
    ev.ORDER_EDITED: (ACTIVE, "be edited"),
    ev.TIP_RECEIVED: ((S.DELIVERED, S.COMPLETED), "receive a tip"),
    ev.RATED: ((S.COMPLETED,), "be rated"),
}
NOT_YET = {
    S.AWAITING_REQUIREMENTS: "the buyer has not sent the requirements yet",
    S.IN_PROGRESS: "nothing has been delivered yet",
    S.DELIVERED: "it waits for the buyer's answer to the delivery",
    S.REVISION_REQUESTED: "the buyer asked for a revision; redeliver first",
}
EDITABLE = ("buyer", "gig", "package", "price", "due_at", "revisions_included", "scope",
            "reordered_as")


def refusal(order: Order, kind: str) -> str | None:
    """Why `kind` cannot happen to the order now, or None when it can."""
    statuses, phrase = ALLOWED.get(kind, (None, ""))
    if statuses is None or order.status in statuses:
        return None
    name = order.status.label.lower()
    if order.status.is_final:
        verb = "be redelivered" if kind == ev.DELIVERED and order.deliveries else phrase
        return f"Order {order.ref} is {name}: it can no longer {verb}"
    return f"Order {order.ref} is {name}: it cannot {phrase} now ({NOT_YET[order.status]})"


def allowed_actions(order: Order) -> list[str]:
    """The event kinds the seller may record right now."""
    acts = [kind for kind in ALLOWED if refusal(order, kind) is None]
    if order.open_request is not None:
        acts = [k for k in acts if k != ev.REQUEST_OPENED] + [ev.REQUEST_ANSWERED]
    return acts


def apply(order: Order | None, event: Event, profile: MarketplaceProfile | None = None
          ) -> Order:
    """Return the order after the event, or raise LifecycleError and change nothing.

    The rules are the order's marketplace's unless `profile` says otherwise."""
    if event.kind in (ev.ORDER_CREATED, ev.ORDER_REPLACED):
        return _snapshot(order, event)
    if order is None:
        raise LifecycleError(f"No order for event {event.kind}")
    reason = refusal(order, event.kind)
    if reason:
        raise LifecycleError(reason)
    if event.at < order.ordered_at:
        raise LifecycleError(f"Order {order.ref}: {event.at:%Y-%m-%d %H:%M} UTC is before the "
                             "order was placed")
    handler = _HANDLERS.get(event.kind)
    if handler is None:
        raise LifecycleError(f"Unknown event kind '{event.kind}'")
    new = copy.deepcopy(order)
    handler(new, event, profile or profile_for(new.marketplace))
    new.last_activity_at = max(filter(None, (new.last_activity_at, event.at)))
    return new


def apply_in_place(order: Order | None, event: Event,
                   profile: MarketplaceProfile | None = None) -> Order:
    """Like apply, without the defensive copy: for replay and bulk work only.

    On error the order may be half-changed; callers discard it.
    """
    if order is None or event.kind in (ev.ORDER_CREATED, ev.ORDER_REPLACED):
        return apply(order, event, profile)
    reason = refusal(order, event.kind)
    if reason or event.at < order.ordered_at or event.kind not in _HANDLERS:
        return apply(order, event, profile)  # raises with the right words
    _HANDLERS[event.kind](order, event, profile or profile_for(order.marketplace))
    if order.last_activity_at is None or event.at > order.last_activity_at:
        order.last_activity_at = event.at
    return order


def replay(events: list[Event], profile: MarketplaceProfile | None = None) -> Order | None:
    order = None
    for event in events:
        order = apply_in_place(order, event, profile)
    return order


def settled(order: Order, now: datetime, profile: MarketplaceProfile | None = None
            ) -> tuple[Order, Event | None]:
    """The order once silence has answered its open request by `now`, and that answer as
    an event (not stored, no device sequence yet); (order, None) when nothing is due."""
    due = due_timeout(order, now)
    if due is None:
        return order, None
    when, data = due
    event = Event(order_id=order.id, kind=ev.REQUEST_ANSWERED, at=when, data=data)
    return apply(order, event, profile), event


def _snapshot(order: Order | None, event: Event) -> Order:
    if event.kind == ev.ORDER_CREATED and order is not None:
        raise LifecycleError(f"Order {order.ref} exists already")
    try:
        new = order_from_dict(event.data["order"])
    except FieldError as exc:
        raise LifecycleError(f"Order data is invalid: {exc}") from None
    new.id = event.order_id
    new.last_activity_at = new.last_activity_at or event.at
    return new


def _requirements(order: Order, event: Event, profile: MarketplaceProfile) -> None:
    order.status = S.IN_PROGRESS
    order.requirements_at = event.at
    if profile.clock_starts == "requirements":
        # The countdown starts now, not at ordering: the due date moves by the time the
        # buyer took, so it is requirements_at + delivery_days (plus any extension
        # accepted meanwhile), to the second the order's own due date gave.
        order.due_at = min(order.due_at + (event.at - order.ordered_at), bounds.LATEST)


def _delivered(order: Order, event: Event, _p: MarketplaceProfile) -> None:
    files = [DeliveredFile(f["path"], int(f["size"]), f["sha256"])
             for f in event.data.get("files", [])]
    order.deliveries.append(Delivery(len(order.deliveries) + 1, event.at,
                                     event.data.get("message", ""), files))
    order.status = S.DELIVERED
    order.delivered_at = event.at


def _revision(order: Order, event: Event, _p: MarketplaceProfile) -> None:
    points = [RevisionPoint(**p) for p in event.data.get("points", [])]
    order.revision_requests.append(RevisionRequest(event.at, event.data.get("text", ""), points))
    order.revisions_used += 1
    order.status = S.REVISION_REQUESTED


def _override(order: Order, event: Event, _p: MarketplaceProfile) -> None:
    r, p = event.data["request"], event.data["point"]
    try:
        point = order.revision_requests[r].points[p]
    except (IndexError, TypeError):
        raise LifecycleError(f"Order {order.ref} has no revision point {r}.{p}") from None
    if event.data["verdict"] not in VERDICTS:
        raise LifecycleError(f"'{event.data['verdict']}' is not a verdict")
    point.verdict = event.data["verdict"]
    point.overridden = True
    if "hours" in event.data:
        point.hours = event.data["hours"]


def _completed(order: Order, event: Event, _p: MarketplaceProfile) -> None:
    order.status = S.COMPLETED
    order.completed_at = event.at


def _cancelled(order: Order, event: Event, _p: MarketplaceProfile) -> None:
    by = event.data.get("by")
    cancel_order(order, event.at, by, event.data.get("reason", ""), event.data.get("exempt"))


def _note(order: Order, event: Event, _p: MarketplaceProfile) -> None:
    order.notes = event.data.get("notes", "")


def _edited(order: Order, event: Event, _p: MarketplaceProfile) -> None:
    data = event.data
    unknown = set(data) - set(EDITABLE)
    if unknown:
        raise LifecycleError(f"'{sorted(unknown)[0]}' cannot be edited")
    try:
        check_edit(data, "", order.price.currency)
    except FieldError as exc:
        raise LifecycleError(f"Order {order.ref}: {exc}") from None
    values = dict(data)
    if "scope" in values:
        values["scope"] = scope(values["scope"], "scope")  # as import keeps it: trimmed
    if "package" in values:
        values["package"] = values["package"] or ""
    if "price" in values:
        values["price"] = _price(values["price"], order.price.currency)
    if "due_at" in values:
        values["due_at"] = _bounded(bounds.moment, parse_ts(values["due_at"]), "Due date")
        if values["due_at"] < order.ordered_at:
            raise LifecycleError(f"Order {order.ref}: the due date cannot be before the order "
                                 "date")
    for name, value in values.items():
        setattr(order, name, value)


_HANDLERS = {
    ev.REQUIREMENTS_RECEIVED: _requirements,
    ev.DELIVERED: _delivered,
    ev.REVISION_REQUESTED: _revision,
    ev.VERDICT_OVERRIDDEN: _override,
    ev.COMPLETED: _completed,
    ev.CANCELLED: _cancelled,
    ev.NOTE_EDITED: _note,
    ev.ORDER_EDITED: _edited,
    ev.REQUEST_OPENED: opened,
    ev.REQUEST_ANSWERED: answered,
    ev.TIP_RECEIVED: feedback.tipped,
    ev.RATED: feedback.rated,
}



def _price(value: str, currency: str) -> Money:
    try:
        price = Money.parse(value, currency)
    except MoneyError as exc:
        raise LifecycleError(f"Price: {exc}") from None
    if price.minor < 0:
        raise LifecycleError("Price: must not be negative")
    _bounded(bounds.amount, price.minor, currency, "Price")
    return price


def _bounded(check, *args):
    """bounds' check, its FieldError worded as a refusal of the action."""
    try:
        return check(*args)
    except FieldError as exc:
        raise LifecycleError(str(exc)) from None
