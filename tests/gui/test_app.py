"""The composition root: a real data dir, the empty state, and the self-test."""

from __future__ import annotations

import json
import sys
import threading

import pytest
from PySide6.QtWidgets import QPushButton, QTableView, QWidget

from desktop_app.app import (
    create_main_window,
    return_freed_memory,
    run_gui,
    settle_heap_when_loaded,
)
from tests.conftest import order_fields


def test_an_empty_database_offers_import_and_sample_data(qtbot, tmp_path):
    window = create_main_window(tmp_path / "data")
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.list_ready, timeout=10000):
        window.show()
    empty = window.findChild(QWidget, "emptyState")
    assert window.stack.currentWidget() is empty
    buttons = {b.accessibleName() for b in empty.findChildren(QPushButton)}
    assert buttons == {"Import orders", "Try with sample data"}
    assert str(tmp_path / "data") in window.findChild(QWidget, "dataLocation").text()
    window.close()


def test_new_orders_appear_without_a_restart(qtbot, tmp_path):
    window = create_main_window(tmp_path / "data")
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.list_ready, timeout=10000):
        window.show()
    window.book.create_order(order_fields("FONEW00001", due_at="2099-01-01T00:00:00Z"))
    table = window.findChild(QTableView, "orderTable")
    qtbot.waitUntil(lambda: table.model().rowCount() == 1)
    assert window.stack.currentWidget() is window.content
    assert table.model().index(0, 0).data() == "FONEW00001"
    window.close()


def test_self_test_prints_one_json_line_and_saves_a_screenshot(qapp, tmp_path, capsys):
    from desktop_app.services.orders import OrderBook
    from desktop_app.storage.db import Database
    db = Database(tmp_path / "data")
    OrderBook(db).create_order(order_fields("FO1"))
    db.dispose()
    shot = tmp_path / "win.png"
    assert run_gui(tmp_path / "data", self_test=True, screenshot=shot) == 0
    report = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert report["orders"] == 1 and report["ready_ms"] > 0
    assert shot.stat().st_size > 10_000


def test_the_loaded_window_is_kept_out_of_garbage_collections(qtbot, tmp_path):
    """Once the orders are loaded, the window's objects are frozen for the collector, so a
    worker's allocations never make the GUI thread wait for a scan of all of them."""
    import gc

    gc.unfreeze()
    window = create_main_window(tmp_path / "data")
    qtbot.addWidget(window)
    settle_heap_when_loaded(window)
    try:
        with qtbot.waitSignal(window.orders.loaded, timeout=10000):
            window.show()
        assert gc.get_freeze_count() > 10_000  # Qt, SQLAlchemy and the window's objects
    finally:
        gc.unfreeze()  # later tests collect their windows as usual
    window.close()


def test_every_sort_is_ready_after_a_full_load(qtbot, tmp_path):
    from desktop_app.services.order_list.columns import SORT_KEYS
    from desktop_app.services.orders import OrderBook
    from desktop_app.storage.db import Database

    db = Database(tmp_path / "data")
    for n in range(3):
        OrderBook(db).create_order(order_fields(f"FO{n}"))
    db.dispose()
    window = create_main_window(tmp_path / "data")
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.orders.sorts_ready, timeout=10000):
        window.show()
    index = window.model.index_data
    assert all(index.has_permutation(c) for c in range(len(SORT_KEYS)))
    window.close()


def _rss_kb() -> int:
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc_trim")
def test_memory_a_worker_freed_goes_back_to_the_system():
    kept: list[bytes] = []

    def allocate_then_free_all_but_the_last() -> None:
        blocks = [bytes(2000) for _ in range(40_000)]  # 80 MB in the thread's own heap
        kept.append(bytes(2000))  # on top of them: the heap cannot shrink by itself
        del blocks

    worker = threading.Thread(target=allocate_then_free_all_but_the_last)
    worker.start()
    worker.join()
    before = _rss_kb()
    return_freed_memory()
    assert before - _rss_kb() > 40_000  # most of the 80 MB is back
