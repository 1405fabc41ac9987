"""Read-only queries for lists and metrics, through SQLAlchemy Core (no ORM objects).

The window reads 100,000 orders at start: one SELECT of the list columns,
returned column-wise so the table model can sort index arrays.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from sqlalchemy import Connection, Integer, cast, func, literal, select

from desktop_app.storage.schema import orders

LIST_COLUMNS = ("id", "ref", "buyer", "gig", "status", "due_at", "price_minor", "currency",
                "revisions_used", "revisions_included", "last_activity_at", "notes",
                "open_request", "request_expires_at")
# Read as microseconds since the epoch: 8-byte integers in the list's arrays, and no
# 100,000 texts to free (freed among the kept strings, their memory stayed in use).
STAMP_COLUMNS = ("due_at", "last_activity_at")
NO_TIME = -(2**63)  # a missing time: sorts before every other


@dataclass
class OrderColumns:
    """The list columns of every order, one tuple per column, rows in the same order.

    Timestamps are fixed-width UTC text, so comparing strings compares instants, except
    STAMP_COLUMNS: microseconds since the epoch, NO_TIME for none.
    """

    id: tuple
    ref: tuple
    buyer: tuple
    gig: tuple
    status: tuple
    due_at: tuple
    price_minor: tuple
    currency: tuple
    revisions_used: tuple
    revisions_included: tuple
    last_activity_at: tuple
    notes: tuple
    open_request: tuple
    request_expires_at: tuple

    def __len__(self) -> int:
        return len(self.id)

    def row(self, index: int) -> dict:
        return {name: getattr(self, name)[index] for name in LIST_COLUMNS}


def list_columns(conn: Connection, where=None) -> OrderColumns:
    chunks = list(iter_list_columns(conn, where))
    if len(chunks) == 1:
        return chunks[0]
    return OrderColumns(*(sum((getattr(c, name) for c in chunks), ()) for name in LIST_COLUMNS))


def iter_list_columns(conn: Connection, where=None, chunk: int = 50_000,
                      order_by=None, limit: int | None = None) -> Iterator[OrderColumns]:
    """The list columns in chunks of `chunk` rows, straight from the DBAPI cursor.

    Reading the sqlite3 cursor skips SQLAlchemy's Row objects (0.25 s instead of
    0.33 s for 100,000 orders) and chunks keep the peak memory of a large load low.
    Always yields at least one (possibly empty) chunk.
    """
    query = select(*(_micros(orders.c[name]).label(name) if name in STAMP_COLUMNS
                     else orders.c[name] for name in LIST_COLUMNS))
    if where is not None:
        query = query.where(where)
    if order_by is not None:
        query = query.order_by(*order_by)
    if limit is not None:
        query = query.limit(limit)
    cursor = conn.execute(query).cursor  # plain text and integers: no result processing needed
    yielded = False
    while rows := cursor.fetchmany(chunk):
        yielded = True
        yield OrderColumns(*zip(*rows, strict=True))
    if not yielded:
        yield OrderColumns(*(() for _ in LIST_COLUMNS))


def _micros(column):
    """Stored UTC text (`…T09:30:00.123456Z`) as microseconds since the epoch, in SQL.

    The seconds come from the text without its fraction: SQLite keeps times in whole
    milliseconds, so it would round .999999 up to the next second.
    """
    seconds = cast(func.strftime("%s", func.substr(column, 1, 19)), Integer)
    micros = seconds * 1_000_000 + cast(func.substr(column, 21, 6), Integer)
    return func.coalesce(micros, literal(NO_TIME, Integer))


def status_counts(conn: Connection) -> dict[str, int]:
    rows = conn.execute(select(orders.c.status, func.count()).group_by(orders.c.status))
    return dict(rows.fetchall())


def late_count(conn: Connection, owed: Iterable[str], now_db: str) -> int:
    """Orders in one of the `owed` statuses whose due time has passed."""
    return conn.execute(select(func.count()).where(
        orders.c.status.in_(list(owed)), orders.c.due_at < now_db)).scalar_one()


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
        func.json_extract(state, "$.deliveries[0].delivered_at"),
        orders.c.completed_at, orders.c.cancelled_at,
        func.json_extract(state, "$.cancellation.by"),
        func.json_extract(state, "$.cancellation.exempt"),
        func.json_extract(state, "$.reordered_as"),
        func.max(orders.c.revisions_used, func.json_array_length(state, "$.revision_requests")),
    ).group_by(orders.c.id)).fetchall()
