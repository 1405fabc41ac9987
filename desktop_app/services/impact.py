"""What a resolution request would do, computed before anything is recorded.

The "after" figures come from applying the request and its acceptance to a
copy of the order through the lifecycle, then recomputing the metrics, so
they equal what the metrics show once the action is really applied.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from desktop_app.domain import events as ev
from desktop_app.domain import lifecycle
from desktop_app.domain.events import Event
from desktop_app.domain.metrics import OrderFacts, compute
from desktop_app.domain.money import Money
from desktop_app.domain.order import Order
from desktop_app.services.orders import OrderBook
from desktop_app.services.stats import order_facts


@dataclass(frozen=True)
class Impact:
    rate_before: float | None
    rate_after: float | None
    due_before: datetime
    due_after: datetime | None  # None when the order ends
    earnings_before: Money
    earnings_after: Money
    below_threshold: bool
    threshold: float

    def rate_text(self, rate: float | None) -> str:
        return "—" if rate is None else f"{rate * 100:.1f}%"


def earnings(order: Order) -> Money:
    if order.status.value == "cancelled":
        return Money(0, order.price.currency)
    return Money(order.price.minor + order.extras_minor - order.refunded_minor,
                 order.price.currency)


def accepted_outcome(book: OrderBook, order: Order, request: dict, at: datetime) -> Order:
    """The order as it would be once the request is sent and accepted (raises if refused)."""
    opened = lifecycle.apply(order, Event(order.id, ev.REQUEST_OPENED, at,
                                          {"request": {"id": "what-if", **request}}),
                             book.rules)
    return lifecycle.apply(opened, Event(order.id, ev.REQUEST_ANSWERED, at,
                                         {"request_id": "what-if", "status": "accepted"}),
                           book.rules)


def what_if(book: OrderBook, ref: str, request: dict, at: datetime | None = None) -> Impact:
    at = at or book.clock()
    order = book.get(ref)
    after = accepted_outcome(book, order, request, at)
    facts = [f for f in order_facts(book.db) if f.ref != ref]
    before_stats = compute(facts + [OrderFacts.of(order)], at, book.profile)
    after_stats = compute(facts + [OrderFacts.of(after)], at, book.profile)
    num, den = book.profile.completion_rate_warning
    threshold = num / den
    rate_after = after_stats["completion_rate"]
    return Impact(
        rate_before=before_stats["completion_rate"], rate_after=rate_after,
        due_before=order.due_at,
        due_after=None if after.status.is_final else after.due_at,
        earnings_before=earnings(order), earnings_after=earnings(after),
        below_threshold=rate_after is not None and rate_after < threshold,
        threshold=threshold)
