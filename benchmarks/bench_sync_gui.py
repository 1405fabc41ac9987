"""The window during a first sync of N orders: how long its event loop is ever held up.

A real server (SQLite) on 127.0.0.1 and the real main window (create_main_window, with
the heap freeze run_gui applies). Two rounds, each started from the window's Sync now:
- push: the window's own N demo orders go to the server;
- pull: a window on an empty data dir receives them.
A 10 ms precise QTimer runs all along each round; the longest gap between two ticks
beyond its interval is the longest stall. Prints one JSON object (gaps in ms).

    QT_QPA_PLATFORM=offscreen python benchmarks/bench_sync_gui.py [--orders 100000]
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
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_staging_gui import StallMeter  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from desktop_app.app import create_main_window, settle_heap_when_loaded  # noqa: E402
from desktop_app.services import sync  # noqa: E402
from desktop_app.services.demo import generate  # noqa: E402
from desktop_app.storage.db import Database  # noqa: E402
from desktop_app.sync.server.db import add_account, make_engine, migrate  # noqa: E402
from tests.sync.server_proc import Server, database_for  # noqa: E402

ROUND_TIMEOUT_S = 600


def idle(app: QApplication, seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.001)


def metered_round(app: QApplication, data_dir: Path, server_url: str) -> dict:
    """Open the window on `data_dir`, let it load, then time one Sync now."""
    window = create_main_window(data_dir)
    settle_heap_when_loaded(window)
    window.resize(1400, 900)
    window.show()
    idle(app, 3.0)  # loaded and painted: what a seller sees before choosing Sync now
    sync.configure(window.book.db, server_url)
    meter = StallMeter()
    meter.start()
    start = time.monotonic()
    window.sync.sync_now()
    while window.sync.state.running and time.monotonic() - start < ROUND_TIMEOUT_S:
        app.processEvents()
        time.sleep(0.001)
    round_s = time.monotonic() - start
    idle(app, 1.0)  # the window takes in what the round changed
    meter.stop()
    text = window.sync.indicator.text()
    window.close()
    app.processEvents()
    gaps = sorted(meter.gaps)
    return {"round_s": round(round_s, 2), "indicator": text,
            "max_stall_ms": round(gaps[-1], 1),
            "p99_stall_ms": round(gaps[int(len(gaps) * 0.99)], 1),
            "stalls_over_50_ms": sum(1 for g in gaps if g > 50), "ticks": len(gaps)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--orders", type=int, default=100_000)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        url, drop = database_for("sqlite", tmp)
        engine = make_engine(url)
        migrate(engine)
        os.environ["GIGDESK_SYNC_TOKEN"] = add_account(engine, "bench")
        engine.dispose()
        server = Server(url, tmp / "files").start()
        try:
            filled = Database(tmp / "desk")
            generate(filled, orders=args.orders, seed=1)
            filled.dispose()
            push = metered_round(app, tmp / "desk", server.url)
            pull = metered_round(app, tmp / "laptop", server.url)
        finally:
            server.stop()
            drop()
    print(json.dumps({"orders": args.orders, "push": push, "pull": pull}))


if __name__ == "__main__":
    main()
