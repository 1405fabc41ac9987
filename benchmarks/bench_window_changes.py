"""Budget: the open order list takes change sets of 10 to 5,000 orders without stalling.

Usage: QT_QPA_PLATFORM=offscreen python benchmarks/bench_window_changes.py [--orders 100000]
Builds N orders like bench_window.py (its helpers), opens the real window, waits until every
order and every sort is loaded, selects a row, then for each change set size: another
connection edits that many active orders (price and due date, so each row moves in the
sort), one ORDER_EDITED event each, in one transaction, as an import or a sync pull
writes them; then the window's ExternalChanges is polled once, so the changed ids reach
the list the way another program's changes do (the poll timer is stopped: its 500 ms
period would only add noise). Measured from that poll:
  stall_ms: the worst lateness of a 5 ms QTimer on the GUI thread, until the list shows
            the changes and the runner is idle again;
  visible_ms: until the list shows the changed rows with their new price.
Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("GIGDESK_NONINTERACTIVE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_window import NOW, build_orders, wait_until  # noqa: E402
from PySide6.QtCore import QEventLoop, Qt, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402
from sqlalchemy import select  # noqa: E402

from desktop_app.domain import events as ev  # noqa: E402
from desktop_app.domain import lifecycle  # noqa: E402
from desktop_app.domain.events import Event  # noqa: E402
from desktop_app.domain.money import Money  # noqa: E402
from desktop_app.domain.order import Status  # noqa: E402
from desktop_app.domain.timeutil import to_stored  # noqa: E402
from desktop_app.storage import repo  # noqa: E402
from desktop_app.storage.db import Database  # noqa: E402
from desktop_app.storage.schema import orders  # noqa: E402

SIZES = (10, 100, 1000, 5000)
TICK_MS = 5
SETTLE_MS = 200  # keep measuring a little after the changes show: late work counts too
STARTUP_S = 5  # the window's own delayed start-up work (reminders after 3 s) is no change set
PRICE_COLUMN = 5  # the table's Price column


def active_ids(data_dir: Path) -> list[str]:
    """Ids of the orders an edit applies to (only active orders can be edited)."""
    db = Database(data_dir)
    final = [Status.COMPLETED.value, Status.CANCELLED.value]
    with db.engine.connect() as conn:
        ids = conn.execute(select(orders.c.id).where(orders.c.status.not_in(final))
                           .order_by(orders.c.id)).scalars().all()
    db.dispose()
    return list(ids)


def write_changes(data_dir: Path, ids: list[str], rng: random.Random) -> dict[str, int]:
    """Edit each order's price and due date in one transaction of another connection;
    returns the new price (minor units) per id."""
    db = Database(data_dir)
    device = db.device_id()
    prices = {}
    at = NOW + timedelta(seconds=1)
    with db.write() as conn:
        seq = repo.next_device_seq(conn, device, len(ids))
        rows = []
        for n, order_id in enumerate(ids):
            order = repo.load_order(conn, order_id=order_id)
            minor = order.price.minor + rng.randint(1, 50_000)  # always a real change
            due = NOW + timedelta(minutes=rng.randint(-72 * 60, 10 * 24 * 60))
            due = max(due, order.ordered_at)
            event = Event(order_id, ev.ORDER_EDITED, at,
                          {"price": f"{minor // 100}.{minor % 100:02d}", "due_at": to_stored(due)},
                          device_id=device, device_seq=seq + n)
            repo.save_order(conn, lifecycle.apply(order, event))
            rows.append(repo.event_row(event))
            prices[order_id] = minor
        repo.append_events(conn, rows)
    db.dispose()
    return prices


def shows(model, order_id: str, minor: int) -> bool:
    row = model.row_of(order_id)
    return row is not None and \
        model.data(model.index(row, PRICE_COLUMN)) == Money(minor, "USD").display()


def generation(model) -> tuple:
    """Bumped by every change the list takes (a patch, a reload's new index)."""
    return id(model.index_data), getattr(model.index_data, "generation", None)


def measure_change(window, data_dir: Path, ids: list[str], rng: random.Random) -> dict:
    prices = write_changes(data_dir, ids, rng)
    model, runner = window.model, window.runner
    probes = [ids[0], ids[-1]]  # two lookups, not every changed row
    loop = QEventLoop()
    ticks: list[float] = []
    state: dict = {"seen": generation(model)}
    timer = QTimer(interval=TICK_MS, timerType=Qt.TimerType.PreciseTimer)

    def tick() -> None:
        now = time.perf_counter()
        ticks.append(now)
        if "visible" not in state:
            # Looked up only once the list took a change: a lookup scans every order, and
            # the probe must not be what stalls the GUI thread.
            if generation(model) != state["seen"]:
                state["seen"] = generation(model)
                if all(shows(model, i, prices[i]) for i in probes):
                    state["visible"] = now
        elif not runner.busy and now - state["visible"] > SETTLE_MS / 1000:
            loop.quit()
        if now - start > 60:
            state["timeout"] = True
            loop.quit()

    timer.timeout.connect(tick)
    start = time.perf_counter()
    ticks.append(start)
    timer.start()
    window.external.poll()  # the changed ids reach the list as another program's do
    loop.exec()
    timer.stop()
    if "timeout" in state:
        raise TimeoutError(f"{len(ids)} changed orders never showed")
    lateness = max(b - a for a, b in zip(ticks, ticks[1:], strict=False)) * 1000 - TICK_MS
    assert all(shows(model, i, prices[i]) for i in ids[:: max(1, len(ids) // 50)])
    return {"stall_ms": round(max(lateness, 0.0), 1),
            "visible_ms": round((state["visible"] - start) * 1000, 1)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=100_000)
    parser.add_argument("--keep-dir", type=Path, help="reuse/keep the data dir here")
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    from desktop_app.app import create_main_window, settle_heap_when_loaded
    rng = random.Random(7)
    with tempfile.TemporaryDirectory(prefix="gigdesk-bench-") as tmp:
        data_dir = args.keep_dir or Path(tmp) / "data"
        result: dict = {"orders": args.orders}
        if not (data_dir / "gigdesk.sqlite").exists():
            result["build_s"] = round(build_orders(data_dir, args.orders), 1)
        editable = active_ids(data_dir)
        window = create_main_window(data_dir)
        settle_heap_when_loaded(window)  # as the app does
        opened = time.perf_counter()
        window.show()
        panel = window.orders
        wait_until(lambda: getattr(panel, "fully_loaded", True) and not window.runner.busy)
        wait_until(lambda: time.perf_counter() - opened > STARTUP_S)
        window.external.stop()  # polled by hand below, once per change set
        panel.table.selectRow(7)
        wait_until(lambda: not window.runner.busy)
        selected = panel.selected_id
        for size in SIZES:
            if size > len(editable):
                result[str(size)] = f"skipped: only {len(editable):,} active orders"
                continue
            result[str(size)] = measure_change(window, data_dir, rng.sample(editable, size),
                                               rng)
        result["selection_kept"] = panel.selected_id == selected and \
            window.model.order_id(panel.table.currentIndex().row()) == selected
        window.close()
        window.deleteLater()
        app.processEvents()
    print(json.dumps(result))
    app.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
