"""The order list: search box, status filter with counts, and the table.

Loading and refreshing run on the task runner; the panel patches the rows an
OrderBook change touched and keeps the selection on the same order id through
sort, filter, search and refresh.

Signals:
    current_changed(object): the selected order id, or None.
    counts_changed(object): {filter key: count} after every load or change.
    loaded(int): the first (or a full) load finished, with the number of orders.
"""

from __future__ import annotations

import gc
from functools import partial

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QTableView,
    QWidget,
)
from sqlalchemy import and_

from desktop_app.gui.order_index import FILTERS, OrderIndex, compute_permutations
from desktop_app.gui.order_model import (
    BUYER,
    DUE,
    GIG,
    PRICE,
    REF,
    REVISIONS,
    STATUS,
    OrderTableModel,
)
from desktop_app.gui.status_delegate import StatusBadgeDelegate
from desktop_app.gui.tasks import TaskRunner
from desktop_app.storage.db import Database
from desktop_app.storage.queries import OrderColumns, list_columns
from desktop_app.storage.schema import orders

SEARCH_DELAY_MS = 150
FULL_RELOAD_ABOVE = 5000  # changed orders; beyond this a full load is cheaper than patches
_WIDTHS = {REF: 112, BUYER: 105, GIG: 170, STATUS: 172, DUE: 95, PRICE: 85, REVISIONS: 75}


def _id_ranges() -> list:
    """16 ranges of order ids (UUIDs): loading in slices keeps the peak memory low."""
    bounds = [None, *"123456789abcdef", None]
    ranges = []
    for low, high in zip(bounds, bounds[1:], strict=False):
        parts = [orders.c.id >= low] if low else []
        parts += [orders.c.id < high] if high else []
        ranges.append(and_(*parts))
    return ranges


def load_index(db: Database, now_db: str) -> tuple[OrderIndex, dict[str, int]]:
    """Worker side of a full load: columns, their index and the counts."""
    gc.disable()  # 100,000s of new objects, none cyclic: skip the collector's rescans
    try:
        with db.engine.connect() as conn:
            index = OrderIndex(list_columns(conn, where) for where in _id_ranges())
        return index, index.counts(now_db)
    finally:
        gc.enable()


def load_rows(db: Database, ids: list[str]) -> OrderColumns:
    with db.engine.connect() as conn:
        return list_columns(conn, orders.c.id.in_(ids))


class _SearchEdit(QLineEdit):
    """A search box that Esc clears.

    Signals:
        escaped(): Esc was pressed in the box.
    """

    escaped = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and self.text():
            self.escaped.emit()
            event.accept()
            return
        super().keyPressEvent(event)


