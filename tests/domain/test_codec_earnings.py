"""The rating, tips, fee and clearance fields of the interchange format, both readers."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from desktop_app.domain.codec import FieldError, order_from_dict, order_from_state, order_to_dict
from desktop_app.domain.order import Rating
from tests.conftest import order_fields

DONE = dict(status="completed", delivered_at="2026-11-03T10:00:00Z",
            completed_at="2026-11-05T10:00:00Z")


def test_absent_fields_mean_no_rating_no_tips_unknown_fee_and_unknown_clearance():
    order = order_from_dict(order_fields())
    assert (order.rating, order.tips_minor, order.fee_minor, order.cleared_at) == (
        None, 0, None, None)
    out = order_to_dict(order)
    assert not {"rating", "tips", "fee", "cleared_at"} & out.keys()


def test_fields_round_trip_through_both_readers():
    data = order_fields(**DONE, tips="12.00", fee="26.40", cleared_at="2026-11-19T10:00:00Z",
                        rating={"stars": 5, "text": "Great work", "at": "2026-11-05T11:00:00Z"})
    order = order_from_dict(data)
    assert order.rating == Rating(5, "Great work", datetime(2026, 11, 5, 11, tzinfo=UTC))
    assert order.tips_minor == 1200
    assert order.fee_minor == 2640
    assert order.cleared_at == datetime(2026, 11, 19, 10, tzinfo=UTC)
    out = order_to_dict(order)
    assert out["tips"] == "12.00" and out["fee"] == "26.40"
    assert out["rating"] == {"stars": 5, "text": "Great work", "at": "2026-11-05T11:00:00Z"}
    assert out["cleared_at"] == "2026-11-19T10:00:00Z"
    assert repr(order_from_state(out)) == repr(order)
    assert repr(order_from_dict(out)) == repr(order)


def test_a_recorded_fee_of_zero_is_kept_apart_from_an_unknown_fee():
    order = order_from_dict(order_fields(fee="0.00"))
    assert order.fee_minor == 0
    assert order_to_dict(order)["fee"] == "0.00"
    assert order_from_state(order_to_dict(order)).fee_minor == 0


def test_tips_in_a_currency_without_minor_units():
    order = order_from_dict(order_fields(price="5000", currency="JPY", tips="300"))
    assert order.tips_minor == 300
    assert order_to_dict(order)["tips"] == "300"


@pytest.mark.parametrize(("change", "field"), [
    ({"tips": "-1.00"}, "tips"),
    ({"tips": 12}, "tips"),
    ({"tips": "1.234"}, "tips"),
    ({"fee": "-3.00"}, "fee"),
    ({"fee": 3}, "fee"),
    ({"cleared_at": "soon"}, "cleared_at"),
    ({"cleared_at": "2026-10-01T00:00:00Z"}, "cleared_at"),
    ({"rating": 5}, "rating"),
    ({"rating": {"stars": 0, "text": "", "at": "2026-11-05T11:00:00Z"}}, "rating.stars"),
    ({"rating": {"stars": 6, "text": "", "at": "2026-11-05T11:00:00Z"}}, "rating.stars"),
    ({"rating": {"stars": "five", "text": "", "at": "2026-11-05T11:00:00Z"}}, "rating.stars"),
    ({"rating": {"stars": True, "text": "", "at": "2026-11-05T11:00:00Z"}}, "rating.stars"),
    ({"rating": {"stars": 4, "text": 3, "at": "2026-11-05T11:00:00Z"}}, "rating.text"),
    ({"rating": {"stars": 4}}, "rating.at"),
    ({"rating": {"stars": 4, "at": "2026-11-05T11:00:00Z", "by": "x"}}, "rating.by"),
])
def test_bad_values_name_their_field(change, field):
    with pytest.raises(FieldError) as err:
        order_from_dict(order_fields(**change))
    assert err.value.field == field
