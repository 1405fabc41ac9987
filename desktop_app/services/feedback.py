"""Recording what the buyer gives after the work: a tip, a rating (domain/feedback.py)."""

from __future__ import annotations

from datetime import datetime

from desktop_app.domain import events as ev
from desktop_app.domain.feedback import rating_of, stars_value, tip_minor
from desktop_app.domain.order import Order
from desktop_app.services.orders import OrderBook


def record_tip(book: OrderBook, ref: str, amount: str, at: datetime | None = None) -> Order:
    """A tip of `amount` (decimal text in the order's currency); FieldError naming
    `amount` for a bad one, and nothing written."""
    data = {"amount": amount.strip() if isinstance(amount, str) else amount}
    tip_minor(data, book.get(ref).price.currency)
    return book.act(ref, ev.TIP_RECEIVED, data, at)


def record_rating(book: OrderBook, ref: str, stars: object, text: str = "",
                  at: datetime | None = None) -> Order:
    """The buyer's rating (1 to 5 stars, "4" as text too); a later one replaces it.
    FieldError naming `stars` or `text` for bad input, and nothing written."""
    data = {"stars": stars_value(stars), "text": text}
    rating_of(data, None)
    return book.act(ref, ev.RATED, data, at)
