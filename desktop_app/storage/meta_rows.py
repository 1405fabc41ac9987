"""The `meta` table: one text value per key (settings, sync cursors, device id and seq
counters), read and written here only."""

from __future__ import annotations

from sqlalchemy import Connection, select
from sqlalchemy.dialects.sqlite import Insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from desktop_app.storage.schema import meta


def get_meta(conn: Connection, key: str) -> str | None:
    return conn.execute(select(meta.c.value).where(meta.c.key == key)).scalar()


def set_meta(conn: Connection, key: str, value: str) -> None:
    conn.execute(meta_upsert(key, value, value))


def meta_upsert(key: str, value, on_conflict) -> Insert:
    """INSERT of (key, value) that sets `on_conflict` instead when the key is there.

    One statement, so it runs under SQLite's write lock whatever the transaction read
    before: two processes writing the same key cannot both insert it."""
    return (sqlite_insert(meta).values(key=key, value=value)
            .on_conflict_do_update(index_elements=[meta.c.key], set_={"value": on_conflict}))
