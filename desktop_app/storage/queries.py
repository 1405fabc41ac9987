"""Read-only queries for metrics and whole-book reads, through SQLAlchemy Core (no ORM
objects). The order list's query lives with the list, in services.order_list.query.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from sqlalchemy import Connection, func, select

from desktop_app.domain.metrics import FIRST_DELIVERY_PATHS
from desktop_app.storage.schema import orders


def iter_states(conn: Connection, batch: int = 5000) -> Iterator[dict]:
    """Every order's stored state, decoded, streamed in batches."""
    result = conn.execution_options(yield_per=batch).execute(
        select(orders.c.state).order_by(orders.c.ref))
    for (state,) in result:
        yield json.loads(state)


def metric_rows(conn: Connection) -> list[tuple]:
    """Per order, the fields metrics need, read by SQLite's JSON functions in one pass."""
    state = orders.c.state
    return conn.execute(select(
        orders.c.ref, orders.c.status, orders.c.ordered_at, orders.c.due_at,
        func.json_extract(state, "$.requirements_at"),
        func.coalesce(*(func.json_extract(state, path) for path in FIRST_DELIVERY_PATHS)),
        orders.c.completed_at, orders.c.cancelled_at,
        func.json_extract(state, "$.cancellation.by"),
        func.json_extract(state, "$.cancellation.exempt"),
        func.json_extract(state, "$.reordered_as"),
        func.max(orders.c.revisions_used, func.json_array_length(state, "$.revision_requests")),
    ).group_by(orders.c.id)).fetchall()


# What earnings read of each completed order's state (services.earnings.earning_facts).
EARNING_PATHS = ("$.extras", "$.tips", "$.refunded", "$.fee", "$.cleared_at", "$.marketplace",
                 "$.rating.stars")


def earning_rows(conn: Connection) -> list[tuple]:
    """Per completed order: ref, buyer, currency, price_minor, completed_at (stored), then
    the EARNING_PATHS of its state, read by SQLite's JSON functions in one pass."""
    state = orders.c.state
    return conn.execute(select(
        orders.c.ref, orders.c.buyer, orders.c.currency, orders.c.price_minor,
        orders.c.completed_at, *(func.json_extract(state, path) for path in EARNING_PATHS),
    ).where(orders.c.status == "completed").order_by(orders.c.ref)).fetchall()
