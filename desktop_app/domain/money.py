"""Money as integer minor units plus an ISO 4217 currency. Never floats."""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from babel import Locale
from babel.numbers import NumberPattern, parse_pattern

from desktop_app.domain.currencies import MINOR_DECIMALS
from desktop_app.domain.errors import shown
from desktop_app.domain.limits import MAX_AMOUNT_CHARS, MAX_MINOR

DISPLAY_LOCALE = "en_US"  # one style everywhere until the window is translated
# ASCII digits only: `\d` and Decimal also read Arabic-Indic and full-width digits.
_AMOUNT_RE = re.compile(r"-?[0-9]+(\.[0-9]+)?")


class MoneyError(ValueError):
    """A price or amount that cannot be read."""


def decimals_of(currency: str) -> int:
    """The decimals of the currency's minor unit (2 for a code not in ISO 4217, which
    check_currency refuses at the edge but an old database may hold)."""
    return MINOR_DECIMALS.get(currency, 2)


def check_currency(currency: str) -> str:
    if not isinstance(currency, str) or currency not in MINOR_DECIMALS:
        raise MoneyError(f"{shown(currency)} is not an ISO 4217 currency code (such as USD, "
                         "EUR or JPY)")
    return currency


@dataclass(frozen=True, order=True)
class Money:
    minor: int
    currency: str

    @classmethod
    def parse(cls, amount: str, currency: str) -> Money:
        """Read a decimal string such as "120.00" in the given currency."""
        check_currency(currency)
        text = str(amount).strip()
        if len(text) > MAX_AMOUNT_CHARS or not _AMOUNT_RE.fullmatch(text):
            raise MoneyError(f"{shown(amount)} is not a decimal amount such as 120.00")
        places = decimals_of(currency)
        scaled = Decimal(text).scaleb(places)
        if scaled != scaled.to_integral_value():
            raise MoneyError(f"{shown(amount)} has more than {places} decimals for {currency}")
        minor = int(scaled)
        if abs(minor) > MAX_MINOR:
            raise MoneyError(f"{shown(amount)} is more than "
                             f"{Money(MAX_MINOR, currency).amount_str()} {currency}")
        return cls(minor, currency)

    def amount_str(self) -> str:
        """The decimal string, e.g. "120.00"."""
        places = decimals_of(self.currency)
        if places == 0:
            return str(self.minor)
        sign = "-" if self.minor < 0 else ""
        whole, frac = divmod(abs(self.minor), 10**places)
        return f"{sign}{whole}.{frac:0{places}d}"

    def display(self, locale: str = DISPLAY_LOCALE) -> str:
        """The amount as the locale writes it ("$20.00", "CA$60.00", "¥6,000", "KWD1.250"),
        always with the ISO 4217 decimals of the currency (not CLDR's, which differ)."""
        pattern = _pattern(locale, decimals_of(self.currency))
        amount = Decimal(self.minor).scaleb(-decimals_of(self.currency))
        return pattern.apply(amount, Locale.parse(locale), currency=self.currency,
                             currency_digits=False)

    def compare(self, other: Money) -> int:
        """-1, 0 or 1; refuses two currencies (convert first, at a confirmed rate)."""
        self._same(other)
        return (self.minor > other.minor) - (self.minor < other.minor)

    def __add__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.minor + other.minor, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.minor - other.minor, self.currency)

    def _same(self, other: Money) -> None:
        if other.currency != self.currency:
            raise MoneyError(f"cannot mix {self.currency} and {other.currency}")


@lru_cache(maxsize=64)
def _pattern(locale: str, places: int) -> NumberPattern:
    pattern = copy.copy(parse_pattern(Locale.parse(locale).currency_formats["standard"]))
    pattern.frac_prec = (places, places)
    return pattern
