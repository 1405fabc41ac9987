"""The main window: order list on the left, the selected order and its timeline on the right.

Signals:
    list_ready(): emitted once, when the first load has been painted (the order
        table, or the empty state when there are no orders). `--self-test` waits for it.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QProgressBar,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.gui import messages
from desktop_app.gui.crash import report
from desktop_app.gui.empty_state import EmptyState
from desktop_app.gui.external_changes import ExternalChanges
from desktop_app.gui.order_changes import edited_fields
from desktop_app.gui.order_list import OrderListPanel
from desktop_app.gui.order_model import OrderTableModel
from desktop_app.gui.order_workspace import OrderWorkspace
from desktop_app.gui.resolution_actions import ResolutionActions
from desktop_app.gui.sync_panel import SyncController
from desktop_app.gui.tasks import TaskRunner
from desktop_app.gui.timeline import TimelineView
from desktop_app.services.orders import OrderBook

WORKSPACE_WIDTH = 660  # the overview beside a wide order list
WORKSPACE_WIDTH_WIDE = 1040  # the revision and delivery tabs
LIST_MIN_WIDTH = 480
IMPORT_FILTERS = "Orders (*.json *.csv);;JSON (*.json);;CSV (*.csv)"
SAMPLE_ORDERS = 200


class _BookRelay(QObject):
    """Carries OrderBook change notices to the GUI thread (they may come from a worker)."""

    changed = Signal(list)


class MainWindow(QMainWindow):
    list_ready = Signal()

    def __init__(self, book: OrderBook, data_dir: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setAccessibleName("GigDesk")
        self.setWindowTitle("GigDesk")
        self.book = book
        self.data_dir = Path(data_dir)
        self.runner = TaskRunner(self, on_error=self._on_task_error)
        self.sync = SyncController(book, self)
        self.model = OrderTableModel(book.clock, self)
        self.orders = OrderListPanel(book.db, self.model, self.runner, self)
        self.workspace = OrderWorkspace(book, self)
        self.detail = self.workspace.detail
        self.timeline = TimelineView(self)
        self.empty = EmptyState(self)
        self.external = ExternalChanges(book, self.runner, lambda: self.detail.order, self)
        self.owned_db = None  # set by the composition root: closed with the window
        self._loaded = False
        self._ready_sent = False
        self._build_layout()
        self._build_status_bar()
        self._build_menus()
        self._connect()
        self.resize(1600, 900)
        self.external.start()  # its bearings before the first load: nothing falls between
        self.orders.reload()
        self.sync.start()  # a first round only when a server is set up
        self.settle_deadlines()  # deadlines that passed while the app was closed

    # -- layout ------------------------------------------------------------
    def _build_layout(self) -> None:
        left = QWidget(self)
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.orders.search)
        lists = QSplitter(Qt.Orientation.Horizontal, left)
        lists.addWidget(self.orders.status_filter)
        lists.addWidget(self.orders.table)
        lists.setStretchFactor(1, 1)
        lists.setChildrenCollapsible(False)
        column.addWidget(lists, 1)
        right = QSplitter(Qt.Orientation.Vertical, self)
        right.addWidget(self.workspace)
        right.addWidget(self.timeline)
        right.setStretchFactor(0, 4)
        right.setStretchFactor(1, 1)
        right.setSizes([600, 260])
        content = QSplitter(Qt.Orientation.Horizontal, self)
        content.addWidget(left)
        content.addWidget(right)
        content.setStretchFactor(0, 1)
        content.setStretchFactor(1, 1)
        content.setSizes([940, WORKSPACE_WIDTH])
        lists.setSizes([self.orders.status_filter.minimumWidth(), 900])
        self.stack = QStackedWidget(self)
        self.stack.addWidget(content)
        self.stack.addWidget(self.empty)
        self.setCentralWidget(self.stack)
        self.content = content
        chain = [self.orders.search, self.orders.status_filter, self.orders.table,
                 *self.detail.focus_chain(), self.timeline]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)

    def _action(self, text: str, shortcut: QKeySequence | str | None, slot, tip: str = ""
                ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.setStatusTip(tip)
        action.triggered.connect(slot)
        return action

    def _build_menus(self) -> None:
        self.resolution = ResolutionActions(self)
        self.new_action = self._action("&New order…", "Ctrl+N", self.new_order,
                                       "Record an order you received")
        self.edit_action = self._action("&Edit order…", "Ctrl+E", self.edit_order,
                                        "Change the selected order's details")
        self.import_action = self._action("&Import orders…", "Ctrl+I", self.import_orders,
                                          "Import orders from a GigDesk JSON or CSV file")
        self.sample_action = self._action("Try with &sample data", None, self.load_sample,
                                          "Fill an empty database with sample orders")
        quit_action = self._action("&Quit", QKeySequence.StandardKey.Quit, self.close)
        find = self._action("&Find", QKeySequence.StandardKey.Find, self.orders.focus_search,
                            "Search orders by ref, buyer, gig or notes")
        refresh = self._action("&Refresh", QKeySequence.StandardKey.Refresh, self.orders.reload)
        menu = self.menuBar()
        file_menu = menu.addMenu("&File")
        file_menu.addActions([self.new_action, self.import_action, self.sample_action])
        file_menu.addSeparator()
        file_menu.addAction(quit_action)
        order_menu = menu.addMenu("&Order")
        order_menu.addAction(self.edit_action)
        order_menu.addSeparator()
        order_menu.addActions(list(self.detail.actions_by_kind.values()))
        order_menu.addSeparator()
        order_menu.addAction(self.resolution.wizard_action)
        order_menu.addAction(self.detail.save_notes_action)
        sync_menu = menu.addMenu("&Sync")
        sync_menu.addActions(self.sync.actions)
        view_menu = menu.addMenu("&View")
        view_menu.addActions([find, refresh, self.resolution.metrics_action])
        toolbar = self.addToolBar("Main")
        toolbar.setObjectName("mainToolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        toolbar.addActions([self.new_action, self.edit_action, self.import_action,
                            self.resolution.wizard_action, self.resolution.metrics_action])
        self.edit_action.setEnabled(False)

    def _build_status_bar(self) -> None:
        self.counts_label = QLabel("Loading orders…", objectName="statusCounts")
        self.counts_label.setAccessibleName("Order counts")
        self.busy = QProgressBar(maximumWidth=120, textVisible=False)
        self.busy.setRange(0, 0)
        self.busy.setAccessibleName("Working")
        self.busy.hide()
        location = QLabel(f"Data: {self.data_dir}", objectName="dataLocation")
        location.setAccessibleName("Data location")
        location.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.reminder_label = QLabel("", objectName="reminderNotice")
        self.reminder_label.setAccessibleName("Reminders")
        bar = self.statusBar()
        bar.addWidget(self.counts_label)
        bar.addWidget(self.reminder_label, 1)
        bar.addPermanentWidget(self.busy)
        bar.addPermanentWidget(self.sync.indicator)
        bar.addPermanentWidget(location)

    def _connect(self) -> None:
        self._relay = _BookRelay(self)
        self._relay.changed.connect(self._on_book_changed)
        self.sync.synced.connect(self._on_synced)
        self.external.orders_changed.connect(self._on_book_changed)
        self.external.shown_changed.connect(self._on_synced)  # as after a sync pull
        self.external.notice.connect(self.statusBar().showMessage)
        self.workspace.currentChanged.connect(self._fit_workspace)
        self._listener = self._relay.changed.emit
        self.book.listeners.append(self._listener)
        self.orders.current_changed.connect(self._on_current)
        self.orders.counts_changed.connect(self._on_counts)
        self.orders.loaded.connect(self._on_loaded)
        self.workspace.order_changed.connect(self._on_detail_changed)
        self.empty.import_requested.connect(self.import_orders)
        self.empty.sample_requested.connect(self.load_sample)
        self.orders.table.viewport().installEventFilter(self)
        self.empty.installEventFilter(self)
        self._clock_timer = QTimer(self, interval=60_000)
        self._clock_timer.timeout.connect(self.orders.tick)
        self._clock_timer.timeout.connect(self.settle_deadlines)
        self._clock_timer.start()

    # -- readiness ---------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self._loaded and not self._ready_sent:
            self._ready_sent = True
            QTimer.singleShot(0, self.list_ready)
        return super().eventFilter(watched, event)

    @Slot(int)
    def _on_loaded(self, count: int) -> None:
        self._loaded = True
        self.stack.setCurrentWidget(self.content if count else self.empty)
        self.sample_action.setEnabled(count == 0)
        if count and not self.orders.table.hasFocus() and self.stack.isVisible():
            self.orders.table.setFocus()

    # -- reacting ----------------------------------------------------------
    @Slot(list)
    def _on_book_changed(self, ids: list[str]) -> None:
        if ids:
            self.orders.orders_changed(ids)
        else:  # "anything may have changed" (an import)
            self.orders.reload()

    @Slot()
    def settle_deadlines(self) -> None:
        """Silence past a 48 h deadline answers the request: recorded as a visible event."""
        self.runner.run(self.book.apply_timeouts, self._on_deadlines_settled)

    @Slot(object)
    def _on_deadlines_settled(self, settled: dict) -> None:
        if settled:
            refs = ", ".join(sorted(settled)[:3]) + ("…" if len(settled) > 3 else "")
            self.statusBar().showMessage(f"No answer within 48 h: {len(settled)} request(s) "
                                         f"settled by the marketplace rule ({refs})", 15_000)
        for ref, why in sorted(getattr(settled, "failed", {}).items())[:1]:
            self.statusBar().showMessage(f"Order {ref}: {why}; run gigdesk check", 60_000)

    @Slot(int)
    def _fit_workspace(self, index: int) -> None:
        """The revision and delivery tabs need room: the list gives some up while they show."""
        sizes = self.content.sizes()
        total = sum(sizes)
        wanted = WORKSPACE_WIDTH_WIDE if index > 0 else WORKSPACE_WIDTH
        wanted = min(wanted, total - LIST_MIN_WIDTH)
        if total and sizes[1] != wanted and (index > 0 or sizes[1] > WORKSPACE_WIDTH):
            self.content.setSizes([total - wanted, wanted])

    @Slot(list)
    def _on_synced(self, ids: list[str]) -> None:
        self._on_book_changed(ids)
        shown = self.detail.order
        if shown is not None and (not ids or shown.id in ids):
            self.workspace.show_order(shown.id)
            self._show_timeline()

    @Slot(object)
    def _on_current(self, order_id: str | None) -> None:
        shown = self.detail.order.id if self.detail.order else None
        self.edit_action.setEnabled(order_id is not None)
        self.resolution.order_selected(order_id)
        if order_id == shown:
            return
        try:
            self.workspace.show_order(order_id)
            self._show_timeline()
        except Exception as exc:  # noqa: BLE001 - e.g. a locked database: say so
            report(self, exc)

    @Slot(str)
    def _on_detail_changed(self, _order_id: str) -> None:
        self._show_timeline()

    def _show_timeline(self) -> None:
        order = self.detail.order
        self.timeline.show_events(self.book.history(order.ref) if order else [])

    @Slot(object)
    def _on_counts(self, counts: dict[str, int]) -> None:
        self.counts_label.setText(f"{counts.get('all', 0):,} orders · "
                                  f"{counts.get('active', 0):,} active · "
                                  f"{counts.get('late', 0):,} late")

    def _on_task_error(self, exc: BaseException) -> None:
        self._set_busy(False)
        report(self, exc)

    def _set_busy(self, busy: bool) -> None:
        """Progress for work the seller started (import, sample data)."""
        self.empty.set_busy(busy)
        self.busy.setVisible(busy)
        self.import_action.setEnabled(not busy)
        self.sample_action.setEnabled(not busy and not self.orders.counts.get("all"))

    # -- commands ----------------------------------------------------------
    @Slot()
    def new_order(self) -> None:
        fields = self._run_order_dialog(None)
        if fields is None:
            return
        try:
            order = self.book.create_order(fields)
        except Exception as exc:  # noqa: BLE001 - refusals are worded for the seller
            report(self, exc)
            return
        self.orders.select_order(order.id)

    @Slot()
    def edit_order(self) -> None:
        order = self.detail.order
        if order is None:
            return
        fields = self._run_order_dialog(order)
        if fields is None:
            return
        changes = edited_fields(order, fields)
        try:
            if changes:
                self.book.edit_order(order.ref, changes)
            if fields.get("notes", order.notes) != order.notes:
                self.book.edit_notes(order.ref, fields["notes"], base=order.notes)
            self.workspace.show_order(order.id)
            self._show_timeline()
        except Exception as exc:  # noqa: BLE001
            report(self, exc)

    def _run_order_dialog(self, order) -> dict | None:
        try:
            from desktop_app.gui.order_dialog import OrderDialog
        except ImportError as exc:
            report(self, exc)
            return None
        dialog = OrderDialog(self, order)
        try:
            if messages.noninteractive() or dialog.exec() != OrderDialog.DialogCode.Accepted:
                return None
            return dialog.fields()
        finally:
            dialog.deleteLater()

    @Slot()
    def import_orders(self) -> None:
        path = messages.ask_open_file(self, "Import orders", IMPORT_FILTERS)
        if not path:
            return
        from desktop_app.services.interchange import import_file
        self._set_busy(True)
        self.runner.run(partial(import_file, self.book, Path(path)), self._on_imported)

    @Slot(object)
    def _on_imported(self, result) -> None:
        self._set_busy(False)
        messages.show_info(self, "Import finished",
                           f"{result.created:,} created, {result.updated:,} updated, "
                           f"{result.unchanged:,} unchanged.")
        self.orders.reload()

    @Slot()
    def load_sample(self) -> None:
        try:
            from desktop_app.services import demo
        except ImportError as exc:
            report(self, exc)
            return
        self._set_busy(True)
        task = partial(demo.generate, self.book.db, orders=SAMPLE_ORDERS, seed=1)
        self.runner.run(task, self._on_sample_ready)

    @Slot(object)
    def _on_sample_ready(self, _result) -> None:
        self._set_busy(False)
        self.orders.reload()

    # -- closing -----------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:
        self.detail.save_notes()
        self.shutdown()
        super().closeEvent(event)

    def shutdown(self) -> None:
        """Finish background work and stop listening to the book (idempotent)."""
        self.sync.stop()
        self.workspace.shutdown()
        self._clock_timer.stop()
        self.resolution.shutdown()
        self.external.stop()
        self.runner.stop()
        self.external.close()
        if self._listener in self.book.listeners:
            self.book.listeners.remove(self._listener)
        if self.owned_db is not None:
            self.owned_db.dispose()
            self.owned_db = None
