"""The order list's Marketplace column and filter."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QListWidget, QTableView

from desktop_app.gui.orders.order_model import REF
from desktop_app.services.order_list.columns import COLUMNS, MARKETPLACE
from tests.conftest import ORDERED_AT, order_fields
from tests.gui.test_main_window import choose_filter


@pytest.fixture
def mixed(book):
    """Orders on three marketplaces, one of them late on Upwork."""
    for ref, marketplace, due in (("FOFIV00001", "fiverr", "2026-11-25T09:00:00Z"),
                                  ("FOUPW00002", "upwork", "2026-11-18T09:00:00Z"),
                                  ("FOUPW00003", "upwork", "2026-11-28T09:00:00Z"),
                                  ("FOLEG00004", "legiit", "2026-11-26T09:00:00Z")):
        book.create_order(order_fields(ref, due_at=due, marketplace=marketplace))
        book.record_requirements(ref, at=ORDERED_AT)
    return book


def refs(table: QTableView) -> list[str]:
    model = table.model()
    return sorted(model.index(r, REF).data() for r in range(model.rowCount()))


def test_the_list_shows_each_orders_marketplace_by_name(open_main, mixed):
    window = open_main()
    table = window.findChild(QTableView, "orderTable")
    model = table.model()
    assert model.headerData(MARKETPLACE, Qt.Orientation.Horizontal) == "Marketplace"
    assert COLUMNS[MARKETPLACE].sort_key == "marketplace"
    shown = {model.index(r, REF).data(): model.index(r, MARKETPLACE).data()
             for r in range(model.rowCount())}
    assert shown == {"FOFIV00001": "Fiverr", "FOUPW00002": "Upwork", "FOUPW00003": "Upwork",
                     "FOLEG00004": "Legiit"}
    table.sortByColumn(MARKETPLACE, Qt.SortOrder.AscendingOrder)
    keys = [model.index(r, MARKETPLACE).data() for r in range(model.rowCount())]
    assert keys == ["Fiverr", "Legiit", "Upwork", "Upwork"]  # by key: fiverr < legiit < upwork


def test_the_marketplace_filter_combines_with_status_and_search(qtbot, open_main, mixed):
    window = open_main()
    table = window.findChild(QTableView, "orderTable")
    combo = window.findChild(QComboBox, "marketplaceFilter")
    status_filter = window.findChild(QListWidget, "statusFilter")
    assert combo.accessibleName() and combo.currentText() == "All marketplaces"
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "All marketplaces", "Fiverr", "Upwork", "PeoplePerHour", "Legiit", "Freelancer.com"]
    assert len(refs(table)) == 4
    combo.setCurrentIndex(combo.findText("Upwork"))
    assert refs(table) == ["FOUPW00002", "FOUPW00003"]
    choose_filter(status_filter, "Late")
    assert refs(table) == ["FOUPW00002"]
    choose_filter(status_filter, "Active")
    window.findChild(QComboBox, "marketplaceFilter").setCurrentIndex(combo.findText("Legiit"))
    assert refs(table) == ["FOLEG00004"]
    window.orders.select_marketplace("")
    assert len(refs(table)) == 4


def test_a_new_order_on_another_marketplace_appears_under_its_filter(qtbot, open_main, book):
    window = open_main()
    table = window.findChild(QTableView, "orderTable")
    window.orders.select_marketplace("peopleperhour")
    assert refs(table) == []
    book.create_order(order_fields("FOPPH00009", marketplace="peopleperhour"))
    qtbot.waitUntil(lambda: refs(table) == ["FOPPH00009"])


def test_an_order_waiting_for_requirements_says_when_its_clock_starts(open_main, book):
    from desktop_app.gui.orders.order_model import DUE

    book.create_order(order_fields("FOWAIT0001"))
    book.create_order(order_fields("FOWAIT0002", marketplace="peopleperhour",
                                   due_at="2026-11-25T09:30:00Z"))
    window = open_main()
    model = window.findChild(QTableView, "orderTable").model()
    rows = {model.index(r, REF).data(): r for r in range(model.rowCount())}
    fiverr = model.index(rows["FOWAIT0001"], DUE)
    assert fiverr.data() == "after requirements"
    assert fiverr.data(Qt.ItemDataRole.ToolTipRole) == \
        "The delivery clock starts when the buyer sends the requirements"
    assert model.index(rows["FOWAIT0002"], DUE).data().startswith("in ")  # counts from ordering
