"""The order's delivery area: drop the revised files, check them, redeliver, lay them out.

Staged files are kept per order while the window is open (switching orders keeps a
half-prepared redelivery); what was staged but never delivered leaves the store again
at shutdown(). Every check comes from services.delivery.prepare, the same as the CLI.
Recording runs on the window's write runner: it first waits for the staged files to
reach the disk (delivery.redeliver makes them durable), which right after a large drop
takes a moment. Copying (staging, laying out, zipping) runs on its file runner.

Signals:
    delivered(str): the id of the order a delivery was just recorded for.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QFileDialog, QWidget

from desktop_app.domain.delivery_checks import DeliveryReport, StagedFile
from desktop_app.domain.derived import auto_complete_at
from desktop_app.domain.errors import LifecycleError
from desktop_app.domain.order import Order
from desktop_app.domain.timeutil import local_text
from desktop_app.gui.delivery.delivery_exports import DeliveryExports
from desktop_app.gui.delivery.delivery_layout import build_pane
from desktop_app.gui.delivery.delivery_stager import Stager
from desktop_app.gui.delivery.delivery_text import (
    COPYING_SUMMARY,
    diff_summary,
    issue_html,
    progress_text,
    staging_notice,
)
from desktop_app.gui.shell import messages
from desktop_app.gui.shell.crash import report as report_bug
from desktop_app.gui.shell.tasks import Tasks
from desktop_app.gui.shell.theme import is_dark, late_color
from desktop_app.gui.shell.tone_highlighter import ToneHighlighter
from desktop_app.services import delivery
from desktop_app.services.delivery import StageProgress, StageResult
from desktop_app.services.orders import OrderBook

CHECK_DELAY_MS = 150  # re-check the message once typing pauses
log = logging.getLogger(__name__)


@dataclass
class _Draft:
    """A redelivery being prepared for one order."""

    files: dict[str, StagedFile] = field(default_factory=dict)  # by relative path
    message: str = ""
    results: list[StageResult] = field(default_factory=list)  # for discard at shutdown


class DeliveryPane(QWidget):
    delivered = Signal(str)

    def __init__(self, book: OrderBook, parent: QWidget | None = None, *,
                 tasks: Tasks | None = None):
        super().__init__(parent)
        self.setObjectName("deliveryPane")
        self.setAccessibleName("Deliver or redeliver")
        self.book = book
        self.order: Order | None = None
        self.report: DeliveryReport | None = None
        self._drafts: dict[str, _Draft] = {}
        self._job_orders: dict[int, str] = {}  # staging job -> order id it stages for
        self._stage_started = 0.0
        # The window's runners; a pane built alone (tests, benchmarks) has its own.
        self._owns_tasks = tasks is None
        self.tasks = tasks or Tasks(self)
        self.stager = Stager(book, self, pool=self.tasks.files.pool)
        self.exports = DeliveryExports(book, self.tasks, self)
        self.recording = False  # a delivery is being recorded on tasks.writes
        self._refocus_message = False
        self.ui = build_pane(self)
        self._highlighter = ToneHighlighter(self.ui.message.document())
        self._check_timer = QTimer(self, singleShot=True, interval=CHECK_DELAY_MS)
        self._connect()
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)
        self.set_order(None)

    def _connect(self) -> None:
        ui = self.ui
        ui.drop_zone.paths_dropped.connect(self.add_paths)
        ui.drop_zone.refused.connect(self._show_notice)
        ui.add_files.clicked.connect(self._choose_files)
        ui.add_folder.clicked.connect(self._choose_folder)
        ui.cancel.clicked.connect(self.stager.cancel)
        ui.remove.clicked.connect(self.remove_selected)
        remove = QAction("Remove from this delivery", ui.files,
                         shortcut=QKeySequence(QKeySequence.StandardKey.Delete),
                         shortcutContext=Qt.ShortcutContext.WidgetShortcut)
        remove.triggered.connect(self.remove_selected)
        ui.files.addAction(remove)
        ui.files.itemSelectionChanged.connect(self._update_buttons)
        ui.message.textChanged.connect(self._check_timer.start)
        self._check_timer.timeout.connect(self.refresh_checks)
        ui.redeliver.clicked.connect(self.redeliver)
        QShortcut(QKeySequence("Ctrl+Return"), self, self.redeliver,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        ui.open_folder.clicked.connect(self.open_selected_folder)
        ui.export_zip.clicked.connect(self.export_selected_zip)
        ui.copy_message.clicked.connect(self.copy_selected_message)
        ui.history.reopen_requested.connect(self.open_folder)
        ui.history.itemSelectionChanged.connect(self._update_buttons)
        self.stager.progress.connect(self._on_progress)
        self.stager.finished.connect(self._on_staged)
        self.stager.failed.connect(self._on_stage_failed)
        self.stager.busy_changed.connect(self._on_busy)
        self.exports.notice.connect(self._show_notice)

    # -- the order ---------------------------------------------------------------
    def set_order(self, order: Order | None) -> None:
        """Show `order`; the same order again (after a refresh) keeps the draft."""
        if self.order is not None and (order is None or order.id != self.order.id):
            self._draft().message = self.ui.message.toPlainText()
        same = order is not None and self.order is not None and order.id == self.order.id
        self.order = order
        self.setEnabled(order is not None)
        if not same:
            self.ui.message.blockSignals(True)
            self.ui.message.setPlainText(self._draft().message if order else "")
            self.ui.message.blockSignals(False)
            self.ui.notice.clear()
            self.ui.notice.hide()
            self.ui.result.hide()
        self.ui.history.show_order(order)
        self.refresh_checks()

    def _draft(self, order_id: str | None = None) -> _Draft:
        key = order_id or (self.order.id if self.order else "")
        return self._drafts.setdefault(key, _Draft())

    @property
    def staged_files(self) -> list[StagedFile]:
        return sorted(self._draft().files.values(), key=lambda f: f.relative_path) \
            if self.order else []

    # -- adding files ------------------------------------------------------------
    @Slot(list)
    def add_paths(self, paths: list[Path]) -> None:
        if self.order is None or not paths:
            return
        job = self.stager.start([Path(p) for p in paths])
        self._job_orders[job] = self.order.id
        self.refresh_checks()  # "copying…" rather than "no files yet"

    @Slot()
    def _choose_files(self) -> None:
        if messages.noninteractive():
            return
        names, _filter = QFileDialog.getOpenFileNames(self, "Add files to the delivery")
        self.add_paths([Path(n) for n in names])

    @Slot()
    def _choose_folder(self) -> None:
        if messages.noninteractive():
            return
        name = QFileDialog.getExistingDirectory(self, "Add a folder to the delivery")
        if name:
            self.add_paths([Path(name)])

    @Slot(bool)
    def _on_busy(self, busy: bool) -> None:
        self.ui.progress_row.setVisible(busy)
        self.ui.progress.setRange(0, 1000)
        self.ui.progress.setValue(0)
        self.ui.progress_label.setText("Looking at the dropped files…")
        self._stage_started = time.monotonic()
        self._update_buttons()

    @Slot(object)
    def _on_progress(self, p: StageProgress) -> None:
        if p.bytes_total:
            self.ui.progress.setValue(round(1000 * p.bytes_done / p.bytes_total))
        self.ui.progress_label.setText(progress_text(p, time.monotonic() - self._stage_started))

    @Slot(object)
    def _on_staged(self, outcome: tuple[int, StageResult]) -> None:
        job, result = outcome
        draft = self._draft(self._job_orders.pop(job, None))
        draft.results.append(result)
        replaced = [f.relative_path for f in result.files if f.relative_path in draft.files]
        draft.files.update((f.relative_path, f) for f in result.files)
        self._show_notice(staging_notice(result, replaced))
        self.ui.result.hide()  # a new delivery is being prepared
        self.refresh_checks()

    @Slot(object)
    def _on_stage_failed(self, outcome: tuple[int, BaseException]) -> None:
        job, error = outcome
        self._job_orders.pop(job, None)
        self.refresh_checks()
        if isinstance(error, delivery.StagingCancelled):
            self._show_notice("Cancelled: nothing from that drop was added.")
        elif isinstance(error, LifecycleError):  # refused from its sizes: nothing copied
            text = f"{error} Nothing from that drop was added."
            self._show_notice(text, error=True)
            messages.show_error(self, "Could not add the files", text)
        elif isinstance(error, delivery.StagingFailed):
            text = f"{error}. Nothing from that drop was added; fix the problem and drop " \
                   "the files again."
            self._show_notice(text, error=True)
            messages.show_error(self, "Could not add the files", text)
        else:
            self._show_notice("Adding the files failed; nothing from that drop was added.",
                              error=True)
            report_bug(self, error)

    @Slot(str)
    def _show_notice(self, text: str, error: bool = False) -> None:
        self.ui.notice.setProperty("error", error)
        self.ui.notice.setStyleSheet(self.ui.notice_style(error))
        self.ui.notice.setText(text)
        self.ui.notice.setVisible(bool(text))

    @Slot()
    def remove_selected(self) -> None:
        draft = self._draft()
        for path in self.ui.files.selected_paths():
            draft.files.pop(path, None)
        self.refresh_checks()

    # -- checks ------------------------------------------------------------------
    @Slot()
    def refresh_checks(self) -> None:
        self._check_timer.stop()
        ui = self.ui
        if self.order is None:
            self.report = None
            ui.files.show_files([], None)
            ui.issues.setText("")
            ui.title.setText("Deliver")
            self._update_buttons()
            return
        files = self.staged_files
        self.report = delivery.prepare(self.book, self.order.ref, files,
                                       ui.message.toPlainText(), order=self.order)
        ui.files.show_files(files, self.report)
        first = not self.order.deliveries
        number = len(self.order.deliveries) + 1
        ui.title.setText(f"{'Deliver' if first else 'Redeliver'} — delivery #{number} of "
                         f"{self.order.ref}")
        ui.redeliver.setText("Deliver now" if first else "Redeliver now")
        total = sum(f.size for f in files)
        copying = self.order.id in self._job_orders.values()
        ui.summary.setText(COPYING_SUMMARY if copying and not files else
                           diff_summary(self.report.diff, len(files), total,
                                        len(self.order.deliveries)))
        unchanged = any(w.code == "unchanged_redelivery" for w in self.report.warnings)
        ui.banner.setVisible(unchanged)
        shown = self.report
        if copying:  # the files on their way are not missing
            shown = replace(shown, warnings=[w for w in shown.warnings if w.code != "no_files"])
        if any(b.code == "status" for b in shown.blocks):  # nothing else matters until then
            shown = DeliveryReport(blocks=[b for b in shown.blocks if b.code == "status"])
        ui.issues.setText(issue_html(shown, late_color(is_dark()).name()))
        self._update_buttons()

    def _update_buttons(self) -> None:
        ui = self.ui
        staging = self.stager.busy or self.recording
        ui.redeliver.setEnabled(self.report is not None and self.report.can_deliver
                                and not staging)
        ui.redeliver.setToolTip(self.report.blocks[0].message if self.report
                                and self.report.blocks else "Record this delivery (Ctrl+Return)")
        ui.remove.setEnabled(bool(ui.files.selected_paths()))
        chosen = ui.history.selected_number() is not None
        for button in (ui.open_folder, ui.export_zip, ui.copy_message):
            button.setEnabled(chosen)

    # -- delivering --------------------------------------------------------------
    @Slot()
    def redeliver(self) -> None:
        self.refresh_checks()
        if self.order is None or self.report is None or not self.ui.redeliver.isEnabled():
            return
        confirmations = [w for w in self.report.warnings if w.needs_confirmation]
        for issue in confirmations:
            if not messages.confirm(self, "Deliver anyway?", f"{issue.message}\n\n"
                                    "Deliver anyway?", default=False):
                return
        record = partial(delivery.redeliver, self.book, self.order.ref, self.staged_files,
                         self.ui.message.toPlainText(), confirmed=bool(confirmations))
        self.recording = True
        self.tasks.writes.run(record, self._on_recorded, self._on_record_failed)
        self._show_recording(True)

    def _show_recording(self, busy: bool) -> None:
        ui = self.ui
        ui.progress_row.setVisible(busy or self.stager.busy)
        ui.progress.setRange(0, 0 if busy else 1000)  # 0, 0: a busy bar, no percentage
        ui.progress_label.setText("Saving the files to disk and recording the delivery…")
        ui.cancel.setVisible(not busy)  # a delivery half recorded cannot be taken back
        typing = ui.message.hasFocus()
        ui.drop_zone.setAcceptDrops(not busy)  # what is being recorded stays as it was sent
        for widget in (ui.add_files, ui.add_folder, ui.message):
            widget.setEnabled(not busy)
        if busy:
            self._refocus_message = typing
        elif self._refocus_message:
            ui.message.setFocus()  # a keyboard user goes on where they were
        self._update_buttons()

    def _on_recorded(self, order: Order) -> None:
        self.recording = False
        self._show_recording(False)
        draft = self._draft(order.id)
        draft.files.clear()
        draft.message = ""
        if self.order is not None and self.order.id == order.id:
            self.ui.message.blockSignals(True)
            self.ui.message.clear()
            self.ui.message.blockSignals(False)
            self.set_order(order)
            self._show_notice("")  # the notes about the staged files are history now
            self._show_result(order)
        self.delivered.emit(order.id)

    def _on_record_failed(self, error: BaseException) -> None:
        self.recording = False
        self._show_recording(False)
        if isinstance(error, LifecycleError):
            messages.show_error(self, "Not delivered", str(error))
        else:
            report_bug(self, error)

    def _show_result(self, order: Order) -> None:
        last = order.deliveries[-1]
        text = f"Delivery #{last.number} recorded at {local_text(last.delivered_at)}."
        auto = auto_complete_at(order, self.book.rules)  # the order's own, unless forced
        if auto is not None:
            text += (" If the buyer does nothing, the order completes by itself on "
                     f"{local_text(auto)}.")
        self.ui.result.setText(text + " Open the folder and drag the files into the "
                               "marketplace's upload box, then paste the message.")
        self.ui.result.show()

    # -- after delivering: lay out, zip, copy (DeliveryExports) --------------------
    @Slot()
    def open_selected_folder(self) -> None:
        self.open_folder(self.ui.history.selected_number())

    @Slot(int)
    def open_folder(self, number: int | None) -> None:
        """Lay the delivery out on the file runner; the file manager opens when it is done."""
        self.exports.open_folder(self.order, number)

    @Slot()
    def export_selected_zip(self) -> None:
        self.exports.ask_and_export(self.order, self.ui.history.selected_number())

    @Slot()
    def copy_selected_message(self) -> None:
        self.exports.copy_message(self.order, self.ui.history.selected_number())

    # -- lifetime ----------------------------------------------------------------
    @Slot()
    def shutdown(self) -> None:
        """Cancel staging and exports; take back what was staged but never delivered.

        The take-back reads every order (a blob another order uses stays), so it runs
        on the write runner like any write; a pane with its own runners waits for it.
        """
        self.stager.cancel()
        self.exports.cancel()
        self.stager.wait()
        results = [r for d in self._drafts.values() for r in d.results]
        for d in self._drafts.values():
            d.results.clear()
        if results and not self.tasks.writes.stopped:
            self.tasks.writes.run(partial(delivery.discard, self.book, results),
                                  _ignore, _log_discard_failure)
        if self._owns_tasks:
            self.tasks.stop()  # a delivery being recorded keeps its files


def _ignore(_result) -> None:
    """Nothing to show: the window is closing."""


def _log_discard_failure(exc: BaseException) -> None:
    # Cleanup at exit must never stop the exit; leftovers are only unused blobs.
    log.warning("staged files not taken back: %s", exc)
