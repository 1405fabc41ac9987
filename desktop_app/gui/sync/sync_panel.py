"""Sync in the window: "Sync now", background rounds, the status-bar indicator.

A round writes, so it runs on the window's one write runner (tasks.writes),
never on the GUI thread; the indicator's reads go to tasks.reads, so neither
the order list nor the status waits for a server that does not answer (a notes
save does: it queues behind the round's pages instead of racing them for
SQLite's lock). One round at a time; a request during a round runs right after
it. Rounds start after local changes (debounced), every few minutes, and again
with growing delays while the server is unreachable — never while no server is
set up. Offline nothing changes for the seller except the pending count.

Signals:
    synced(list): ids of the orders a round changed (pulled or replayed): reload them.
    state_changed(object): the indicator's new `Indicator` (text, tooltip, warn).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QToolButton, QWidget

from desktop_app.gui.shell.tasks import Tasks
from desktop_app.gui.shell.theme import is_dark, late_color
from desktop_app.gui.sync.sync_conflicts import SyncConflictsDialog
from desktop_app.gui.sync.sync_settings import SyncSettingsDialog
from desktop_app.gui.sync.sync_status import Indicator, SyncState, describe
from desktop_app.services import sync
from desktop_app.services.orders import OrderBook
from desktop_app.services.session import DataFolder
from desktop_app.sync.client import SyncError, Unreachable
from desktop_app.sync.connect import connect

log = logging.getLogger(__name__)

DEBOUNCE_MS = 5_000
INTERVAL_MS = 5 * 60_000
RETRY_MS = 30_000
TICK_MS = 30_000
CLIENT_OPTIONS = {"timeout": 20.0, "attempts": 3}  # the controller retries on top
# Half the command line's page: decoding a page, and collecting garbage while one is in
# flight, hold the GIL; beside a first pull of 100,000 orders the window stalled 30-45 ms
# a page (up to 180 ms) with 20,000 events a page, and 25 ms (99th percentile) with these.
PULL_PAGE = 10_000


class Stopped(Exception):
    """The window is closing: the round gives up between two tries."""


def read_state(db: DataFolder) -> dict:
    """Everything the indicator shows, read in one go (on a worker)."""
    server, _insecure = sync.configured_server(db)
    status = sync.status(db)
    return {"server": server, "pending": status["pending"],
            "last_synced": status["last_synced"], "conflicts": sync.conflicts(db)}


def run_round(db: DataFolder, server: str, allow_insecure: bool, client_options: dict,
              sleep: Callable[[float], None], progress: sync.Progress | None = None,
              cancel: threading.Event | None = None) -> tuple[sync.RoundResult, dict]:
    with connect(server, allow_insecure, sleep=sleep, **client_options) as client:
        result = sync.sync_round(db, client, server_url=client.server_url,
                                 pull_page=PULL_PAGE, progress=progress, cancel=cancel)
    return result, read_state(db)


class SyncIndicator(QToolButton):
    """The status-bar button: what sync is doing; its menu holds the sync actions."""

    def __init__(self, actions: list[QAction], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("syncStatus")
        self.setAccessibleName("Sync status")
        self.setAutoRaise(True)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self)
        menu.addActions(actions)
        self.setMenu(menu)

    def show_indicator(self, indicator: Indicator) -> None:
        self.setText(indicator.text)
        self.setToolTip(indicator.tooltip)
        self.setAccessibleDescription(indicator.tooltip)
        color = late_color(is_dark()).name() if indicator.warn else None
        self.setStyleSheet(f"QToolButton {{ color: {color}; font-weight: bold; }}"
                           if color else "")


class SyncController(QObject):
    synced = Signal(list)
    state_changed = Signal(object)
    _book_changed = Signal(list)  # OrderBook listeners may run on any thread
    _progressed = Signal(str, int, object)  # from the round's worker: see sync.Progress

    def __init__(self, book: OrderBook, parent: QWidget, *, debounce_ms: int = DEBOUNCE_MS,
                 interval_ms: int = INTERVAL_MS, retry_ms: int = RETRY_MS,
                 client_options: dict | None = None, tasks: Tasks | None = None):
        super().__init__(parent)
        self.book = book
        self.db = book.db
        self.window = parent
        self.retry_ms = retry_ms
        self.client_options = {**CLIENT_OPTIONS, **(client_options or {})}
        self.state = SyncState()
        # The window's runners; a controller built alone (tests) has its own.
        self._owns_tasks = tasks is None
        self.tasks = tasks or Tasks(self)
        self._rounds = 0  # rounds queued or running on tasks.writes
        self.settings_dialog: SyncSettingsDialog | None = None
        self.conflicts_dialog: SyncConflictsDialog | None = None
        self._stop = threading.Event()
        self._started = self._stopped = False
        self._again = self._refreshing = self._refresh_again = False
        self._failures = 0
        self.debounce = self._timer(debounce_ms, True, self.sync_now)
        self.periodic = self._timer(interval_ms, False, self.sync_now)
        self.retry = self._timer(retry_ms, True, self.sync_now)
        self.tick = self._timer(TICK_MS, False, self._render)
        self._build_actions()
        self.indicator = SyncIndicator([self.sync_action, self.conflicts_action,
                                        self.settings_action], parent)
        self._book_changed.connect(self._on_book_changed)
        self._progressed.connect(self._on_progress)
        self._listener = self._book_changed.emit
        self.state.server, _ = sync.configured_server(self.db)
        self._render()

    def _timer(self, msecs: int, single: bool, slot) -> QTimer:
        timer = QTimer(self, interval=msecs, singleShot=single)
        timer.timeout.connect(slot)
        return timer

    def _build_actions(self) -> None:
        self.sync_action = QAction("S&ync now", self)
        self.sync_action.setShortcut(QKeySequence("Ctrl+Shift+S"))
        self.sync_action.setStatusTip("Send your changes to the sync server and fetch others'")
        self.sync_action.triggered.connect(self.sync_now)
        self.settings_action = QAction("Sync se&ttings…", self)
        self.settings_action.setStatusTip("Set the sync server and its token")
        self.settings_action.triggered.connect(self.open_settings)
        self.conflicts_action = QAction("Sync &conflicts…", self)
        self.conflicts_action.setStatusTip("Changes made on two computers that need your choice")
        self.conflicts_action.triggered.connect(self.show_conflicts)

    @property
    def actions(self) -> list[QAction]:
        return [self.sync_action, self.conflicts_action, self.settings_action]

    # -- life ------------------------------------------------------------------
    def start(self, *, sync_at_start: bool = True) -> None:
        if self._started:
            return
        self._started = True
        self.book.listeners.append(self._listener)
        self.periodic.start()
        self.tick.start()
        self.refresh()
        if sync_at_start:
            self.sync_now()

    def stop(self) -> None:
        """Stop the timers, give up a round between tries, wait for the workers."""
        self._stopped = True
        self._stop.set()
        for timer in (self.debounce, self.periodic, self.retry, self.tick):
            timer.stop()
        if self._listener in self.book.listeners:
            self.book.listeners.remove(self._listener)
        if self._owns_tasks:
            self.tasks.stop()  # else the window waits for its runners once everyone stopped

    @property
    def busy(self) -> bool:
        return self._rounds > 0 or self._refreshing

    # -- rounds ----------------------------------------------------------------
    @Slot()
    def sync_now(self) -> bool:
        """Start a round (or one right after the running one); False when not set up."""
        if self._stopped:
            return False
        server, allow_insecure = sync.configured_server(self.db)
        self.state.server = server
        if server is None:
            self._render()
            return False
        if self.state.running:
            self._again = True
            return True
        self.debounce.stop()
        self.retry.stop()
        self.state.running = True
        self._render()
        # Closing the window stops a file transfer between two chunks (self._stop).
        task = partial(run_round, self.db, server, allow_insecure, dict(self.client_options),
                       self._sleep, self._progressed.emit, self._stop)
        self._rounds += 1
        self.tasks.writes.run(task, self._on_round_done, self._on_round_failed)
        return True

    def _sleep(self, seconds: float) -> None:
        """The client's wait between tries (on the worker): cut short when closing."""
        if self._stop.wait(seconds):
            raise Stopped()

    @Slot(str, int, object)
    def _on_progress(self, what: str, done: int, total: int | None) -> None:
        if self.state.running:  # a late signal of a finished round changes nothing
            self.state.progress = (what, done, total)
            self._render()

    def _on_round_done(self, outcome: tuple[sync.RoundResult, dict]) -> None:
        self._rounds -= 1
        result, fresh = outcome
        self._failures = 0
        self.state.progress = None
        self.state.running = self.state.offline = False
        self.state.error = None
        self.state.last_round = result.summary()
        self._apply(fresh)
        if result.changed:
            self.synced.emit(sorted(result.changed))
        self._after_round()

    def _on_round_failed(self, exc: BaseException) -> None:
        self._rounds -= 1
        self.state.running = False
        self.state.progress = None
        if isinstance(exc, Stopped) or self._stopped:
            return
        self.state.offline = isinstance(exc, Unreachable)
        if isinstance(exc, SyncError):
            self.state.error = str(exc)
        else:  # a bug or a local problem (disk, locked database): say it, keep going
            log.error("sync round failed", exc_info=exc)
            self.state.error = f"Sync stopped by an unexpected problem: {exc}"
        if self.state.offline:
            delay = min(self.periodic.interval(), self.retry_ms * 2 ** self._failures)
            self._failures += 1
            self.retry.start(delay)
        self.refresh()
        self._after_round()

    def _after_round(self) -> None:
        if self._again and not self._stopped:
            self._again = False
            QTimer.singleShot(0, self.sync_now)

    # -- the indicator ---------------------------------------------------------
    def refresh(self) -> None:
        """Re-read pending count, last sync and conflicts on a worker."""
        if self._stopped:
            return
        if self._refreshing:
            self._refresh_again = True
            return
        self._refreshing = True
        self.tasks.reads.run(partial(read_state, self.db), self._on_refreshed,
                             self._on_refresh_failed)

    def _on_refreshed(self, fresh: dict) -> None:
        self._refreshing = False
        self._apply(fresh)
        if self._refresh_again:
            self._refresh_again = False
            self.refresh()

    def _on_refresh_failed(self, exc: BaseException) -> None:
        self._refreshing = False
        log.warning("sync status could not be read: %s", exc)

    def _apply(self, fresh: dict) -> None:
        if self._stopped:
            return
        for key, value in fresh.items():
            setattr(self.state, key, value)
        self._render()

    @Slot()
    def _render(self) -> None:
        configured = self.state.server is not None
        self.sync_action.setEnabled(configured)
        self.sync_action.setToolTip("Sync now" if configured
                                    else "Set up a sync server first (Sync settings…)")
        self.conflicts_action.setEnabled(bool(self.state.conflicts))
        indicator = describe(self.state)
        self.indicator.show_indicator(indicator)
        self.state_changed.emit(indicator)

    @Slot(list)
    def _on_book_changed(self, _ids: list[str]) -> None:
        self.refresh()
        if self.state.server is not None and not self._stopped:
            self.debounce.start()

    # -- dialogs ---------------------------------------------------------------
    @Slot()
    def open_settings(self) -> SyncSettingsDialog:
        dialog = SyncSettingsDialog(self.db, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(self._on_settings_saved)
        self.settings_dialog = dialog
        dialog.open()
        return dialog

    @Slot()
    def _on_settings_saved(self) -> None:
        self._failures = 0
        self.state.error = None
        self.state.offline = False
        self.retry.stop()
        self.sync_now()
        self.refresh()

    @Slot()
    def show_conflicts(self) -> SyncConflictsDialog:
        dialog = SyncConflictsDialog(self.book, self.window, tasks=self.tasks)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.resolved.connect(self.refresh)
        self.conflicts_dialog = dialog
        dialog.open()
        return dialog
