"""Partial refunds judged in the profile's reference currency, at a confirmed rate."""

from __future__ import annotations

import pytest

from desktop_app.domain.errors import LifecycleError
from desktop_app.domain.money import Money
from desktop_app.domain.order import Status as S
from desktop_app.domain.profile import FIVERR, PROFILES
from desktop_app.domain.refund_rules import refund_problem
from tests.domain.test_lifecycle import _request, in_status


def _order(price: str, currency: str):
    order = in_status(S.IN_PROGRESS)
    order.price = Money.parse(price, currency)
    return order


def test_yen_refund_opened_now_needs_a_rate_but_recorded_history_replays():
    order = _order("9000", "JPY")
    assert refund_problem(order, 1000, FIVERR) == (
        "This order is in JPY; Fiverr's refund rules are in USD. Enter the rate you see on "
        "Fiverr (1 JPY = ? USD)")
    # a refund recorded before rates were kept: its order-currency limits still hold
    assert refund_problem(order, 1000, FIVERR, strict=False) is None
    assert "at most 60%" in refund_problem(order, 5401, FIVERR, strict=False)
    done = _request(order, kind="partial_refund", amount="1000", reason="late")
    assert done.open_request.amount_minor == 1000


def test_yen_order_at_40_dollars_is_not_over_50():
    with pytest.raises(LifecycleError, match=r"over \$50\.00 \(¥7,463\); this order is "
                       r"¥6,000 \(about \$40\.20\)"):
        _request(_order("6000", "JPY"), kind="partial_refund", amount="1000", reason="late",
                 rate="0.0067")


def test_yen_order_at_60_dollars_allows_up_to_60_percent():
    order = _order("9000", "JPY")
    done = _request(order, kind="partial_refund", amount="5400", reason="late", rate="0.0067")
    assert done.open_request.rate == "0.0067" and done.open_request.amount_minor == 5400
    with pytest.raises(LifecycleError, match=r"at most 60% of the original price \(¥5,400"):
        _request(_order("9000", "JPY"), kind="partial_refund", amount="5401", reason="late",
                 rate="0.0067")


def test_yen_minimum_shown_in_both_currencies_rounded_against_the_seller():
    # $5.00 at 0.0067 is ¥746.27: ¥746 is $4.99, so ¥747 is the least refund.
    assert refund_problem(_order("9000", "JPY"), 746, FIVERR, "0.0067") == \
        "A partial refund is at least $5.00 (¥747)"
    assert refund_problem(_order("9000", "JPY"), 747, FIVERR, "0.0067") is None


def test_euro_order_converted():
    assert refund_problem(_order("100.00", "EUR"), 10_00, FIVERR, "1.08") is None
    problem = refund_problem(_order("46.00", "EUR"), 10_00, FIVERR, "1.08")
    assert "over $50.00 (€46.30); this order is €46.00 (about $49.68)" in problem


def test_usd_order_unchanged():
    assert refund_problem(_order("120.00", "USD"), 72_00, FIVERR) is None
    assert refund_problem(_order("50.00", "USD"), 10_00, FIVERR) == (
        "A partial refund needs an order price over $50.00; this order is $50.00")


@pytest.mark.parametrize("rate", ["0", "-1", "abc", "1e3", "", "0.0067.1"])
def test_invalid_rate_refused_with_the_field_named(rate):
    with pytest.raises(LifecycleError, match=r"^Rate: "):
        _request(_order("9000", "JPY"), kind="partial_refund", amount="5400", reason="late",
                 rate=rate)


def test_unpublished_refund_rules_are_said_not_checked():
    unpublished = [p for p in PROFILES.values() if p.refund_min_order_minor is None]
    for profile in unpublished:
        problem = refund_problem(_order("100.00", profile.reference_currency), 10_00, profile)
        assert "publishes no partial-refund limits" in problem
