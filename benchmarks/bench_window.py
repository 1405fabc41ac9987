"""Budget: the main window with 100,000 orders (and 1,000,000) against a naive Qt list.

Usage: QT_QPA_PLATFORM=offscreen python benchmarks/bench_window.py [--orders 100000] [--keep-dir D]
Builds N orders in a temporary data dir (rows inserted in one transaction through the
storage layer), opens the real window with create_main_window and times: ready (list
painted: the first screen), loaded (every order in the model and every sort column ready,
in the background), then with a row selected (the selection follows each change) sort by
Due / Ref / Price in both directions, status filter, search, and RSS.
Then the same rows in a plain Python QAbstractTableModel behind a QSortFilterProxyModel
(the naive design): time to show, to sort by due, to filter. Prints one JSON object.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("GIGDESK_NONINTERACTIVE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSortFilterProxyModel, Qt  # noqa: E402
from PySide6.QtWidgets import QApplication, QTableView  # noqa: E402

from desktop_app.domain import events as ev  # noqa: E402
from desktop_app.domain.events import Event, new_id  # noqa: E402
from desktop_app.domain.money import Money  # noqa: E402
from desktop_app.domain.order import Order, Status  # noqa: E402
from desktop_app.storage import repo  # noqa: E402
from desktop_app.storage.db import Database  # noqa: E402
from desktop_app.storage.schema import events, orders  # noqa: E402

NOW = datetime.now(UTC).replace(microsecond=0)
NAIVE_MAX_ORDERS = 200_000  # beyond this the naive sort alone takes minutes
GIGS = ("I will design a minimalist logo", "I will edit your podcast episode",
        "I will write SEO blog posts", "I will build a Shopify store",
        "I will translate English to Spanish", "I will animate an explainer video")
STATUSES = [s for s in Status]
WEIGHTS = [3, 10, 6, 2, 60, 19]  # mostly history: completed and cancelled


def build_orders(data_dir: Path, count: int, seed: int = 1) -> float:
    """Insert `count` orders with their creation events; returns seconds taken."""
    start = time.perf_counter()
    rng = random.Random(seed)
    db = Database(data_dir)
    device = db.device_id()
    with db.transaction() as conn:
        for first in range(0, count, 20_000):
            order_rows, event_rows = [], []
            for n in range(first, min(count, first + 20_000)):
                order = _order(rng, n)
                order_rows.append(repo.projection_row(order))
                event_rows.append(repo.event_row(Event(
                    order.id, ev.ORDER_CREATED, order.ordered_at, {"order": {"ref": order.ref}},
                    id=new_id(), device_id=device, device_seq=n + 1)))
            conn.execute(orders.insert(), order_rows)
            conn.execute(events.insert(), event_rows)
    db.dispose()
    return time.perf_counter() - start


def _order(rng: random.Random, n: int) -> Order:
    ordered = NOW - timedelta(minutes=rng.randint(0, 365 * 24 * 60))
    status = rng.choices(STATUSES, WEIGHTS)[0]
    due = ordered + timedelta(days=rng.randint(1, 14)) if status.is_final else \
        NOW + timedelta(hours=rng.randint(-72, 24 * 10))
    last_activity = ordered + timedelta(hours=rng.randint(0, 48))
    return Order(id=new_id(), ref=f"FO{n:08X}", buyer=f"buyer_{rng.randint(1, n // 3 + 2)}",
                 gig=rng.choice(GIGS), package=rng.choice(("Basic", "Standard", "Premium")),
                 price=Money(rng.randint(5, 500) * 100, "USD"), ordered_at=ordered,
                 due_at=due, revisions_included=rng.choice((0, 1, 2, 3, None)),
                 scope=["Main deliverable"], status=status,
                 revisions_used=rng.randint(0, 2), notes=rng.choice(("", "", "rush", "vip")),
                 last_activity_at=last_activity,
                 completed_at=last_activity if status is Status.COMPLETED else None,
                 cancelled_at=last_activity if status is Status.CANCELLED else None)


def rss_mb() -> tuple[float, float]:
    """(current, peak) resident set size in MB, from /proc on Linux."""
    fields = {}
    with open("/proc/self/status") as status:
        for line in status:
            key, _, value = line.partition(":")
            fields[key] = value
    return (int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024)


def timed(func) -> float:
    """Milliseconds for func() plus the event processing (relayout, paint) it causes."""
    app = QApplication.instance()
    start = time.perf_counter()
    func()
    app.processEvents()
    return round((time.perf_counter() - start) * 1000, 1)


def wait_until(predicate, timeout: float = 120.0) -> None:
    app = QApplication.instance()
    deadline = time.perf_counter() + timeout
    while not predicate():
        if time.perf_counter() > deadline:
            raise TimeoutError("the window did not get ready")
        app.processEvents()
        time.sleep(0.001)


def measure_window(data_dir: Path) -> dict:
    from desktop_app.app import create_main_window, settle_heap_when_loaded
    from desktop_app.gui.orders.order_model import DUE, PRICE, REF
    from desktop_app.services.order_list.index import OrderIndex, ViewSpec

    ready = []
    start = time.perf_counter()
    window = create_main_window(data_dir)
    settle_heap_when_loaded(window)  # as the app does
    window.list_ready.connect(lambda: ready.append(time.perf_counter()))
    window.show()
    wait_until(lambda: ready)
    out: dict = {"ready_ms": round((ready[0] - start) * 1000, 1)}
    table, model, panel = window.orders.table, window.model, window.orders
    # the full load after the first page, then the other sort permutations, in the background
    wait_until(lambda: getattr(panel, "fully_loaded", True) and not window.runner.busy)
    out["loaded_ms"] = round((time.perf_counter() - start) * 1000, 1)
    panel.select_filter("all")
    QApplication.processEvents()
    table.selectRow(7)  # a seller always has an order selected: it must follow every change
    QApplication.processEvents()
    for name, column in (("due", DUE), ("ref", REF), ("price", PRICE)):
        out[f"sort_{name}_desc_ms"] = timed(
            lambda c=column: table.sortByColumn(c, Qt.SortOrder.DescendingOrder))
        out[f"sort_{name}_asc_ms"] = timed(
            lambda c=column: table.sortByColumn(c, Qt.SortOrder.AscendingOrder))
    cold = OrderIndex.__new__(OrderIndex)  # same rows, no cached permutation: a first sort
    cold.__dict__.update(model.index_data.__dict__, _perms={}, _perm_codes={}, _cache={},
                          _position=None)
    begin = time.perf_counter()
    cold.visible(ViewSpec("all", "", REF, False), model.now_db())
    out["sort_ref_cold_ms"] = round((time.perf_counter() - begin) * 1000, 1)
    out["filter_in_progress_ms"] = timed(lambda: panel.select_filter("in_progress"))
    out["filter_active_ms"] = timed(lambda: panel.select_filter("active"))
    out["filter_late_ms"] = timed(lambda: panel.select_filter("late"))
    panel.select_filter("all")
    QApplication.processEvents()
    out["search_ms"] = timed(lambda: model.set_view(needle="podcast"))
    out["search_rows"] = model.rowCount()
    out["search_narrow_ms"] = timed(lambda: model.set_view(needle="fo0000a"))
    out["search_clear_ms"] = timed(lambda: model.set_view(needle=""))
    out["selection_kept"] = model.order_id(table.currentIndex().row()) == panel.selected_id
    out["rss_mb"], out["rss_peak_mb"] = (round(v, 1) for v in rss_mb())
    window.close()
    gc.unfreeze()  # as the app does when its window closes
    window.deleteLater()
    QApplication.processEvents()
    return out


class NaiveModel(QAbstractTableModel):
    """The design we avoid: Python data() per cell, sorted and filtered by a proxy."""

    def __init__(self, rows: list[tuple]):
        super().__init__()
        self.rows = rows

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 8

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole:
            return str(self.rows[index.row()][index.column()])
        return None


def measure_naive(data_dir: Path) -> dict:
    from sqlalchemy import select
    db = Database(data_dir)
    start = time.perf_counter()
    with db.engine.connect() as conn:
        rows = conn.execute(select(orders.c.ref, orders.c.buyer, orders.c.gig, orders.c.status,
                                   orders.c.due_at, orders.c.price_minor,
                                   orders.c.revisions_used, orders.c.last_activity_at)).all()
    db.dispose()
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(NaiveModel([tuple(r) for r in rows]))
    view = QTableView()
    view.setModel(proxy)
    view.resize(1200, 700)
    view.show()
    QApplication.processEvents()
    out = {"naive_show_ms": round((time.perf_counter() - start) * 1000, 1)}
    out["naive_sort_due_ms"] = timed(lambda: proxy.sort(4, Qt.SortOrder.AscendingOrder))
    proxy.setFilterKeyColumn(3)
    out["naive_filter_ms"] = timed(lambda: proxy.setFilterFixedString("in_progress"))
    view.close()
    view.deleteLater()
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=100_000)
    parser.add_argument("--keep-dir", type=Path, help="reuse/keep the data dir here")
    parser.add_argument("--skip-naive", action="store_true")
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory(prefix="gigdesk-bench-") as tmp:
        data_dir = args.keep_dir or Path(tmp) / "data"
        result: dict = {"orders": args.orders}
        if not (data_dir / "gigdesk.sqlite").exists():
            result["build_s"] = round(build_orders(data_dir, args.orders), 1)
        result.update(measure_window(data_dir))
        if args.skip_naive or args.orders > NAIVE_MAX_ORDERS:
            result["naive"] = f"skipped: over {NAIVE_MAX_ORDERS:,} orders the naive sort " \
                              "takes minutes (see the 100,000-order run)"
        else:
            result.update(measure_naive(data_dir))
            result["ratio_show"] = round(result["naive_show_ms"] / result["ready_ms"], 1)
            result["ratio_sort_due"] = round(
                result["naive_sort_due_ms"] / max(result["sort_due_asc_ms"], 0.1), 1)
            result["ratio_filter"] = round(
                result["naive_filter_ms"] / max(result["filter_in_progress_ms"], 0.1), 1)
    print(json.dumps(result))
    app.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
