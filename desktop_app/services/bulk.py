"""Bulk writing of orders built in memory by real events (demo data, large imports).

The caller has already run every event through the lifecycle reducer. Rows are
made by `rows_of` (pure: it can run in a worker process) and written by
`write_rows`, which numbers the events for this device and inserts orders,
then events (events reference orders), in the caller's transaction.

Rows go to the driver's executemany as plain tuples: for 100,000 orders and
half a million events, SQLAlchemy's per-row parameter handling cost seconds.
The column lists come from the schema, so a migration adding a column makes
these statements fail loudly rather than write partial rows.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from operator import itemgetter

from sqlalchemy import Connection

from desktop_app.domain.events import Event, uuid7
from desktop_app.domain.order import Order
from desktop_app.domain.timeutil import to_stored
from desktop_app.storage import repo
from desktop_app.storage.jsontext import canonical
from desktop_app.storage.schema import events as events_table
from desktop_app.storage.schema import orders as orders_table
from desktop_app.storage.statements import insert_rows

ORDER_COLUMNS = tuple(c.name for c in orders_table.columns)
EVENT_COLUMNS = ("id", "order_id", "kind", "at", "data", "device_id", "device_seq")
_order_values = itemgetter(*ORDER_COLUMNS)


class SeededIds:
    """Version-7 UUIDs as `new_id` makes them, but reproducible: same seed, same ids.

    The stamps count up from `start_ms` (one per id, 4,096 per millisecond), so the
    ids of a unit sort in the order they were made, as the app's own do."""

    def __init__(self, rng: random.Random, start_ms: int):
        self.rng = rng
        self.stamp = start_ms << 12

    def __call__(self) -> str:
        self.stamp += 1
        return uuid7(self.stamp, self.rng.getrandbits(62))




def rows_of(orders: list[Order], events: list[Event]) -> tuple[list[tuple], list[tuple]]:
    """Order rows (ORDER_COLUMNS) and event rows (EVENT_COLUMNS without the device part)."""
    order_rows = [_order_values(repo.projection_row(o)) for o in orders]
    event_rows = [(e.id, e.order_id, e.kind, to_stored(e.at), canonical(e.data) if e.data else "{}")
                  for e in events]
    return order_rows, event_rows


def write_rows(conn: Connection, device_id: str, order_rows: list[tuple],
               event_rows: list[tuple]) -> None:
    """Insert the orders, then their events with consecutive seqs reserved for this device."""
    insert_rows(conn, orders_table, ORDER_COLUMNS, order_rows)
    if event_rows:
        first = repo.next_device_seq(conn, device_id, len(event_rows))
        insert_rows(conn, events_table, EVENT_COLUMNS,
                    [(*row, device_id, first + i) for i, row in enumerate(event_rows)])


def write_orders(conn: Connection, device_id: str, orders: list[Order],
                 events: list[Event]) -> None:
    """rows_of + write_rows, for callers that built the orders in this process."""
    write_rows(conn, device_id, *rows_of(orders, events))


def write_foreign(conn: Connection, orders: list[Order], events: list[Event]) -> None:
    """Insert orders and events that keep their own device ids and seqs (imported history)."""
    insert_rows(conn, orders_table, ORDER_COLUMNS,
                [_order_values(repo.projection_row(o)) for o in orders])
    event_rows = [(e.id, e.order_id, e.kind, to_stored(e.at), canonical(e.data) if e.data else "{}",
                   e.device_id, e.device_seq) for e in events]
    insert_rows(conn, events_table, EVENT_COLUMNS, event_rows)


@contextmanager
def bulk_transactions(conn: Connection, rebuild_indexes: bool) -> Iterator[Callable]:
    """How each chunk begins its transaction.

    Usually a chunk is a transaction of its own. With `rebuild_indexes` (a large
    demo into an empty database) the whole demo is one transaction that drops
    the secondary indexes first and creates them again at the end: building an
    index once from the finished table is several times cheaper than updating it
    row by row. Chunks are then savepoints, so a cancel still keeps the earlier
    chunks, and no other connection ever sees the tables without their indexes.
    """
    if not rebuild_indexes:
        yield conn.begin
        return
    with conn.begin():
        conn.exec_driver_sql("BEGIN")  # pysqlite would not begin before DDL or a SAVEPOINT
        definitions = secondary_indexes(conn)
        for name in definitions:
            conn.exec_driver_sql(f'DROP INDEX "{name}"')
        yield conn.begin_nested
        for sql in definitions.values():
            conn.exec_driver_sql(sql)


def secondary_indexes(conn: Connection) -> dict[str, str]:
    """name -> CREATE INDEX statement of the non-unique indexes on the tables bulk writing fills."""
    return dict(conn.exec_driver_sql(
        "SELECT m.name, m.sql FROM sqlite_master AS m"
        " JOIN pragma_index_list(m.tbl_name) AS i ON i.name = m.name"
        " WHERE m.type = 'index' AND m.tbl_name IN (?, ?) AND i.origin = 'c'"
        " AND NOT i.\"unique\" ORDER BY m.rowid",
        (orders_table.name, events_table.name)).all())


CHECK_EVERY = 1000  # rows between two progress reports and cancel checks


class Steps:
    """Progress over a bulk job of `total` rows, checking a cancel flag at every report.

    `step()` per row (a report every CHECK_EVERY), `step(n)` per batch (a report each);
    once `cancel` is set, the next report raises `cancelled()` instead.
    """

    def __init__(self, total: int, progress: Callable[[int, int], None] | None,
                 cancel: threading.Event | None, cancelled: Callable[[], Exception]):
        self.total, self.progress, self.cancel, self.cancelled = total, progress, cancel, \
            cancelled
        self.done = 0

    def step(self, count: int = 1) -> None:
        self.done += count
        if self.done % CHECK_EVERY == 0 or count > 1 or self.done == self.total:
            self.check()

    def check(self) -> None:
        if self.cancel is not None and self.cancel.is_set():
            raise self.cancelled()
        if self.progress is not None:
            self.progress(self.done, self.total)


def release(items: list) -> None:
    """Empty a large list of parsed orders a slice at a time.

    Freeing it whole is one long C call that holds the GIL: a window importing on a
    worker thread froze until it ended. Between slices other threads run.
    """
    while items:
        del items[-200:]
