"""Money as integer minor units plus an ISO 4217 currency. Never floats."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

# Currencies whose minor unit is not the cent. Everything else has 2 decimals.
_ZERO_DECIMAL = {"JPY", "KRW", "VND", "CLP", "ISK"}
_CURRENCY_RE = re.compile(r"^[A-Z]{3}$")
_AMOUNT_RE = re.compile(r"^-?\d+(\.\d+)?$")


class MoneyError(ValueError):
    """A price or amount that cannot be read."""


def decimals_of(currency: str) -> int:
    return 0 if currency in _ZERO_DECIMAL else 2


def check_currency(currency: str) -> str:
    if not isinstance(currency, str) or not _CURRENCY_RE.match(currency):
        raise MoneyError(f"'{currency}' is not an ISO 4217 currency code (three capital letters)")
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
        if not _AMOUNT_RE.match(text):
            raise MoneyError(f"'{amount}' is not a decimal amount such as 120.00")
        try:
            value = Decimal(text)
        except InvalidOperation as exc:  # pragma: no cover - regex guards this
            raise MoneyError(f"'{amount}' is not a number") from exc
        places = decimals_of(currency)
        scaled = value.scaleb(places)
        if scaled != scaled.to_integral_value():
            raise MoneyError(f"'{amount}' has more than {places} decimals for {currency}")
        return cls(int(scaled), currency)

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
