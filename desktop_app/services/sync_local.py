"""The device's side of sync, on one connection: the outbox, verdicts, rebuilds.

An order's projection after sync is the replay of its events in the server's
order (following the server's verdicts), then of the events this device has
not had placed yet, in local order. Nothing depends on device clocks.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable
from operator import itemgetter
from typing import NamedTuple

import msgspec
from sqlalchemy import Connection, bindparam, select, update

from desktop_app.domain import events as ev
from desktop_app.domain.events import Event
from desktop_app.domain.timeutil import STORED_TIME, parse_ts, to_stored
from desktop_app.services import bulk
from desktop_app.services.sync_replay import (
    OrderReplay,
    dumps,
    loads,
    renamed_ref,
    snapshot_ref,
)
from desktop_app.storage import repo
from desktop_app.storage.jsontext import canonical, parse
from desktop_app.storage.meta_rows import get_meta, set_meta
from desktop_app.storage.schema import events, orders, sync_marks
from desktop_app.storage.statements import among, insert_rows
from desktop_app.storage.tuning import wide_cache

CURSOR = "sync:cursor"
SERVER = "sync:server"
LAST_SYNC = "sync:last"


def meta_int(conn: Connection, key: str) -> int:
    return int(get_meta(conn, key) or 0)


# The outbox is every event the server has not placed (no server position in its
# mark), whatever device wrote it: imported history goes out too. It is sent in
# local order, each event's seq being its local position, which only grows; the
# watermark is a position below which every event is placed, so the outbox is
# read from there, not from the first event.
PUSHED_TO = "sync:pushed_to"
_UNPLACED = ("FROM events LEFT JOIN sync_marks ON sync_marks.event_pos = events.position "
             "WHERE events.position > ? AND sync_marks.server_pos IS NULL")


def count_pending(conn: Connection) -> int:
    return conn.exec_driver_sql("SELECT count(*) " + _UNPLACED,
                                (meta_int(conn, PUSHED_TO),)).scalar_one()


def advance_watermark(conn: Connection) -> None:
    """Move the watermark up to just below the first unplaced event."""
    mark = meta_int(conn, PUSHED_TO)
    first = conn.exec_driver_sql("SELECT min(events.position) " + _UNPLACED,
                                 (mark,)).scalar()
    top = first - 1 if first is not None else last_position(conn)
    if top != mark:
        set_meta(conn, PUSHED_TO, str(top))


def last_position(conn: Connection) -> int:
    return conn.exec_driver_sql("SELECT coalesce(max(position), 0) FROM events").scalar_one()


class Outgoing(NamedTuple):
    """One event the server has not placed, already in its wire form (PushEvent JSON)."""

    id: str
    order_id: str
    position: int  # its local position: its seq on the wire, and its sync mark's key
    json: bytes


class _PushEvent(msgspec.Struct):
    """A PushEvent of the sync server's models, `data` embedded as stored."""

    id: str
    order_id: str
    kind: str
    at: str
    data: msgspec.Raw
    device_seq: int
    base: int


_encode = msgspec.json.Encoder().encode


def outgoing(conn: Connection, after: int | None, base: int, limit: int,
             max_bytes: int) -> list[Outgoing]:
    """The next events to push (after position `after`, or the watermark when None),
    at most `limit` of them and about `max_bytes` of JSON.

    The stored `data` is JSON already and goes out as it is (msgspec.Raw), and the
    stored timestamp is in a form the server reads: no event is decoded and encoded
    again on its way out.
    """
    start = meta_int(conn, PUSHED_TO) if after is None else after
    rows = conn.exec_driver_sql(
        "SELECT events.id, order_id, kind, at, data, position " + _UNPLACED
        + " ORDER BY events.position LIMIT ?", (start, limit))
    out, size = [], 0
    for event_id, order_id, kind, at, data, position in rows:
        encoded = _encode(_PushEvent(event_id, order_id, kind, at, msgspec.Raw(data),
                                     position, base))
        size += len(encoded) + 1
        if out and size > max_bytes:
            break
        out.append(Outgoing(event_id, order_id, position, encoded))
    return out


