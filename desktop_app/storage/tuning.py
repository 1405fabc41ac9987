"""SQLite settings for bulk work, each given back when the work ends.

Everything that writes tens of thousands of rows at once (a demo, a large import,
a sync round, the sync server's pushes) tunes the connection here, so there is
one place to read what a bulk write changes and why. On other databases
(PostgreSQL behind the server) each is a no-op.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection

from desktop_app.storage.checkpoints import Checkpointer

WIDE_CACHE_KIB = 65_536
# WAL between a writer's own automatic checkpoints during bulk work (a sync, a server):
# about 100 MiB instead of SQLite's 1,000 pages, so index pages that every batch dirties
# are copied into the database once or twice rather than at every commit.
BULK_WAL_BYTES = 100 * 2**20


@contextmanager
def wide_cache(conn: Connection, kib: int = WIDE_CACHE_KIB) -> Iterator[None]:
    """A 64 MiB page cache for one batch, then the connection's own again.

    The default 2 MiB thrashes when tens of thousands of rows go into the random
    (uuid-keyed) indexes of a database of hundreds of megabytes.
    """
    if conn.dialect.name != "sqlite":
        yield
        return
    before = conn.exec_driver_sql("PRAGMA cache_size").scalar()
    if before < 0 and -before >= kib:  # wide already
        yield
        return
    conn.exec_driver_sql(f"PRAGMA cache_size=-{kib}")
    try:
        yield
    finally:
        conn.exec_driver_sql(f"PRAGMA cache_size={int(before)}")


@contextmanager
def bulk_wal(conn: Connection) -> Iterator[None]:
    """While `conn` (outside a transaction) commits batch after batch: checkpoint from
    a thread of its own (storage.checkpoints), the commits' own checkpoints rare; then
    once at the end, and give the connection its own setting back."""
    if conn.dialect.name != "sqlite":
        yield
        return
    before = conn.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar()
    page = conn.exec_driver_sql("PRAGMA page_size").scalar()
    conn.exec_driver_sql(f"PRAGMA wal_autocheckpoint={BULK_WAL_BYTES // page}")
    conn.commit()
    checkpoints = Checkpointer(conn.engine).start()
    try:
        yield
    finally:
        checkpoints.stop()
        conn.exec_driver_sql(f"PRAGMA wal_autocheckpoint={int(before)}")
        conn.exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)")
        conn.commit()


@contextmanager
def bulk_pragmas(conn: Connection, cache_kib: int) -> Iterator[None]:
    """A larger page cache and no automatic checkpoints while bulk writing into a
    database nobody else writes (a demo), then as usual.

    Random UUID keys touch index pages all over the file; with the default 2 MB
    cache, inserting 100,000 orders spilled and re-read pages for 20 s. One
    checkpoint at the end copies each page once. (synchronous=OFF would gain
    nothing more: in WAL mode NORMAL syncs only at checkpoints.)
    """
    usual = {name: conn.exec_driver_sql(f"PRAGMA {name}").scalar()
             for name in ("cache_size", "wal_autocheckpoint")}
    conn.exec_driver_sql(f"PRAGMA cache_size=-{cache_kib}")
    conn.exec_driver_sql("PRAGMA wal_autocheckpoint=0")
    conn.commit()  # end the autobegun transaction: each chunk begins its own
    try:
        yield
    finally:
        conn.rollback()
        for name, value in usual.items():
            conn.exec_driver_sql(f"PRAGMA {name}={int(value)}")
        conn.commit()
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
