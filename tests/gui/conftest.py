"""GUI test setup: a window on a real database; any Qt warning fails the test.

pytest-qt already fails a test on an exception raised in a slot or virtual method.
"""

from __future__ import annotations

import os

import pytest
from PySide6.QtCore import QtMsgType

os.environ.setdefault("GIGDESK_NONINTERACTIVE", "1")

from desktop_app.gui.shell import messages  # noqa: E402
from desktop_app.gui.shell.main_window import MainWindow  # noqa: E402
from tests.gui.leaks import LeakWatch  # noqa: E402

# Noise from the offscreen platform plugin itself, not from our code.
IGNORED = ("This plugin does not support propagateSizeHints()",
           "This plugin does not support raise()",
           "This plugin does not support grabbing the keyboard")
FAILING = (QtMsgType.QtWarningMsg, QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg)


@pytest.fixture(autouse=True)
def _fail_on_qt_warnings(qtlog):
    yield
    bad = [r.message for r in qtlog.records
           if r.type in FAILING and not any(r.message.startswith(i) for i in IGNORED)]
    if bad:
        pytest.fail("Qt warnings: " + " | ".join(bad))


@pytest.fixture(autouse=True)
def _no_leftovers(qapp):
    """Fail a test that leaves a window, thread, pool job or timer running (napari's rule).

    Also destroys what the test let go of now, not in a later test's garbage
    collection: a window collected while the next test's workers run would tear down
    its thread pools and Qt objects at a random moment. pytest-qt has closed the
    widgets given to qtbot.addWidget by the time this runs.
    """
    watch = LeakWatch()
    yield watch
    try:
        found = watch.leftovers()
    finally:
        watch.undo()
    if found:
        pytest.fail("left behind: " + "; ".join(found), pytrace=False)


@pytest.fixture(autouse=True)
def _no_scripted_answers_left():
    messages._answers.clear()
    messages.shown.clear()
    yield
    leftover = list(messages._answers)
    messages._answers.clear()
    assert not leftover, f"answers queued but never asked for: {leftover}"


def child(parent, cls, name):
    """The widget an automation name points to; a missing one fails with its name."""
    found = parent.findChild(cls, name)
    assert found is not None, f"no {cls.__name__} named {name}"
    return found


def open_window(qtbot, book) -> MainWindow:
    window = MainWindow(book, book.db.data_dir)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.list_ready, timeout=10000):
        window.show()
    qtbot.waitUntil(lambda: not window.tasks.busy)
    return window


@pytest.fixture
def open_main(qtbot, book):
    windows = []

    def opener() -> MainWindow:
        windows.append(open_window(qtbot, book))
        return windows[-1]

    yield opener
    for window in windows:
        window.shutdown()
