"""Composition root: the database, the order book and the main window on one data dir."""

from __future__ import annotations

import contextlib
import ctypes
import gc
import json
import sys
import time
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Slot
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from desktop_app.gui.shell.main_window import MainWindow
from desktop_app.services.orders import OrderBook
from desktop_app.storage.db import Database

APP_NAME = "GigDesk"
SELF_TEST_TIMEOUT_MS = 60_000
_ROOT = Path(__file__).resolve().parent
ICON_CANDIDATES = (_ROOT.parent / "resources" / "icons" / "app.svg",
                   _ROOT / "resources" / "icons" / "app.svg")


def create_main_window(data_dir: Path) -> MainWindow:
    """The main window wired to the database in `data_dir` (it closes the database on close)."""
    db = Database(Path(data_dir))
    window = MainWindow(OrderBook(db), Path(data_dir))
    window.owned_db = db  # disposed by window.shutdown()
    return window


def settle_heap_when_loaded(window: MainWindow) -> None:
    """Keep what the window holds once its orders are loaded out of cyclic collections.

    A full collection, triggered by whichever thread allocates (a sync round, a
    staging), walks every tracked object while holding the GIL: the window stalled
    70-80 ms at each one during a sync of 20,000 orders. Frozen objects are skipped by
    the collector; reference counting still frees them when they go. Once every sort is
    computed, the memory the load freed goes back to the system.
    """
    window.orders.loaded.connect(lambda _count: gc.freeze())
    window.orders.sorts_ready.connect(return_freed_memory)


def return_freed_memory() -> None:
    """Give the system back the memory a load freed (14 MB with 100,000 orders).

    glibc keeps memory freed by a worker thread (the list's loader) in that thread's
    heap; only its top is returned by itself. Other platforms' allocators need no help.
    """
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):  # not glibc (musl): nothing to do
            ctypes.CDLL(None).malloc_trim(0)


def _application() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    icon = next((p for p in ICON_CANDIDATES if p.is_file()), None)
    if icon is not None:
        app.setWindowIcon(QIcon(str(icon)))
    return app


class _SelfTest(QObject):
    """Waits for the painted list, prints one JSON line, optionally saves a screenshot, quits."""

    def __init__(self, window: MainWindow, started: float, screenshot: Path | None):
        super().__init__(window)
        self.window = window
        self.started = started
        self.screenshot = screenshot
        self.exit_code = 1
        window.list_ready.connect(self.report)
        QTimer.singleShot(SELF_TEST_TIMEOUT_MS, self.give_up)

    @Slot()
    def report(self) -> None:
        ready_ms = round((time.perf_counter() - self.started) * 1000, 1)
        line = json.dumps({"ready_ms": ready_ms, "orders": self.window.orders.counts.get("all", 0)})
        if sys.stdout is not None:  # None in a windowed bundle
            print(line, flush=True)
        if self.screenshot is not None:
            self.screenshot.parent.mkdir(parents=True, exist_ok=True)
            self.window.grab().save(str(self.screenshot), "PNG")
        self.exit_code = 0
        self.window.close()

    @Slot()
    def give_up(self) -> None:
        if sys.stderr is not None:
            print("self-test: the order list was never painted", file=sys.stderr)
        self.window.close()


def run_gui(data_dir: Path, *, self_test: bool = False, screenshot: Path | None = None) -> int:
    """Open the window (the `gigdesk` command); with self_test, report readiness and exit."""
    started = time.perf_counter()
    app = _application()
    from desktop_app.gui.shell.crash import CrashHandler

    crash = CrashHandler(Path(data_dir))
    crash.install()
    try:
        window = create_main_window(Path(data_dir))
    except Exception as exc:  # noqa: BLE001 - e.g. a read-only or locked data folder
        from desktop_app.gui.shell.crash import report
        report(None, exc, crash.log_file)
        crash.uninstall()
        return 1
    probe = _SelfTest(window, started, screenshot) if self_test else None
    settle_heap_when_loaded(window)
    window.show()
    code = app.exec()
    gc.unfreeze()  # the window is closing: its objects may be collected again
    if probe is not None:
        code = probe.exit_code
    window.deleteLater()  # its pools and workers end here, not at a random collection
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    crash.uninstall()
    return code
