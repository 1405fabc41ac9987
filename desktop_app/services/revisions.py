"""Revision requests: judge the buyer's message against the scope, then record it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from desktop_app.domain.derived import revisions_left
from desktop_app.domain.errors import LifecycleError
from desktop_app.domain.money import decimals_of
from desktop_app.domain.order import OUT_OF_SCOPE, VERDICTS, Order
from desktop_app.domain.profile import MarketplaceProfile
from desktop_app.domain.reply import suggest_extra_price_minor
from desktop_app.domain.scope import RequestPoint, compare
from desktop_app.services.orders import OrderBook


@dataclass
class Recorded:
    order: Order
    warnings: list[str]


def analyse(order: Order, text: str) -> list[RequestPoint]:
    if not text.strip():
        raise LifecycleError("The revision request is empty: paste the buyer's message")
    return compare(order.scope, text)


def point_dicts(points: list[RequestPoint], hours: dict[int, Decimal] | None = None
                ) -> list[dict]:
    """Points as the revision event stores them (verdicts chosen by the seller kept)."""
    out = []
    for i, point in enumerate(points):
        if point.verdict not in VERDICTS:
            raise LifecycleError(f"'{point.verdict}' is not a verdict")
        out.append({"text": point.text, "verdict": point.verdict,
                    "matched_item": point.matched_item, "reason": point.reason,
                    "overridden": point.reason.startswith("set by the seller"),
                    "hours": str(hours[i]) if hours and i in hours else None})
    return out


def record(book: OrderBook, ref: str, text: str, points: list[RequestPoint],
           hours: dict[int, Decimal] | None = None, at: datetime | None = None) -> Recorded:
    """Store the request with its judged points; the order moves to revision requested."""
    before = book.get(ref)
    warnings = []
    if revisions_left(before) == 0:
        warnings.append(f"Order {ref} has no revisions left ({before.revisions_used} of "
                        f"{before.revisions_included} used): out-of-scope points can be "
                        "offered as an extra")
    order = book.record_revision(ref, text, point_dicts(points, hours), at)
    return Recorded(order, warnings)


def parse_hours(text: str) -> Decimal:
    try:
        value = Decimal(text.strip().replace(",", "."))
    except InvalidOperation:
        raise LifecycleError(f"'{text}' is not a number of hours") from None
    if value < 0 or value > 1000:
        raise LifecycleError("Hours must be between 0 and 1000")
    return value


def suggested_price_minor(hours: Decimal, hourly_rate: str, currency: str,
                          profile: MarketplaceProfile) -> int:
    """The seller's rate × hours in `currency`'s minor units, rounded up to the
    marketplace's price steps (the profile's step is in cents: $5 is ¥5 in yen)."""
    scale = Decimal(10) ** decimals_of(currency)
    rate_minor = int((Decimal(hourly_rate) * scale).to_integral_value(ROUND_HALF_UP))
    step_minor = max(1, int(Decimal(profile.price_step_minor) * scale / 100))
    return suggest_extra_price_minor(hours, rate_minor, step_minor)


def new_work_items(points: list[RequestPoint]) -> list[str]:
    """The out-of-scope points' texts: the items of an extra offer."""
    return [p.text for p in points if p.verdict == OUT_OF_SCOPE]


def offer_extra(book: OrderBook, ref: str, items: list[str], amount: str, days: int,
                message: str = "", at: datetime | None = None) -> Order:
    """Open an "extra" request for new work; accepting it changes price, scope and due date."""
    request = {"kind": "extra", "amount": amount, "days": days, "items": items}
    if message.strip():
        request["message"] = message
    return book.open_request(ref, request, at)
