"""What a GUI test left running: top-level widgets, threads, pool jobs, timers.

After napari's conftest (dangling_qthreads, dangling_qthread_pool, dangling_qtimers):
QThread.start, QThreadPool.start, QTimer.start and QTimer.singleShot are wrapped for
the test's duration so every thread, pool and timer our code starts is known; at the
end, what still runs (or still shows as a window) is a leftover. A window left open
keeps its runners and timers going into the next test, where they fail at random.

The widget check compares QApplication.topLevelWidgets() with the list taken before
the test, after pending deletions ran; Python threads are compared the same way.
"""

from __future__ import annotations

import gc
import threading
import weakref

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QThread, QThreadPool, QTimer
from PySide6.QtWidgets import QApplication


def settle() -> None:
    """Run pending deletions (deleteLater) and collect, so only live objects are counted."""
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def _alive(obj) -> bool:
    return obj is not None and shiboken6.isValid(obj)


class LeakWatch:
    """Start before a test, ask `leftovers()` after it; `undo()` puts Qt's methods back."""

    def __init__(self) -> None:
        self._widgets_before = {id(w) for w in QApplication.topLevelWidgets()}
        self._threads_before = set(threading.enumerate())
        self._qthreads: list[weakref.ref] = []
        self._pools: list[weakref.ref] = []
        self._timers: list[weakref.ref] = []
        self._shots: list[QTimer] = []  # parentless single shots: held until the end
        self._patch()

    # -- recording -------------------------------------------------------------
    def _patch(self) -> None:
        self._originals = (QThread.start, QThreadPool.start, QTimer.start, QTimer.singleShot)
        thread_start, pool_start, timer_start, _single_shot = self._originals
        watch = self

        def start_thread(thread, *args):
            watch._qthreads.append(weakref.ref(thread))
            return thread_start(thread, *args)

        def start_pool(pool, *args):
            watch._pools.append(weakref.ref(pool))
            return pool_start(pool, *args)

        def start_timer(timer, *args):
            watch._timers.append(weakref.ref(timer))
            return timer_start(timer, *args)

        def single_shot(msec, *args):
            context, func = (args if len(args) == 2 else (None, args[0]))
            if context is None and isinstance(getattr(func, "__self__", None), QObject):
                context = func.__self__  # a slot of a dead object never fires
            timer = QTimer(context)
            timer.setSingleShot(True)
            timer.timeout.connect(func)
            timer.timeout.connect(timer.deleteLater)
            if context is None:
                watch._shots.append(timer)
            start_timer(timer, msec)

        QThread.start = start_thread
        QThreadPool.start = start_pool
        QTimer.start = start_timer
        QTimer.singleShot = staticmethod(single_shot)

    def undo(self) -> None:
        QThread.start, QThreadPool.start, QTimer.start, single_shot = self._originals
        QTimer.singleShot = single_shot
        for timer in self._shots:
            if _alive(timer):
                timer.stop()
        self._shots.clear()

    # -- judging ---------------------------------------------------------------
    def leftovers(self) -> list[str]:
        """One line per thing the test left running or open; empty when it cleaned up."""
        settle()
        found = []
        for widget in QApplication.topLevelWidgets():
            if id(widget) not in self._widgets_before and _alive(widget):
                name = widget.objectName() or widget.windowTitle()
                found.append(f"top-level widget {type(widget).__name__} {name!r} "
                             f"(visible: {widget.isVisible()})")
        for ref in self._qthreads:
            thread = ref()
            if _alive(thread) and thread.isRunning():
                found.append(f"running QThread {type(thread).__name__}")
        for pool in {id(p): p for p in (r() for r in self._pools) if _alive(p)}.values():
            if pool.activeThreadCount():
                found.append(f"QThreadPool with {pool.activeThreadCount()} active thread(s)")
        timers = {id(t): t for t in (r() for r in self._timers) if _alive(t)}
        for timer in timers.values():
            if timer.isActive():
                parent = timer.parent()
                owner = type(parent).__name__ if parent is not None else "no parent"
                found.append(f"active QTimer ({timer.interval()} ms, owned by {owner})")
        for thread in threading.enumerate():
            if thread not in self._threads_before and thread.is_alive() \
                    and not isinstance(thread, threading._DummyThread):
                found.append(f"running Python thread {thread.name!r}")
        return found
