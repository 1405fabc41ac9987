"""The list query: every order's list fields, column-wise, through SQLAlchemy Core.

The window reads 100,000 orders at start: one SELECT of the fields in columns.FIELDS,
returned column-wise so the index can keep them in arrays. The first screen of a large
book comes from the same query filtered, sorted and limited by SQL (its indexes answer
it before the whole book is read).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

from sqlalchemy import Connection, Integer, and_, cast, func, literal, select, text

from desktop_app.services.order_list.columns import NAMES, NO_TIME, SORT_KEYS, STAMPS
from desktop_app.storage.schema import orders


class OrderColumns:
    """The list fields of some orders, one tuple per field (named as in columns.FIELDS),
    rows in the same order. Stamp fields are microseconds since the epoch, NO_TIME for none.
    """

    __slots__ = NAMES

    def __init__(self, *values: tuple):
        for name, value in zip(NAMES, values, strict=True):
            setattr(self, name, value)

    @classmethod
    def empty(cls) -> OrderColumns:
        return cls(*((),) * len(NAMES))

    def __len__(self) -> int:
        return len(self.id)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, OrderColumns) and \
            all(getattr(self, n) == getattr(other, n) for n in NAMES)

    def row(self, index: int) -> dict:
        return {name: getattr(self, name)[index] for name in NAMES}


def list_columns(conn: Connection, where=None) -> OrderColumns:
    chunks = list(iter_list_columns(conn, where))
    if len(chunks) == 1:
        return chunks[0]
    return OrderColumns(*(sum((getattr(c, name) for c in chunks), ()) for name in NAMES))


def changed_columns(conn: Connection, ids: Iterable[str]) -> OrderColumns:
    """The list fields of the orders with these ids (those that still exist). The ids go
    as one JSON parameter: a change set may hold more ids than SQLite takes variables."""
    listed = text("SELECT value FROM json_each(:ids)").bindparams(ids=json.dumps(list(ids)))
    return list_columns(conn, orders.c.id.in_(listed))


def iter_list_columns(conn: Connection, where=None, chunk: int = 50_000,
                      order_by=None, limit: int | None = None) -> Iterator[OrderColumns]:
    """The list fields in chunks of `chunk` rows, straight from the DBAPI cursor.

    Reading the sqlite3 cursor skips SQLAlchemy's Row objects, and chunks keep the peak
    memory of a large load low. Always yields at least one (possibly empty) chunk.
    """
    query = select(*(_micros(orders.c[name]).label(name) if name in STAMPS
                     else orders.c[name] for name in NAMES))
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
        yield OrderColumns.empty()


def first_rows(conn: Connection, statuses: Iterable[str] | None, late_before: str | None,
               sort_column: int, descending: bool, limit: int, marketplace: str = ""
               ) -> OrderColumns:
    """The first `limit` orders a view shows: those in `statuses` (None: every order), due
    before `late_before` when given, of `marketplace` when given, sorted by the table
    column `sort_column`."""
    conditions = []
    if marketplace:
        conditions.append(orders.c.marketplace == marketplace)
    if statuses is not None:
        conditions.append(orders.c.status.in_(sorted(statuses)))
    if late_before is not None:
        conditions.append(orders.c.due_at < late_before)
    column = orders.c[SORT_KEYS[sort_column]]
    return next(iter_list_columns(conn, and_(*conditions) if conditions else None,
                                  limit=limit,
                                  order_by=[column.desc() if descending else column]))


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