Mark = tuple[int | None, str | None]  # (server position, conflict JSON) of an event


def marks_of(conn: Connection, positions: list[int]) -> dict[int, Mark]:
    """{local position: mark} of those events that have one."""
    rows = conn.execute(select(sync_marks.c.event_pos, sync_marks.c.server_pos,
                               sync_marks.c.conflict)
                        .where(among(conn, sync_marks.c.event_pos, positions)))
    return {r[0]: (r[1], r[2]) for r in rows}


def save_marks(conn: Connection, marks: dict[int, Mark]) -> None:
    """Insert or replace the marks of events, by their local position."""
    if marks:
        conn.exec_driver_sql(
            "INSERT INTO sync_marks (event_pos, server_pos, conflict) VALUES (?, ?, ?) "
            "ON CONFLICT (event_pos) DO UPDATE SET server_pos = excluded.server_pos, "
            "conflict = excluded.conflict",
            # in key order: appended, or each page of the table visited once
            sorted((k, p, c) for k, (p, c) in marks.items()))


def record_push(conn: Connection, sent: list, answer: dict) -> set[str]:
    """Store the server's verdicts on our events (`sent`: anything with .id, .order_id
    and .position); return orders whose replay changes. An event the answer leaves
    out stays unplaced: it goes out again next time."""
    with wide_cache(conn):
        return _record_push(conn, sent, answer)


def _record_push(conn: Connection, sent: list, answer: dict) -> set[str]:
    by_id = {e.id: e for e in sent}
    known = marks_of(conn, [e.position for e in sent])
    marks, touched = {}, set()
    for result in answer["results"]:
        event = by_id.get(result.get("id"))
        if event is None:
            continue
        conflict = dumps(result.get("conflict"))
        marks[event.position] = (int(result["position"]), conflict)
        if known.get(event.position, (None, None))[1] != conflict:
            touched.add(event.order_id)
    save_marks(conn, {k: v for k, v in marks.items() if known.get(k) != v})
    advance_watermark(conn)
    return touched


def incoming_event(item: dict) -> tuple[Event, int, str | None]:
    event = Event(order_id=item["order_id"], kind=item["kind"], at=parse_ts(item["at"]),
                  data=item["data"], id=item["id"], device_id=item["device_id"],
                  device_seq=int(item["device_seq"]))
    return event, int(item["position"]), dumps(item.get("conflict"))


def apply_pulled(conn: Connection, items: list[dict], states: dict[str, str] | None = None
                 ) -> set[str]:
    """Store a page of the server's events and rebuild the orders they touch.

    `states` (order id -> the server's state JSON, for orders whose whole history is in
    the page): an order with no events here takes that state as its projection instead
    of a replay of the page (the server folded the same events with the same rules).
    An order with events here is replayed as always: only the replay merges them.
    """
    with wide_cache(conn):
        return _apply_pulled(conn, items, states or {})


def _apply_pulled(conn: Connection, items: list[dict], states: dict[str, str]) -> set[str]:
    stored = _stored_marks(conn, [i["id"] for i in items])
    order_ids = list(dict.fromkeys(i["order_id"] for i in items))
    history = histories_of(conn, order_ids)
    taken = _rows_of_states({i: states[i] for i in order_ids
                             if i in states and i not in history})
    # Events of orders taken from their state are only stored: no Event objects.
    pulled = [None if i["order_id"] in taken else incoming_event(i) for i in items]
    written = rebuild(conn, [i for i in order_ids if i not in taken],
                      [p for p in pulled if p is not None and p[0].id not in stored], history)
    _write_projections(conn, taken)
    written |= set(taken)
    rows, new_marks, marks = [], [], {}
    for item, event in zip(items, pulled, strict=True):
        event_id, order_id = item["id"], item["order_id"]
        if event_id not in stored and order_id not in written:
            continue
        mark = (int(item["position"]), dumps(item.get("conflict")) if event is None
                else event[2])
        if event_id not in stored:
            rows.append(_event_row(item))
            new_marks.append(mark)
        elif stored[event_id][1:] != mark:
            marks[stored[event_id][0]] = mark
    if rows:
        first = _insert_events(conn, rows)
        marks.update(zip(range(first, first + len(rows)), new_marks, strict=True))
    save_marks(conn, marks)
    return set(order_ids)


