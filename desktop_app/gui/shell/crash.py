"""No exception dies silently: hooks that log it and show it through the message facade.

`explain` is the one place that maps an exception to what the seller reads:
refusals worded for them (lifecycle rules, bad input) are shown as they are;
environment problems (locked database, full disk, read-only data folder) get a
clear sentence; anything else is a bug, logged with its traceback to
`<data dir>/logs/gigdesk.log`.
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QObject, QThread, Signal, Slot
from PySide6.QtWidgets import QApplication

from desktop_app.gui.shell import messages
from desktop_app.services.session import machine_problem

log = logging.getLogger("gigdesk")
LOG_NAME = "gigdesk.log"


def log_path(data_dir: Path) -> Path:
    return Path(data_dir) / "logs" / LOG_NAME


def setup_logging(data_dir: Path) -> Path | None:
    """Log to `<data dir>/logs/gigdesk.log` (rotated); None if the folder is not writable."""
    path = log_path(data_dir)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = RotatingFileHandler(path, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    return path


def _is_seller_refusal(exc: BaseException) -> bool:
    """Our own ValueError/LookupError subclasses carry sentences written for the seller."""
    return isinstance(exc, ValueError | LookupError) and \
        type(exc).__module__.startswith("desktop_app.")


def explain(exc: BaseException, log_file: Path | None = None) -> tuple[str, str, bool]:
    """(title, text, is_bug) for an exception."""
    if _is_seller_refusal(exc):
        return "Not possible", str(exc), False
    problem = machine_problem(exc)
    if problem is not None:
        return (*problem, False)
    where = f"\n\nDetails were written to {log_file}." if log_file else ""
    return "Unexpected error", f"Something went wrong: {type(exc).__name__}: {exc}{where}", True


def report(parent, exc: BaseException, log_file: Path | None = None) -> None:
    """Log an exception and show it to the seller."""
    title, text, is_bug = explain(exc, log_file)
    if is_bug:
        log.error("unexpected error", exc_info=(type(exc), exc, exc.__traceback__))
    else:
        log.info("%s: %s", title, text)
    messages.show_error(parent, title, text)


class CrashHandler(QObject):
    """Installs sys.excepthook and threading.excepthook; reports on the GUI thread.

    Signals:
        reported(object): an exception raised on a worker thread, queued to the GUI.
    """

    reported = Signal(object)

    def __init__(self, data_dir: Path, parent: QObject | None = None):
        super().__init__(parent)
        self.log_file = log_path(data_dir) if setup_logging(data_dir) else None
        self._previous = (sys.excepthook, threading.excepthook)
        self.reported.connect(self._show)

    def install(self) -> None:
        sys.excepthook = self._excepthook
        threading.excepthook = self._thread_excepthook

    def uninstall(self) -> None:
        sys.excepthook, threading.excepthook = self._previous

    def _excepthook(self, kind: type[BaseException], exc: BaseException,
                    tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            self._previous[0](kind, exc, tb)
            return
        if exc.__traceback__ is None:
            exc = exc.with_traceback(tb)
        if QThread.currentThread() is self.thread():
            self._show(exc)
        else:
            self.reported.emit(exc)

    def _thread_excepthook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            self.reported.emit(args.exc_value)

    @Slot(object)
    def _show(self, exc: BaseException) -> None:
        if sys.stderr is not None:
            traceback.print_exception(exc, file=sys.stderr)
        report(QApplication.activeWindow(), exc, self.log_file)
