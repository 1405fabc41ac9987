"""Staging dropped files off the GUI thread, with progress and cancel.

The copy + hash runs on the window's file pool (tasks.files: one thread, so a
second drop waits for the first, and a ZIP export waits for both), never on the
database runner, so a long copy does not hold up saving notes. Once a drop is
listed, the same worker makes its files durable (fsync) in the background, ahead
of the seller's "Redeliver now".
Results come back through the stager's signals, which live in the GUI thread.

Signals:
    progress(object): a StageProgress, at most ~20 a second.
    finished(object): (job id, StageResult).
    failed(object): (job id, exception) — StagingCancelled, StagingFailed or a bug.
    busy_changed(bool): True from start() until the last job's finished/failed.
"""

from __future__ import annotations

import itertools
import logging
import threading
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from desktop_app.domain.errors import LifecycleError
from desktop_app.services import delivery
from desktop_app.services.orders import OrderBook

log = logging.getLogger(__name__)


class _StageJob(QRunnable):
    def __init__(self, stager: Stager, job_id: int, paths: list[Path],
                 cancel: threading.Event):
        super().__init__()
        self._stager = stager
        self._job_id = job_id
        self._paths = paths
        self._cancel = cancel

    def run(self) -> None:
        stager = self._stager
        try:
            result = delivery.stage(stager.book, self._paths, cancel=self._cancel,
                                    progress=stager.progress.emit)
        except BaseException as exc:  # handed to the GUI thread, never lost
            stager.outcome.emit((self._job_id, None, exc))
            return
        stager.outcome.emit((self._job_id, result, None))
        # While the seller reviews the list, push the copies to disk: recording the
        # delivery then finds them durable instead of waiting for their writeback.
        try:
            delivery.make_durable(stager.book, result.files, background=True)
        except LifecycleError:
            log.info("staged files not yet durable; recording will try again", exc_info=True)


class Stager(QObject):
    progress = Signal(object)
    finished = Signal(object)
    failed = Signal(object)
    busy_changed = Signal(bool)
    outcome = Signal(object)  # internal: worker -> GUI thread hand-over

    def __init__(self, book: OrderBook, parent: QObject | None = None, *,
                 pool: QThreadPool | None = None):
        super().__init__(parent)
        self.book = book
        if pool is None:  # a stager on its own (tests): a pool of its own
            pool = QThreadPool(self)
            pool.setMaxThreadCount(1)
        self._pool = pool
        self._ids = itertools.count(1)
        self._running: dict[int, threading.Event] = {}  # job id -> its cancel flag
        self.outcome.connect(self._deliver)

    @property
    def busy(self) -> bool:
        return bool(self._running)

    @property
    def syncing(self) -> bool:
        """Every drop is listed, and the worker still forces their files to disk."""
        return not self._running and self._pool.activeThreadCount() > 0

    def start(self, paths: list[Path]) -> int:
        job_id = next(self._ids)
        if not self._running:
            self.busy_changed.emit(True)
        self._running[job_id] = threading.Event()
        self._pool.start(_StageJob(self, job_id, paths, self._running[job_id]))
        return job_id

    def cancel(self) -> None:
        """Cancel every queued and running job; each reports StagingCancelled."""
        for flag in self._running.values():
            flag.set()

    def wait(self, msecs: int = 30000) -> bool:
        """Block until the worker is idle (shutdown and tests); outcomes still queue."""
        return self._pool.waitForDone(msecs)

    @Slot(object)
    def _deliver(self, outcome) -> None:
        job_id, result, error = outcome
        self._running.pop(job_id, None)
        if error is None:
            self.finished.emit((job_id, result))
        else:
            self.failed.emit((job_id, error))
        if not self._running:
            self.busy_changed.emit(False)