def _insert_events(conn: Connection, rows: list[tuple]) -> int:
    """Append the rows; return the local position of the first. One statement inserts
    them all under the write lock, so their positions (rowids) follow each other."""
    insert_rows(conn, events, bulk.EVENT_COLUMNS, rows)
    positions = repo.appended_positions(conn, "id", (rows[0][0],), (rows[-1][0],), len(rows))
    if positions is None:
        raise RuntimeError("pulled events were not stored at consecutive positions")
    return positions.start


def _event_row(item: dict) -> tuple:
    """A pulled event as its row (bulk.EVENT_COLUMNS), in the form bulk.write_foreign
    gives: the server's timestamps are in the database's form already, kept as sent."""
    at = item["at"]
    moment = parse_ts(at)  # checked either way: a bad one fails the page
    if not _STORED_FORM(at):
        at = to_stored(moment)
    data = item["data"]
    return (item["id"], item["order_id"], item["kind"], at, canonical(data) if data else "{}",
            item["device_id"], int(item["device_seq"]))


_STORED_FORM = re.compile(STORED_TIME).fullmatch


def _stored_marks(conn: Connection, event_ids: list[str]
                  ) -> dict[str, tuple[int, int | None, str | None]]:
    """The events of `event_ids` stored here: (local position, *mark), the mark
    (None, None) when there is none yet."""
    rows = conn.execute(select(events.c.id, events.c.position, sync_marks.c.server_pos,
                               sync_marks.c.conflict)
                        .outerjoin(sync_marks, sync_marks.c.event_pos == events.c.position)
                        .where(among(conn, events.c.id, event_ids)))
    return {r[0]: (r[1], r[2], r[3]) for r in rows}


def histories_of(conn: Connection, order_ids: list[str]) -> dict[str, list]:
    out: dict[str, list] = defaultdict(list)
    if not order_ids:
        return out
    rows = conn.execute(select(events, sync_marks.c.server_pos, sync_marks.c.conflict)
                        .outerjoin(sync_marks, sync_marks.c.event_pos == events.c.position)
                        .where(among(conn, events.c.order_id, order_ids))
                        .order_by(events.c.position))
    for r in rows:
        out[r.order_id].append((repo.event_from_row(r), r.server_pos, r.conflict))
    return out


def rebuild(conn: Connection, order_ids: Iterable[str],
            fresh: list[tuple[Event, int, str | None]] = (),
            history: dict[str, list] | None = None) -> set[str]:
    """Replay the orders (plus `fresh` events not stored yet); write their projections.

    `history`: their stored events, when the caller has read them already.
    Returns the ids of orders that have a projection (an order whose every event
    was refused has none, and its events stay on the server only).
    """
    order_ids = list(order_ids)
    history = histories_of(conn, order_ids) if history is None else history
    for event, pos, conflict in fresh:
        history[event.order_id].append((event, pos, conflict))
    taken = _ref_holders(conn, history)
    results, local_marks = {}, {}
    for order_id in order_ids:
        items = history.get(order_id, [])
        synced = sorted((i for i in items if i[1] is not None), key=lambda i: i[1])
        waiting = [i for i in items if i[1] is None]
        replay = OrderReplay(None)
        for event, _pos, conflict in synced:
            replay.step(event, loads(conflict), decided=True)
        for event, _pos, old in waiting:
            mark = replay.step(event, ref_taken=lambda ref, oid: taken.get(ref, oid) != oid)
            if dumps(mark) != old:
                local_marks[event.id] = (None, dumps(mark))
        if replay.order is not None:
            results[order_id] = replay.order
    _write_projections(conn, {i: repo.projection_row(o) for i, o in results.items()})
    save_marks(conn, _by_position(conn, local_marks))
    return set(results)


