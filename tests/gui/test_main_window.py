"""The main window driven through its automation names, on a real database."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QComboBox,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QTabWidget,
    QWidget,
)

from desktop_app.gui.orders import order_list
from desktop_app.gui.orders.order_model import DUE, REF, STATUS
from desktop_app.gui.shell import messages
from desktop_app.gui.shell.main_window import MainWindow
from tests.conftest import ORDERED_AT, order_fields


@pytest.fixture
def sample(book):
    """Five orders in different states (the clock says 2026-11-20 12:00 UTC)."""
    book.create_order(order_fields("FOAAA00001", buyer="maria_k", due_at="2026-11-25T09:00:00Z"))
    book.create_order(order_fields("FOBBB00002", buyer="tom_b", gig="I will edit your podcast",
                                   due_at="2026-11-22T09:00:00Z", notes="rush job"))
    book.record_requirements("FOBBB00002", at=ORDERED_AT)
    book.create_order(order_fields("FOCCC00003", buyer="li_wei", due_at="2026-11-18T09:00:00Z"))
    book.record_requirements("FOCCC00003", at=ORDERED_AT)  # in progress, 2 days late
    book.create_order(order_fields("FODDD00004", buyer="anna_s", due_at="2026-11-21T09:00:00Z"))
    book.record_requirements("FODDD00004", at=ORDERED_AT)
    book.deliver("FODDD00004", "Here you go")
    book.complete("FODDD00004")
    book.create_order(order_fields("FOEEE00005", buyer="raj_p", due_at="2026-11-30T09:00:00Z"))
    book.cancel("FOEEE00005", "buyer", "changed mind")
    return book


def parts(window):
    return (window.findChild(QTableView, "orderTable"), window.findChild(QLineEdit, "orderSearch"),
            window.findChild(QListWidget, "statusFilter"))


def refs(table: QTableView) -> list[str]:
    model = table.model()
    return [model.index(r, REF).data() for r in range(model.rowCount())]


def choose_filter(status_filter: QListWidget, label: str) -> None:
    for row in range(status_filter.count()):
        if status_filter.item(row).text().startswith(label + "  "):
            status_filter.setCurrentRow(row)
            return
    raise AssertionError(f"no filter {label}")


def filter_texts(status_filter: QListWidget) -> dict[str, str]:
    texts = [status_filter.item(r).text() for r in range(status_filter.count())]
    return {t.rsplit("  ", 1)[0]: t.rsplit("  ", 1)[1] for t in texts}


def test_search_narrows_the_list_and_escape_restores_it(qtbot, open_main, sample):
    window = open_main()
    table, search, status_filter = parts(window)
    choose_filter(status_filter, "All")
    assert len(refs(table)) == 5
    QTest.keyClicks(search, "podcast")
    qtbot.waitUntil(lambda: refs(table) == ["FOBBB00002"])
    search.clear()
    QTest.keyClicks(search, "RUSH")  # notes count, case does not
    qtbot.waitUntil(lambda: refs(table) == ["FOBBB00002"])
    QTest.keyClick(search, Qt.Key.Key_Escape)
    assert search.text() == ""
    assert len(refs(table)) == 5


def test_each_status_filter_shows_its_orders_and_count(open_main, sample):
    window = open_main()
    table, _search, status_filter = parts(window)
    expected = {"Active": {"FOAAA00001", "FOBBB00002", "FOCCC00003"},
                "Awaiting requirements": {"FOAAA00001"},
                "In progress": {"FOBBB00002", "FOCCC00003"}, "Late": {"FOCCC00003"},
                "Delivered": set(), "Revision requested": set(), "Completed": {"FODDD00004"},
                "Cancelled": {"FOEEE00005"}, "All": {f"FO{c * 3}0000{i}" for i, c in
                                                     enumerate("ABCDE", 1)}}
    counts = filter_texts(status_filter)
    for label, wanted in expected.items():
        choose_filter(status_filter, label)
        assert set(refs(table)) == wanted, label
        assert counts[label] == str(len(wanted)), label
    assert "5 orders · 3 active · 1 late" in window.counts_label.text()


def test_sorting_by_due_orders_by_due_date_both_ways(open_main, sample):
    window = open_main()
    table, _search, status_filter = parts(window)
    choose_filter(status_filter, "Active")
    table.sortByColumn(DUE, Qt.SortOrder.AscendingOrder)
    assert refs(table) == ["FOCCC00003", "FOBBB00002", "FOAAA00001"]
    assert table.model().index(0, DUE).data() == "late 2 d 3 h"
    table.sortByColumn(DUE, Qt.SortOrder.DescendingOrder)
    assert refs(table) == ["FOAAA00001", "FOBBB00002", "FOCCC00003"]
    table.sortByColumn(REF, Qt.SortOrder.DescendingOrder)
    assert refs(table) == ["FOCCC00003", "FOBBB00002", "FOAAA00001"]


def test_selection_follows_the_order_through_sort_filter_and_search(qtbot, open_main, sample):
    window = open_main()
    table, search, status_filter = parts(window)
    choose_filter(status_filter, "All")
    table.selectRow(refs(table).index("FOBBB00002"))
    selected = lambda: table.model().index(table.currentIndex().row(), REF).data()  # noqa: E731
    table.sortByColumn(REF, Qt.SortOrder.DescendingOrder)
    assert selected() == "FOBBB00002"
    choose_filter(status_filter, "In progress")
    assert selected() == "FOBBB00002"
    QTest.keyClicks(search, "maria")  # hides it ...
    qtbot.waitUntil(lambda: refs(table) == [])
    QTest.keyClick(search, Qt.Key.Key_Escape)  # ... and it comes back selected
    assert selected() == "FOBBB00002"
    assert window.detail.order.ref == "FOBBB00002"


def test_selecting_a_row_fills_detail_and_timeline(open_main, sample):
    window = open_main()
    table, _search, status_filter = parts(window)
    choose_filter(status_filter, "All")
    table.selectRow(refs(table).index("FODDD00004"))
    detail = window.findChild(QWidget, "orderDetail")
    assert "FODDD00004 · Completed" in detail.title.text()
    assert detail.values["Buyer"].text() == "anna_s"
    assert "$120.00" in detail.values["Price"].text()
    timeline = window.findChild(QListWidget, "orderTimeline")
    lines = [timeline.item(r).text().splitlines()[0] for r in range(timeline.count())]
    assert lines == ["Buyer accepted the delivery: completed",
                     "Delivered (delivery #1) with no files", "Buyer sent the requirements",
                     "Order placed by anna_s"]
    visible = [b.text() for b in detail.findChildren(QPushButton) if b.isVisibleTo(detail)]
    # A completed order offers no lifecycle action, only what the buyer gives afterwards.
    assert visible == ["Record &tip…", "Record rat&ing…"]


def test_marking_delivered_from_the_detail_updates_everything(qtbot, open_main, sample):
    window = open_main()
    table, _search, status_filter = parts(window)
    choose_filter(status_filter, "In progress")
    table.selectRow(refs(table).index("FOCCC00003"))
    detail = window.findChild(QWidget, "orderDetail")
    button = detail.findChild(QPushButton, "action_delivered")
    assert button.isVisibleTo(detail)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)  # opens the Delivery tab
    workspace = window.findChild(QTabWidget, "orderWorkspace")
    assert workspace.currentWidget().objectName() == "deliveryPane"
    message = window.findChild(QPlainTextEdit, "deliveryMessage")
    assert message.hasFocus()
    QTest.keyClicks(message, "Here are the three concepts")
    messages.queue_answers(True)  # yes, deliver without files
    redeliver = window.findChild(QPushButton, "redeliverButton")
    qtbot.waitUntil(redeliver.isEnabled)
    qtbot.mouseClick(redeliver, Qt.MouseButton.LeftButton)  # recorded on a worker
    qtbot.waitUntil(lambda: sample.get("FOCCC00003").status.value == "delivered")
    qtbot.waitUntil(lambda: refs(table) == ["FOBBB00002"])  # left "In progress"
    counts = filter_texts(status_filter)
    assert (counts["In progress"], counts["Delivered"], counts["Late"]) == ("1", "1", "0")
    assert "FOCCC00003 · Delivered" in detail.title.text()
    assert not button.isVisibleTo(detail)
    timeline = window.findChild(QListWidget, "orderTimeline")
    assert timeline.item(0).text().startswith("Delivered (delivery #1) with no files")
    choose_filter(status_filter, "Delivered")
    assert refs(table) == ["FOCCC00003"]
    assert table.model().index(0, STATUS).data() == "Delivered"


def test_the_whole_flow_works_from_the_keyboard(qtbot, open_main, sample):
    window = open_main()
    table, search, status_filter = parts(window)
    window.activateWindow()
    QTest.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert search.hasFocus()
    QTest.keyClicks(search, "tom")
    qtbot.waitUntil(lambda: refs(table) == ["FOBBB00002"])
    QTest.keyClick(search, Qt.Key.Key_Tab)
    assert window.findChild(QComboBox, "marketplaceFilter").hasFocus()
    QTest.keyClick(window.findChild(QComboBox, "marketplaceFilter"), Qt.Key.Key_Tab)
    assert status_filter.hasFocus()
    QTest.keyClick(status_filter, Qt.Key.Key_Tab)
    assert table.hasFocus()
    QTest.keyClick(table, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: window.detail.order is not None)
    assert window.detail.order.ref == "FOBBB00002"
    QTest.keyClick(table, Qt.Key.Key_Tab)
    focused = window.focusWidget()
    assert isinstance(focused, QPushButton) and focused.text() == "Mark &delivered…"
    QTest.keyClick(focused, Qt.Key.Key_Space)  # the Delivery tab, the message focused
    message = window.focusWidget()
    assert message.objectName() == "deliveryMessage"
    QTest.keyClicks(message, "Final files attached")
    messages.queue_answers(True)  # yes, deliver without files
    redeliver = window.findChild(QPushButton, "redeliverButton")
    qtbot.waitUntil(redeliver.isEnabled)
    QTest.keyClick(message, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: sample.get("FOBBB00002").status.value == "delivered")
    qtbot.waitUntil(message.hasFocus)  # recorded: back where the seller was typing
    QTest.keyClick(window, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier |
                   Qt.KeyboardModifier.ShiftModifier)  # Mark completed (on the write runner)
    qtbot.waitUntil(lambda: sample.get("FOBBB00002").status.value == "completed")


def test_every_interactive_widget_has_an_accessible_name(open_main, sample):
    window = open_main()
    for widget in window.findChildren(QWidget):
        if widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.isVisibleTo(window):
            if widget.objectName().startswith("qt_"):
                continue
            assert widget.accessibleName(), (type(widget).__name__, widget.objectName())


def test_a_large_book_shows_its_first_screen_then_loads_every_order(qtbot, monkeypatch, sample):
    monkeypatch.setattr(order_list, "PAGE_ROWS", 1)  # "large" = more than two pages
    window = MainWindow(sample, sample.db.data_dir)
    qtbot.addWidget(window)
    table, _search, status_filter = parts(window)
    panel = window.orders
    first = []  # what the list holds when it first reports its orders
    panel.loaded.connect(lambda count: first.append(
        (count, refs(table), panel.fully_loaded, filter_texts(status_filter)["All"])))
    with qtbot.waitSignal(window.list_ready, timeout=10000):
        window.show()
    assert first[0] == (5, ["FOCCC00003"], False, "5")  # the most urgent active order
    qtbot.waitUntil(lambda: panel.fully_loaded and not window.tasks.busy)
    assert refs(table) == ["FOCCC00003", "FOBBB00002", "FOAAA00001"]
    choose_filter(status_filter, "All")
    assert len(refs(table)) == 5
    window.shutdown()


def test_selection_follows_a_reversed_sort_and_a_change_of_column(open_main, sample):
    window = open_main()
    table, _search, status_filter = parts(window)
    choose_filter(status_filter, "All")
    table.selectRow(refs(table).index("FOAAA00001"))
    selected = lambda: table.model().index(table.currentIndex().row(), REF).data()  # noqa: E731
    up, down = Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder
    for column, order in ((DUE, down), (DUE, up), (REF, down), (STATUS, up), (STATUS, down)):
        table.sortByColumn(column, order)
        assert selected() == "FOAAA00001", (column, order)
        assert table.selectionModel().isRowSelected(table.currentIndex().row())
    assert refs(table)[table.currentIndex().row()] == "FOAAA00001"


def test_deadline_passed_while_closed_is_settled_on_opening(qtbot, book, clock):
    from datetime import timedelta

    from tests.gui.conftest import open_window

    book.create_order(order_fields("FODEAD0001", due_at="2026-11-25T09:00:00Z"))
    book.record_requirements("FODEAD0001", at=ORDERED_AT)
    book.open_request("FODEAD0001", {"kind": "extension", "days": 2, "reason": "fonts"})
    clock.now += timedelta(hours=49)  # the app was closed across the 48 h deadline
    window = open_window(qtbot, book)
    qtbot.waitUntil(lambda: book.get("FODEAD0001").open_request is None)
    request = book.get("FODEAD0001").requests[0]
    assert (request.status, request.by_timeout) == ("accepted", True)
    assert "settled by the marketplace rule (FODEAD0001)" in window.statusBar().currentMessage()
    window.shutdown()
