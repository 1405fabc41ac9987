"""What an edit changed: the editable fields whose value differs from the order's."""

from __future__ import annotations

from typing import Any

from desktop_app.domain.money import Money, MoneyError
from desktop_app.domain.order import Order
from desktop_app.domain.timeutil import TimestampError, format_ts, parse_ts

EDITABLE = ("buyer", "gig", "package", "price", "due_at", "revisions_included", "scope")


def _same(name: str, old: Any, new: Any, order: Order) -> bool:
    try:
        if name == "price":
            return Money.parse(str(new), order.price.currency) == order.price
        if name == "due_at":
            return parse_ts(new) == order.due_at
    except (MoneyError, TimestampError):
        return False  # unreadable: let the lifecycle name the problem
    return old == new


def edited_fields(order: Order, fields: dict[str, Any]) -> dict[str, Any]:
    """The changes to pass to OrderBook.edit_order, from the dialog's interchange dict."""
    current = {"buyer": order.buyer, "gig": order.gig, "package": order.package,
               "price": order.price.amount_str(), "due_at": format_ts(order.due_at),
               "revisions_included": order.revisions_included, "scope": list(order.scope)}
    return {name: fields[name] for name in EDITABLE
            if name in fields and not _same(name, current[name], fields[name], order)}
