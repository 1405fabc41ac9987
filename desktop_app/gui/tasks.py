"""One way to run slow work off the GUI thread: `runner.run(func, on_done)`.

After Picard's `run_task(func, next_func)`: `func` runs on a worker of a
QThreadPool; its result (or exception) comes back through a signal of the
runner, which lives in the GUI thread, so `on_done` / `on_error` always run on
the GUI thread. Callbacks are kept in a dict by task id, never connected as
lambdas to a worker's signal.

Signals:
    finished(object): internal hand-over from a worker, (task id, result, error).
    busy_changed(bool): True while at least one task is queued or running.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)

Callback = Callable[[Any], None]
ErrorCallback = Callable[[BaseException], None]


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
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(threads)
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
        self._pool.start(_Job(self, task_id, func))
        return task_id

    @property
    def busy(self) -> bool:
        return bool(self._pending)

    def stop(self) -> None:
        """Accept no new task and wait for the running ones (window closing)."""
        self._stopped = True
        self.wait()

    def wait(self, msecs: int = 30000) -> bool:
        """Block until the workers are idle (shutdown and tests); results still queue."""
        return self._pool.waitForDone(msecs)

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
