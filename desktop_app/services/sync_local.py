"""The device's side of sync, on one connection: the outbox, verdicts, rebuilds.

An order's projection after sync is the replay of its events in the server's
order (following the server's verdicts), then of the events this device has
not had placed yet, in local order. Nothing depends on device clocks.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import Connection, bindparam, insert, select, update

from desktop_app.domain import events as ev
from desktop_app.domain.events import Event
from desktop_app.domain.timeutil import format_ts, parse_ts
from desktop_app.services.sync_replay import OrderReplay, dumps, loads, renamed_ref, snapshot_ref
from desktop_app.storage import repo
from desktop_app.storage.schema import events, meta, orders, sync_events

CURSOR = "sync:cursor"
ACKED = "sync:acked"
SERVER = "sync:server"
LAST_SYNC = "sync:last"
CHUNK = 500


def get_meta(conn: Connection, key: str) -> str | None:
    return conn.execute(select(meta.c.value).where(meta.c.key == key)).scalar()


def set_meta(conn: Connection, key: str, value: str) -> None:
    if conn.execute(update(meta).where(meta.c.key == key).values(value=value)).rowcount == 0:
        conn.execute(insert(meta).values(key=key, value=value))


def meta_int(conn: Connection, key: str) -> int:
    return int(get_meta(conn, key) or 0)


def pending(conn: Connection, device_id: str, acked: int, limit: int) -> list[Event]:
    rows = conn.execute(select(events).where(events.c.device_id == device_id,
                                             events.c.device_seq > acked)
                        .order_by(events.c.device_seq).limit(limit))
    return [repo.event_from_row(r) for r in rows]


def count_pending(conn: Connection, device_id: str, acked: int) -> int:
    from sqlalchemy import func

    return conn.execute(select(func.count()).select_from(events).where(
        events.c.device_id == device_id, events.c.device_seq > acked)).scalar_one()


def wire(event: Event, base: int) -> dict:
    return {"id": event.id, "order_id": event.order_id, "kind": event.kind,
            "at": format_ts(event.at), "data": event.data, "device_seq": event.device_seq,
            "base": base}


def marks_of(conn: Connection, event_ids: list[str]) -> dict[str, tuple[int | None, str | None]]:
    found = {}
    for i in range(0, len(event_ids), CHUNK):
        part = event_ids[i:i + CHUNK]
        found.update((r.event_id, (r.server_pos, r.conflict)) for r in conn.execute(
            select(sync_events).where(sync_events.c.event_id.in_(part))))
    return found


def save_marks(conn: Connection, marks: dict[str, tuple[int | None, str | None]]) -> None:
    """Insert or replace the (server position, conflict) of events."""
    if not marks:
        return
    known = marks_of(conn, list(marks))
    new = [{"event_id": k, "server_pos": p, "conflict": c} for k, (p, c) in marks.items()
           if k not in known]
    changed = [{"eid": k, "p": p, "c": c} for k, (p, c) in marks.items()
               if k in known and known[k] != (p, c)]
    if new:
        conn.execute(insert(sync_events), new)
    if changed:
        conn.execute(update(sync_events).where(sync_events.c.event_id == bindparam("eid"))
                     .values(server_pos=bindparam("p"), conflict=bindparam("c")), changed)


def record_push(conn: Connection, sent: list[Event], answer: dict) -> set[str]:
    """Store the server's verdicts on our events; return orders whose replay changes."""
    by_id = {e.id: e for e in sent}
    known = marks_of(conn, list(by_id))
    marks, touched = {}, set()
    for result in answer["results"]:
        event = by_id.get(result.get("id"))
        if event is None:
            continue
        conflict = dumps(result.get("conflict"))
        marks[event.id] = (int(result["position"]), conflict)
        if known.get(event.id, (None, None))[1] != conflict:
            touched.add(event.order_id)
    save_marks(conn, marks)
    set_meta(conn, ACKED, str(int(answer["acknowledged_seq"])))
    return touched


def incoming_event(item: dict) -> tuple[Event, int, str | None]:
    event = Event(order_id=item["order_id"], kind=item["kind"], at=parse_ts(item["at"]),
                  data=item["data"], id=item["id"], device_id=item["device_id"],
                  device_seq=int(item["device_seq"]))
    return event, int(item["position"]), dumps(item.get("conflict"))


