"""What the buyer gives after the work: tips and a rating, as events.

- `tip_received` {amount}: a decimal string in the order's currency, more than zero;
  allowed on delivered and completed orders (buyers tip when they accept the work, and
  a few days after). Tips add up: each is one more event.
- `rated` {stars, text}: 1 to 5 stars and the review's words, on completed orders. A
  second rating replaces the first (the buyer changed the review, or the seller typed
  it wrong); the history keeps both events.

The same readers check the data when the seller records it, when a history is
imported (codec_events) and when the lifecycle applies it, so the refusal names the
same field everywhere.
"""

from __future__ import annotations

from datetime import datetime

from desktop_app.domain import bounds
from desktop_app.domain import fields as f
from desktop_app.domain.errors import FieldError, LifecycleError
from desktop_app.domain.limits import MAX_TEXT
from desktop_app.domain.order import Order, Rating

TIP_KEYS = frozenset(("amount",))
RATING_KEYS = frozenset(("stars", "text"))


def tip_minor(data: dict, currency: str, where: str = "") -> int:
    """The tip's amount in minor units; FieldError naming `amount`."""
    f.check_keys(data, TIP_KEYS, where)
    minor = f.money(data.get("amount"), currency, where + "amount").minor
    if minor == 0:
        raise FieldError(where + "amount", "must be more than zero")
    return bounds.amount(minor, currency, where + "amount")


def rating_of(data: dict, at: datetime, where: str = "") -> Rating:
    """The rating in an event's data; FieldError naming `stars` or `text`."""
    f.check_keys(data, RATING_KEYS, where)
    return Rating(f.whole(data.get("stars"), where + "stars", minimum=1, maximum=5),
                  f.text(data, "text", where, required=False, limit=MAX_TEXT), at)


def stars_value(value: object) -> object:
    """Stars as typed ("4", " 5 "): a whole number when the text is one, else unchanged
    (and refused by rating_of with the field's name)."""
    if isinstance(value, str) and value.strip().isdigit() and len(value.strip()) < 4:
        return int(value.strip())
    return value


def tipped(order: Order, event, _profile) -> None:
    try:
        minor = tip_minor(event.data, order.price.currency)
        order.tips_minor = bounds.amount(order.tips_minor + minor, order.price.currency,
                                         "tips")
    except FieldError as exc:
        raise LifecycleError(f"Order {order.ref}: {exc}") from None


def rated(order: Order, event, _profile) -> None:
    try:
        order.rating = rating_of(event.data, event.at)
    except FieldError as exc:
        raise LifecycleError(f"Order {order.ref}: {exc}") from None
