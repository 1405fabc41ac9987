"""Sync use cases: one round with a server, the pending count, conflicts and their fixes.

The transport (desktop_app.sync.client.SyncClient, or anything with the same
`push` and `pull`) is handed in, so this layer knows nothing of HTTP. A round
pushes the outbox in batches, then pulls pages until the server has no more;
each answer is stored in its own transaction, so an interrupted round loses
nothing and the next one goes on where it stopped. A failure before the first
answer changes nothing locally.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from sqlalchemy import select

from desktop_app.domain import events as ev
from desktop_app.domain.timeutil import format_ts, utc_now
from desktop_app.services import sync_local as local
from desktop_app.services.orders import OrderBook
from desktop_app.services.sync_replay import NOTES, loads
from desktop_app.storage.db import Database
from desktop_app.storage.schema import events, orders, sync_events

PUSH_BATCH = 5_000
PULL_PAGE = 5_000


class Transport(Protocol):
    def push(self, device_id: str, events: list[dict]) -> dict: ...

    def pull(self, device_id: str, cursor: int, limit: int) -> dict: ...


@dataclass
class RoundResult:
    pushed: int = 0
    pulled: int = 0
    conflicts: int = 0
    changed: set[str] = field(default_factory=set)

    def summary(self) -> str:
        return f"pushed {self.pushed}, pulled {self.pulled}, {self.conflicts} conflicts"


@dataclass(frozen=True)
class SyncConflict:
    event_id: str
    order_id: str
    ref: str
    kind: str  # the event's kind
    type: str  # refused | ref | notes
    reason: str
    at: str
    device_id: str
    pending: bool  # not confirmed by the server yet
    versions: tuple[tuple[str, str], ...] = ()  # notes: (event id, text) of both sides


def sync_round(db: Database, transport: Transport, *, server_url: str | None = None,
               push_batch: int = PUSH_BATCH, pull_page: int = PULL_PAGE,
               changed: Callable[[list[str]], None] | None = None) -> RoundResult:
    device_id = db.device_id()
    result = RoundResult()
    _forget_other_server(db, server_url)
    while True:
        with db.transaction() as conn:
            base = local.meta_int(conn, local.CURSOR)
            outbox = local.pending(conn, device_id, local.meta_int(conn, local.ACKED),
                                   push_batch)
        if not outbox:
            break
        answer = transport.push(device_id, [local.wire(e, base) for e in outbox])
        with db.transaction() as conn:
            touched = local.record_push(conn, outbox, answer)
            local.rebuild(conn, touched)
        result.pushed += len(outbox)
        result.changed |= touched
    while True:
        with db.transaction() as conn:
            cursor = local.meta_int(conn, local.CURSOR)
        page = transport.pull(device_id, cursor, pull_page)
        with db.transaction() as conn:
            result.changed |= local.apply_pulled(conn, page["events"])
            local.set_meta(conn, local.CURSOR, str(max(int(page["cursor"]), cursor)))
        result.pulled += len(page["events"])
        if not page["more"] or not page["events"]:
            break
    with db.transaction() as conn:
        local.set_meta(conn, local.LAST_SYNC, format_ts(utc_now()))
    result.conflicts = len(conflicts(db))
    if changed is not None and result.changed:
        changed(sorted(result.changed))
    return result


def _forget_other_server(db: Database, server_url: str | None) -> None:
    """A different server knows nothing of what the last one acknowledged: start over."""
    if server_url is None:
        return
    with db.transaction() as conn:
        previous = local.get_meta(conn, local.SERVER)
        if previous != server_url:
            local.set_meta(conn, local.SERVER, server_url)
            if previous is not None:
                local.set_meta(conn, local.CURSOR, "0")
                local.set_meta(conn, local.ACKED, "0")


def status(db: Database) -> dict:
    """For the status bar: the server, pending changes, when it last synced."""
    device_id = db.device_id()
    with db.transaction() as conn:
        acked = local.meta_int(conn, local.ACKED)
        return {"server": local.get_meta(conn, local.SERVER),
                "pending": local.count_pending(conn, device_id, acked),
                "last_synced": local.get_meta(conn, local.LAST_SYNC)}


def conflicts(db: Database) -> list[SyncConflict]:
    """Events kept but not (or not simply) applied, that the seller has not resolved."""
    with db.transaction() as conn:
        rows = conn.execute(select(events, sync_events.c.server_pos, sync_events.c.conflict,
                                   orders.c.ref)
                            .join(sync_events, sync_events.c.event_id == events.c.id)
                            .join(orders, orders.c.id == events.c.order_id)
                            .where(sync_events.c.conflict.is_not(None))
                            .order_by(events.c.position)).all()
        resolved = _resolved(conn)
        out = []
        for row in rows:
            if row.id in resolved:
                continue
            mark = loads(row.conflict)
            versions = _versions(conn, row, mark) if mark.get("type") == NOTES else ()
            out.append(SyncConflict(row.id, row.order_id, row.ref, row.kind,
                                    mark.get("type", ""), mark.get("reason", ""), row.at,
                                    row.device_id, row.server_pos is None, versions))
    return out


def _resolved(conn) -> set[str]:
    found = set()
    for data in conn.execute(select(events.c.data).where(
            events.c.kind == ev.NOTE_EDITED, events.c.data.like('%"resolves"%'))).scalars():
        found.update(json.loads(data).get("resolves", []))
    return found


def _versions(conn, row, mark: dict) -> tuple[tuple[str, str], ...]:
    other = conn.execute(select(events.c.data).where(events.c.id == mark.get("other"))).scalar()
    theirs = json.loads(other).get("notes", "") if other else ""
    mine = json.loads(row.data).get("notes", "")
    return ((mark.get("other", ""), theirs), (row.id, mine))


def resolve(book: OrderBook, event_id: str, keep: str | None = None):
    """Settle a conflict with a compensating event that every device will see.

    Notes: `keep` is the id of the version to keep (default: the one shown now).
    Other conflicts: the order stays as it is; the event records that the seller saw it.
    """
    found = {c.event_id: c for c in conflicts(book.db)}
    conflict = found.get(event_id)
    if conflict is None:
        raise LookupError(f"No open conflict for event {event_id}")
    order = book.get(conflict.ref)
    notes = order.notes
    if conflict.type == NOTES and keep is not None:
        texts = dict(conflict.versions)
        if keep not in texts:
            raise LookupError(f"Event {keep} is not one of the two versions")
        notes = texts[keep]
    return book.act(conflict.ref, ev.NOTE_EDITED, {"notes": notes, "resolves": [event_id]})