def apply_pulled(conn: Connection, items: list[dict]) -> set[str]:
    """Store a page of the server's events and rebuild the orders they touch."""
    pulled = [incoming_event(i) for i in items]
    have = marks_of(conn, [e.id for e, _, _ in pulled])
    present = _present(conn, [e.id for e, _, _ in pulled if e.id not in have])
    fresh = [(e, p, c) for e, p, c in pulled if e.id not in present]
    marks = {e.id: (p, c) for e, p, c in pulled}
    order_ids = list(dict.fromkeys(e.order_id for e, _, _ in pulled))
    written = rebuild(conn, order_ids, fresh)
    stored = set(have) | present | {e.id for e, _, _ in fresh if e.order_id in written}
    repo.append_events(conn, [repo.event_row(e) for e, _, _ in fresh
                              if e.order_id in written])
    save_marks(conn, {k: v for k, v in marks.items() if k in stored})
    return set(order_ids)


def _present(conn: Connection, event_ids: list[str]) -> set[str]:
    found = set()
    for i in range(0, len(event_ids), CHUNK):
        part = event_ids[i:i + CHUNK]
        found.update(conn.execute(select(events.c.id).where(events.c.id.in_(part))).scalars())
    return found


def _histories(conn: Connection, order_ids: list[str]) -> dict[str, list]:
    out: dict[str, list] = defaultdict(list)
    for i in range(0, len(order_ids), CHUNK):
        part = order_ids[i:i + CHUNK]
        rows = conn.execute(select(events, sync_events.c.server_pos, sync_events.c.conflict)
                            .outerjoin(sync_events, sync_events.c.event_id == events.c.id)
                            .where(events.c.order_id.in_(part)).order_by(events.c.position))
        for r in rows:
            out[r.order_id].append((repo.event_from_row(r), r.server_pos, r.conflict))
    return out


def rebuild(conn: Connection, order_ids: Iterable[str],
            fresh: list[tuple[Event, int, str | None]] = ()) -> set[str]:
    """Replay the orders (plus `fresh` events not stored yet); write their projections.

    Returns the ids of orders that have a projection (an order whose every event
    was refused has none, and its events stay on the server only).
    """
    order_ids = list(order_ids)
    history = _histories(conn, order_ids)
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
    _write_projections(conn, results)
    save_marks(conn, local_marks)
    return set(results)


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
    ref_list = sorted(refs)
    for i in range(0, len(ref_list), CHUNK):
        for ref, order_id in conn.execute(select(orders.c.ref, orders.c.id)
                                          .where(orders.c.ref.in_(ref_list[i:i + CHUNK]))):
            if order_id not in history:
                holders.setdefault(ref, order_id)
    return holders


def _write_projections(conn: Connection, results: dict) -> None:
    ids = list(results)
    existing: dict[str, str] = {}
    for i in range(0, len(ids), CHUNK):
        existing.update(conn.execute(select(orders.c.id, orders.c.ref)
                                     .where(orders.c.id.in_(ids[i:i + CHUNK]))).all())
    moved = [{"oid": i, "tmp": f"\x00moving {i}"} for i, o in results.items()
             if i in existing and existing[i] != o.ref]
    if moved:  # refs may swap between two orders: park them first
        conn.execute(update(orders).where(orders.c.id == bindparam("oid"))
                     .values(ref=bindparam("tmp")), moved)
    _free_refs(conn, results, existing)
    rows = [repo.projection_row(o) for o in results.values()]
    changed = [{**r, "oid": r["id"]} for r in rows if r["id"] in existing]
    if changed:
        values = {k: bindparam(k) for k in rows[0] if k != "id"}
        conn.execute(update(orders).where(orders.c.id == bindparam("oid")).values(values),
                     changed)
    new = [r for r in rows if r["id"] not in existing]
    if new:
        conn.execute(insert(orders), new)


def _free_refs(conn: Connection, results: dict, existing: dict[str, str]) -> None:
    """A local order not yet on the server that holds a ref the server gave another
    order: rename it as the server will when it arrives (REF~id)."""
    wanted = {o.ref: i for i, o in results.items()}
    refs = sorted(wanted)
    for i in range(0, len(refs), CHUNK):
        for ref, holder in conn.execute(select(orders.c.ref, orders.c.id)
                                        .where(orders.c.ref.in_(refs[i:i + CHUNK]))).all():
            if holder != wanted[ref] and holder not in results:
                state = json.loads(conn.execute(select(orders.c.state)
                                                .where(orders.c.id == holder)).scalar())
                state["ref"] = renamed_ref(ref, holder)
                conn.execute(update(orders).where(orders.c.id == holder).values(
                    ref=state["ref"], state=json.dumps(state, sort_keys=True,
                                                       ensure_ascii=False,
                                                       separators=(",", ":"))))
