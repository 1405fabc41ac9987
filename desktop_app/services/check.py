"""Database integrity: SQLite's own checks, every order's row against the replay of its
events (each column named), and every delivered file still in the file store with the
content its hash names.

A damaged file must give a list of findings, never a traceback: each step, each batch
of orders and, when a batch cannot be read, each row is read on its own, and what
cannot be read becomes a finding naming the table and row.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from sqlalchemy import Connection, select, text
from sqlalchemy.exc import DBAPIError

from desktop_app.domain.events import event_of
from desktop_app.domain.timeutil import from_stored
from desktop_app.services.delivery import referenced_files, store_of
from desktop_app.services.sync_replay import OrderReplay, loads
from desktop_app.storage import repo
from desktop_app.storage.db import Database
from desktop_app.storage.schema import events, orders, sync_marks
from desktop_app.storage.statements import among

_SHA256 = re.compile(r"[0-9a-f]{64}")
BATCH = 2000  # orders replayed per step: the grain of progress and cancel
COLUMNS = tuple(c.name for c in orders.columns)
# What damaged pages and text raise while rows are read (the DBAPI's own when its
# cursor is iterated directly) or decoded.
_UNREADABLE = (DBAPIError, sqlite3.Error, ValueError, KeyError, TypeError)
# (orders checked, orders in all): after each batch; return False to stop there.
Progress = Callable[[int, int], bool | None]


@dataclass
class CheckReport:
    orders: int = 0
    events: int = 0
    files: int = 0  # stored files re-hashed
    problems: list[str] = field(default_factory=list)
    limit: int = 50
    stopped: bool = False  # cancelled by the progress callback

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def full(self) -> bool:
        return len(self.problems) >= self.limit

    def add(self, problem: str) -> None:
        """Keep the first `limit` findings, then say once that there were more."""
        if len(self.problems) < self.limit:
            self.problems.append(problem)
        elif len(self.problems) == self.limit:
            self.problems.append("… more problems not listed")


def check_database(db: Database, limit: int = 50, progress: Progress | None = None
                   ) -> CheckReport:
    report = CheckReport(limit=limit)
    for done, total in check_steps(db, report):
        if progress is not None and progress(done, total) is False:
            report.stopped = True
            break
    return report


def check_steps(db: Database, report: CheckReport) -> Iterator[tuple[int, int]]:
    """The check, one batch of orders per step: yields (orders checked, orders)."""
    with db.engine.connect() as conn:
        _sqlite_checks(conn, report)
        rowids = _read(report, "orders: the table cannot be read", lambda: [
            r[0] for r in conn.exec_driver_sql("SELECT rowid FROM orders ORDER BY rowid")])
        report.orders = len(rowids or [])
        report.events = _read(report, "events: the table cannot be read", lambda: conn.
                              exec_driver_sql("SELECT count(*) FROM events").scalar()) or 0
        yield 0, report.orders
        for start in range(0, len(rowids or []), BATCH):
            if report.full:
                break
            _check_batch(conn, rowids[start:start + BATCH], report)
            conn.rollback()  # no read transaction held between steps
            yield min(start + BATCH, len(rowids)), len(rowids)
    if not report.full:
        _check_files(db, report)


def _read(report: CheckReport, what: str, read: Callable):
    """read(), or None with a finding: a damaged page, text that is not UTF-8."""
    try:
        return read()
    except _UNREADABLE as exc:
        report.add(f"{what} ({_first_line(exc)})")
        return None


def _first_line(exc: BaseException) -> str:
    inner = getattr(exc, "orig", None) or exc
    lines = str(inner).strip().splitlines()
    # SQLite's decode error quotes the damaged text itself: the column name says enough
    return lines[0].split(" with text ")[0][:200] if lines else type(inner).__name__


def _sqlite_checks(conn: Connection, report: CheckReport) -> None:
    def pragma(name: str) -> list[str]:
        try:
            rows = conn.execute(text(f"PRAGMA {name}({report.limit})"))
            return [line for r in rows for line in str(r[0]).splitlines() if line.strip()]
        finally:
            conn.rollback()

    integrity = _read(report, "integrity: the full check could not run",
                      lambda: pragma("integrity_check"))
    if integrity is None:  # quick_check skips the indexes' contents: it may get further
        integrity = _read(report, "integrity: the quick check could not run either",
                          lambda: pragma("quick_check"))
    if integrity is not None and integrity != ["ok"]:
        for line in integrity:
            if not line.startswith("*** in database"):  # a heading, not a finding
                report.add(f"integrity: {line}")
    keys = _read(report, "foreign keys: the check could not run", lambda: list(
        conn.execute(text("PRAGMA foreign_key_check"))))
    for row in keys or []:
        report.add(f"foreign key: {row[0]} row {row[1]} points to a missing {row[2]}")


_SELECT = f"SELECT rowid, {', '.join(COLUMNS)} FROM orders WHERE rowid IN "


def _check_batch(conn: Connection, rowids: list[int], report: CheckReport) -> None:
    rows = _rows(conn, rowids)
    if rows is None:  # one bad row spoils the batch: read each on its own to name it
        rows = []
        for rowid in rowids:
            found = _read(report, f"orders row {rowid}{_ref_of(conn, rowid)}: cannot be read",
                          lambda rowid=rowid: _rows(conn, [rowid], quiet=False))
            rows += found or []
    histories, unreadable = _histories(conn, rows, report)
    for row in rows:
        if row["id"] in histories:
            _check_order(row, histories[row["id"]], report)
        elif row["id"] not in unreadable:
            report.add(f"order {row['ref']}: no events")


def _rows(conn: Connection, rowids: list[int], quiet: bool = True) -> list[dict] | None:
    try:
        marks = ", ".join("?" * len(rowids))
        result = conn.exec_driver_sql(f"{_SELECT}({marks})", tuple(rowids))
        return [dict(zip(("rowid", *COLUMNS), r, strict=True)) for r in result]
    except _UNREADABLE:
        if quiet:
            conn.rollback()
            return None
        raise


def _ref_of(conn: Connection, rowid: int) -> str:
    try:
        ref = conn.exec_driver_sql("SELECT CAST(ref AS BLOB) FROM orders WHERE rowid = ?",
                                   (rowid,)).scalar()
    except _UNREADABLE:
        return ""
    return f" (order {ref.decode('utf-8', 'replace')})" if ref else ""


def _histories(conn: Connection, rows: list[dict], report: CheckReport
               ) -> tuple[dict[str, list], set[str]]:
    """The events of each order, and the orders whose events could not be read (named)."""
    try:
        return histories_of(conn, [row["id"] for row in rows]), set()
    except _UNREADABLE:
        conn.rollback()
    out, unreadable = {}, set()
    for row in rows:
        try:
            out.update(histories_of(conn, [row["id"]]))
        except _UNREADABLE as exc:
            conn.rollback()
            unreadable.add(row["id"])
            report.add(f"order {row['ref']}: its events cannot be read ({_first_line(exc)})")
    return out, unreadable


_EVENT_COLUMNS = (events.c.order_id, events.c.kind, events.c.at, events.c.data, events.c.id,
                  events.c.device_id, events.c.device_seq, sync_marks.c.server_pos,
                  sync_marks.c.conflict)


def histories_of(conn: Connection, order_ids: list[str]) -> dict[str, list]:
    """sync_local.histories_of's (event, server position, conflict) per order, from the
    DBAPI rows (the check reads every event: SQLAlchemy's Row objects cost half of it)."""
    out: dict[str, list] = {}
    rows = conn.execute(select(*_EVENT_COLUMNS)
                        .outerjoin(sync_marks, sync_marks.c.event_pos == events.c.position)
                        .where(among(conn, events.c.order_id, order_ids))
                        .order_by(events.c.position)).cursor
    for order_id, kind, at, data, event_id, device_id, seq, server_pos, conflict in rows:
        event = event_of(order_id, kind, from_stored(at), json.loads(data), event_id, device_id,
                         seq)
        out.setdefault(order_id, []).append((event, server_pos, conflict))
    return out


def _check_order(row: dict, items: list, report: CheckReport) -> None:
    """Replay the order's events as sync orders them, following the recorded conflicts;
    then every column of its stored row against the row the replay gives."""
    ref = row["ref"]
    synced = sorted((i for i in items if i[1] is not None), key=lambda i: i[1])
    waiting = [i for i in items if i[1] is None]
    replay = OrderReplay(None)
    try:
        for event, _pos, mark in synced + waiting:
            verdict = loads(mark)
            if replay.step(event, verdict, decided=True) != verdict and verdict is None:
                report.add(f"order {ref}: event {event.kind} of {event.at:%Y-%m-%d %H:%M} "
                           "does not apply")
                return
        if replay.order is None:
            report.add(f"order {ref}: its events create no order")
            return
        expected = repo.projection_row(replay.order)
    except Exception as exc:  # noqa: BLE001 - a bad event: a finding, the check goes on
        report.add(f"order {ref}: its events cannot be replayed ({_first_line(exc)})")
        return
    for column in COLUMNS:
        if column == "state":
            continue
        if row[column] != expected[column]:
            report.add(f"order {ref}: column {column} is {row[column]!r} in the table; its "
                       f"events give {expected[column]!r}")
    if row["state"] != expected["state"]:
        _compare_states(ref, row["state"], expected["state"], report)


def _compare_states(ref: str, stored: str, expected: str, report: CheckReport) -> None:
    try:
        have = json.loads(stored)
    except ValueError as exc:
        report.add(f"order {ref}: column state is not JSON ({_first_line(exc)})")
        return
    want = json.loads(expected)
    if not isinstance(have, dict):
        report.add(f"order {ref}: column state is not an order")
        return
    fields = sorted(k for k in have.keys() | want.keys() if have.get(k) != want.get(k))
    if fields:
        report.add(f"order {ref}: column state differs from its replayed events in "
                   f"{', '.join(fields[:5])}")


def _check_files(db: Database, report: CheckReport) -> None:
    try:
        where = referenced_files(db)
    except _UNREADABLE as exc:
        report.add(f"stored files: not checked, the orders cannot all be read "
                   f"({_first_line(exc)})")
        return
    valid = [h for h in where if _SHA256.fullmatch(h)]
    for h in sorted(where):
        if not _SHA256.fullmatch(h):
            report.add(f"{where[h]}: {h!r} is not a SHA-256 hash")
    report.files = len(valid)
    if not valid:
        return  # nothing to verify: do not create an empty store
    problems = store_of(db).verify_files(valid)
    room = max(report.limit - len(report.problems), 0)
    for problem in problems[:room]:
        what = "is missing" if problem.problem == "missing" else "no longer matches its hash"
        report.add(f"{where[problem.sha256]}: the stored copy {problem.path} {what}")
    if len(problems) > room:  # e.g. orders imported without their files
        report.problems.append(f"… and {len(problems) - room} more stored files missing "
                               "or altered")
