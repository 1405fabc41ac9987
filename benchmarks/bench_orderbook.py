"""Budgets for a large order book: demo generation, list load, stats, import, memory.

Usage: python benchmarks/bench_orderbook.py [--orders 100000] [--skip-import] [--keep-dir DIR]
Prints one JSON object:
  demo_s            `generate(db, N)` into a fresh data dir (budget: < 10 s for 100,000)
  demo_main_cpu_s, demo_workers_cpu_s  where that time went: this process (SQLite
                    writes) and the worker processes (building orders); on 2 cores
                    their sum / 2 is roughly a floor for demo_s
  list_columns_s    query.list_columns over N orders, best of 3, in a fresh process
  rss_mb_after_list resident memory of that fresh process after loading (budget: < 250 MB)
  stats_s           services.stats.compute_stats(db, now), best of 3
  export_s, import_s  interchange.export_file of the demo db, then import_file of that file
                    into a fresh data dir (the window's and `gigdesk import`'s path)
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from desktop_app.storage.db import Database  # noqa: E402

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)  # fixed, so runs are comparable


def best_of(n: int, work) -> float:
    times = []
    for _ in range(n):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return round(min(times), 4)


def rss_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) / 1024, 1)
    return float("nan")


def children_cpu() -> float:
    """CPU seconds of finished child processes (the demo's worker pool)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def list_child(data_dir: Path) -> dict:
    """Run in a fresh process: what the window pays to load the list, and what it holds."""
    from desktop_app.services.order_list import query

    db = Database(data_dir)
    kept = []

    def load():
        with db.transaction() as conn:
            kept[:] = [query.list_columns(conn)]

    seconds = best_of(3, load)
    return {"list_columns_s": seconds, "rows": len(kept[0]), "rss_mb_after_list": rss_mb()}


def bench_demo(data_dir: Path, orders: int) -> dict:
    from desktop_app.services.demo import generate

    db = Database(data_dir)
    start, cpu_start, children_start = time.perf_counter(), time.process_time(), children_cpu()
    count = generate(db, orders, seed=1, now=NOW)
    out = {"demo_orders": count, "demo_s": round(time.perf_counter() - start, 3),
           "demo_main_cpu_s": round(time.process_time() - cpu_start, 3),
           "demo_workers_cpu_s": round(children_cpu() - children_start, 3),
           "db_mb": round((data_dir / "gigdesk.sqlite").stat().st_size / 2**20, 1)}
    db.dispose()
    return out


def bench_stats(data_dir: Path) -> dict:
    from desktop_app.services.stats import compute_stats

    db = Database(data_dir)
    result = {}

    def run():
        result["stats"] = compute_stats(db, NOW)

    out = {"stats_s": best_of(3, run), "stats_via": "services.stats.compute_stats",
           "completion_rate": result["stats"]["completion_rate"]}
    db.dispose()
    return out


def bench_interchange(data_dir: Path, work: Path) -> dict:
    from desktop_app.services.interchange import export_file, import_file
    from desktop_app.services.orders import OrderBook

    source = Database(data_dir)
    path = work / "export.json"
    start = time.perf_counter()
    exported = export_file(OrderBook(source), path)
    export_s = time.perf_counter() - start
    source.dispose()
    target = Database(work / "imported")
    start = time.perf_counter()
    result = import_file(OrderBook(target), path)
    import_s = time.perf_counter() - start
    target.dispose()
    return {"export_s": round(export_s, 3), "export_mb": round(path.stat().st_size / 2**20, 1),
            "exported": exported, "import_s": round(import_s, 3),
            "imported": result.created}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=100_000)
    parser.add_argument("--skip-import", action="store_true")
    parser.add_argument("--keep-dir", type=Path, help="work here and keep the data")
    parser.add_argument("--list-child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.list_child:
        print(json.dumps(list_child(args.list_child)))
        return
    work = args.keep_dir or Path(tempfile.mkdtemp(prefix="gigdesk-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    data_dir = work / "data"
    try:
        report = {"orders": args.orders, "cpus": os.cpu_count()}
        report.update(bench_demo(data_dir, args.orders))
        child = subprocess.run([sys.executable, __file__, "--list-child", str(data_dir)],
                               check=True, capture_output=True, text=True)
        report.update(json.loads(child.stdout))
        report.update(bench_stats(data_dir))
        if args.skip_import:
            report["import_s"] = None
        else:
            report.update(bench_interchange(data_dir, work))
        print(json.dumps(report))
    finally:
        if args.keep_dir is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
