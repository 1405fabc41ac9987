"""Database integrity: SQLite's own checks, events replay to the stored projection, and
every delivered file still in the file store with the content its hash names."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlalchemy import func, select, text

from desktop_app.services.delivery import referenced_files, store_of
from desktop_app.services.sync_local import histories_of
from desktop_app.services.sync_replay import OrderReplay, loads, paused_gc
from desktop_app.storage import repo
from desktop_app.storage.db import Database
from desktop_app.storage.schema import events, orders

_SHA256 = re.compile(r"[0-9a-f]{64}")


@dataclass
class CheckReport:
    orders: int = 0
    events: int = 0
    files: int = 0  # stored files re-hashed
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def check_database(db: Database, limit: int = 50) -> CheckReport:
    report = CheckReport()
    with db.transaction() as conn:
        integrity = [r[0] for r in conn.execute(text("PRAGMA integrity_check"))]
        if integrity != ["ok"]:
            report.problems += [f"integrity: {line}" for line in integrity]
        for row in conn.execute(text("PRAGMA foreign_key_check")):
            report.problems.append(f"foreign key: {row[0]} row {row[1]} points to a missing "
                                   f"{row[2]}")
        with paused_gc():  # replaying every order makes millions of short-lived objects
            _check_replay(conn, report, limit)
    _check_files(db, report, limit)
    return report


def _check_files(db: Database, report: CheckReport, limit: int) -> None:
    where = referenced_files(db)
    valid = [h for h in where if _SHA256.fullmatch(h)]
    report.problems += [f"{where[h]}: {h!r} is not a SHA-256 hash"
                        for h in sorted(where) if not _SHA256.fullmatch(h)]
    report.files = len(valid)
    if not valid:
        return  # nothing to verify: do not create an empty store
    problems = store_of(db).verify_files(valid)
    for problem in problems[:limit]:
        what = "is missing" if problem.problem == "missing" else "no longer matches its hash"
        report.problems.append(f"{where[problem.sha256]}: the stored copy {problem.path} {what}")
    if len(problems) > limit:  # e.g. orders imported without their files
        report.problems.append(f"… and {len(problems) - limit} more stored files missing or "
                               "altered")


def _check_replay(conn, report: CheckReport, limit: int) -> None:
    """Replay every order's events as sync orders them, following the recorded conflicts."""
    stored = dict(conn.execute(select(orders.c.id, orders.c.state)).fetchall())
    report.orders = len(stored)
    report.events = conn.execute(select(func.count()).select_from(events)).scalar_one()
    ids = list(stored)
    for start in range(0, len(ids), 2000):
        chunk = ids[start:start + 2000]
        histories = histories_of(conn, chunk)
        for order_id in chunk:
            if len(report.problems) >= limit:
                report.problems.append("… more problems not listed")
                return
            if order_id not in histories:
                report.problems.append(f"order {order_id}: no events")
            else:
                _check_order(order_id, histories[order_id], stored[order_id], report)


def _check_order(order_id: str, items: list, state: str, report: CheckReport) -> None:
    synced = sorted((i for i in items if i[1] is not None), key=lambda i: i[1])
    waiting = [i for i in items if i[1] is None]
    replay = OrderReplay(None)
    for event, _pos, mark in synced + waiting:
        verdict = loads(mark)
        if replay.step(event, verdict, decided=True) != verdict and verdict is None:
            report.problems.append(f"order {order_id}: event {event.kind} of "
                                   f"{event.at:%Y-%m-%d %H:%M} does not apply")
            return
    if replay.order is None:
        report.problems.append(f"order {order_id}: its events create no order")
    elif repo.state_json(replay.order) != state:
        report.problems.append(f"order {replay.order.ref}: the stored order differs from its "
                               "replayed events")
