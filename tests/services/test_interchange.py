"""Import and export: round trip, idempotence, and every bad input changing nothing."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta

import pytest

from desktop_app.services.interchange import ImportError_, export_file, import_file
from desktop_app.services.orders import OrderBook
from desktop_app.storage.db import Database
from tests.conftest import NOW, order_fields


def dump(db: Database) -> list[str]:
    """Every row of every table: the database 'exactly as it was'."""
    conn = sqlite3.connect(db.path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def write_json(path, orders, **top):
    document = {"format": "gigdesk.orders", "version": 1, "orders": orders, **top}
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def busy_book(book: OrderBook) -> OrderBook:
    """Orders with rich histories: deliveries, revisions, requests, cancellations."""
    at = datetime(2026, 11, 1, 9, 30, tzinfo=UTC)
    book.create_order(order_fields("FO1"), at=at)
    book.record_requirements("FO1", at=at + timedelta(hours=1))
    book.deliver("FO1", "First version", [{"path": "logo v1.svg", "size": 120,
                                           "sha256": "a" * 64}], at=at + timedelta(days=1))
    book.record_revision("FO1", "Darker blue please", [
        {"text": "Darker blue please", "verdict": "in_scope", "matched_item": 0,
         "reason": "refines '3 logo concepts'"}], at=at + timedelta(days=2))
    book.deliver("FO1", "Revised", [{"path": "logo v2.svg", "size": 130, "sha256": "b" * 64}],
                 at=at + timedelta(days=3))
    book.complete("FO1", at=at + timedelta(days=4))
    book.create_order(order_fields("FO2", price="300.00", currency="EUR",
                                   revisions_included=None), at=at)
    book.record_requirements("FO2", at=at + timedelta(hours=2))
    book.clock.now = at + timedelta(days=1)  # the seller records these as they happen
    book.open_request("FO2", {"kind": "extension", "days": 2, "reason": "fonts"})
    book.clock.now += timedelta(hours=3)
    book.answer_request("FO2", "accepted")
    book.clock.now = at + timedelta(days=5)
    book.open_request("FO2", {"kind": "cancellation", "reason": "buyer gone", "by": "mutual"})
    book.clock.now = NOW
    book.create_order(order_fields("FO3"), at=at)
    book.edit_notes("FO3", "Prefers calls on Friday — ünïcødé 日本", at=at + timedelta(hours=5))
    book.cancel("FO3", "buyer", "ordered by mistake", at=at + timedelta(hours=6))
    book.apply_timeouts()  # FO2's cancellation request went unanswered for 48 h
    return book


def test_round_trip_export_import_export_is_identical(book, tmp_path, clock):
    busy_book(book)
    first = tmp_path / "first.json"
    assert export_file(book, first) == 3
    other = OrderBook(Database(tmp_path / "other"), clock=clock)
    result = import_file(other, first)
    assert (result.created, result.updated, result.unchanged) == (3, 0, 0)
    second = tmp_path / "second.json"
    export_file(other, second)
    assert first.read_text(encoding="utf-8") == second.read_text(encoding="utf-8")
    assert other.get("FO2").status.value == "cancelled"  # the 48 h silence answered it


def test_import_is_idempotent_by_ref(book, tmp_path):
    path = write_json(tmp_path / "o.json", [order_fields("FO1", status="in_progress",
                                                         requirements_at="2026-11-01T10:00:00Z")])
    assert import_file(book, path).created == 1
    before = dump(book.db)
    again = import_file(book, path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
    assert dump(book.db) == before


def test_reimport_with_changes_updates_through_an_event(book, tmp_path):
    path = write_json(tmp_path / "o.json", [order_fields("FO1")])
    import_file(book, path)
    write_json(path, [order_fields("FO1", notes="new note")])
    assert import_file(book, path).updated == 1
    assert book.get("FO1").notes == "new note"
    assert [e.kind for e in book.history("FO1")] == ["order_created", "order_replaced"]


def test_csv_import_with_empty_cells_and_scope(book, tmp_path):
    path = tmp_path / "orders.csv"
    path.write_text(
        "ref,buyer,gig,package,price,currency,ordered_at,due_at,revisions_included,scope,status\n"
        "FO9,li_wei,I will translate,Basic,45.50,USD,2026-11-01T09:00:00Z,"
        "2026-11-03T09:00:00Z,,500 words;Proofreading,in_progress\n", encoding="utf-8")
    assert import_file(book, path).created == 1
    order = book.get("FO9")
    assert order.revisions_included is None and order.scope == ["500 words", "Proofreading"]
    assert order.price.minor == 4550


def _bad_csv_deep(tmp_path):
    header = "ref,buyer,gig,package,price,currency,ordered_at,due_at,revisions_included,scope," \
             "status\n"
    good = "FO{n},b,g,Basic,10.00,USD,2026-11-01T09:00:00Z,2026-11-02T09:00:00Z,1,x,in_progress\n"
    rows = "".join(good.format(n=n) for n in range(40))
    rows += "FOBAD,b,g,Basic,ten,USD,2026-11-01T09:00:00Z,2026-11-02T09:00:00Z,1,x,in_progress\n"
    path = tmp_path / "deep.csv"
    path.write_text(header + rows, encoding="utf-8")
    return path, r"deep\.csv: line 42 \(FOBAD\): field 'price'"


def _latin1_csv(tmp_path):
    path = tmp_path / "latin.csv"
    path.write_bytes("ref,buyer\nFO1,Jos\xe9\n".encode("latin-1"))
    return path, r"latin\.csv: line 2: not UTF-8"


def _json_case(name, orders=None, raw=None, **top):
    def make(tmp_path):
        path = tmp_path / f"{name}.json"
        if raw is not None:
            path.write_text(raw, encoding="utf-8")
        else:
            write_json(path, orders, **top)
        return path, None
    return make


BAD = {
    "truncated": (_json_case("t", raw='{"format": "gigdesk.orders", "version": 1, "ord'),
                  r"t\.json: not valid JSON at line 1"),
    "wrong format": (_json_case("f", [], ), None),
    "wrong version": (_json_case("v", [], ), None),
    "missing field": (_json_case("m", [{k: v for k, v in order_fields().items()
                                        if k != "buyer"}]), r"field 'buyer': is required"),
    "unknown field": (_json_case("u", [order_fields(colour="red")]),
                      r"field 'colour': unknown field"),
    "unknown status": (_json_case("s", [order_fields(status="paused")]),
                       r"field 'status': unknown status 'paused'"),
    "naive timestamp": (_json_case("n", [order_fields(due_at="2026-11-04T09:30:00")]),
                        r"field 'due_at': .* has no time zone"),
    "negative price": (_json_case("p", [order_fields(price="-5.00")]),
                       r"field 'price': must not be negative"),
    "price not a number": (_json_case("q", [order_fields(price="lots")]),
                           r"field 'price': 'lots' is not a decimal amount"),
    "due before order": (_json_case("d", [order_fields(due_at="2026-10-01T09:30:00Z")]),
                         r"field 'due_at': is before ordered_at"),
    "duplicate ref": (_json_case("r", [order_fields("FO7"), order_fields("FO7")]),
                      r"order 2 \(FO7\): field 'ref': duplicate of order 1"),
    "bad csv row deep": (_bad_csv_deep, None),
    "non-utf8 csv": (_latin1_csv, None),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_input_is_refused_and_changes_nothing(book, tmp_path, case):
    busy_book(book)
    make, pattern = BAD[case]
    path, own_pattern = make(tmp_path)
    if case == "wrong format":
        write_json(path, [order_fields()], format="other.thing")
        pattern = "not a GigDesk orders file"
    if case == "wrong version":
        write_json(path, [order_fields()])
        path.write_text(path.read_text().replace('"version": 1', '"version": 2'))
        pattern = "version 2 is not supported"
    before = dump(book.db)
    with pytest.raises(ImportError_, match=own_pattern or pattern):
        import_file(book, path)
    assert dump(book.db) == before


def test_error_in_last_order_leaves_earlier_orders_unwritten(book, tmp_path):
    path = write_json(tmp_path / "o.json", [order_fields("FO1"), order_fields("FO2"),
                                            order_fields("FO3", price="-1")])
    before = dump(book.db)
    with pytest.raises(ImportError_, match=r"order 3 \(FO3\)"):
        import_file(book, path)
    assert dump(book.db) == before
