"""The seller-level checklist (Fiverr): what the seller meets and what they still lack.

Thresholds come from the profile (data/marketplaces.json, `levels`, with its source).
Counted over the seller's completed orders on that marketplace, all time: the average
rating, the orders, the unique buyers and the net earned. Earnings count in the
profile's reference currency only (USD for Fiverr): orders in other currencies are
named as not counted, never converted. The response rate is not tracked yet, and the
Success Score and the marketplace's manual review cannot be computed offline: the
checklist says so instead of claiming a level is reached.
"""

from __future__ import annotations

from fractions import Fraction

from desktop_app.domain.earnings import EarningFacts, facts_of, order_earnings
from desktop_app.domain.money import Money
from desktop_app.domain.order import Order, Status
from desktop_app.domain.profile import MarketplaceProfile

NOT_TRACKED = "not tracked yet"
OFFLINE = ("The Success Score and Fiverr's manual review cannot be computed offline: "
           "check them on Fiverr")


def average_rating(orders: list[Order] | list[EarningFacts]) -> Fraction | None:
    stars = [f.stars for f in map(facts_of, orders) if f.stars is not None]
    return Fraction(sum(stars), len(stars)) if stars else None


def checklist(orders: list[Order] | list[EarningFacts], profile: MarketplaceProfile) -> dict:
    """The `level` block of `gigdesk stats --json` for `profile`'s levels."""
    done = [f for f in map(facts_of, orders)
            if f.status is Status.COMPLETED and f.marketplace == profile.key]
    ref_cur = profile.reference_currency
    rating = average_rating(done)
    buyers = len({o.buyer for o in done})
    earned = 0
    other = set()
    for order in done:
        if order.currency != ref_cur:
            other.add(order.currency)
            continue
        net = getattr(order_earnings(order), "net_minor", None)
        earned += net or 0
    out: dict = {"source": profile.source("levels") if profile.levels else None,
                 "levels": {}, "cannot_compute_offline": OFFLINE,
                 "not_counted": None}
    if other:
        out["not_counted"] = (f"Orders in {', '.join(sorted(other))} are not counted toward "
                              f"the level's earnings (only {ref_cur} counts; amounts in "
                              "different currencies are never added together)")
    for key, rule in profile.levels.items():
        out["levels"][key] = _level(rule, rating, len(done), buyers, earned, ref_cur)
    return out


def _level(rule: dict, rating: Fraction | None, orders: int, buyers: int, earned: int,
           currency: str) -> dict:
    checks: dict[str, dict] = {}
    lacks: list[str] = []
    if "rating" in rule:
        need = Fraction(rule["rating"])
        have = None if rating is None else round(float(rating), 2)
        met = rating is not None and rating >= need
        checks["rating"] = {"needs": rule["rating"], "has": have, "met": met}
        if not met:
            lacks.append(f"an average rating of {rule['rating']} (now "
                         f"{'none' if have is None else f'{have:.2f}'})")
    if "response_rate_percent" in rule:
        checks["response_rate"] = {"needs": f"{rule['response_rate_percent']}%", "has": None,
                                   "met": None, "note": NOT_TRACKED}
    if "orders" in rule:
        met = orders >= rule["orders"]
        checks["orders"] = {"needs": rule["orders"], "has": orders, "met": met}
        if not met:
            lacks.append(f"{rule['orders'] - orders} more completed order(s)")
    if "unique_buyers" in rule:
        met = buyers >= rule["unique_buyers"]
        checks["unique_buyers"] = {"needs": rule["unique_buyers"], "has": buyers, "met": met}
        if not met:
            lacks.append(f"{rule['unique_buyers'] - buyers} more unique buyer(s)")
    if "earned" in rule:
        need_minor = Money.parse(rule["earned"], currency).minor
        met = earned >= need_minor
        checks["earned"] = {"needs": rule["earned"], "currency": currency,
                            "has": Money(earned, currency).amount_str(), "met": met}
        if not met:
            lacks.append(f"{Money(need_minor - earned, currency).display()} more earned")
    return {"name": rule.get("name", ""), "checks": checks, "lacks": lacks,
            "tracked_met": not lacks,
            "unknown": ["response rate (" + NOT_TRACKED + ")", "Success Score",
                        "manual review"]}
