"""The main window's Earnings command: the Earnings view in its own window."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow

from desktop_app.gui.earnings.earnings_view import EarningsView

SHORTCUT = "Ctrl+Shift+M"  # next to Metrics (Ctrl+M)


class EarningsActions(QObject):
    def __init__(self, window: QMainWindow):
        super().__init__(window)
        self.window = window
        self.view: EarningsView | None = None
        self.earnings_action = QAction("E&arnings", window)
        self.earnings_action.setShortcut(QKeySequence(SHORTCUT))
        self.earnings_action.setStatusTip("Pending clearance, available and this month's "
                                          "net, per currency")
        self.earnings_action.triggered.connect(self.open_earnings)

    @Slot()
    def open_earnings(self) -> None:
        if self.view is None:
            self.view = EarningsView(self.window.book, None, tasks=self.window.tasks)
            self.view.setWindowTitle("GigDesk — Earnings")
            self.view.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
            self.view.resize(900, 620)
        self.view.refresh()
        self.view.show()
        self.view.raise_()

    def shutdown(self) -> None:
        if self.view is not None:
            self.view.shutdown()
            self.view.close()
            self.view.deleteLater()
            self.view = None
