"""Money as integer minor units plus an ISO 4217 currency. Never floats."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from desktop_app.domain.currencies import MINOR_DECIMALS
from desktop_app.domain.errors import shown
from desktop_app.domain.limits import MAX_AMOUNT_CHARS, MAX_MINOR

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

    def display(self) -> str:
        symbol = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "INR": "₹"}.get(self.currency)
        places = decimals_of(self.currency)
        whole, frac = divmod(abs(self.minor), 10**places) if places else (abs(self.minor), 0)
        body = f"{whole:,}" + (f".{frac:0{places}d}" if places else "")
        sign = "-" if self.minor < 0 else ""
        return f"{sign}{symbol}{body}" if symbol else f"{sign}{body} {self.currency}"

    def __add__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.minor + other.minor, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.minor - other.minor, self.currency)

    def _same(self, other: Money) -> None:
        if other.currency != self.currency:
            raise MoneyError(f"cannot mix {self.currency} and {other.currency}")
