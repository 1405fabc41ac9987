"""Two statements every layer needs and builds the same way: `column IN many values`
and an INSERT of plain rows from a column list.

Both serve the local SQLite database and the sync server's (SQLite or PostgreSQL)
alike, so each takes the connection to read its dialect.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from sqlalchemy import ARRAY, Connection, any_, bindparam, func, select
from sqlalchemy.sql.elements import ColumnElement


def among(conn: Connection, column, values: Sequence) -> ColumnElement[bool]:
    """`column IN values` with the values as one parameter (a JSON array on SQLite,
    an array on PostgreSQL): one query whatever their number, where a list of bound
    parameters needs one query per few hundred values (SQLite caps them)."""
    if conn.dialect.name == "sqlite":
        listed = func.json_each(json_array(list(values))).table_valued("value")
        return column.in_(select(listed.c.value))
    return column == any_(bindparam(None, list(values), type_=ARRAY(column.type)))


def json_array(values: list, piece: int = 5000) -> str:
    """json.dumps(values), a slice at a time.

    The encoder is one C call that holds the GIL for the whole list: a window importing
    a large file on a worker thread froze while it ran. Between slices other threads run.
    """
    parts = [json.dumps(values[i:i + piece])[1:-1] for i in range(0, len(values), piece)]
    return "[" + ",".join(p for p in parts if p) + "]"


def insert_rows(conn: Connection, table, columns: Sequence[str], rows: list[tuple]) -> None:
    """Insert `rows` (tuples in `columns` order) with one executemany straight to the
    driver: SQLAlchemy's per-row parameter handling costs more than the inserts
    themselves at tens of thousands of rows. The columns are named, so a migration that
    adds a column without a default makes this fail loudly rather than write partial rows.
    """
    if not rows:
        return
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    conn.exec_driver_sql(f"INSERT INTO {table.name} ({', '.join(columns)}) "
                         f"VALUES ({', '.join([mark] * len(columns))})", rows)
