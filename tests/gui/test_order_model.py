"""The table model and the index arrays under it."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop_app.domain.timeutil import to_stored
from desktop_app.gui.orders.order_model import ACTIVITY, DUE, PRICE, REVISIONS, OrderTableModel
from desktop_app.services.order_list.columns import DEFAULT_SORT, NO_TIME, SORT_KEYS
from desktop_app.services.order_list.index import (
    OrderIndex,
    ViewSpec,
    stamp_datetime,
    stamp_micros,
)
from desktop_app.services.order_list.query import list_columns
from desktop_app.storage.schema import orders
from tests.conftest import NOW, ORDERED_AT, order_fields


def _fill(book, count: int = 12) -> None:
    for n in range(count):
        ref = f"FO{n:08d}"
        book.create_order(order_fields(ref, buyer=f"buyer{n % 4}", price=f"{10 + n * 7 % 50}.00",
                                       due_at=f"2026-11-{10 + n % 15:02d}T09:00:00Z",
                                       revisions_included=None if n % 3 == 0 else 2))
        if n % 2:
            book.record_requirements(ref, at=ORDERED_AT)


def _index(book) -> OrderIndex:
    with book.db.engine.connect() as conn:
        return OrderIndex(list_columns(conn))


def test_model_passes_qt_model_tester(qtmodeltester, book, clock):
    _fill(book)
    model = OrderTableModel(clock)
    model.set_index(_index(book))
    model.set_view(filter_key="all")
    qtmodeltester.check(model)
    model.sort(PRICE, Qt.SortOrder.DescendingOrder)
    model.set_view(needle="buyer1")
    qtmodeltester.check(model)


def test_cells_read_like_the_seller_expects(book, clock):
    book.create_order(order_fields("FO1", due_at="2026-11-22T16:00:00Z", revisions_included=None))
    book.record_requirements("FO1", at=ORDERED_AT)
    book.create_order(order_fields("FO2", due_at="2026-11-18T09:00:00Z"))
    book.record_requirements("FO2", at=ORDERED_AT)
    model = OrderTableModel(clock)
    model.set_index(_index(book))
    rows = {model.index(r, 0).data(): r for r in range(model.rowCount())}
    assert model.index(rows["FO1"], DUE).data() == "in 2 d 4 h"
    assert model.index(rows["FO1"], REVISIONS).data() == "0 / ∞"
    assert model.index(rows["FO1"], PRICE).data() == "$120.00"
    assert model.index(rows["FO2"], DUE).data() == "late 2 d 3 h"
    assert model.index(rows["FO2"], DUE).data(Qt.ItemDataRole.FontRole).bold()  # very late
    assert model.index(rows["FO2"], DUE).data(Qt.ItemDataRole.ForegroundRole) is not None
    assert model.index(rows["FO1"], DUE).data(Qt.ItemDataRole.ForegroundRole) is None


def test_every_column_sorts_both_ways_like_python_sorted(book):
    _fill(book)
    index = _index(book)
    now = to_stored(NOW)
    for column, key in enumerate(SORT_KEYS):
        values = index.cols[key]
        up = [values[i] for i in index.visible(ViewSpec("all", "", column, False), now)]
        down = [values[i] for i in index.visible(ViewSpec("all", "", column, True), now)]
        assert up == sorted(values) and down == sorted(values, reverse=True), key


def test_patch_keeps_permutations_sorted_and_adds_new_rows(book):
    _fill(book)
    index = _index(book)
    for column in range(len(SORT_KEYS)):
        index.permutation(column)
    book.edit_order("FO00000003", {"due_at": "2026-12-31T00:00:00Z", "price": "999.00"})
    book.create_order(order_fields("FO99999999", due_at="2026-11-01T10:00:00Z"))
    with book.db.engine.connect() as conn:
        changed = list_columns(conn)
    touched = index.patch(changed)
    assert len(index) == 13 and len(touched) == 13
    fresh = _index(book)
    for column, key in enumerate(SORT_KEYS):
        got = [index.cols[key][i] for i in index.permutation(column)]
        assert got == sorted(fresh.cols[key]), key
    assert "fo99999999" in index.haystack[index.position[changed.id[-1]]]
    now = to_stored(NOW)
    for column, key in enumerate(SORT_KEYS):  # the status codes kept in each order follow too
        for filter_key in ("active", "in_progress", "awaiting_requirements", "late"):
            spec = ViewSpec(filter_key, "fo", column, False)
            assert sorted(index.cols[key][i] for i in index.visible(spec, now)) == \
                sorted(fresh.cols[key][i] for i in fresh.visible(spec, now)), (key, filter_key)


def test_filters_and_counts_agree(book):
    _fill(book)
    index = _index(book)
    now = to_stored(NOW)
    counts = index.counts(now)
    for key in ("active", "awaiting_requirements", "in_progress", "late", "all"):
        rows = index.visible(ViewSpec(key, "", DEFAULT_SORT, False), now)
        assert len(rows) == counts[key], key
    late = index.visible(ViewSpec("late", "", DEFAULT_SORT, False), now)
    assert late and all(index.cols["status"][i] == "in_progress"
                        and stamp_datetime(index.cols["due_at"][i]) < NOW for i in late)
    assert index.visible(ViewSpec("all", "  BUYER3 ", DEFAULT_SORT, False), now) == \
        [i for i in index.permutation(DEFAULT_SORT) if index.cols["buyer"][i] == "buyer3"]


def test_a_descending_sort_reads_the_same_rows_backwards(book, clock):
    _fill(book)
    model = OrderTableModel(clock)
    model.set_index(_index(book))
    model.set_view(filter_key="all")
    model.sort(DUE, Qt.SortOrder.AscendingOrder)
    up = model.visible_ids()
    model.sort(DUE, Qt.SortOrder.DescendingOrder)
    assert model.visible_ids() == up[::-1]
    assert [model.row_of(order_id) for order_id in up] == list(range(len(up)))[::-1]
    assert model.order_id(0) == up[-1] and model.order_id(len(up)) is None


def test_views_are_cached_until_a_patch_changes_the_rows(book):
    _fill(book)
    index = _index(book)
    now = to_stored(NOW)
    spec = ViewSpec("in_progress", "", PRICE, False)
    assert index.ascending_rows(spec, now) is index.ascending_rows(spec, now)
    before = index.visible(spec, now)
    book.cancel("FO00000001", "buyer", "changed mind")  # was in progress
    with book.db.engine.connect() as conn:
        index.patch(list_columns(conn, orders.c.ref == "FO00000001"))
    after = index.visible(spec, now)
    assert index.find(index.cols["id"][before[0]]) == before[0]
    assert len(after) == len(before) - 1 and set(after) < set(before)
    assert index.counts(now)["cancelled"] == 1


def test_stored_times_keep_their_instant_and_their_order_as_integers():
    texts = ["2026-11-18T09:00:00.000000Z", "2026-11-18T09:00:00.000001Z",
             "1999-12-31T23:59:59.999999Z", "2026-03-29T01:30:00.250000Z"]
    micros = [stamp_micros(t) for t in texts]
    assert [to_stored(stamp_datetime(m)) for m in micros] == texts  # exact, to the microsecond
    assert sorted(micros) == [stamp_micros(t) for t in sorted(texts)]
    assert stamp_micros(None) == stamp_micros("") == NO_TIME < min(micros)
    assert stamp_datetime(NO_TIME) is None


def test_an_order_without_activity_sorts_first_and_shows_a_blank(book, clock):
    _fill(book, 3)
    with book.db.engine.begin() as conn:
        conn.execute(orders.update().where(orders.c.ref == "FO00000001")
                     .values(last_activity_at=None))
    model = OrderTableModel(clock)
    model.set_index(_index(book))
    model.set_view(filter_key="all")
    model.sort(ACTIVITY, Qt.SortOrder.AscendingOrder)
    assert model.index(0, 0).data() == "FO00000001"
    assert model.index(0, ACTIVITY).data() == ""
    assert model.index(1, ACTIVITY).data() != ""