def _by_position(conn: Connection, marks: dict[str, Mark]) -> dict[int, Mark]:
    """Marks keyed by event id, keyed by local position instead (stored events only)."""
    if not marks:
        return {}
    rows = conn.execute(select(events.c.id, events.c.position)
                        .where(among(conn, events.c.id, list(marks))))
    return {position: marks[event_id] for event_id, position in rows}


def _ref_holders(conn: Connection, history: dict[str, list]) -> dict[str, str]:
    """Which order holds each ref that a creation in `history` names (server's view first)."""
    refs = {snapshot_ref(e) for items in history.values() for e, _, _ in items
            if e.kind in (ev.ORDER_CREATED, ev.ORDER_REPLACED)} - {None}
    holders: dict[str, str] = {}
    for order_id, items in history.items():
        for event, pos, conflict in items:
            if pos is not None and event.kind in (ev.ORDER_CREATED, ev.ORDER_REPLACED) \
                    and not conflict:
                ref = snapshot_ref(event)
                if ref is not None:
                    holders.setdefault(ref, order_id)
    for ref, order_id in _orders_by(conn, "ref", sorted(refs)):
        if order_id not in history:
            holders.setdefault(ref, order_id)
    return holders


def _orders_by(conn: Connection, column: str, values: list[str]) -> list[tuple[str, str]]:
    """(ref, id) of the local orders whose `column` (id or ref) is in `values`."""
    if not values:
        return []
    return conn.execute(select(orders.c.ref, orders.c.id)
                        .where(among(conn, orders.c[column], values))).fetchall()


def _rows_of_states(states: dict[str, str]) -> dict[str, dict]:
    """{order id: projection row}; a state that does not read (never from our
    server) is left out, and its order replayed instead."""
    out = {}
    for order_id, state in states.items():
        try:
            out[order_id] = repo.projection_row_of_state(order_id, parse(state), state)
        except Exception:  # noqa: BLE001 - a bad copy only costs the faster path
            continue
    return out


def _write_projections(conn: Connection, rows: dict[str, dict]) -> None:
    """Insert or update the orders' rows ({order id: projection row})."""
    existing = {order_id: ref for ref, order_id in _orders_by(conn, "id", list(rows))}
    moved = [{"oid": i, "tmp": f"\x00moving {i}"} for i, row in rows.items()
             if i in existing and existing[i] != row["ref"]]
    if moved:  # refs may swap between two orders: park them first
        conn.execute(update(orders).where(orders.c.id == bindparam("oid"))
                     .values(ref=bindparam("tmp")), moved)
    _free_refs(conn, rows, existing)
    changed = [{**row, "oid": i} for i, row in rows.items() if i in existing]
    if changed:
        values = {k: bindparam(k) for k in changed[0] if k not in ("id", "oid")}
        conn.execute(update(orders).where(orders.c.id == bindparam("oid")).values(values),
                     changed)
    insert_rows(conn, orders, bulk.ORDER_COLUMNS,
                [_order_values(row) for i, row in rows.items() if i not in existing])


_order_values = itemgetter(*bulk.ORDER_COLUMNS)


def _free_refs(conn: Connection, rows: dict[str, dict], existing: dict[str, str]) -> None:
    """A local order not yet on the server that holds a ref the server gave another
    order: rename it as the server will when it arrives (REF~id)."""
    wanted = {row["ref"]: i for i, row in rows.items()}
    for ref, holder in _orders_by(conn, "ref", sorted(wanted)):
        if holder != wanted[ref] and holder not in rows:
            state = json.loads(conn.execute(select(orders.c.state)
                                            .where(orders.c.id == holder)).scalar())
            state["ref"] = renamed_ref(ref, holder)
            conn.execute(update(orders).where(orders.c.id == holder).values(
                ref=state["ref"], state=canonical(state)))
