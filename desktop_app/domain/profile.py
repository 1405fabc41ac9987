"""Marketplace profiles: every number a marketplace's rules depend on lives here.

The numbers themselves, and the help-centre article each comes from, are in
data/marketplaces.json, so the next maintainer checks a rule against its source in
one place. A rule the marketplace does not publish is None here: code that needs
it says so to the seller instead of inventing a number.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

from desktop_app.domain.money import Money

_DATA = Path(__file__).parent / "data" / "marketplaces.json"
CLOCK_STARTS = ("requirements", "order")


@dataclass(frozen=True)
class MarketplaceProfile:
    key: str  # what orders carry in their `marketplace` field
    name: str
    reference_currency: str
    # The delivery countdown starts when the buyer sends the requirements, or at ordering.
    clock_starts: str
    # Past due by this much, the buyer may cancel without the seller's consent.
    very_late_after: timedelta | None
    # A delivered order completes (its funds release) after this long without an answer.
    auto_complete_after: timedelta | None
    # The buyer asks for a revision within this long after a delivery.
    revision_request_window: timedelta | None
    # Buyer's answer window for an extension request; silence means accepted.
    extension_answer_window: timedelta | None
    # Other side's answer window for a cancellation request; silence means cancelled.
    cancellation_answer_window: timedelta | None
    # Completion rate looks back this far.
    metrics_window: timedelta | None
    # A mutual cancellation is exempt when the buyer reordered within this long.
    reorder_exemption_window: timedelta | None
    max_delivery_bytes: int | None
    large_file_warning_bytes: int
    # Partial refunds, in the reference currency's minor units.
    refund_min_order_minor: int | None  # the order price must be strictly above this
    refund_min_minor: int | None
    refund_max_fraction_num: int  # refund up to num/den of the original price
    refund_max_fraction_den: int
    price_step_minor: int  # extras are priced in these steps
    completion_rate_warning: tuple[int, int] | None  # warn below num/den
    # The marketplace's fee: a percentage of the order value, at least fee_minimum_minor.
    fee_percent: int | None
    fee_minimum_minor: int
    # Earnings clear this long after completion (clearance_fast for top sellers).
    clearance: timedelta | None
    clearance_fast: timedelta | None
    status_labels: dict[str, str] = field(default_factory=dict)
    # Rule name -> the help-centre article it comes from, or why none is published.
    sources: dict[str, str] = field(default_factory=dict)
    extra_rules: dict[str, timedelta] = field(default_factory=dict)
    # Seller levels (Fiverr): level key -> its thresholds, as in marketplaces.json.
    levels: dict[str, dict[str, Any]] = field(default_factory=dict)

    def refund_max_minor(self, original_price_minor: int) -> int:
        return original_price_minor * self.refund_max_fraction_num // self.refund_max_fraction_den

    def source(self, rule: str) -> str:
        return self.sources[rule]


class ProfileDataError(ValueError):
    """marketplaces.json holds a rule GigDesk cannot read (a maintainer's mistake)."""


def _duration(rule: dict) -> timedelta | None:
    if rule.get("published") is False:
        return None
    for unit in ("days", "hours"):
        if unit in rule:
            return timedelta(**{unit: rule[unit]})
    if "business_days" in rule:  # kept as calendar days plus weekends at its longest
        return timedelta(days=rule["business_days"] + 2)
    raise ProfileDataError(f"a duration needs days or hours: {rule}")


def _minor(rule: dict, currency: str, key: str = "amount") -> int | None:
    if rule.get("published") is False or key not in rule:
        return None
    return Money.parse(rule[key], currency).minor


def _percent(rule: dict) -> int | None:
    return None if rule.get("published") is False else int(rule["percent"])


_DURATIONS = ("very_late_after", "auto_complete_after", "revision_request_window",
              "extension_answer_window", "cancellation_answer_window", "metrics_window",
              "reorder_exemption_window", "clearance", "clearance_fast")
_OWN = set(_DURATIONS) | {"name", "reference_currency", "clock_starts", "max_delivery_bytes",
                          "large_file_warning_bytes", "refund_min_order", "refund_min",
                          "refund_max_fraction", "price_step", "completion_rate_warning",
                          "fee", "status_labels", "_about", "levels"}


def _profile(key: str, data: dict[str, Any]) -> MarketplaceProfile:
    cur = data["reference_currency"]
    rules = {name: rule for name, rule in data.items() if isinstance(rule, dict)
             and name != "status_labels"}
    missing = [name for name, rule in rules.items()
               if "source" not in rule and rule.get("published") is not False]
    if missing:
        raise ProfileDataError(f"{key}: {missing[0]} names no source")
    if data["clock_starts"]["at"] not in CLOCK_STARTS:
        raise ProfileDataError(f"{key}: clock_starts must be one of {CLOCK_STARTS}")
    warning = _percent(data["completion_rate_warning"])
    max_bytes = data["max_delivery_bytes"]
    return MarketplaceProfile(
        key=key, name=data["name"], reference_currency=cur,
        clock_starts=data["clock_starts"]["at"],
        **{name: _duration(data[name]) for name in _DURATIONS},
        max_delivery_bytes=None if max_bytes.get("published") is False else max_bytes["bytes"],
        large_file_warning_bytes=data["large_file_warning_bytes"]["bytes"],
        refund_min_order_minor=_minor(data["refund_min_order"], cur),
        refund_min_minor=_minor(data["refund_min"], cur),
        refund_max_fraction_num=_percent(data["refund_max_fraction"]) or 0,
        refund_max_fraction_den=100,
        price_step_minor=_minor(data["price_step"], cur) or 1,
        completion_rate_warning=None if warning is None else (warning, 100),
        fee_percent=_percent(data["fee"]),
        fee_minimum_minor=_minor(data["fee"], cur, "minimum") or 0,
        status_labels=dict(data["status_labels"]),
        sources={name: rule.get("source") or f"Not published: {rule['note']}"
                 for name, rule in rules.items()},
        extra_rules={name: d for name in set(rules) - _OWN
                     if (d := _duration(rules[name])) is not None},
        levels={name: dict(rule) for name, rule in data.get("levels", {}).items()
                if isinstance(rule, dict)},
    )


def _load() -> dict[str, MarketplaceProfile]:
    raw = json.loads(_DATA.read_text(encoding="utf-8"))
    return {key: _profile(key, data) for key, data in raw.items() if not key.startswith("_")}


PROFILES: dict[str, MarketplaceProfile] = _load()
MARKETPLACES: tuple[str, ...] = tuple(PROFILES)  # the values of an order's `marketplace`
FIVERR = PROFILES["fiverr"]
UPWORK = PROFILES["upwork"]
DEFAULT_MARKETPLACE = "fiverr"
DEFAULT_PROFILE = FIVERR
GIB = 1024**3


def profile_for(marketplace: str | None) -> MarketplaceProfile:
    """The profile of an order's marketplace (Fiverr for orders from before marketplaces)."""
    return PROFILES.get(marketplace or DEFAULT_MARKETPLACE, FIVERR)
