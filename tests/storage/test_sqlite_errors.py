"""Each kind of SQLite error, raised by a real database file, is told by its code."""

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import create_engine
from sqlalchemy.exc import DBAPIError

from desktop_app.storage.db import describe_storage_error
from desktop_app.storage.sqlite_errors import SqliteProblem, sqlite_problem


def _table(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x TEXT UNIQUE)")
    conn.execute("INSERT INTO t VALUES ('a')")
    conn.commit()
    conn.close()


def _raised(action) -> sqlite3.Error:
    with pytest.raises(sqlite3.Error) as caught:
        action()
    return caught.value


def test_a_write_while_another_connection_holds_the_lock_is_busy(tmp_path):
    path = tmp_path / "db.sqlite"
    _table(path)
    holder = sqlite3.connect(path)
    holder.execute("BEGIN IMMEDIATE")
    other = sqlite3.connect(path, timeout=0)
    exc = _raised(lambda: other.execute("INSERT INTO t VALUES ('b')"))
    holder.rollback()
    assert sqlite_problem(exc) is SqliteProblem.BUSY
    assert "locked by another program" in describe_storage_error(exc)


def test_a_write_to_a_database_opened_read_only_is_read_only(tmp_path):
    path = tmp_path / "db.sqlite"
    _table(path)
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    exc = _raised(lambda: conn.execute("INSERT INTO t VALUES ('b')"))
    assert sqlite_problem(exc) is SqliteProblem.READ_ONLY
    assert "read-only" in describe_storage_error(exc)


def test_a_write_past_the_largest_size_is_full(tmp_path):
    path = tmp_path / "db.sqlite"
    _table(path)
    conn = sqlite3.connect(path)
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count={pages}")
    exc = _raised(lambda: conn.executemany("INSERT INTO t VALUES (?)",
                                           ((str(i) * 100,) for i in range(1000))))
    assert sqlite_problem(exc) is SqliteProblem.FULL
    assert "disk is full" in describe_storage_error(exc)


def test_a_file_that_is_not_a_database_is_corrupt(tmp_path):
    path = tmp_path / "db.sqlite"
    path.write_bytes(b"not a database at all " * 1000)
    conn = sqlite3.connect(path)
    exc = _raised(lambda: conn.execute("SELECT * FROM sqlite_master").fetchall())
    assert sqlite_problem(exc) is SqliteProblem.CORRUPT


def test_a_damaged_page_is_corrupt(tmp_path):
    path = tmp_path / "db.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x TEXT)")
    conn.executemany("INSERT INTO t VALUES (?)", ((str(i) * 50,) for i in range(2000)))
    conn.commit()
    page = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    data = bytearray(path.read_bytes())
    data[page * 2:page * 4] = b"\xff" * (page * 2)  # two table pages overwritten
    path.write_bytes(bytes(data))
    damaged = sqlite3.connect(path)
    exc = _raised(lambda: damaged.execute("SELECT count(*), max(x) FROM t").fetchall())
    assert sqlite_problem(exc) is SqliteProblem.CORRUPT


def test_a_repeated_unique_value_is_a_constraint(tmp_path):
    path = tmp_path / "db.sqlite"
    _table(path)
    conn = sqlite3.connect(path)
    exc = _raised(lambda: conn.execute("INSERT INTO t VALUES ('a')"))
    assert sqlite_problem(exc) is SqliteProblem.CONSTRAINT


def test_the_code_is_read_through_sqlalchemys_wrapper(tmp_path):
    path = tmp_path / "db.sqlite"
    _table(path)
    engine = create_engine(f"sqlite:///{path}")
    with pytest.raises(DBAPIError) as caught, engine.begin() as conn:
        conn.exec_driver_sql("INSERT INTO t VALUES ('a')")
    engine.dispose()
    assert sqlite_problem(caught.value) is SqliteProblem.CONSTRAINT


def test_other_errors_are_none_of_these(tmp_path):
    conn = sqlite3.connect(tmp_path / "db.sqlite")
    exc = _raised(lambda: conn.execute("SELECT * FROM missing"))
    assert sqlite_problem(exc) is None
    assert sqlite_problem(ValueError("database is locked")) is None
