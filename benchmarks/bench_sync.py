"""Sync budgets on loopback: first sync of N orders (< 10 s), a round of 1,000 changes (< 1 s).

A real server (`gigdesk-server serve`, SQLite) on 127.0.0.1; device A is filled
by the demo generator and pushes everything; device B pulls everything; then A
makes 1,000 changes and both run one round (round_1000_changes_s: A's push plus
B's pull). Prints one JSON object; first_sync_total_s is A's push plus B's pull.

--history snapshots fills A the way an import of a marketplace export does instead: one
creation event per order (the demo's orders, exported and imported without their
histories), where the demo's own orders carry about five events each.

    python benchmarks/bench_sync.py [--orders 100000] [--backend sqlite|postgresql]
                                    [--history full|snapshots]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import func, select

from desktop_app.services import sync
from desktop_app.services.demo import generate
from desktop_app.services.interchange import export_file, import_file
from desktop_app.services.orders import OrderBook
from desktop_app.storage.db import Database
from desktop_app.storage.schema import events as events_table
from desktop_app.storage.schema import orders
from desktop_app.sync.client import SyncClient
from desktop_app.sync.server.db import add_account, make_engine, migrate

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.sync.server_proc import Server, database_for  # noqa: E402 - as in the tests


def _timed(fn):
    start = time.perf_counter()
    value = fn()
    return value, round(time.perf_counter() - start, 3)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--orders", type=int, default=100_000)
    parser.add_argument("--changes", type=int, default=1_000)
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), default="sqlite",
                        help="the server's database (postgresql: GIGDESK_TEST_PG_URL)")
    parser.add_argument("--history", choices=("full", "snapshots"), default="full",
                        help="A's orders: the demo's (about 5 events each) or imported "
                        "snapshots (1 event each)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        url, drop = database_for(args.backend, tmp)
        engine = make_engine(url)
        migrate(engine)
        token = add_account(engine, "bench")
        engine.dispose()
        server = Server(url, tmp / "files").start()
        try:
            figures = run(server.url, token, tmp, args.orders, args.changes, args.history)
            print(json.dumps({"server_database": args.backend, "history": args.history,
                              **figures}))
        finally:
            server.stop()
            drop()


def run(url: str, token: str, tmp: Path, count: int, changes: int, history: str) -> dict:
    a, b = Database(tmp / "a"), Database(tmp / "b")
    if history == "full":
        generate(a, orders=count, seed=1)
    else:
        fill_with_snapshots(a, tmp, count)
    with a.transaction() as conn:
        events = conn.execute(select(func.count()).select_from(events_table)).scalar()
    client_a, client_b = SyncClient(url, token), SyncClient(url, token)
    first_push, t_push = _timed(lambda: sync.sync_round(a, client_a, server_url=url))
    first_pull, t_pull = _timed(lambda: sync.sync_round(b, client_b, server_url=url))
    book = OrderBook(a)
    with a.transaction() as conn:
        refs = list(conn.execute(orders.select().with_only_columns(orders.c.ref)
                                 .limit(changes)).scalars())
    for i, ref in enumerate(refs):
        book.edit_notes(ref, f"change {i}")
    push_round, t_round_push = _timed(lambda: sync.sync_round(a, client_a, server_url=url))
    pull_round, t_round_pull = _timed(lambda: sync.sync_round(b, client_b, server_url=url))
    return {"orders": count, "events": events,
            "first_sync_push_s": t_push, "first_sync_pull_s": t_pull,
            "first_sync_total_s": round(t_push + t_pull, 3),
            "first_sync_pushed": first_push.pushed, "first_sync_pulled": first_pull.pulled,
            "changes": len(refs), "round_push_s": t_round_push, "round_pull_s": t_round_pull,
            "round_1000_changes_s": round(t_round_push + t_round_pull, 3),
            "round_pushed": push_round.pushed, "round_pulled": pull_round.pulled,
            "budget_first_sync_s": 10, "budget_round_s": 1}

def fill_with_snapshots(db: Database, tmp: Path, count: int) -> None:
    """The demo's orders as an import without histories makes them: one event each."""
    scratch = Database(tmp / "scratch")
    generate(scratch, orders=count, seed=1)
    export_file(OrderBook(scratch), tmp / "orders.json")
    scratch.dispose()
    doc = json.loads((tmp / "orders.json").read_text(encoding="utf-8"))
    for order in doc["orders"]:
        order.pop("history", None)
    (tmp / "orders.json").write_text(json.dumps(doc), encoding="utf-8")
    import_file(OrderBook(db), tmp / "orders.json")


if __name__ == "__main__":
    main()
