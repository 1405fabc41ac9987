"""Marketplace profiles: every number a marketplace's rules depend on lives here."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import timedelta


@dataclass(frozen=True)
class MarketplaceProfile:
    name: str
    # Buyer's answer window for an extension request; silence means accepted.
    extension_answer_window: timedelta
    # Other side's answer window for a cancellation request; silence means cancelled.
    cancellation_answer_window: timedelta
    # A delivered order completes by itself after this long without an answer.
    auto_complete_after: timedelta
    # Past due by this much, the buyer may cancel without the seller's consent.
    very_late_after: timedelta
    # Completion rate looks back this far.
    metrics_window: timedelta
    # A mutual cancellation is exempt when the buyer reordered within this long.
    reorder_exemption_window: timedelta
    max_delivery_bytes: int
    large_file_warning_bytes: int
    # Partial refunds, in the profile's reference currency minor units.
    refund_min_order_minor: int  # the order price must be strictly above this
    refund_min_minor: int
    refund_max_fraction_num: int  # refund up to num/den of the original price
    refund_max_fraction_den: int
    price_step_minor: int  # extras are priced in these steps
    completion_rate_warning: tuple[int, int]  # warn below num/den
    reference_currency: str = "USD"

    def refund_max_minor(self, original_price_minor: int) -> int:
        return original_price_minor * self.refund_max_fraction_num // self.refund_max_fraction_den


GIB = 1024**3

FIVERR = MarketplaceProfile(
    name="Fiverr",
    extension_answer_window=timedelta(hours=48),
    cancellation_answer_window=timedelta(hours=48),
    auto_complete_after=timedelta(hours=72),
    very_late_after=timedelta(hours=24),
    metrics_window=timedelta(days=60),
    reorder_exemption_window=timedelta(days=14),
    max_delivery_bytes=5 * GIB,
    large_file_warning_bytes=1 * GIB,
    refund_min_order_minor=50_00,
    refund_min_minor=5_00,
    refund_max_fraction_num=60,
    refund_max_fraction_den=100,
    price_step_minor=5_00,
    completion_rate_warning=(90, 100),
)

# Upwork's Project Catalog: the same shape, a 14-day review before auto-completion.
UPWORK_CATALOG = replace(FIVERR, name="Upwork Project Catalog",
                         auto_complete_after=timedelta(days=14))

DEFAULT_PROFILE = FIVERR
