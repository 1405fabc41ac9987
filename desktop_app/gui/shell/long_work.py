"""Work the seller waits for (an import, a ZIP, a folder): progress after a moment, Cancel.

After Anki's progress.py: the dialog shows only once the work has run for
SHOW_AFTER_MS, so quick work never flashes a window; Cancel only sets a flag that
the service function checks between files or rows (cooperative, as superqt's
generator workers do at each yield). The service then undoes what it started
(a rolled-back transaction, a removed temp file) and raises its own "cancelled"
error, which the caller turns into one plain sentence.

The dialog is modeless: the seller may go on with other orders meanwhile.

Signals:
    _progressed(object, object): internal, (done, total) from the worker.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from desktop_app.gui.shell.tasks import TaskRunner, Tasks

SHOW_AFTER_MS = 500
REPORT_EVERY_S = 0.05  # at most ~20 updates a second reach the GUI thread
STEPS = 1000  # the bar counts per mille: QProgressDialog's range is a 32-bit int

Work = Callable[[Callable[[int, int | None], None], threading.Event], Any]
Describe = Callable[[int, int | None], str]


class LongTask(QObject):
    """One run of `work(progress, cancel)` on `runner`, with a progress dialog over `parent`.

    `on_cancelled()` runs instead of `on_error` when the seller cancelled and the
    work gave up; `on_done(result)` when it finished (even if Cancel came too late).
    """

    _progressed = Signal(object, object)

    def __init__(self, tasks: Tasks, runner: TaskRunner, parent: QWidget, title: str,
                 label: str, describe: Describe | None = None):
        super().__init__(parent)
        self._tasks = tasks
        self._runner = runner
        self._label = label
        self._describe = describe
        self.cancel = threading.Event()
        self._last_report = 0.0
        self.highest = 0  # the furthest progress shown, for tests and benchmarks
        self.dialog = QProgressDialog(label, "Cancel", 0, 0, parent)
        self.dialog.setObjectName("longTaskProgress")
        self.dialog.setAccessibleName(title)
        self.dialog.setWindowTitle(title)
        self.dialog.setWindowModality(Qt.WindowModality.NonModal)
        self.dialog.setAutoReset(False)
        self.dialog.setAutoClose(False)
        self.dialog.setMinimumDuration(SHOW_AFTER_MS)
        self.dialog.canceled.connect(self._on_cancel_pressed)
        self._progressed.connect(self._on_progress)
        self.running = False

    def start(self, work: Work, on_done: Callable[[Any], None],
              on_error: Callable[[BaseException], None],
              on_cancelled: Callable[[], None]) -> None:
        self._callbacks = (on_done, on_error, on_cancelled)
        self.running = True
        self._tasks.watch(self.cancel)
        self.dialog.setValue(0)  # starts the dialog's SHOW_AFTER_MS clock
        self._runner.run(lambda: work(self._report, self.cancel), self._done, self._failed)

    def _report(self, done: int, total: int | None) -> None:
        """Called by the service on the worker: throttled, and safe after the window went."""
        now = time.monotonic()
        if now - self._last_report < REPORT_EVERY_S and (total is None or done < total):
            return
        self._last_report = now
        if shiboken6.isValid(self):
            self._progressed.emit(done, total)

    @Slot(object, object)
    def _on_progress(self, done: int, total: int | None) -> None:
        if not self.running or self.cancel.is_set():
            return
        if total:
            self.dialog.setMaximum(STEPS)
            value = min(STEPS, done * STEPS // total)
            self.highest = max(self.highest, value)
            self.dialog.setValue(value)
        if self._describe is not None:
            self.dialog.setLabelText(self._describe(done, total))

    @Slot()
    def _on_cancel_pressed(self) -> None:
        if self.running:
            self.cancel.set()
            self.dialog.show()  # QProgressDialog hides itself on cancel: say it is stopping
            self.dialog.setLabelText("Cancelling…")
            self.dialog.setCancelButtonText("Cancelling…")
            self.dialog.setEnabled(False)

    def request_cancel(self) -> None:
        """What the Cancel button does (also for keyboard shortcuts and tests)."""
        self._on_cancel_pressed()

    def _finish(self) -> tuple:
        self.running = False
        self._tasks.unwatch(self.cancel)
        self.dialog.canceled.disconnect(self._on_cancel_pressed)
        self.dialog.reset()
        self.dialog.hide()
        self.dialog.deleteLater()
        self.deleteLater()
        return self._callbacks

    def _done(self, result: Any) -> None:
        on_done, _on_error, _on_cancelled = self._finish()
        on_done(result)

    def _failed(self, error: BaseException) -> None:
        cancelled = self.cancel.is_set()
        _on_done, on_error, on_cancelled = self._finish()
        if cancelled:
            on_cancelled()
        else:
            on_error(error)
