"""One way to run slow work off the GUI thread: `runner.run(func, on_done)`.

After Picard's `run_task(func, next_func)`: `func` runs on a worker of a
QThreadPool; its result (or exception) comes back through a signal of the
runner, which lives in the GUI thread, so `on_done` / `on_error` always run on
the GUI thread. Callbacks are kept in a dict by task id, never connected as
lambdas to a worker's signal.

`Tasks` is the set of runners one window shares with every pane (Picard's
tagger keeps a pool per concern the same way): a single thread for database
writes, so two writers never wait on SQLite's lock (a save queued behind a sync
page waits on that thread, never on the GUI thread's busy timeout); one for
reads, so the order list never waits behind a write or a server that does not
answer; one for file work (copying, zipping), so a 5 GB copy holds up neither;
and a few for CPU work over every order (metrics, impact).

Signals (TaskRunner):
    finished(object): internal hand-over from a worker, (task id, result, error).
    busy_changed(bool): True while at least one task is queued or running.
"""

from __future__ import annotations

import itertools
import logging
import threading
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QObject,
    QRunnable,
    QThread,
    QThreadPool,
    Signal,
    Slot,
)

log = logging.getLogger(__name__)

Callback = Callable[[Any], None]
ErrorCallback = Callable[[BaseException], None]
SHUTDOWN_WAIT_MS = 30_000


class _Job(QRunnable):
    def __init__(self, runner: TaskRunner, task_id: int, func: Callable[[], Any]):
        super().__init__()
        self._runner = runner
        self._task_id = task_id
        self._func = func

    def run(self) -> None:
        try:
            result, error = self._func(), None
        except BaseException as exc:  # handed to the GUI thread, never lost
            result, error = None, exc
        if shiboken6.isValid(self._runner):  # the window may have closed meanwhile
            self._runner.finished.emit((self._task_id, result, error))


class TaskRunner(QObject):
    """A small pool (one thread by default: SQLite work stays in order)."""

    finished = Signal(object)
    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None, *, threads: int = 1,
                 on_error: ErrorCallback | None = None):
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(threads)
        self._ids = itertools.count(1)
        self._pending: dict[int, tuple[Callback, ErrorCallback | None]] = {}
        self._default_error = on_error
        self._stopped = False
        self.finished.connect(self._deliver)

    def run(self, func: Callable[[], Any], on_done: Callback,
            on_error: ErrorCallback | None = None) -> int:
        task_id = next(self._ids)
        if self._stopped:
            return task_id
        self._pending[task_id] = (on_done, on_error)
        if len(self._pending) == 1:
            self.busy_changed.emit(True)
        self.pool.start(_Job(self, task_id, func))
        return task_id

    @property
    def busy(self) -> bool:
        return bool(self._pending)

    @property
    def stopped(self) -> bool:
        return self._stopped

    def stop(self) -> None:
        """Accept no new task and wait for the running ones (window closing)."""
        self._stopped = True
        self.wait(SHUTDOWN_WAIT_MS)

    def wait(self, msecs: int = SHUTDOWN_WAIT_MS) -> bool:
        """Block until the workers are idle (shutdown and tests); results still queue."""
        return self.pool.waitForDone(msecs)

    def drain(self) -> None:
        """Wait, then hand over the queued results now (closing: a notes save that ends
        may queue the text typed meanwhile, which the final wait then writes)."""
        self.wait()
        QCoreApplication.sendPostedEvents(self, QEvent.Type.MetaCall)

    @Slot(object)
    def _deliver(self, outcome: tuple[int, Any, BaseException | None]) -> None:
        task_id, result, error = outcome
        on_done, on_error = self._pending.pop(task_id, (None, None))
        if not self._pending:
            self.busy_changed.emit(False)
        if on_done is None:
            return
        if error is None:
            on_done(result)
            return
        handler = on_error or self._default_error
        if handler is None:
            raise error
        log.debug("task %s failed: %r", task_id, error)
        handler(error)


class Tasks(QObject):
    """The runners of one window, created by it and handed to every pane.

    A pane built on its own (a test, a benchmark) makes its own set; in the window
    every pane shares the window's, so there is one database writer per window.
    """

    def __init__(self, parent: QObject | None = None, *,
                 on_error: ErrorCallback | None = None):
        super().__init__(parent)
        self.writes = TaskRunner(self, threads=1, on_error=on_error)
        self.reads = TaskRunner(self, threads=1, on_error=on_error)
        self.files = TaskRunner(self, threads=1, on_error=on_error)  # one disk job at a time
        cores = max(1, QThread.idealThreadCount() - 1)  # leave one for the GUI thread
        self.cpu = TaskRunner(self, threads=min(4, cores), on_error=on_error)
        self._cancels: set[threading.Event] = set()  # of the long work running now

    def watch(self, cancel: threading.Event) -> None:
        """Long work's cancel flag: set when the window closes, so closing never waits
        for an import or a 5 GB ZIP to finish."""
        self._cancels.add(cancel)

    def unwatch(self, cancel: threading.Event) -> None:
        self._cancels.discard(cancel)

    def cancel_long_work(self) -> None:
        for cancel in list(self._cancels):
            cancel.set()

    @property
    def runners(self) -> tuple[TaskRunner, ...]:
        return (self.files, self.cpu, self.reads, self.writes)

    @property
    def busy(self) -> bool:
        return any(r.busy for r in self.runners)

    def stop(self) -> None:
        """Cancel long work, then wait for every runner (writes last: the others may
        have queued work there)."""
        self.cancel_long_work()
        for runner in self.runners:
            runner.stop()

    def wait(self, msecs: int = SHUTDOWN_WAIT_MS) -> bool:
        return all([r.wait(msecs) for r in self.runners])
