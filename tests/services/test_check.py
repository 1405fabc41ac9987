"""`check`: every column of the projection against its events; damage listed, never a
traceback."""

from __future__ import annotations

import sqlite3

import pytest

from desktop_app.cli import main
from desktop_app.services.check import check_database
from desktop_app.services.orders import OrderBook
from desktop_app.storage.db import DB_NAME, Database
from tests.conftest import order_fields


@pytest.fixture
def data_dir(tmp_path):
    db = Database(tmp_path / "data")
    book = OrderBook(db)
    for n in range(40):
        book.create_order(order_fields(f"FOCHECK{n:03d}", notes=f"notes of order {n} " * 20))
    book.record_requirements("FOCHECK007")
    db.dispose()  # checkpointed: every page is in the main file
    return tmp_path / "data"


def sql(data_dir, statement, *params):
    conn = sqlite3.connect(data_dir / DB_NAME)
    with conn:
        conn.execute(statement, params)
    conn.close()


def check(data_dir, capsys):
    code = main(["--data-dir", str(data_dir), "check"])
    out = capsys.readouterr()
    assert "Traceback" not in out.err
    return code, out.out


def test_a_clean_database_checks_ok(data_dir, capsys):
    code, out = check(data_dir, capsys)
    assert code == 0 and out.startswith("OK: 40 orders, 41 events")


@pytest.mark.parametrize(("column", "value", "shown"), [
    ("price_minor", 1, "column price_minor is 1 in the table; its events give 12000"),
    ("status", "completed", "column status is 'completed' in the table; its events give "
                            "'in_progress'"),
    ("due_at", "2030-01-01T00:00:00.000000Z", "column due_at is '2030-01-01"),
    ("notes", "", "column notes is '' in the table"),
])
def test_a_tampered_column_is_named_with_its_order(data_dir, capsys, column, value, shown):
    sql(data_dir, f"UPDATE orders SET {column} = ? WHERE ref = 'FOCHECK007'", value)
    code, out = check(data_dir, capsys)
    assert code == 1
    assert f"PROBLEM order FOCHECK007: {shown}" in out
    assert out.count("PROBLEM") == 1


def _corrupt(data_dir, find: bytes, garbage: bytes) -> None:
    """Overwrite the start of every copy of `find` (its order row and its events)."""
    path = data_dir / DB_NAME
    raw = bytes(path.read_bytes())
    assert find in raw
    path.write_bytes(raw.replace(find, garbage + find[len(garbage):]))


def test_text_that_is_no_longer_utf8_is_listed_with_its_row(data_dir, capsys):
    _corrupt(data_dir, b"notes of order 12 ", b"\xff\xfe\xfd")  # same length: pages intact
    code, out = check(data_dir, capsys)
    assert code == 1
    assert "PROBLEM orders row 13 (order FOCHECK012): cannot be read (Could not decode " \
        "to UTF-8 column 'notes')" in out
    assert "FOCHECK013" not in out and "FOCHECK011" not in out  # its neighbours are fine
    assert "40 orders" in out


def test_a_damaged_page_lists_findings_instead_of_a_traceback(data_dir, capsys):
    page = 16_384
    path = data_dir / DB_NAME
    raw = bytearray(path.read_bytes())
    assert len(raw) >= 4 * page
    raw[2 * page:2 * page + 200] = bytes(range(200))  # a b-tree page's header, garbled
    path.write_bytes(bytes(raw))
    code, out = check(data_dir, capsys)
    assert code == 1
    problems = [line for line in out.splitlines() if line.startswith("PROBLEM")]
    assert problems and any("integrity:" in p or "cannot be read" in p for p in problems)


def test_an_unreadable_file_is_one_finding(tmp_path, capsys):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / DB_NAME).write_bytes(b"not a database at all" * 1000)
    code, out = check(tmp_path / "data", capsys)
    assert code == 1 and out.startswith("PROBLEM the database file cannot be opened")


def test_progress_is_reported_and_can_stop_the_check(data_dir):
    seen = []
    report = check_database(Database(data_dir), progress=lambda d, n: seen.append((d, n)))
    assert seen[0] == (0, 40) and seen[-1] == (40, 40) and report.ok
    stopped = check_database(Database(data_dir), progress=lambda d, n: False)
    assert stopped.stopped
