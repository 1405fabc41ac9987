"""The suggested price of extra work is in the order's currency, whatever its decimals."""

from __future__ import annotations

from decimal import Decimal

import pytest

from desktop_app.domain.profile import FIVERR
from desktop_app.services.revisions import suggested_price_minor


@pytest.mark.parametrize(("hours", "rate", "currency", "expected"), [
    ("2", "25", "USD", 50_00),  # $50.00 is already a $5 step
    ("1.5", "25.50", "USD", 40_00),  # $38.25 rounds up to $40
    ("2", "3000", "JPY", 6000),  # ¥6,000: yen have no minor unit to multiply by
    ("1", "2999", "JPY", 3000),  # ¥2,999 rounds up to the ¥5 step
    ("1", "2999.6", "JPY", 3000),  # a rate with decimals is rounded to whole yen first
])
def test_rate_times_hours_in_minor_units_of_the_currency(hours, rate, currency, expected):
    assert suggested_price_minor(Decimal(hours), rate, currency, FIVERR) == expected


def test_a_yen_rate_is_not_read_as_cents():
    # Reading every rate as cents made ¥3,000 an hour a ¥300,000 suggestion.
    assert suggested_price_minor(Decimal("1"), "3000", "JPY", FIVERR) == 3000
