"""Another program writes to the database while the window is open: the window shows it,
and never overwrites notes changed elsewhere with an editor's stale text."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QTableView

from desktop_app.app import create_main_window
from desktop_app.gui.shell import messages
from desktop_app.services.orders import OrderBook
from desktop_app.storage.db import Database
from tests.conftest import order_fields
from tests.services.test_interchange import write_json

ROOT = Path(__file__).resolve().parents[2]


def opened(qtbot, data_dir):
    window = create_main_window(data_dir)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.list_ready, timeout=10000):
        window.show()
    qtbot.waitUntil(lambda: not window.tasks.busy)
    return window


def seeded(data_dir, *refs):
    db = Database(data_dir)
    book = OrderBook(db)
    for ref in refs:
        book.create_order(order_fields(ref, due_at="2099-01-01T00:00:00Z"))
    return db, book


def test_a_command_line_import_of_3000_orders_shows_up_in_the_open_window(qtbot, tmp_path):
    data_dir = tmp_path / "data"
    db, _book = seeded(data_dir, "FOSEEN0001")
    window = opened(qtbot, data_dir)
    table = window.findChild(QTableView, "orderTable")
    assert table.model().rowCount() == 1
    path = write_json(tmp_path / "many.json", [
        order_fields(f"FOCLI{n:05d}", due_at="2099-01-01T00:00:00Z") for n in range(3000)])
    done = subprocess.run([sys.executable, "-m", "desktop_app", "--data-dir", str(data_dir),
                           "import", str(path)], capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=120)
    assert done.returncode == 0, done.stderr
    imported = time.perf_counter()
    qtbot.waitUntil(lambda: table.model().rowCount() == 3001, timeout=5000)
    print(f"visible {1000 * (time.perf_counter() - imported):.0f} ms after the import ended")
    assert window.orders.counts["all"] == 3001
    assert "3,000 orders changed in another program" in window.statusBar().currentMessage()
    window.close()
    db.dispose()


@pytest.fixture
def showing(qtbot, tmp_path):
    """A window showing `ref`, and another program's order book on the same file."""
    opened_ = []

    def show(ref):
        db, elsewhere = seeded(tmp_path / "data", ref)
        window = opened(qtbot, tmp_path / "data")
        opened_.append((window, db))
        window.orders.select_order(elsewhere.get(ref).id)
        qtbot.waitUntil(lambda: window.detail.order is not None)
        return window, elsewhere
    yield show
    for window, db in opened_:
        window.close()
        db.dispose()


def test_notes_changed_elsewhere_while_editing_are_kept_and_compared(qtbot, showing):
    window, elsewhere = showing("FONOTE0001")
    editor = window.findChild(QPlainTextEdit, "orderNotes")
    editor.setPlainText("call the buyer on Monday")  # typed, not saved yet

    elsewhere.edit_notes("FONOTE0001", "fonts: use Inter")  # another program, meanwhile
    saved = window.findChild(QLabel, "notesSaved")
    qtbot.waitUntil(lambda: "Changed elsewhere" in saved.text(), timeout=5000)
    assert editor.toPlainText() == "call the buyer on Monday"  # the typing is kept

    messages.queue_answers(None)  # the seller goes back to editing
    window.detail.save_notes()  # on the write runner
    qtbot.waitUntil(lambda: not window.detail.saving, timeout=5000)
    assert elsewhere.get("FONOTE0001").notes == "fonts: use Inter"  # not overwritten
    assert saved.text() == "Not saved: the notes changed elsewhere"
    assert messages.shown[-1][1] == "Notes changed elsewhere"
    assert "changed in another program" in messages.shown[-1][2]

    messages.queue_answers(True)  # saves the merged text (both versions)
    window.detail.save_notes()
    qtbot.waitUntil(lambda: not window.detail.saving, timeout=5000)
    assert elsewhere.get("FONOTE0001").notes == "fonts: use Inter\n\ncall the buyer on Monday"
    assert editor.toPlainText() == elsewhere.get("FONOTE0001").notes


def test_an_unedited_editor_follows_notes_changed_elsewhere(qtbot, showing):
    window, elsewhere = showing("FONOTE0002")
    elsewhere.edit_notes("FONOTE0002", "from the command line")
    editor = window.findChild(QPlainTextEdit, "orderNotes")
    qtbot.waitUntil(lambda: editor.toPlainText() == "from the command line", timeout=5000)
    window.detail.save_notes()  # nothing typed: nothing to save, no conflict
    assert len(elsewhere.history("FONOTE0002")) == 2


def test_the_windows_own_import_is_not_news_from_another_program(qtbot, tmp_path):
    data_dir = tmp_path / "data"
    db, _book = seeded(data_dir, "FOSEEN0001")
    window = opened(qtbot, data_dir)
    table = window.findChild(QTableView, "orderTable")
    path = write_json(tmp_path / "mine.json", [
        order_fields(f"FOWIN{n:05d}", due_at="2099-01-01T00:00:00Z") for n in range(300)])
    window.import_path(path)
    qtbot.waitUntil(lambda: table.model().rowCount() == 301, timeout=10000)
    for _ in range(3):  # the watcher's next polls see the import's commit
        with qtbot.waitSignal(window.external._timer.timeout, timeout=3000):
            pass
    qtbot.waitUntil(lambda: not window.tasks.busy)
    assert "another program" not in window.statusBar().currentMessage()
    window.close()
    db.dispose()
