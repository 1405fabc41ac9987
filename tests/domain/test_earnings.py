"""Earnings per order and per currency: fee, net, clearance, never mixing currencies."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from desktop_app.domain.codec import order_from_dict
from desktop_app.domain.earnings import fee_of, order_earnings, parse_month, summarize
from desktop_app.domain.errors import FieldError
from desktop_app.domain.money import Money
from tests.conftest import order_fields

DONE_AT = datetime(2026, 11, 5, 10, tzinfo=UTC)


def done(ref="FO1", **fields):
    base = dict(status="completed", delivered_at="2026-11-03T10:00:00Z",
                completed_at="2026-11-05T10:00:00Z")
    return order_from_dict(order_fields(ref, **{**base, **fields}))


def test_fiverr_gross_includes_extras_and_tips_less_refunds_and_fee_is_20_percent():
    order = done(price="100.00", extras="20.00", tips="10.00", refunded="5.00")
    e = order_earnings(order)
    assert e.gross_minor == 12500
    assert e.fee_minor == 2500 and e.net_minor == 10000 and not e.fee_recorded
    assert e.clears_at == DONE_AT + timedelta(days=14)
    assert order_earnings(order, fast=True).clears_at == DONE_AT + timedelta(days=7)


def test_fee_rounds_half_up_to_the_minor_unit():
    order = done(price="12.35")
    # 20% of 12.35 is 2.47 exactly; of 12.33 it is 2.466 -> 2.47; of 12.32: 2.464 -> 2.46
    assert fee_of(order, 1235) == (247, "")
    assert fee_of(order, 1233)[0] == 247
    assert fee_of(order, 1232)[0] == 246
    assert fee_of(order, 1234)[0] == 247  # 2.468
    assert fee_of(order, 1237)[0] == 247  # 2.474
    assert fee_of(order, 1238)[0] == 248  # 2.476


def test_recorded_fee_and_clearance_win_over_the_profile():
    order = done(fee="3.00", cleared_at="2026-11-08T00:00:00Z")
    e = order_earnings(order)
    assert e.fee_minor == 300 and e.fee_recorded and e.net_minor == 11700
    assert e.clears_at == datetime(2026, 11, 8, tzinfo=UTC)


def test_freelancer_minimum_fee_and_unpublished_fees_and_clearance():
    order = done(price="20.00")
    order.marketplace = "freelancer"
    e = order_earnings(order)
    assert e.fee_minor == 500 and e.clears_at is None  # 10% is $2: the $5 minimum
    order.price = Money(300, "USD")
    assert order_earnings(order).fee_minor == 300  # never more than the gross
    eur = done(price="20.00", currency="EUR")
    eur.marketplace = "freelancer"
    fee, note = fee_of(eur, 2000)
    assert fee == 200 and "not applied" in note
    pph = done(price="50.00", currency="GBP")
    pph.marketplace = "peopleperhour"
    e = order_earnings(pph)
    assert e.fee_minor is None and e.net_minor is None and e.clears_at is None


def test_only_completed_orders_earn():
    assert order_earnings(order_from_dict(order_fields())) is None


def test_summary_is_per_currency_pending_available_and_month():
    now = datetime(2026, 11, 15, tzinfo=UTC)
    orders = [done("FO1"),  # clears 19 Nov: pending
              done("FO2", ordered_at="2026-10-01T00:00:00Z", due_at="2026-10-04T00:00:00Z",
                   delivered_at="2026-10-10T00:00:00Z",
                   completed_at="2026-10-20T00:00:00Z"),  # cleared 3 Nov
              done("FO3", currency="EUR", price="50.00")]
    pph = done("FO4", currency="GBP", price="80.00")
    pph.marketplace = "peopleperhour"
    s = summarize(orders + [pph], now)
    assert list(s.currencies) == ["EUR", "GBP", "USD"]
    usd, eur, gbp = s.currencies["USD"], s.currencies["EUR"], s.currencies["GBP"]
    assert (usd.pending_minor, usd.available_minor, usd.month_net_minor) == (9600, 9600, 9600)
    assert usd.by_month == {"2026-10": 9600, "2026-11": 9600}
    assert (eur.pending_minor, eur.month_net_minor) == (4000, 4000)
    assert gbp.fee_unknown_orders == 1 and gbp.fee_unknown_gross_minor == 8000
    assert gbp.pending_minor == gbp.available_minor == gbp.undated_minor == 0
    assert s.month == "2026-11"
    assert summarize(orders, now, "2026-10").currencies["USD"].month_net_minor == 9600


@pytest.mark.parametrize("bad", ["2026-13", "2026-00", "2026-1", "26-11", "november", "", 5,
                                 "2026-11-01"])
def test_bad_months_are_refused_naming_the_option(bad):
    with pytest.raises(FieldError) as err:
        parse_month(bad, "--month")
    assert err.value.field == "--month" and "YYYY-MM" in err.value.message


def test_good_month():
    assert parse_month(" 2026-02 ") == "2026-02"
