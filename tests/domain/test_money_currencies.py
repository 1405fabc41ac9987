"""Money: ISO 4217 minor units, Babel display, no comparison across currencies."""

import pytest

from desktop_app.domain.money import Money, MoneyError, check_currency, decimals_of


@pytest.mark.parametrize("code", ["KWD", "BHD", "OMR", "JOD", "TND", "IQD"])
def test_three_decimal_currencies(code):
    assert decimals_of(code) == 3
    assert Money.parse("1.250", code).minor == 1250


@pytest.mark.parametrize("code", ["JPY", "KRW", "UGX", "PYG", "XOF", "XAF"])
def test_zero_decimal_currencies(code):
    assert decimals_of(code) == 0
    with pytest.raises(MoneyError, match="more than 0 decimals"):
        Money.parse("1.5", code)


@pytest.mark.parametrize("code", ["HUF", "IDR", "COP"])
def test_iso_decimals_win_over_cldr_digits(code):
    assert decimals_of(code) == 2


@pytest.mark.parametrize("code", ["ABC", "XAU", "usd", ""])
def test_unknown_code_refused_with_a_clear_message(code):
    with pytest.raises(MoneyError, match="is not an ISO 4217 currency code"):
        check_currency(code)


@pytest.mark.parametrize(("amount", "code", "shown"), [
    ("20", "USD", "$20.00"), ("60", "CAD", "CA$60.00"), ("30", "EUR", "€30.00"),
    ("6000", "JPY", "¥6,000"), ("1.25", "KWD", "KWD1.250"), ("-5", "USD", "-$5.00"),
    ("1234567.5", "USD", "$1,234,567.50"),
])
def test_display_in_one_style(amount, code, shown):
    assert Money.parse(amount, code).display() == shown


def test_display_takes_a_locale():
    assert Money.parse("30", "EUR").display("de_DE") == "30,00\xa0€"


def test_compare_refuses_mixed_currencies():
    assert Money(500, "USD").compare(Money(400, "USD")) == 1
    assert Money(400, "USD").compare(Money(400, "USD")) == 0
    with pytest.raises(MoneyError, match="cannot mix"):
        Money(6000, "JPY").compare(Money(5000, "USD"))
