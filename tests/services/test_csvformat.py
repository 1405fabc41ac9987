"""The CSV writer neutralises formula cells (OWASP) and the reader gives the text back."""

from __future__ import annotations

import csv
import io

from hypothesis import given
from hypothesis import strategies as st

from desktop_app.services.csvformat import escape_cell, unescape_cell, write_csv_orders
from desktop_app.services.interchange import export_file, import_file
from desktop_app.services.orders import OrderBook
from desktop_app.storage.db import Database
from tests.conftest import order_fields

FORMULAS = ['=HYPERLINK("http://evil.example","Click")', "+cmd|' /C calc'!A0", "@SUM(A1:A9)",
            "-2+3", "\t=1+1", "\r=1+1"]


def test_formula_cells_are_written_as_text():
    for text in FORMULAS:
        assert escape_cell(text) == "'" + text
        assert unescape_cell(escape_cell(text)) == text
    assert escape_cell("Logo") == "Logo"
    assert escape_cell("'quoted'") == "'quoted'"  # no formula: left as written


@given(st.text(alphabet=st.sampled_from("'=+-@\t\rab "), max_size=8) | st.text(max_size=8))
def test_escaping_round_trips_every_text(text):
    cell = escape_cell(text)
    assert unescape_cell(cell) == text
    assert cell[:1] not in ("=", "+", "-", "@", "\t", "\r")


def test_the_writer_escapes_every_text_column():
    out = io.StringIO()
    data = {**order_fields(), "buyer": FORMULAS[1], "gig": FORMULAS[0], "notes": FORMULAS[2],
            "package": FORMULAS[3], "scope": ["=A1", "b"],
            "cancellation": {"by": "buyer", "reason": "@x", "exempt": None}}
    assert write_csv_orders([data], out) == 1
    row = next(csv.DictReader(io.StringIO(out.getvalue())))
    assert row["buyer"] == "'" + FORMULAS[1] and row["gig"] == "'" + FORMULAS[0]
    assert row["notes"] == "'@SUM(A1:A9)" and row["package"] == "'-2+3"
    assert row["scope"] == "'=A1;b" and row["cancellation_reason"] == "'@x"


def test_csv_export_by_extension_round_trips_formula_text(book, tmp_path, clock):
    book.create_order(order_fields("FO1", notes=FORMULAS[0], buyer="@buyer",
                                   scope=["=A1", "+B2"]))
    path = tmp_path / "orders.csv"
    assert export_file(book, path) == 1
    text = path.read_text(encoding="utf-8")
    assert "'=HYPERLINK" in text and "'@buyer" in text and "'=A1;+B2" in text
    other = OrderBook(Database(tmp_path / "other"), clock=clock)
    assert import_file(other, path).created == 1
    order = other.get("FO1")
    assert (order.notes, order.buyer, order.scope) == (FORMULAS[0], "@buyer", ["=A1", "+B2"])
    again = tmp_path / "again.csv"
    export_file(other, again)
    assert again.read_text(encoding="utf-8") == text
    other.db.dispose()


def test_an_order_with_no_package_name_round_trips_through_csv(book, tmp_path):
    book.create_order({**order_fields(), "ref": "NOPKG1", "package": ""})
    exported = tmp_path / "all.csv"
    export_file(book, exported)
    fresh = OrderBook(Database(tmp_path / "again"))
    import_file(fresh, exported)
    assert fresh.get("NOPKG1").package == ""
