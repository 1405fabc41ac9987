"""Notices what other programs wrote to the database while the window is open.

A timer asks services.changes.ChangeWatcher on the task runner (never the GUI
thread) whether another connection committed; the answer comes back as the change
set a sync pull hands the window, so the list patches those rows (or reloads for
a large import) and the open order is shown afresh.

Signals:
    orders_changed(list): order ids to refresh in the list; empty: reload it all.
    shown_changed(list): [id] of the open order, which changed elsewhere.
    notice(str, int): a status bar line about changes made elsewhere, and for how long (ms).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from desktop_app.gui.shell.tasks import TaskRunner
from desktop_app.services.changes import Changes, ChangeWatcher
from desktop_app.services.orders import OrderBook

POLL_MS = 500  # data_version costs no I/O: twice a second keeps "visible < 1 s"
NOTICE_MS = 15_000
EVERYTHING = "*"  # not an order id (ids are letters, digits, - and _)


class ExternalChanges(QObject):
    orders_changed = Signal(list)
    shown_changed = Signal(list)
    notice = Signal(str, int)

    def __init__(self, book: OrderBook, runner: TaskRunner, shown: Callable[[], object],
                 parent: QObject | None = None):
        """`shown()`: the order the window shows now (or None)."""
        super().__init__(parent)
        self._runner = runner
        self._shown = shown
        self._watcher = ChangeWatcher(book)
        self._polling = False
        # Orders this window changed during the last two polls: its own, not news.
        # EVERYTHING: it changed any order (its own import), so nothing is news.
        self._own: set[str] = set()
        self._previous: set[str] = set()
        self._timer = QTimer(self, interval=POLL_MS)
        self._timer.timeout.connect(self.poll)
        self._book = book
        book.listeners.append(self._note_own)

    def start(self) -> None:
        self.poll()  # the bearings, queued before the window's first load
        self._timer.start()

    @Slot()
    def poll(self) -> None:
        if self._polling:
            return
        self._polling = True
        order = self._shown()
        task = partial(self._watcher.poll, order.id if order is not None else None)
        self._runner.run(task, self._on_polled, self._on_failed)

    @Slot(object)
    def _on_polled(self, changes: Changes | None) -> None:
        self._polling = False
        own = self._own | self._previous
        self._previous, self._own = self._own, set()
        if changes is None:
            return
        self.orders_changed.emit(changes.order_ids)
        order = self._shown()
        if order is not None and changes.shown is not None and changes.shown != order:
            self.shown_changed.emit([order.id])
        if EVERYTHING in own:  # the window's own import: it reloads the list itself
            return
        elsewhere = [i for i in changes.order_ids if i not in own]
        if not changes.order_ids:
            self.notice.emit("The orders changed in another program: the list was reloaded",
                             NOTICE_MS)
        elif elsewhere:
            count = len(elsewhere)
            self.notice.emit(f"{count:,} order{'s' * (count != 1)} changed in another "
                             "program (an import, the command line): shown as they are now",
                             NOTICE_MS)

    def _note_own(self, order_ids: list[str]) -> None:
        """OrderBook listener (any thread): this window's own changes, not news. An
        empty list (an import: any order may have changed) makes the whole next change
        set the window's own."""
        self._own.update(order_ids or (EVERYTHING,))

    def _on_failed(self, _exc: BaseException) -> None:
        # A locked or busy file: the next tick asks again; a real failure shows on the
        # window's next own read, which reports it.
        self._polling = False

    def stop(self) -> None:
        """Stop polling; the runner must be idle (stopped) before the watcher closes."""
        self._timer.stop()
        if self._note_own in self._book.listeners:
            self._book.listeners.remove(self._note_own)

    def close(self) -> None:
        self._watcher.close()
