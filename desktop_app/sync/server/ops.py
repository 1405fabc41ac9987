"""Push and pull: the server side of the protocol, one transaction each.

Push takes a write lock on the account first (an UPDATE of its row), so the
pushes of one account are applied one after the other and their positions
are committed in order: a pull that reads up to the highest committed
position can never skip an event committed later with a lower one.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    bindparam,
    func,
    select,
    update,
)

from desktop_app.domain import events as ev
from desktop_app.domain.codec import order_from_state
from desktop_app.domain.events import event_of
from desktop_app.domain.order import Order
from desktop_app.domain.timeutil import to_stored
from desktop_app.services.sync_replay import OrderReplay, dumps, loads
from desktop_app.storage.jsontext import canonical, parse
from desktop_app.storage.repo import appended_positions, state_json
from desktop_app.storage.statements import among, insert_rows
from desktop_app.storage.tuning import wide_cache
from desktop_app.sync.server import devices
from desktop_app.sync.server.errors import Conflict, Invalid, NotFound
from desktop_app.sync.server.schema import accounts, events, orders
from desktop_app.sync.server.schema import devices as device_rows
from desktop_app.sync.server.wire import PushedEvent

_EVENT_COLUMNS = ("account_id", "id", "order_id", "kind", "at", "data", "device_id",
                  "device_seq", "conflict")
_ORDER_COLUMNS = ("id", "account_id", "ref", "state", "event_count")


def push(engine: Engine, account_id: int, device_id: str, device_key: str | None,
         incoming: list[PushedEvent], now: datetime) -> dict:
    """Apply the device's events once each; answer the acknowledged seq and each verdict
    as (event id, device seq, position, conflict JSON or None).

    An event is known by its id: one the account holds already (a retry after a lost
    answer, or history another device pushed first) answers its stored verdict, and
    must be the same event (409 event_mismatch). A new event must come after every
    seq this device pushed: a device whose database went back (a restored backup)
    reuses seqs, and is told so (409 sequence_reused) to register anew, instead of
    its new events being taken for old ones.
    """
    seqs = [e.device_seq for e in incoming]
    if seqs != sorted(set(seqs)):  # strictly increasing (checked in C, not pair by pair)
        raise Invalid("events must be in increasing device_seq order")
    with engine.begin() as conn, wide_cache(conn):
        conn.execute(update(accounts).where(accounts.c.id == account_id)
                     .values(pushes=accounts.c.pushes + 1))
        last = devices.last_seq(conn, account_id, device_id, device_key)
        known = _known_events(conn, account_id, [e.id for e in incoming])
        results, fresh = [], []
        for item in incoming:
            row = known.get(item.id)
            if row is not None:
                _same_event(row, item)
                results.append((row.id, item.device_seq, row.position, row.conflict))
            elif item.device_seq <= last:
                raise Conflict(f"device_seq {item.device_seq} of device {device_id} was used "
                               "by another event: its database went back (a restored "
                               "backup?); register it under a new id",
                               code="sequence_reused")
            else:
                fresh.append(item)
        if fresh:
            results += _apply(conn, account_id, device_id, fresh)
            conn.execute(update(device_rows).where(device_rows.c.id == device_id)
                         .values(last_seq=fresh[-1].device_seq, last_seen_at=to_stored(now)))
            last = fresh[-1].device_seq
    return {"acknowledged_seq": last, "results": results}


def _known_events(conn: Connection, account_id: int, ids: list[str]) -> dict[str, Any]:
    if not ids:
        return {}
    return {row.id: row for row in conn.execute(
        select(events.c.id, events.c.order_id, events.c.kind, events.c.at, events.c.data,
               events.c.position, events.c.conflict)
        .where(events.c.account_id == account_id, among(conn, events.c.id, ids)))}


def _same_event(row, item: PushedEvent) -> None:
    """A pushed event whose id the account holds must be that event, word for word:
    otherwise a device could make another's event answer as seen and vanish."""
    if (row.order_id, row.kind, row.at, row.data) != (item.order_id, item.kind, item.at_db,
                                                      _stored_data(item.data)):
        raise Conflict(f"Event {item.id} was pushed before with other content",
                       code="event_mismatch")


def _stored_data(data: dict) -> str:
    """An event's data as the events table holds it (and compares it)."""
    return canonical(data) if data else "{}"


def _order_of(state: str | None, order_id: str) -> Order | None:
    if state is None:
        return None
    order = order_from_state(parse(state))  # written by this server: trusted
    order.id = order_id
    return order


