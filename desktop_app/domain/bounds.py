"""The ranges every number and time a seller types must fall in, checked at the edge.

A value past these is a typo or an attack, never an order: `--days 3000000` once pushed a
due date past the last date Python can hold, and every later command failed on it. Each
check raises FieldError naming the field, so the command line and the window refuse with
one sentence before anything is written.
"""

from __future__ import annotations

from datetime import UTC, datetime

from desktop_app.domain.errors import FieldError
from desktop_app.domain.money import Money

# The years the sync server accepts (sync/server/wire.py): an event written here can
# always be pushed, and adding a request's days or a 48 h window to it stays far from
# datetime.max.
EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)
LATEST = datetime(2999, 12, 31, 23, 59, 59, 999999, tzinfo=UTC)
MAX_REQUEST_DAYS = 365  # an extension or an extra's days: a year is already unheard of
# 1,000,000,000.00 in a two-decimal currency: above any gig, and the sum of 100,000 such
# orders still fits SQLite's 64-bit integers.
MAX_AMOUNT_MINOR = 100_000_000_000
MAX_DEMO_ORDERS = 1_000_000
MAX_SEED = 2**63 - 1


def whole(value: object, field: str, minimum: int, maximum: int) -> int:
    """`value` as an int from minimum to maximum; text is read as a whole number."""
    if isinstance(value, str):
        text = value.strip()
        if not (text.lstrip("+-").isdigit() and text.isascii() and len(text) <= 30):
            raise FieldError(field, f"'{value}' is not a whole number")
        value = int(text)
    if isinstance(value, bool) or not isinstance(value, int):
        raise FieldError(field, f"{value!r} is not a whole number")
    if not minimum <= value <= maximum:
        raise FieldError(field, f"must be from {minimum:,} to {maximum:,}, not {value:,}")
    return value


def moment(value: datetime, field: str) -> datetime:
    """A time within the years 1900-2999."""
    if not EARLIEST <= value <= LATEST:
        raise FieldError(field, f"{value:%Y-%m-%d} is outside the years "
                                f"{EARLIEST.year}-{LATEST.year}")
    return value


def amount(minor: int, currency: str, field: str) -> int:
    """An amount in minor units from 0 to MAX_AMOUNT_MINOR."""
    if not 0 <= minor <= MAX_AMOUNT_MINOR:
        raise FieldError(field, f"must be from 0 to {Money(MAX_AMOUNT_MINOR, currency).display()}")
    return minor
