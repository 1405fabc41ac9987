"""The main window: order list on the left, the selected order and its timeline on the right.

Signals:
    list_ready(): emitted once, when the first load has been painted (the order
        table, or the empty state when there are no orders). `--self-test` waits for it.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.gui.orders.order_changes import edited_fields
from desktop_app.gui.orders.order_list import OrderListPanel
from desktop_app.gui.orders.order_model import OrderTableModel
from desktop_app.gui.shell import messages
from desktop_app.gui.shell.crash import report
from desktop_app.gui.shell.empty_state import EmptyState
from desktop_app.gui.shell.external_changes import ExternalChanges
from desktop_app.gui.shell.long_work import LongTask
from desktop_app.gui.shell.main_menus import build_menus, build_status_bar
from desktop_app.gui.shell.order_workspace import OrderWorkspace
from desktop_app.gui.shell.tasks import Tasks
from desktop_app.gui.shell.timeline import TimelineView
from desktop_app.gui.sync.sync_panel import SyncController
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
        # The one set of runners of this window: every pane writes through tasks.writes.
        self.tasks = Tasks(self, on_error=self._on_task_error)
        self.sync = SyncController(book, self, tasks=self.tasks)
        self.model = OrderTableModel(book.clock, self)
        self.orders = OrderListPanel(book.db, self.model, self.tasks.reads, self)
        self.workspace = OrderWorkspace(book, self, tasks=self.tasks)
        self.detail = self.workspace.detail
        self.timeline = TimelineView(self)
        self.empty = EmptyState(self)
        self.external = ExternalChanges(book, self.tasks.reads, lambda: self.detail.order, self)
        self.owned_db = None  # set by the composition root: closed with the window
        self._loaded = False
        self._ready_sent = False
        self._build_layout()
        build_status_bar(self)
        build_menus(self)
        self._connect()
        self.resize(1600, 900)
        self.external.start()  # its bearings before the first load: nothing falls between
        self.orders.reload()
        self.sync.start()  # a first round only when a server is set up
        self.settle_deadlines()  # deadlines that passed while the app was closed

    @property
    def runner(self) -> Tasks:
        """The window's runners under their old name: benchmarks wait on `runner.busy`."""
        return self.tasks

    # -- layout ------------------------------------------------------------
    def _build_layout(self) -> None:
        left = QWidget(self)
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        filters = QHBoxLayout()
        filters.addWidget(self.orders.search, 1)
        filters.addWidget(self.orders.marketplace_filter)
        column.addLayout(filters)
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
        chain = [self.orders.search, self.orders.marketplace_filter, self.orders.status_filter,
                 self.orders.table,
                 *self.detail.focus_chain(), self.timeline]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)

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
        self.tasks.writes.run(self.book.apply_timeouts, self._on_deadlines_settled)

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
        if fields is not None:
            self.tasks.writes.run(partial(self.book.create_order, fields), self._on_created,
                                  partial(report, self))  # refusals are worded for the seller

    @Slot(object)
    def _on_created(self, order) -> None:
        self.orders.select_order(order.id)

    @Slot()
    def edit_order(self) -> None:
        order = self.detail.order
        if order is None:
            return
        fields = self._run_order_dialog(order)
        if fields is not None:
            self.tasks.writes.run(partial(_save_edit, self.book, order, fields),
                                  self._on_edited, partial(report, self))

    @Slot(object)
    def _on_edited(self, order_id: str) -> None:
        shown = self.detail.order
        if shown is not None and shown.id == order_id:
            self.workspace.show_order(order_id)
            self._show_timeline()

    def _run_order_dialog(self, order) -> dict | None:
        try:
            from desktop_app.gui.orders.order_dialog import OrderDialog
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
        if path:
            self.import_path(Path(path))

    def import_path(self, path: Path) -> LongTask:
        """Import on the write runner, with progress after a moment and Cancel."""
        from desktop_app.services.interchange import import_file
        self._set_busy(True)
        self.import_task = LongTask(self.tasks, self.tasks.writes, self, "Import orders",
                                    f"Importing {path.name}…", _import_words)
        self.import_task.start(lambda progress, cancel: import_file(
            self.book, path, progress, cancel=cancel), self._on_imported,
            self._on_import_failed, self._on_import_cancelled)
        return self.import_task

    @Slot(object)
    def _on_imported(self, result) -> None:
        self._set_busy(False)
        messages.show_info(self, "Import finished",
                           f"{result.created:,} created, {result.updated:,} updated, "
                           f"{result.unchanged:,} unchanged.")
        self.orders.reload()

    def _on_import_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        report(self, exc)

    def _on_import_cancelled(self) -> None:
        self._set_busy(False)
        messages.show_info(self, "Import cancelled", "Import cancelled: nothing was changed.")

    @Slot()
    def load_sample(self) -> None:
        try:
            from desktop_app.services import demo
        except ImportError as exc:
            report(self, exc)
            return
        self._set_busy(True)
        task = partial(demo.generate, self.book.db, orders=SAMPLE_ORDERS, seed=1)
        self.tasks.writes.run(task, self._on_sample_ready)

    @Slot(object)
    def _on_sample_ready(self, _result) -> None:
        self._set_busy(False)
        self.orders.reload()

    # -- closing -----------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:
        self.detail.save_notes()
        self.tasks.cancel_long_work()  # an import rolls back: closing does not wait for it
        self.sync.stop()  # a round gives up between two tries
        self.tasks.writes.drain()  # a save in flight hands over what was typed after it
        self.shutdown()
        super().closeEvent(event)

    def shutdown(self) -> None:
        """Finish background work and stop listening to the book (idempotent)."""
        self.sync.stop()
        self.workspace.shutdown()
        self._clock_timer.stop()
        self.resolution.shutdown()
        self.earnings.shutdown()
        self.external.stop()
        self.tasks.stop()
        self.external.close()
        if self._listener in self.book.listeners:
            self.book.listeners.remove(self._listener)
        if self.owned_db is not None:
            self.owned_db.dispose()
            self.owned_db = None


def _save_edit(book: OrderBook, order, fields: dict) -> str:
    """The order dialog's changes, on the write runner; the notes only if they changed."""
    changes = edited_fields(order, fields)
    if changes:
        book.edit_order(order.ref, changes)
    if fields.get("notes", order.notes) != order.notes:
        book.edit_notes(order.ref, fields["notes"], base=order.notes)
    return order.id


def _import_words(done: int, total: int | None) -> str:
    """Half the steps check the file, half write it (services.interchange counts both)."""
    if not total:
        return "Reading the file…"
    half = total // 2
    if done < half:
        return f"Checking {done:,} of {half:,} orders…"
    return f"Saving {done - half:,} of {half:,} orders…"