class _Batch:
    """The orders a push touches, loaded once, replayed in memory, written once."""

    def __init__(self, conn: Connection, account_id: int, incoming: list[PushedEvent]):
        self.conn = conn
        self.account_id = account_id
        ids = list(dict.fromkeys(e.order_id for e in incoming))
        self.rows: dict[str, Any] = {row.id: row for row in conn.execute(
            select(orders).where(orders.c.account_id == account_id,
                                 among(conn, orders.c.id, ids)))}
        self.replays: dict[str, OrderReplay] = {}
        self.ref_owner = self._ref_owners(incoming)

    def _ref_owners(self, incoming: list[PushedEvent]) -> dict[str, str]:
        refs = {e.data["order"]["ref"] for e in incoming
                if e.kind in (ev.ORDER_CREATED, ev.ORDER_REPLACED)
                and isinstance(e.data.get("order"), dict)
                and isinstance(e.data["order"].get("ref"), str)}
        return dict(self.conn.execute(select(orders.c.ref, orders.c.id).where(
            orders.c.account_id == self.account_id,
            among(self.conn, orders.c.ref, sorted(refs)))).all())

    def replay_of(self, order_id: str) -> OrderReplay:
        found = self.replays.get(order_id)
        if found is None:
            row = self.rows.get(order_id)
            state = row.state if row is not None else None
            found = self.replays[order_id] = OrderReplay(
                None, fresh_start=lambda: _order_of(state, order_id))
        return found

    def ref_taken(self, ref: str, order_id: str) -> bool:
        owner = self.ref_owner.get(ref)
        return owner is not None and owner != order_id

    def note_moved_ref(self, order_id: str, before: str | None, after: str | None) -> None:
        if before != after:
            if before is not None and self.ref_owner.get(before) == order_id:
                del self.ref_owner[before]
            if after is not None:
                self.ref_owner[after] = order_id

    def write_orders(self, added: Counter) -> None:
        """Store each replayed order with its event count grown by `added` (its new events)."""
        new, changed = [], []
        for order_id, replay in self.replays.items():
            order = replay.order
            ref, state = (None, None) if order is None else (order.ref, state_json(order))
            row = self.rows.get(order_id)
            if row is None:
                new.append((order_id, self.account_id, ref, state, added[order_id]))
            else:
                changed.append({"oid": order_id, "r": ref, "s": state,
                                "n": row.event_count + added[order_id],
                                "moved": row.ref != ref})
        moved = [{"oid": c["oid"], "r": None, "s": None, "n": c["n"]}
                 for c in changed if c["moved"]]
        stmt = update(orders).where(orders.c.account_id == self.account_id,
                                    orders.c.id == bindparam("oid")).values(
            ref=bindparam("r"), state=bindparam("s"), event_count=bindparam("n"))
        if moved:  # free the old refs first: two orders may swap theirs
            self.conn.execute(stmt, moved)
        if changed:
            self.conn.execute(stmt, [{k: c[k] for k in ("oid", "r", "s", "n")}
                                     for c in changed])
        insert_rows(self.conn, orders, _ORDER_COLUMNS, new)


def _apply(conn: Connection, account_id: int, device_id: str, fresh: list[PushedEvent]
           ) -> list[tuple]:
    batch = _Batch(conn, account_id, fresh)
    rivals = _notes_rivals(conn, account_id, device_id, fresh)
    rows = []
    for item in fresh:
        order_id, data = item.order_id, item.data
        event = event_of(order_id, item.kind, item.moment, data, item.id, device_id,
                         item.device_seq)
        replay = batch.replay_of(order_id)
        before = replay.order.ref if replay.order is not None else None
        mark = replay.step(event, ref_taken=batch.ref_taken, notes_rival=rivals.get(event.id))
        after = replay.order.ref if replay.order is not None else None
        if after != before:
            batch.note_moved_ref(order_id, before, after)
        rows.append((account_id, event.id, order_id, event.kind, item.at_db,
                     _stored_data(data), device_id, event.device_seq,
                     None if mark is None else dumps(mark)))
    batch.write_orders(Counter(item.order_id for item in fresh))
    insert_rows(conn, events, _EVENT_COLUMNS, rows)
    positions = _positions(conn, device_id, rows)
    return [(r[1], r[7], at, r[8]) for r, at in zip(rows, positions, strict=True)]


def _positions(conn: Connection, device_id: str, rows: list[tuple]) -> list[int]:
    """The positions just given to `rows`, in order. On SQLite one executemany under
    the write lock numbers them one after the other (AUTOINCREMENT): the last rowid
    says them all once both ends are checked. Elsewhere, or if a check fails, ask."""
    seqs = [r[7] for r in rows]
    if conn.dialect.name == "sqlite":
        positions = appended_positions(conn, "device_id, device_seq", (device_id, seqs[0]),
                                       (device_id, seqs[-1]), len(rows))
        if positions is not None:
            return list(positions)
    by_seq = dict(conn.execute(select(events.c.device_seq, events.c.position).where(
        events.c.device_id == device_id, events.c.device_seq.between(seqs[0], seqs[-1]))).all())
    return [by_seq[s] for s in seqs]


