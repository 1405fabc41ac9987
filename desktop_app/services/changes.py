"""What other programs wrote to the database: the orders a window must show afresh.

Another process (the command line importing 3,000 orders, a second window) commits
to the same SQLite file. `PRAGMA data_version` on one connection held for the
purpose changes only when another connection commits, and reading it costs no I/O,
so a window can ask it twice a second. When it changed, the events appended since
the last look (the log is append-only and its positions only grow) name the orders
touched; a log that shrank (a restored backup) means anything may have changed.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop_app.domain.order import Order
from desktop_app.services.orders import NotFound, OrderBook

EVERYTHING: list[str] = []  # "anything may have changed": reload, as after an import


@dataclass(frozen=True)
class Changes:
    order_ids: list[str]  # EVERYTHING (empty) when the log does not say which
    shown: Order | None = None  # the order the window shows, read afresh when touched


class ChangeWatcher:
    """Polled from one worker at a time (the window's task runner), never concurrently."""

    def __init__(self, book: OrderBook):
        self._book = book
        self._conn = None  # a DBAPI connection of its own: data_version is per connection
        self._version: int | None = None
        self._last_position = 0

    def poll(self, shown_id: str | None = None) -> Changes | None:
        """None while nothing was committed elsewhere since the last poll (the first poll
        only takes its bearings); else the orders whose events were appended."""
        if self._conn is None:
            self._conn = self._book.db.engine.raw_connection()
        version = self._scalar("PRAGMA data_version")
        if version == self._version:
            return None
        first, self._version = self._version is None, version
        last = self._scalar("SELECT coalesce(max(position), 0) FROM events")
        since, self._last_position = self._last_position, last
        if first or last == since:
            return None  # settings, sync marks: nothing an order list shows
        if last < since:
            return Changes(EVERYTHING)
        ids = [row[0] for row in self._rows(
            "SELECT DISTINCT order_id FROM events WHERE position > ? AND position <= ?",
            (since, last))]
        shown = None
        if shown_id is not None and shown_id in ids:
            try:
                shown = self._book.get_by_id(shown_id)
            except NotFound:
                shown = None
        return Changes(ids, shown)

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def _scalar(self, sql: str) -> int:
        return self._rows(sql)[0][0]

    def _rows(self, sql: str, params: tuple = ()) -> list[tuple]:
        cursor = self._conn.cursor()
        try:
            return cursor.execute(sql, params).fetchall()
        finally:
            cursor.close()
            self._conn.rollback()  # no read transaction left open: WAL checkpoints go on
