"""The order list: search box, status filter with counts, and the table.

Loading and patching run on the task runner (services.order_list.source): a change
set becomes a new index on the worker, with the current view and the counts already
computed, and the panel only swaps it in, so a sync pull or an import of thousands of
orders costs the GUI thread the same as one order. The selection stays on the same
order id through sort, filter, search and refresh.

Signals:
    current_changed(object): the selected order id, or None.
    counts_changed(object): {filter key: count} after every load or change.
    loaded(int): the first (or a full) load finished, with the number of orders.
    sorts_ready(): after a full load, every column's sort is computed (the background
        work of a load is over).
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import (
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QTableView,
    QWidget,
)

from desktop_app.domain.profile import PROFILES
from desktop_app.gui.orders.order_model import STATUS, OrderTableModel
from desktop_app.gui.orders.status_delegate import StatusBadgeDelegate
from desktop_app.gui.shell.crash import report
from desktop_app.gui.shell.tasks import TaskRunner
from desktop_app.services.order_list import source
from desktop_app.services.order_list.columns import COLUMNS, DEFAULT_SORT, SORT_KEYS
from desktop_app.services.order_list.index import FILTERS, OrderIndex

SEARCH_DELAY_MS = 150
PAGE_ROWS = 200  # the first screenful (and then some), shown before the full load
FULL_LOAD_FALLBACK_MS = 300  # start the full load even if the first page is never painted
CHANGES_DELAY_MS = 30  # change notices arriving together become one patch


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
    sorts_ready = Signal()

    def __init__(self, db, model: OrderTableModel, runner: TaskRunner,
                 parent: QWidget | None = None):
        """`db`: the database the list reads (handed to services.order_list.source on the
        runner's worker; the panel itself never reads it)."""
        super().__init__(parent)
        self._db = db
        self._runner = runner
        self.model = model
        self.selected_id: str | None = None
        self._pending_ids: set[str] = set()
        self._patching = False  # one patch at a time: each starts from the one before
        self._first_load = True
        self._full_load_wanted = False
        self.fully_loaded = False  # False while only the first page is in the model
        self.counts: dict[str, int] = {}
        self.search = self._build_search()
        self.status_filter = self._build_filter()
        self.marketplace_filter = self._build_marketplace_filter()
        self.table = self._build_table()
        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._apply_search)
        self._change_timer = QTimer(self, singleShot=True, interval=CHANGES_DELAY_MS)
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

    def _build_marketplace_filter(self) -> QComboBox:
        combo = QComboBox(self, objectName="marketplaceFilter")
        combo.setAccessibleName("Marketplace filter")
        combo.setToolTip("Show the orders of one marketplace")
        combo.addItem("All marketplaces", "")
        for key, profile in PROFILES.items():
            combo.addItem(profile.name, key)
        combo.currentIndexChanged.connect(
            lambda _i: self.model.set_view(marketplace=combo.currentData() or ""))
        return combo

    def select_marketplace(self, key: str) -> None:
        """Show only the orders of marketplace `key` ("" for every marketplace)."""
        self.marketplace_filter.setCurrentIndex(max(0, self.marketplace_filter.findData(key)))

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
        for column, spec in enumerate(COLUMNS):
            if spec.width is not None:
                header.resizeSection(column, spec.width)
        header.setSortIndicator(DEFAULT_SORT, Qt.SortOrder.AscendingOrder)
        table.setSortingEnabled(True)
        table.selectionModel().currentRowChanged.connect(self._on_current_row)
        table.viewport().installEventFilter(self)
        self.model.modelReset.connect(self._restore_selection)
        self.model.layoutChanged.connect(self._restore_selection)
        return table

    # -- loading -----------------------------------------------------------
    def reload(self) -> None:
        """Load every order; the very first load shows one screenful before the rest."""
        if self._first_load:
            self._first_load = False
            task = partial(source.load_first_page, self._db, self.model.now_db(),
                           self.model.spec, PAGE_ROWS)
            self._runner.run(task, self._on_first_page)
        else:
            self._load_all()

    def _load_all(self) -> None:
        self._full_load_wanted = False
        task = partial(source.load_index, self._db, self.model.now_db(), self.model.spec)
        self._runner.run(task, self._on_loaded)

    @Slot(object)
    def _on_first_page(self, result: source.Loaded) -> None:
        if result.complete:
            self._on_loaded(result)
            return
        self.model.set_index(result.index)
        self._show_counts(result.counts)
        self._full_load_wanted = True  # once this page is painted (or soon anyway)
        QTimer.singleShot(FULL_LOAD_FALLBACK_MS, self._start_full_load)
        self.loaded.emit(result.counts["all"])

    @Slot()
    def _start_full_load(self) -> None:
        if self._full_load_wanted:
            self._load_all()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # getattr: Qt may deliver a paint while the panel is being torn down
        if getattr(self, "_full_load_wanted", False) and event.type() == QEvent.Type.Paint:
            QTimer.singleShot(0, self._start_full_load)  # after the paint, not during it
        return super().eventFilter(watched, event)

    @Slot(object)
    def _on_loaded(self, result: source.Loaded) -> None:
        self.model.set_index(result.index)
        self.fully_loaded = True
        self._show_counts(result.counts)
        self.loaded.emit(len(result.index))
        self._next_permutation(result.index)

    def _next_permutation(self, index: OrderIndex) -> None:
        """Sort the other columns in the background, one per task, so a first sort is instant."""
        missing = [c for c in range(len(SORT_KEYS)) if not index.has_permutation(c)]
        if not missing:
            self.sorts_ready.emit()
        elif index is self.model.index_data:
            task = partial(source.sort_for, index, missing[0], index.generation,
                           index.sort_snapshot(missing[0]))
            self._runner.run(task, self._on_permutation)

    @Slot(object)
    def _on_permutation(self, result: tuple[OrderIndex, int, int, tuple]) -> None:
        index, column, generation, computed = result
        if index is self.model.index_data:  # not replaced by a reload or a patch meanwhile
            index.adopt_permutation(column, computed, generation)
            self._next_permutation(index)

    @Slot(list)
    def orders_changed(self, ids: list[str]) -> None:
        """OrderBook listener (through a queued relay): refresh the rows those ids show."""
        self._pending_ids.update(ids)
        if not self._patching:
            self._change_timer.start()

    @Slot()
    def _flush_changes(self) -> None:
        """Patch the pending ids on the worker, from the index shown now; the GUI thread
        only swaps the result in (_on_patched)."""
        if self._patching or not self._pending_ids:
            return
        ids, self._pending_ids = self._pending_ids, set()  # sorted on the worker
        self._patching = True
        task = partial(source.patch_index, self._db, self.model.index_data, ids,
                       self.model.now_db(), self.model.spec)
        self._runner.run(task, self._on_patched, self._on_patch_failed)

    @Slot(object)
    def _on_patched(self, result: source.Patched) -> None:
        self._patching = False
        if result.base is not self.model.index_data:  # a reload came first: patch that one
            self._pending_ids.update(result.ids)
        else:
            was_empty = len(result.base) == 0
            self.model.set_index(result.index)
            if self.fully_loaded:  # the first page's counts came from SQL; the full load's next
                self._show_counts(result.counts)
            if was_empty and len(result.index):
                self.loaded.emit(len(result.index))
            if not all(map(result.index.has_permutation, range(len(SORT_KEYS)))):
                self._next_permutation(result.index)  # the chain stopped at the old index
        if self._pending_ids:
            self._change_timer.start()

    def _on_patch_failed(self, exc: BaseException) -> None:
        self._patching = False  # the next change notice tries again
        report(self, exc)

    def _recount(self) -> None:
        if not self.fully_loaded:  # the first page's counts came from SQL; the full load recounts
            return
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

