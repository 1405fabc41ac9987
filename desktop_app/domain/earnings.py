"""What each order earns: gross, the marketplace's fee, net, and when the money clears.

All amounts are integers in the order currency's minor units, never floats, and
amounts in different currencies are never added together: every total is per currency.

- gross = price + extras + tips - refunded (never below zero);
- fee = the fee the marketplace actually charged, when an import recorded it
  (`Order.fee_minor`); otherwise the profile's percentage of the gross, rounded half
  up to the minor unit (12.345 -> 12.35, as the marketplaces show their fee), and at
  least the profile's minimum (never more than the gross). The minimum is written in
  the profile's reference currency, so it is applied to orders in that currency only.
  A marketplace that publishes no fee has an unknown fee and an unknown net: these
  orders are counted apart, never guessed;
- clearance = `Order.cleared_at` when known; otherwise completed_at + the profile's
  clearance period (its fast period for sellers with Top Rated, Pro or Seller Plus
  standing, a seller setting). A marketplace that publishes no period has no date.

Only completed orders earn: until completion the marketplace holds the money, and a
cancelled order is refunded. Months are calendar months in UTC.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from desktop_app.domain.errors import FieldError, shown
from desktop_app.domain.money import Money
from desktop_app.domain.order import Order, Status
from desktop_app.domain.profile import profile_for

_MONTH = re.compile(r"(\d{4})-(\d{2})")


@dataclass(frozen=True)
class EarningFacts:
    """What earnings (and the level checklist) read of an order: built from the order
    (`of`) or straight from the stored state by services, without the whole order."""
    ref: str
    buyer: str
    status: Status
    currency: str
    price_minor: int
    extras_minor: int
    tips_minor: int
    refunded_minor: int
    fee_minor: int | None
    completed_at: datetime | None
    cleared_at: datetime | None
    marketplace: str
    stars: int | None

    @classmethod
    def of(cls, order: Order) -> EarningFacts:
        return cls(order.ref, order.buyer, order.status, order.price.currency,
                   order.price.minor, order.extras_minor, order.tips_minor,
                   order.refunded_minor, order.fee_minor, order.completed_at,
                   order.cleared_at, order.marketplace,
                   order.rating.stars if order.rating else None)


@dataclass(frozen=True)
class OrderEarnings:
    ref: str
    currency: str
    gross_minor: int
    fee_minor: int | None  # None: the marketplace publishes no fee and none was recorded
    fee_recorded: bool  # the fee the marketplace charged (from an import), not computed
    clears_at: datetime | None  # None: no recorded date and no published period
    month: str  # YYYY-MM of completion
    note: str = ""

    @property
    def net_minor(self) -> int | None:
        return None if self.fee_minor is None else self.gross_minor - self.fee_minor


@dataclass
class CurrencyEarnings:
    """One currency's totals (net amounts, minor units)."""
    currency: str
    pending_minor: int = 0  # completed, not cleared yet
    available_minor: int = 0  # cleared
    month_net_minor: int = 0  # net of orders completed in the chosen month
    undated_minor: int = 0  # net with no clearance date (none recorded, none published)
    orders: int = 0
    fee_unknown_orders: int = 0  # their gross is not in any net total
    fee_unknown_gross_minor: int = 0
    by_month: dict[str, int] = field(default_factory=dict)  # YYYY-MM -> net

    def money(self, minor: int) -> Money:
        return Money(minor, self.currency)


@dataclass
class EarningsSummary:
    month: str  # the chosen month, YYYY-MM
    now: datetime
    currencies: dict[str, CurrencyEarnings] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    fast: bool = False  # counted with the fast clearance periods


def facts_of(order: Order | EarningFacts) -> EarningFacts:
    return order if isinstance(order, EarningFacts) else EarningFacts.of(order)


def gross_minor(order: Order | EarningFacts) -> int:
    f = facts_of(order)
    return max(0, f.price_minor + f.extras_minor + f.tips_minor - f.refunded_minor)


def fee_of(order: Order | EarningFacts, gross: int) -> tuple[int | None, str]:
    """(fee in minor units or None when unknown, a note on how it was found)."""
    order = facts_of(order)
    if order.fee_minor is not None:
        return order.fee_minor, ""
    profile = profile_for(order.marketplace)
    if profile.fee_percent is None:
        return None, f"{profile.name} publishes no fee: the net is unknown"
    fee = (gross * profile.fee_percent + 50) // 100  # half up to the minor unit
    note = ""
    if profile.fee_minimum_minor:
        if order.currency == profile.reference_currency:
            fee = max(fee, profile.fee_minimum_minor)
        else:
            minimum = Money(profile.fee_minimum_minor, profile.reference_currency)
            note = (f"{profile.name}'s minimum fee of {minimum.display()} is not applied "
                    f"to an order in {order.currency}")
    return min(fee, gross), note


def clearance_date(order: Order | EarningFacts, fast: bool = False) -> datetime | None:
    order = facts_of(order)
    if order.cleared_at is not None:
        return order.cleared_at
    if order.completed_at is None:
        return None
    profile = profile_for(order.marketplace)
    period = profile.clearance_fast if fast else profile.clearance
    return None if period is None else order.completed_at + period


def order_earnings(order: Order | EarningFacts, fast: bool = False) -> OrderEarnings | None:
    """The order's earnings, or None when it earns nothing (not completed)."""
    order = facts_of(order)
    if order.status is not Status.COMPLETED or order.completed_at is None:
        return None
    gross = gross_minor(order)
    fee, note = fee_of(order, gross)
    return OrderEarnings(order.ref, order.currency, gross, fee,
                         order.fee_minor is not None, clearance_date(order, fast),
                         month_of(order.completed_at), note)


def month_of(moment: datetime) -> str:
    return f"{moment.year:04d}-{moment.month:02d}"


def parse_month(text: object, field_name: str = "month") -> str:
    """A month written YYYY-MM (2026-11), or FieldError."""
    match = _MONTH.fullmatch(text.strip()) if isinstance(text, str) else None
    if match is None or not 1 <= int(match.group(2)) <= 12 or int(match.group(1)) < 1:
        raise FieldError(field_name, f"{shown(text)} is not a month: write it YYYY-MM, "
                                     "such as 2026-11")
    return match.group(0)


def summarize(orders: list[Order] | list[EarningFacts], now: datetime, month: str | None = None,
              fast: bool = False) -> EarningsSummary:
    """Pending, available and the month's net per currency, and net per month."""
    summary = EarningsSummary(month or month_of(now), now, fast=fast)
    notes: set[str] = set()
    for order in orders:
        earned = order_earnings(order, fast)
        if earned is None:
            continue
        cur = summary.currencies.setdefault(earned.currency, CurrencyEarnings(earned.currency))
        cur.orders += 1
        if earned.note:
            notes.add(earned.note)
        net = earned.net_minor
        if net is None:
            cur.fee_unknown_orders += 1
            cur.fee_unknown_gross_minor += earned.gross_minor
            continue
        cur.by_month[earned.month] = cur.by_month.get(earned.month, 0) + net
        if earned.month == summary.month:
            cur.month_net_minor += net
        if earned.clears_at is None:
            cur.undated_minor += net
        elif earned.clears_at <= now:
            cur.available_minor += net
        else:
            cur.pending_minor += net
    summary.currencies = dict(sorted(summary.currencies.items()))
    for cur in summary.currencies.values():
        cur.by_month = dict(sorted(cur.by_month.items()))
    summary.notes = sorted(notes)
    return summary
