"""The leftover check (tests/gui/leaks.py) sees what it must: it is not a check that passes
whatever the test leaves behind. Each test starts a second watch inside the autouse one,
leaks one thing on purpose, asks that watch, then cleans up so the autouse one passes."""

from __future__ import annotations

import threading

from PySide6.QtCore import QThreadPool, QTimer
from PySide6.QtWidgets import QWidget

from desktop_app.gui.shell.tasks import Tasks
from tests.gui.leaks import LeakWatch, settle


def test_a_clean_test_leaves_nothing(qtbot):
    watch = LeakWatch()
    try:
        widget = QWidget()
        qtbot.addWidget(widget)
        widget.show()
        widget.close()
        widget.deleteLater()
        assert watch.leftovers() == []
    finally:
        watch.undo()


def test_a_window_left_open_is_reported():
    watch = LeakWatch()
    widget = QWidget(objectName="forgotten")
    widget.show()
    try:
        found = watch.leftovers()
    finally:
        watch.undo()
        widget.close()
        widget.deleteLater()
        settle()
    assert found == ["top-level widget QWidget 'forgotten' (visible: True)"]


def test_a_running_pool_job_and_a_python_thread_are_reported():
    watch = LeakWatch()
    release = threading.Event()
    tasks = Tasks()  # the runners a pane makes when built alone
    thread = threading.Thread(target=release.wait, name="forgotten-thread")
    try:
        tasks.files.run(lambda: release.wait(10), lambda _result: None)
        thread.start()
        found = watch.leftovers()
    finally:
        watch.undo()
        release.set()
        thread.join()
        tasks.stop()
        tasks.deleteLater()
        settle()
    assert "QThreadPool with 1 active thread(s)" in found
    assert "running Python thread 'forgotten-thread'" in found


def test_an_active_timer_and_a_pending_single_shot_are_reported():
    watch = LeakWatch()
    fired = []
    timer = QTimer(interval=60_000)
    try:
        timer.start()
        QTimer.singleShot(60_000, lambda: fired.append(1))  # no owner: fires in a later test
        found = watch.leftovers()
    finally:
        watch.undo()
        timer.stop()
    assert found.count("active QTimer (60000 ms, owned by no parent)") == 2
    assert not fired


def test_the_check_runs_for_every_gui_test(request):
    assert "_no_leftovers" in request.fixturenames
    assert QThreadPool.start.__name__ == "start_pool"  # recorded for this test's duration
