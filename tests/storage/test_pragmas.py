"""New database files get 16 KiB pages; files made with 4 KiB ones keep them and open."""

import sqlite3

from desktop_app.storage.db import PAGE_SIZE, Database
from desktop_app.storage.tuning import BULK_WAL_BYTES, bulk_wal
from desktop_app.sync.server.db import make_engine, migrate


def _page_size(conn) -> int:
    return conn.exec_driver_sql("PRAGMA page_size").scalar()


def test_a_new_device_database_has_16_kib_pages_in_wal_mode(tmp_path):
    db = Database(tmp_path / "data")
    with db.transaction() as conn:
        assert _page_size(conn) == PAGE_SIZE == 16_384
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    db.dispose()


def test_a_database_made_with_4_kib_pages_keeps_them(tmp_path):
    (tmp_path / "data").mkdir()
    old = sqlite3.connect(tmp_path / "data" / "gigdesk.sqlite")
    old.execute("PRAGMA page_size=4096")
    old.execute("PRAGMA journal_mode=WAL")
    old.execute("CREATE TABLE earlier (x)")
    old.close()
    db = Database(tmp_path / "data")
    with db.engine.connect() as conn:
        assert _page_size(conn) == 4096
        with bulk_wal(conn):  # the bulk checkpoint interval is in bytes, whatever the page
            assert conn.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar() == \
                BULK_WAL_BYTES // 4096
    db.dispose()


def test_a_new_server_database_has_16_kib_pages_and_checkpoints_every_100_mib(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'server.sqlite'}")
    migrate(engine)
    with engine.connect() as conn:
        assert _page_size(conn) == PAGE_SIZE
        assert conn.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar() == \
            100 * 2**20 // PAGE_SIZE
    engine.dispose()
