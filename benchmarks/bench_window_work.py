"""Budget: the window's long actions never stall its GUI thread more than 50 ms.

Usage: QT_QPA_PLATFORM=offscreen python benchmarks/bench_window_work.py
           [--orders 100000] [--megabytes 1024]
Opens the real window (create_main_window) on a real SQLite data dir holding one order
with a delivery of one M MB file (staged and recorded through services.delivery), then:
  1. exports that delivery as ZIP through the delivery pane's "Export ZIP";
  2. imports, through File > Import, a JSON file of N orders (services.demo's sample
     data in a second data dir, written by services.interchange.export_file, with
     their histories).
During each, a 5 ms QTimer on the GUI thread records its worst lateness: the longest
the window could not repaint or answer a key. Drives only the window's public slots
and the seller's scripted answers, so it runs against older code as well. Prints one
JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("GIGDESK_NONINTERACTIVE", "1")
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from bench_window import rss_mb, wait_until  # noqa: E402
from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QProgressDialog  # noqa: E402

from desktop_app.gui.shell import messages  # noqa: E402
from desktop_app.services import delivery, demo  # noqa: E402
from desktop_app.services.interchange import export_file  # noqa: E402
from desktop_app.services.orders import OrderBook  # noqa: E402
from desktop_app.storage.db import Database  # noqa: E402

BUDGET_MS = 50
TICK_MS = 5
REF = "FOBENCH0001"
BLOCK = 1 << 20


class StallMeter:
    """A TICK_MS timer on the GUI thread; `worst_ms` is the largest lateness of a tick,
    `progress_seen` whether a progress dialog was on screen at some tick."""

    def __init__(self) -> None:
        self.worst_ms = 0.0
        self.progress_seen = False
        self.timer = QTimer(interval=TICK_MS)
        self.timer.timeout.connect(self._tick)

    def _tick(self) -> None:
        now = time.perf_counter()
        self.worst_ms = max(self.worst_ms, (now - self._last) * 1000 - TICK_MS)
        self._last = now
        if not self.progress_seen:
            self.progress_seen = any(isinstance(w, QProgressDialog) and w.isVisible()
                                     for w in QApplication.topLevelWidgets())

    def __enter__(self) -> StallMeter:
        self._last = time.perf_counter()
        self.timer.start()
        return self

    def __exit__(self, *_exc) -> None:
        QApplication.processEvents()  # a tick due while a slot blocked reports it now
        self.timer.stop()


def delivered_order(data_dir: Path, megabytes: int) -> None:
    """One order with a recorded delivery of a `megabytes` file that zlib has work on."""
    db = Database(data_dir)
    book = OrderBook(db)
    book.create_order({
        "ref": REF, "buyer": "bench_buyer", "gig": "I will design a minimalist logo",
        "package": "Standard", "price": "120.00", "currency": "USD",
        "ordered_at": "2026-11-01T09:30:00Z", "due_at": "2026-11-04T09:30:00Z",
        "revisions_included": 2, "scope": ["Vector source file"], "status": "in_progress",
        "requirements_at": "2026-11-01T10:00:00Z"})
    source = data_dir.parent / "source" / "artwork.psd"  # deflated, unlike .zip or .png
    source.parent.mkdir(parents=True, exist_ok=True)
    with source.open("wb") as out:
        for _ in range(megabytes):
            out.write(os.urandom(BLOCK // 2) * 2)  # half repeats: deflate really works
    staged = delivery.stage(book, [source])
    delivery.redeliver(book, REF, staged.files, "Here is the artwork.", confirmed=True)
    source.unlink()
    db.dispose()


def orders_file(work: Path, count: int) -> Path:
    """`count` orders exported with their histories, as a seller's other computer would."""
    db = Database(work / "other-data")
    demo.generate(db, orders=count, seed=7)
    path = work / "orders.json"
    export_file(OrderBook(db), path)
    db.dispose()
    return path


def measure_zip(window, target: Path) -> dict:
    window.orders.select_order(window.book.get(REF).id)
    wait_until(lambda: window.detail.order is not None and window.detail.order.ref == REF)
    pane = window.workspace.delivery
    pane.set_order(window.detail.order)
    pane.ui.history.setCurrentItem(pane.ui.history.topLevelItem(0))
    messages.queue_answers(str(target))
    start = time.perf_counter()
    with StallMeter() as meter:
        pane.export_selected_zip()
        wait_until(lambda: target.exists() and not window.runner.busy, timeout=1800)
    return {"seconds": round(time.perf_counter() - start, 2),
            "worst_stall_ms": round(meter.worst_ms, 1), "progress_shown": meter.progress_seen,
            "zip_mb": round(target.stat().st_size / BLOCK, 1)}


def measure_import(window, path: Path) -> dict:
    messages.shown.clear()
    messages.queue_answers(str(path))
    start = time.perf_counter()
    with StallMeter() as meter:
        window.import_orders()
        wait_until(lambda: any(title == "Import finished" for _k, title, _t in messages.shown)
                   or any(kind == "error" for kind, _t, _x in messages.shown), timeout=1800)
    outcome = messages.shown[-1]
    return {"seconds": round(time.perf_counter() - start, 2),
            "worst_stall_ms": round(meter.worst_ms, 1), "progress_shown": meter.progress_seen,
            "outcome": f"{outcome[1]}: {outcome[2]}"}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=100_000)
    parser.add_argument("--megabytes", type=int, default=1024)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    from desktop_app.app import create_main_window, settle_heap_when_loaded

    with tempfile.TemporaryDirectory(prefix="gigdesk-bench-work-") as tmp:
        work = Path(tmp)
        data_dir = work / "data"
        begin = time.perf_counter()
        delivered_order(data_dir, args.megabytes)
        path = orders_file(work, args.orders)
        result: dict = {"orders": args.orders, "megabytes": args.megabytes,
                        "budget_ms": BUDGET_MS,
                        "setup_s": round(time.perf_counter() - begin, 1)}
        window = create_main_window(data_dir)
        settle_heap_when_loaded(window)  # as the app does
        window.show()
        wait_until(lambda: not window.runner.busy)
        result["zip_export"] = measure_zip(window, work / "out.zip")
        result["window_import"] = measure_import(window, path)
        result["within_budget"] = all(result[k]["worst_stall_ms"] < BUDGET_MS
                                      for k in ("zip_export", "window_import"))
        result["rss_peak_mb"] = round(rss_mb()[1], 1)
        window.close()
        window.deleteLater()
        app.processEvents()
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
