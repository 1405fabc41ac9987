"""Partial-refund rules in the marketplace's reference currency.

A profile's limits are in its reference currency (USD for Fiverr). An order priced in
another currency is compared only after conversion at a rate the seller confirms
("units of reference currency per 1 unit of the order currency", e.g. "0.0067" for
JPY to USD). Conversion uses Decimal and rounds in the seller's disfavour: the order
price converted to the reference currency rounds down (a price just at the threshold
does not pass), a refund converted to the reference currency rounds down (it must
clear the minimum in full), and the minimum shown in the order currency rounds up.
"""

from __future__ import annotations

import re
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from desktop_app.domain.money import Money, decimals_of
from desktop_app.domain.order import Order
from desktop_app.domain.profile import MarketplaceProfile

_RATE_RE = re.compile(r"[0-9]{1,12}(\.[0-9]{1,12})?")


class RateError(ValueError):
    """An exchange rate that cannot be read."""


def check_rate(rate: object) -> Decimal:
    text = str(rate).strip() if isinstance(rate, str | int) else ""
    if not _RATE_RE.fullmatch(text) or Decimal(text) <= 0:
        raise RateError(f"Rate: {rate!r} is not a positive decimal such as 0.0067")
    return Decimal(text)


def convert(amount: Money, rate: Decimal, to: str, rounding: str) -> Money:
    units = Decimal(amount.minor).scaleb(-decimals_of(amount.currency)) * rate
    return Money(int(units.scaleb(decimals_of(to)).to_integral_value(rounding)), to)


def rate_needed(order: Order, profile: MarketplaceProfile) -> str:
    cur, ref = order.price.currency, profile.reference_currency
    return (f"This order is in {cur}; {profile.name}'s refund rules are in {ref}. Enter "
            f"the rate you see on {profile.name} (1 {cur} = ? {ref})")


def refund_problem(order: Order, amount_minor: int, profile: MarketplaceProfile,
                   rate: str | None = None, *, strict: bool = True) -> str | None:
    """Why this partial refund is not allowed, or None.

    `strict` is for a refund the seller opens now: a foreign-currency order then needs
    a rate. A recorded refund replayed from history (strict=False) was judged when it
    was opened, perhaps before rates were kept: without a rate only the limits in the
    order's own currency are checked again, so an old database still replays."""
    cur, ref = order.price.currency, profile.reference_currency
    if order.status.is_final:
        return f"Order {order.ref} is {order.status.label.lower()}: only an active order " \
               "can be partially refunded"
    if profile.refund_min_order_minor is None or profile.refund_min_minor is None:
        return (f"{profile.name} publishes no partial-refund limits: check the amount in "
                f"{profile.name}'s Resolution Center")
    if cur == ref:
        price, refund = order.price, Money(amount_minor, cur)
        back = None
    else:
        if rate is None:
            return rate_needed(order, profile) if strict else _most_problem(
                order, amount_minor, profile)
        r = check_rate(rate)
        price = convert(order.price, r, ref, ROUND_FLOOR)
        refund = convert(Money(amount_minor, cur), r, ref, ROUND_FLOOR)
        back = Decimal(1) / r
    threshold = Money(profile.refund_min_order_minor, ref)
    least = Money(profile.refund_min_minor, ref)

    def shown(limit: Money) -> str:
        if back is None:
            return limit.display()
        return f"{limit.display()} ({convert(limit, back, cur, ROUND_CEILING).display()})"

    if price.compare(threshold) <= 0:
        about = "" if back is None else f" (about {price.display()})"
        return (f"A partial refund needs an order price over {shown(threshold)}; this order "
                f"is {order.price.display()}{about}")
    if refund.compare(least) < 0:
        return f"A partial refund is at least {shown(least)}"
    return _most_problem(order, amount_minor, profile)


def _most_problem(order: Order, amount_minor: int, profile: MarketplaceProfile) -> str | None:
    cur = order.price.currency
    most = profile.refund_max_minor(order.price.minor)
    if amount_minor > most:
        pct = 100 * profile.refund_max_fraction_num // profile.refund_max_fraction_den
        return (f"A partial refund is at most {pct}% of the original price "
                f"({Money(most, cur).display()}, extras excluded)")
    return None
