"""Reminders through the system tray, each shown once.

Every few minutes a QTimer asks services.reminders for what is due (a request
deadline within 6 h, a newly late order, an order about to auto-complete),
shows each one, then marks it shown so a restart never repeats it. The
seller's "reminders" setting turns it all off. Without a system tray (the
offscreen platform, some Linux desktops) the reminders go out through the
`reminded` signal for the main window's status bar instead.

Signals:
    reminded(list): the Reminder objects shown, when there is no system tray.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from functools import partial

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QSystemTrayIcon

from desktop_app.domain.timeutil import utc_now
from desktop_app.gui.shell.tasks import TaskRunner
from desktop_app.services.reminders import Reminder, due_reminders, mark_shown
from desktop_app.services.session import DataFolder

CHECK_EVERY_MS = 5 * 60_000
MESSAGE_MS = 8_000  # how long one balloon stays; the next waits for it


class RemindersTray(QObject):
    reminded = Signal(list)

    def __init__(self, db: DataFolder, parent: QObject | None = None, *,
                 clock: Callable[[], datetime] = utc_now, icon: QIcon | None = None,
                 auto_complete_after: timedelta | None = None,
                 tray_available: bool | None = None, runner: TaskRunner | None = None):
        """`runner`: where the timer's checks read and mark (the window's write thread: a
        check reads every order); without one they run here, as `check()` always does."""
        super().__init__(parent)
        self.db = db
        self._runner = runner
        self.clock = clock
        self.auto_complete_after = auto_complete_after
        available = QSystemTrayIcon.isSystemTrayAvailable() if tray_available is None \
            else tray_available
        self.tray: QSystemTrayIcon | None = None
        if available:
            self.tray = QSystemTrayIcon(icon or QIcon(), self)
            self.tray.setToolTip("GigDesk reminders")
            self.tray.show()
        self._queue: list[Reminder] = []
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_EVERY_MS)
        self.timer.timeout.connect(self.check_later)
        self._balloon = QTimer(self)
        self._balloon.setSingleShot(True)
        self._balloon.setInterval(MESSAGE_MS)
        self._balloon.timeout.connect(self._show_next)

    def start(self) -> None:
        """Check now, then every few minutes."""
        self.check_later()
        self.timer.start()

    def check_later(self) -> None:
        """check() with the reading and marking on the runner, the showing here."""
        if self._runner is None:
            self.check()
        else:
            self._runner.run(partial(self._due, self.clock()), self._show)

    def stop(self) -> None:
        self.timer.stop()
        self._balloon.stop()
        if self.tray is not None:
            self.tray.hide()

    def check(self) -> list[Reminder]:
        """Show what is due and not shown before; [] when reminders are off."""
        found = self._due(self.clock())
        self._show(found)
        return found

    def _due(self, now: datetime) -> list[Reminder]:
        found = due_reminders(self.db, now, self.auto_complete_after)
        if found:
            mark_shown(self.db, found)  # before showing: a crash must not repeat them forever
        return found

    def _show(self, found: list[Reminder]) -> None:
        if not found:
            return
        if self.tray is None:
            self.reminded.emit(found)
        else:
            self._queue.extend(found)
            if not self._balloon.isActive():
                self._show_next()

    def _show_next(self) -> None:
        if not self._queue or self.tray is None:
            return
        reminder = self._queue.pop(0)
        self.tray.showMessage(reminder.title, reminder.text,
                              QSystemTrayIcon.MessageIcon.Information, MESSAGE_MS)
        self._balloon.start()
