"""Database integrity: SQLite's own checks, and events replay to the stored projection."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select, text

from desktop_app.domain import lifecycle
from desktop_app.domain.errors import LifecycleError
from desktop_app.storage import repo
from desktop_app.storage.db import Database
from desktop_app.storage.schema import events, orders


@dataclass
class CheckReport:
    orders: int = 0
    events: int = 0
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
        _check_replay(conn, report, limit)
    return report


def _check_replay(conn, report: CheckReport, limit: int) -> None:
    """Replay every order's events, streamed in position order, and compare."""
    stored = dict(conn.execute(select(orders.c.id, orders.c.state)).fetchall())
    report.orders = len(stored)
    grouped: dict[str, list] = {}
    for row in conn.execute(select(events).order_by(events.c.position)):
        grouped.setdefault(row.order_id, []).append(repo.event_from_row(row))
        report.events += 1
    for order_id, state in stored.items():
        if len(report.problems) >= limit:
            report.problems.append("… more problems not listed")
            return
        history = grouped.get(order_id)
        if not history:
            report.problems.append(f"order {order_id}: no events")
            continue
        try:
            replayed = lifecycle.replay(history)
        except LifecycleError as exc:
            report.problems.append(f"order {order_id}: events do not replay: {exc}")
            continue
        if repo.state_json(replayed) != state:
            report.problems.append(f"order {replayed.ref}: the stored order differs from its "
                                   "replayed events")
