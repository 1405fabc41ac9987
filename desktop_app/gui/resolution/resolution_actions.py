"""The main window's Resolution Center, metrics and reminders commands.

Kept apart from the window so each stays short: the wizard on the selected
order, the metrics view in its own window, and the reminders tray whose
notices fall back to the status bar where no system tray exists.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QTimer, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow

from desktop_app.gui.resolution.metrics_view import MetricsView
from desktop_app.gui.resolution.wizard.wizard import ResolutionWizard
from desktop_app.gui.shell import messages
from desktop_app.gui.shell.crash import report
from desktop_app.gui.shell.reminders_tray import RemindersTray
from desktop_app.gui.shell.resources import app_icon

REMINDERS_DELAY_MS = 3000


class ResolutionActions(QObject):
    def __init__(self, window: QMainWindow):
        super().__init__(window)
        self.window = window
        self.metrics_window: MetricsView | None = None
        self.wizard_action = QAction("Resolution Center &request…", window)
        self.wizard_action.setShortcut(QKeySequence("Ctrl+Shift+E"))
        self.wizard_action.setStatusTip("Extension, extra, partial refund or cancellation, "
                                        "with its impact on your completion rate")
        self.wizard_action.triggered.connect(self.open_wizard)
        self.wizard_action.setEnabled(False)
        self.metrics_action = QAction("&Metrics", window)
        self.metrics_action.setShortcut(QKeySequence("Ctrl+M"))
        self.metrics_action.setStatusTip("Completion, on-time and revision rates")
        self.metrics_action.triggered.connect(self.open_metrics)
        self.tray = RemindersTray(window.book.db, self, clock=window.book.clock,
                                  icon=app_icon(), runner=window.tasks.writes)
        self.tray.reminded.connect(self._remind_in_status_bar)
        # Not during start-up: the first check reads every order (on the write thread).
        QTimer.singleShot(REMINDERS_DELAY_MS, self.tray, self.tray.start)

    def order_selected(self, order_id: str | None) -> None:
        self.wizard_action.setEnabled(order_id is not None)

    @Slot()
    def open_wizard(self) -> None:
        order = self.window.detail.order
        if order is None:
            return
        if order.status.is_final:
            messages.show_info(self.window, "Resolution Center",
                               f"Order {order.ref} is {order.status.label.lower()}: there is "
                               "nothing left to resolve.")
            return
        wizard = ResolutionWizard(self.window.book, order.ref, self.window,
                                  tasks=self.window.tasks)
        try:
            if messages.noninteractive():
                return
            if wizard.exec() == ResolutionWizard.DialogCode.Accepted and wizard.recorded:
                self.window.workspace.show_order(order.id)
                self.window.orders.orders_changed([order.id])
        except Exception as exc:  # noqa: BLE001 - shown to the seller
            report(self.window, exc)
        finally:
            wizard.deleteLater()

    @Slot()
    def open_metrics(self) -> None:
        if self.metrics_window is None:
            self.metrics_window = MetricsView(self.window.book, None,
                                              tasks=self.window.tasks)
            self.metrics_window.setWindowTitle("GigDesk — Metrics")
            self.metrics_window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
            self.metrics_window.resize(980, 640)
        self.metrics_window.refresh()
        self.metrics_window.show()
        self.metrics_window.raise_()

    @Slot(list)
    def _remind_in_status_bar(self, reminders: list) -> None:
        if reminders:
            first = reminders[0]
            more = f" (+{len(reminders) - 1} more)" if len(reminders) > 1 else ""
            self.window.reminder_label.setText(f"Reminder: {first.title}{more}")
            self.window.reminder_label.setToolTip("\n".join(f"{r.title}: {r.text}"
                                                            for r in reminders))

    def shutdown(self) -> None:
        self.tray.stop()
        if self.metrics_window is not None:
            self.metrics_window.shutdown()
            self.metrics_window.close()
            self.metrics_window.deleteLater()
            self.metrics_window = None
