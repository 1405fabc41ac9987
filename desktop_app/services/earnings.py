"""The seller's earnings over the whole database: pending, available, per month."""

from __future__ import annotations

from datetime import datetime

from desktop_app.domain.earnings import CurrencyEarnings, EarningFacts, EarningsSummary, summarize
from desktop_app.domain.money import Money
from desktop_app.domain.order import Status
from desktop_app.domain.profile import DEFAULT_MARKETPLACE
from desktop_app.domain.timeutil import from_stored, parse_ts_or_none
from desktop_app.services.settings import Settings
from desktop_app.storage.db import Database
from desktop_app.storage.queries import earning_rows


def fast_clearance(db: Database) -> bool:
    """The seller's setting: Top Rated, Pro or Seller Plus (Fiverr's faster clearance)."""
    return bool(Settings(db).get("fast_clearance"))


def set_fast_clearance(db: Database, on: bool) -> None:
    Settings(db).set("fast_clearance", bool(on))


def compute_earnings(db: Database, now: datetime, month: str | None = None) -> EarningsSummary:
    """Earnings at `now`; `month` (YYYY-MM, checked by domain.earnings.parse_month) is the
    month whose net is reported, by default now's."""
    return summarize(earning_facts(db), now, month, fast_clearance(db))


def earning_facts(db: Database) -> list[EarningFacts]:
    """EarningFacts of every completed order, read from the stored states' fields (what
    EarningFacts.of(order_from_state(state)) gives, without building each order)."""
    with db.transaction() as conn:
        rows = earning_rows(conn)

    def minor(value: str | None, currency: str) -> int:
        return 0 if value is None else Money.parse(value, currency).minor

    return [EarningFacts(ref, buyer, Status.COMPLETED, cur, price, minor(extras, cur),
                         minor(tips, cur), minor(refunded, cur),
                         None if fee is None else minor(fee, cur), from_stored(completed),
                         parse_ts_or_none(cleared), marketplace or DEFAULT_MARKETPLACE, stars)
            for (ref, buyer, cur, price, completed, extras, tips, refunded, fee, cleared,
                 marketplace, stars) in rows]


def earnings_json(summary: EarningsSummary) -> dict:
    """The JSON of `gigdesk earnings --json`: amounts as decimal strings, per currency."""
    def amount(minor: int, currency: str) -> str:
        return Money(minor, currency).amount_str()

    return {
        "month": summary.month,
        "fast_clearance": summary.fast,
        "currencies": {
            code: {
                "pending_clearance": amount(c.pending_minor, code),
                "available": amount(c.available_minor, code),
                "month_net": amount(c.month_net_minor, code),
                "no_clearance_date": amount(c.undated_minor, code),
                "completed_orders": c.orders,
                "fee_unknown_orders": c.fee_unknown_orders,
                "fee_unknown_gross": amount(c.fee_unknown_gross_minor, code),
                "by_month": {m: amount(v, code) for m, v in c.by_month.items()},
            } for code, c in summary.currencies.items()},
        "notes": list(summary.notes),
    }


def caveats(c: CurrencyEarnings) -> list[str]:
    """What one currency's totals leave out, in the words the command and the window share."""
    out = []
    if c.undated_minor:
        out.append(f"{c.money(c.undated_minor).display()} has no clearance date (the "
                   "marketplace publishes none)")
    if c.fee_unknown_orders:
        out.append(f"{c.fee_unknown_orders} order(s), "
                   f"{c.money(c.fee_unknown_gross_minor).display()} gross, have no known fee: "
                   "not in these totals")
    return out


def earnings_text(summary: EarningsSummary) -> str:
    """The lines of `gigdesk earnings`: one block per currency, never summed across."""
    if not summary.currencies:
        return "No completed orders yet: nothing earned."
    lines = []
    for code, c in summary.currencies.items():
        lines.append(f"{code}: pending clearance {c.money(c.pending_minor).display()}, "
                     f"available {c.money(c.available_minor).display()}, "
                     f"{summary.month} net {c.money(c.month_net_minor).display()}")
        lines += [f"  {caveat}" for caveat in caveats(c)]
    lines += [f"Note: {note}" for note in summary.notes]
    lines.append("Clearance: " + ("the fast periods (Top Rated, Pro or Seller Plus)"
                                  if summary.fast else "the standard periods") +
                 "; change with --fast-clearance on|off")
    return "\n".join(lines)