def _notes_rivals(conn: Connection, account_id: int, device_id: str, fresh: list[PushedEvent]
                  ) -> dict[str, str]:
    """For each note edit made from a cursor (`base`): the latest note edit of the same
    order by another device that this device had not pulled, if any. One query a push."""
    edits = [e for e in fresh if e.kind == ev.NOTE_EDITED and e.base is not None]
    if not edits:
        return {}
    later: dict[str, list[tuple[int, str]]] = defaultdict(list)
    # By (account, order, kind), the index's columns: a condition on position lets
    # the planner pick the account's position index and scan all its events.
    for row in conn.execute(select(events.c.order_id, events.c.position, events.c.id,
                                   events.c.device_id).where(
            events.c.account_id == account_id,
            among(conn, events.c.order_id, sorted({e.order_id for e in edits})),
            events.c.kind == ev.NOTE_EDITED).order_by(events.c.position)):
        if row.device_id != device_id:
            later[row.order_id].append((row.position, row.id))
    rivals = {}
    for edit in edits:
        unseen = [event_id for pos, event_id in later.get(edit.order_id, ())
                  if pos > edit.base]
        if unseen:
            rivals[edit.id] = unseen[-1]
    return rivals


# What a pull sends of each event (wire.pull_answer writes it as a PulledEvent).
PULLED = (events.c.position, events.c.id, events.c.order_id, events.c.kind, events.c.at,
          events.c.data, events.c.device_id, events.c.device_seq, events.c.conflict)


def pull(engine: Engine, account_id: int, device_id: str, device_key: str | None,
         cursor: int, limit: int) -> dict:
    """The account's events after `cursor` (other devices' only, rows of PULLED), this
    device's ack, and the stored states of the orders whose whole history
    is in the page (see _whole_states)."""
    with engine.connect() as conn:
        acknowledged = devices.last_seq(conn, account_id, device_id, device_key)
        top = conn.execute(select(func.max(events.c.position))
                           .where(events.c.account_id == account_id)).scalar() or 0
        found = conn.execute(select(*PULLED).where(
            events.c.account_id == account_id, events.c.position > cursor,
            events.c.position <= top, events.c.device_id != device_id)
            .order_by(events.c.position).limit(limit + 1)).all()
        more = len(found) > limit
        found = found[:limit]
        states = _whole_states(conn, account_id, found)
    next_cursor = found[-1].position if more else max(top, cursor)
    return {"events": found, "cursor": next_cursor, "more": more,
            "acknowledged_seq": acknowledged, "states": states}


def _whole_states(conn: Connection, account_id: int, found: list) -> dict[str, str]:
    """{order id: stored state JSON} for the orders created in this page whose every
    event is in it: a device without events of its own for such an order may store
    the state instead of replaying the history (the same fold, done once, here).

    The count and the state are one row, written together, so a push committed after
    the page was read only makes the counts differ: the state is then left out."""
    in_page = Counter(r.order_id for r in found)
    created = sorted({r.order_id for r in found if r.kind == ev.ORDER_CREATED})
    if not created:
        return {}
    states = {}
    for order_id, state, count in conn.execute(
            select(orders.c.id, orders.c.state, orders.c.event_count)
            .where(orders.c.account_id == account_id, among(conn, orders.c.id, created))):
        if state is not None and count == in_page[order_id]:
            states[order_id] = state
    return states


def event_out(row) -> dict:
    return {"position": row.position, "id": row.id, "order_id": row.order_id,
            "kind": row.kind, "at": row.at, "data": json.loads(row.data),
            "device_id": row.device_id, "device_seq": row.device_seq,
            "conflict": loads(row.conflict)}


def order_info(engine: Engine, account_id: int, order_id: str, with_events: bool) -> dict:
    with engine.connect() as conn:
        row = conn.execute(select(orders).where(orders.c.id == order_id,
                                                orders.c.account_id == account_id)).first()
        if row is None:
            raise NotFound(f"No order {order_id} in this account")
        found = conn.execute(select(events).where(events.c.account_id == account_id,
                                                  events.c.order_id == order_id)
                             .order_by(events.c.position)).all()
    out = {"id": row.id, "ref": row.ref,
           "state": json.loads(row.state) if row.state is not None else None,
           "events": len(found),
           "conflicts": sum(1 for r in found if r.conflict is not None)}
    if with_events:
        out["history"] = [event_out(r) for r in found]
    return out