class OrderListPanel(QWidget):
    current_changed = Signal(object)
    counts_changed = Signal(object)
    loaded = Signal(int)

    def __init__(self, db: Database, model: OrderTableModel, runner: TaskRunner,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self._db = db
        self._runner = runner
        self.model = model
        self.selected_id: str | None = None
        self._pending_ids: set[str] = set()
        self.counts: dict[str, int] = {}
        self.search = self._build_search()
        self.status_filter = self._build_filter()
        self.table = self._build_table()
        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._apply_search)
        self._change_timer = QTimer(self, singleShot=True, interval=30)
        self._change_timer.timeout.connect(self._flush_changes)

    # -- widgets -----------------------------------------------------------
    def _build_search(self) -> QLineEdit:
        search = _SearchEdit(self, objectName="orderSearch")
        search.setPlaceholderText("Search ref, buyer, gig or notes  (Ctrl+F)")
        search.setAccessibleName("Search orders")
        search.setClearButtonEnabled(True)
        search.textChanged.connect(self._on_search_text)
        search.escaped.connect(self.clear_search)
        return search

    def _build_filter(self) -> QListWidget:
        status_filter = QListWidget(self, objectName="statusFilter")
        status_filter.setAccessibleName("Status filter")
        for key, label in FILTERS:
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, key)
            status_filter.addItem(item)
        status_filter.setCurrentRow(0)
        status_filter.currentItemChanged.connect(self._on_filter)
        status_filter.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        width = status_filter.fontMetrics().horizontalAdvance("Awaiting requirements  100,000")
        status_filter.setMinimumWidth(width + 16)
        status_filter.setMaximumWidth(width + 40)
        return status_filter

    def _build_table(self) -> QTableView:
        table = QTableView(self, objectName="orderTable")
        table.setAccessibleName("Orders")
        table.setModel(self.model)
        table.setItemDelegateForColumn(STATUS, StatusBadgeDelegate(table))
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setAlternatingRowColors(True)
        table.setShowGrid(False)
        table.setWordWrap(False)
        table.setTabKeyNavigation(False)
        table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        vertical = table.verticalHeader()
        vertical.setVisible(False)
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(table.fontMetrics().height() + 12)
        header = table.horizontalHeader()
        header.setHighlightSections(False)
        header.setStretchLastSection(True)
        for column, width in _WIDTHS.items():
            header.resizeSection(column, width)
        header.setSortIndicator(DUE, Qt.SortOrder.AscendingOrder)
        table.setSortingEnabled(True)
        table.selectionModel().currentRowChanged.connect(self._on_current_row)
        self.model.modelReset.connect(self._restore_selection)
        self.model.layoutChanged.connect(self._restore_selection)
        return table

    # -- loading -----------------------------------------------------------
    def reload(self) -> None:
        self._runner.run(partial(load_index, self._db, self.model.now_db()), self._on_loaded)

    @Slot(object)
    def _on_loaded(self, result: tuple[OrderIndex, dict]) -> None:
        index, counts = result
        self.model.set_index(index)
        self._show_counts(counts)
        self.loaded.emit(len(index))
        missing = index.unsorted_snapshot()
        if missing:  # sort permutations for the other columns, so a first sort is instant
            task = partial(_permutations_for, index.generation, missing)
            self._runner.run(task, self._on_permutations)

    @Slot(object)
    def _on_permutations(self, result: tuple[int, dict]) -> None:
        generation, perms = result
        self.model.index_data.adopt_permutations(perms, generation)

    @Slot(list)
    def orders_changed(self, ids: list[str]) -> None:
        """OrderBook listener (through a queued relay): refresh the rows those ids show."""
        self._pending_ids.update(ids)
        self._change_timer.start()

    @Slot()
    def _flush_changes(self) -> None:
        ids, self._pending_ids = sorted(self._pending_ids), set()
        if len(ids) > FULL_RELOAD_ABOVE:
            self.reload()
        elif ids:
            self._runner.run(partial(load_rows, self._db, ids), self._on_rows)

    @Slot(object)
    def _on_rows(self, columns: OrderColumns) -> None:
        was_empty = len(self.model.index_data) == 0
        self.model.index_data.patch(columns)
        self.model.refresh()
        self._recount()
        if was_empty and len(self.model.index_data):
            self.loaded.emit(len(self.model.index_data))

    def _recount(self) -> None:
        self._show_counts(self.model.index_data.counts(self.model.now_db()))

    def _show_counts(self, counts: dict[str, int]) -> None:
        self.counts = counts
        for row in range(self.status_filter.count()):
            item = self.status_filter.item(row)
            key = item.data(Qt.ItemDataRole.UserRole)
            label = dict(FILTERS)[key]
            item.setText(f"{label}  {self.counts.get(key, 0):,}")
            item.setData(Qt.ItemDataRole.AccessibleTextRole,
                         f"{label}, {self.counts.get(key, 0)} orders")
        self.counts_changed.emit(self.counts)

    @Slot()
    def tick(self) -> None:
        """Time passed: due texts and the late count change without any edit."""
        self._recount()
        self.table.viewport().update()

    # -- filter and search -------------------------------------------------
    @Slot(QListWidgetItem, QListWidgetItem)
    def _on_filter(self, current: QListWidgetItem | None, _previous) -> None:
        if current is not None:
            self.model.set_view(filter_key=current.data(Qt.ItemDataRole.UserRole))

    def select_filter(self, key: str) -> None:
        keys = [k for k, _ in FILTERS]
        self.status_filter.setCurrentRow(keys.index(key))

    @Slot(str)
    def _on_search_text(self, _text: str) -> None:
        self._search_timer.start()

    @Slot()
    def _apply_search(self) -> None:
        self.model.set_view(needle=self.search.text())

    @Slot()
    def clear_search(self) -> None:
        self.search.clear()
        self._search_timer.stop()
        self._apply_search()

    @Slot()
    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    # -- selection ---------------------------------------------------------
    @Slot(QModelIndex, QModelIndex)
    def _on_current_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        # A row that disappears (filtered out, or moved by its own change) keeps its
        # order shown in the detail: the seller still sees what they just did.
        order_id = self.model.order_id(current.row()) if current.isValid() else None
        if order_id is not None:
            self.selected_id = order_id
            self.current_changed.emit(order_id)

    def select_order(self, order_id: str | None) -> None:
        self.selected_id = order_id
        self._restore_selection()

    @Slot()
    def _restore_selection(self) -> None:
        row = self.model.row_of(self.selected_id)
        selection = self.table.selectionModel()
        if row is None:
            if selection.currentIndex().isValid():
                selection.clear()
            return
        index = self.model.index(row, 0)
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | \
            QItemSelectionModel.SelectionFlag.Rows
        selection.setCurrentIndex(index, flags)
        self.table.scrollTo(index)
        self.current_changed.emit(self.selected_id)


def _permutations_for(generation: int, snapshot: dict) -> tuple[int, dict]:
    return generation, compute_permutations(snapshot)
