"""Budget: a 1 GB delivery folder staged through the real DeliveryPane, GUI never blocked > 50 ms.

Usage: QT_QPA_PLATFORM=offscreen python benchmarks/bench_staging_gui.py [--size-mb 1024]
       [--rounds 3] [--no-cold]
Builds the folder of bench_staging.py (3 large files + 1,000 small ones at 1 GB); per
round, times a plain shutil.copyfile of the same data and a real drop onto the pane's
dropZone (until the files are listed and checked). A 10 ms precise QTimer runs all along
the staging, and on while the listed files are forced to disk in the background; the
longest gap between two ticks beyond its interval is the longest GUI stall. Rounds run
warm (the source in the page cache, warmed by one plain copy) and, on Linux, cold (the
source folder evicted from the page cache before each timed phase, see
bench_staging.settle; otherwise "cold" is null and "cold_skipped" says why). Prints one
JSON object: medians, each round's ratio, and max_stall_ms, the worst over all rounds
(of each kind, and overall at the top).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("GIGDESK_NONINTERACTIVE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_staging import (  # noqa: E402
    MB,
    cold_cache_unavailable,
    make_folder,
    plain_copy,
    settle,
)
from PySide6.QtCore import (  # noqa: E402
    QElapsedTimer,
    QMimeData,
    QPoint,
    QPointF,
    Qt,
    QTimer,
    QUrl,
)
from PySide6.QtGui import QDragEnterEvent, QDropEvent  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from desktop_app.gui.delivery.delivery_pane import DeliveryPane  # noqa: E402
from desktop_app.services.orders import OrderBook  # noqa: E402
from desktop_app.storage.db import Database  # noqa: E402
from desktop_app.storage.staging_run import usable_cores  # noqa: E402

TICK_MS = 10
REF = "FO0BENCH01"


class StallMeter:
    """Longest gap between ticks of a 10 ms timer, beyond the 10 ms itself."""

    def __init__(self) -> None:
        self.clock = QElapsedTimer()
        self.timer = QTimer(interval=TICK_MS, timerType=Qt.TimerType.PreciseTimer)
        self.timer.timeout.connect(self._tick)
        self.gaps: list[float] = []

    def start(self) -> None:
        self.gaps.clear()
        self.clock.start()
        self.last = self.clock.nsecsElapsed()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def _tick(self) -> None:
        now = self.clock.nsecsElapsed()
        self.gaps.append(max(0.0, (now - self.last) / 1e6 - TICK_MS))
        self.last = now


def new_pane(data_dir: Path) -> DeliveryPane:
    book = OrderBook(Database(data_dir))
    book.create_order({"ref": REF, "buyer": "bench", "gig": "I will edit your video",
                       "package": "Premium", "price": "300.00", "currency": "USD",
                       "ordered_at": "2026-11-01T09:30:00Z", "due_at": "2026-11-08T09:30:00Z",
                       "revisions_included": 2, "scope": ["Edited video"],
                       "status": "in_progress", "requirements_at": "2026-11-01T10:00:00Z"})
    pane = DeliveryPane(book)
    pane.resize(900, 900)
    pane.set_order(book.get(REF))
    pane.show()
    return pane


def stage_through_pane(app: QApplication, pane: DeliveryPane, folder: Path,
                       meter: StallMeter) -> float:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(folder))])
    args = (Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier)
    enter = QDragEnterEvent(QPoint(10, 10), *args)
    event = QDropEvent(QPointF(10, 10), *args)
    done: list[object] = []
    pane.stager.finished.connect(done.append)
    pane.stager.failed.connect(done.append)
    meter.start()
    start = time.perf_counter()
    QApplication.sendEvent(pane.ui.drop_zone, enter)  # as a real drag: enter, then drop
    QApplication.sendEvent(pane.ui.drop_zone, event)
    if not event.isAccepted():
        raise SystemExit("the drop zone refused the drop")
    while not done:
        app.processEvents()
        time.sleep(0.001)  # an idle event loop, as between a seller's clicks
    elapsed = time.perf_counter() - start  # the list is filled in the same slot
    for _ in range(5):
        app.processEvents()
    while pane.stager.syncing:  # the files go to disk in the background: still metered
        app.processEvents()
        time.sleep(0.001)
    meter.stop()
    if not isinstance(done[0], tuple) or done[0][1] is None or isinstance(done[0][1],
                                                                          Exception):
        raise SystemExit(f"staging failed: {done[0]!r}")
    return elapsed


def run_rounds(app: QApplication, meter: StallMeter, tmp: Path, folder: Path, total: int,
               rounds: int, cold: bool) -> dict[str, object]:
    plain_times, stage_times, stalls, listed = [], [], [], 0
    for i in range(rounds):
        settle(cold, folder)
        start = time.perf_counter()
        plain_copy(folder, tmp / "plain")
        plain_times.append(time.perf_counter() - start)
        shutil.rmtree(tmp / "plain")
        # A new data dir each round (services keep one FileStore per dir for the process).
        data_dir = tmp / f"data-{'cold' if cold else 'warm'}{i}"
        pane = new_pane(data_dir)  # the empty store is made here, not timed
        gc.freeze()  # as the app does once its window is loaded (app.settle_heap_when_loaded)
        settle(cold, folder)
        stage_times.append(stage_through_pane(app, pane, folder, meter))
        stalls.extend(meter.gaps)
        listed = len(pane.ui.files.paths())
        gc.unfreeze()
        pane.shutdown()
        pane.book.db.dispose()
        pane.deleteLater()
        app.processEvents()
        shutil.rmtree(data_dir)
    plain_s, stage_s = statistics.median(plain_times), statistics.median(stage_times)
    stalls.sort()
    return {
        "listed": listed,
        "plain_copy_s": round(plain_s, 3), "pane_stage_s": round(stage_s, 3),
        "plain_mb_s": round(total / plain_s / MB, 1), "stage_mb_s": round(total / stage_s / MB, 1),
        "ratio": round(plain_s / stage_s, 3),
        "round_ratios": [round(p / s, 3) for p, s in zip(plain_times, stage_times, strict=True)],
        "max_stall_ms": round(stalls[-1], 1) if stalls else None,
        "p99_stall_ms": round(stalls[int(len(stalls) * 0.99)], 1) if stalls else None,
        "ticks": len(stalls),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--size-mb", type=int, default=1024)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--no-cold", action="store_true", help="skip the cold-cache rounds")
    args = ap.parse_args()
    cold_skipped = "--no-cold" if args.no_cold else cold_cache_unavailable()
    app = QApplication.instance() or QApplication([])
    meter = StallMeter()
    with tempfile.TemporaryDirectory(prefix="gigdesk-bench-gui-") as tmp:
        tmp_path = Path(tmp)
        total, files = make_folder(tmp_path / "src", args.size_mb)
        folder = tmp_path / "src" / "final"
        plain_copy(folder, tmp_path / "warm")
        shutil.rmtree(tmp_path / "warm")
        warm = run_rounds(app, meter, tmp_path, folder, total, args.rounds, cold=False)
        cold = None if cold_skipped else run_rounds(app, meter, tmp_path, folder, total,
                                                    args.rounds, cold=True)
    stalls = [r["max_stall_ms"] for r in (warm, cold) if r and r["max_stall_ms"] is not None]
    report: dict[str, object] = {
        "bytes": total, "files": files, "listed": warm["listed"], "cpus": os.cpu_count(),
        "workers": usable_cores(), "rounds": args.rounds, "ratio": warm["ratio"],
        "cold_ratio": cold["ratio"] if cold else None,
        "max_stall_ms": max(stalls) if stalls else None, "warm": warm, "cold": cold,
    }
    if cold_skipped:
        report["cold_skipped"] = cold_skipped
    print(json.dumps(report))


if __name__ == "__main__":
    main()
