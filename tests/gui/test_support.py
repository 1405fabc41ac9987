"""Theme contrast, error wording, the task runner, timeline words, edit diffs."""

from __future__ import annotations

import sqlite3
import threading
from datetime import timedelta

import pytest
from PySide6.QtCore import QThread
from PySide6.QtGui import QColor
from sqlalchemy.exc import OperationalError

from desktop_app.domain.errors import LifecycleError
from desktop_app.gui.orders.order_changes import edited_fields
from desktop_app.gui.shell import messages
from desktop_app.gui.shell.crash import CrashHandler, explain
from desktop_app.gui.shell.tasks import TaskRunner
from desktop_app.gui.shell.theme import (
    DARK_BADGES,
    LATE_TEXT,
    LIGHT_BADGES,
    contrast_ratio,
)
from desktop_app.gui.shell.timeline import timeline_lines
from desktop_app.services.orders import NotFound
from tests.conftest import order_fields


@pytest.mark.parametrize("badges", [LIGHT_BADGES, DARK_BADGES], ids=["light", "dark"])
def test_badge_text_contrast_is_at_least_4_5(badges):
    for status, (background, text) in badges.items():
        assert contrast_ratio(QColor(background), QColor(text)) >= 4.5, status


def test_late_red_reads_on_its_theme_background():
    assert contrast_ratio(QColor(LATE_TEXT["light"]), QColor("#ffffff")) >= 4.5
    assert contrast_ratio(QColor(LATE_TEXT["dark"]), QColor("#1e1e1e")) >= 4.5


def _operational(message: str) -> OperationalError:
    return OperationalError("INSERT ...", {}, sqlite3.OperationalError(message))


@pytest.mark.parametrize(("exc", "words"), [
    (_operational("database is locked"), "locked"),
    (_operational("attempt to write a readonly database"), "read-only"),
    (_operational("database or disk is full"), "disk is full"),
    (PermissionError(13, "Permission denied", "/data/gigdesk.sqlite"), "read-only"),
])
def test_environment_errors_get_a_clear_sentence(exc, words):
    title, text, is_bug = explain(exc)
    assert words in text and not is_bug and title == "Cannot save"


def test_refusals_are_shown_as_written_and_bugs_point_to_the_log(tmp_path):
    assert explain(LifecycleError("Order FO1 is completed")) == \
        ("Not possible", "Order FO1 is completed", False)
    assert explain(NotFound("No order FO9"))[1] == "No order FO9"
    title, text, is_bug = explain(ZeroDivisionError("division by zero"), tmp_path / "x.log")
    assert is_bug and "ZeroDivisionError" in text and str(tmp_path / "x.log") in text


def test_crash_handler_logs_and_shows_a_thread_exception(qtbot, tmp_path):
    handler = CrashHandler(tmp_path)
    handler.install()
    try:
        with qtbot.waitSignal(handler.reported):
            thread = threading.Thread(target=lambda: 1 / 0)
            thread.start()
            thread.join()
        qtbot.waitUntil(lambda: any(kind == "error" for kind, *_ in messages.shown))
    finally:
        handler.uninstall()
    assert messages.shown[-1][1] == "Unexpected error"
    assert "ZeroDivisionError" in (tmp_path / "logs" / "gigdesk.log").read_text()


def test_runner_hands_results_and_errors_back_on_the_gui_thread(qtbot):
    runner = TaskRunner()
    seen = []

    def work():
        return QThread.currentThread()

    runner.run(work, lambda worker: seen.append((worker, QThread.currentThread())))
    runner.run(lambda: 1 / 0, seen.append, lambda exc: seen.append(type(exc)))
    qtbot.waitUntil(lambda: len(seen) == 2)
    (worker, receiver), failure = seen
    assert worker is not receiver and receiver is runner.thread()
    assert failure is ZeroDivisionError and not runner.busy


def test_timeline_is_newest_first_in_plain_words(book, clock):
    book.create_order(order_fields("FO1"))
    book.record_requirements("FO1")
    book.deliver("FO1", "v1", files=[{"path": f"f{i}.png", "size": 1, "sha256": "0" * 64}
                                     for i in range(3)])
    book.record_revision("FO1", "make it blue", [])
    book.open_request("FO1", {"kind": "extension", "days": 2, "reason": "bigger scope"})
    book.deliver("FO1", "v2")
    lines = [words for _when, words in timeline_lines(book.history("FO1"))]
    assert lines[0] == "Delivered (delivery #2) with no files"
    assert lines[1].startswith("Extension of 2 days requested — answer due ")
    due = (clock() + timedelta(hours=48)).astimezone().strftime("%a %H:%M")
    assert lines[1].endswith(due)
    assert lines[2].startswith("Buyer asked for a revision")
    assert lines[3] == "Delivered (delivery #1) with 3 files"


def test_edit_diff_has_only_changed_editable_fields(book):
    order = book.create_order(order_fields("FO1"))
    fields = order_fields("FO1", price="120", due_at="2026-11-04T10:30:00+01:00",
                          buyer="maria_k2", notes="x")
    assert edited_fields(order, fields) == {"buyer": "maria_k2"}
    fields["scope"] = ["One concept"]
    fields["revisions_included"] = None
    assert set(edited_fields(order, fields)) == {"buyer", "scope", "revisions_included"}
