"""Reading and writing orders and events on a connection (one transaction each)."""

from __future__ import annotations

import json
from collections.abc import Iterable

from sqlalchemy import Connection, Integer, cast, func, insert, select, update

from desktop_app.domain.codec import order_from_dict as order_from_dict  # re-exported
from desktop_app.domain.codec import order_from_state, order_to_dict, state_price, state_status
from desktop_app.domain.events import Event
from desktop_app.domain.order import Order
from desktop_app.domain.profile import DEFAULT_MARKETPLACE
from desktop_app.domain.timeutil import from_stored, stored_from_ts, to_stored, utc_as_is
from desktop_app.storage.jsontext import canonical as _dumps
from desktop_app.storage.meta_rows import meta_upsert
from desktop_app.storage.schema import events, meta, orders


def appended_positions(conn: Connection, keys: str, first: tuple, last: tuple,
                       count: int) -> range | None:
    """The positions SQLite just gave the `count` rows that one executemany appended to
    an `events` table (this device's or the server's): under the write lock the rowids
    follow each other, so the last one says them all, once the rows at both ends hold
    `first` and `last` in their `keys` columns. None when they do not."""
    end = conn.exec_driver_sql("SELECT last_insert_rowid()").scalar()
    start = end - count + 1
    found = conn.exec_driver_sql(f"SELECT {keys} FROM events WHERE position IN (?, ?) "
                                 "ORDER BY position", (start, end)).all()
    expected = [first] if count == 1 else [first, last]
    return range(start, end + 1) if [tuple(row) for row in found] == expected else None


def next_device_seq(conn: Connection, device_id: str, count: int = 1) -> int:
    """Reserve `count` sequence numbers for this device; return the first.

    One statement reads and moves the counter, so it runs under SQLite's write lock
    whatever the transaction read before: two processes appending at once (two
    `gigdesk deliver`s) cannot both take the same number. The first reservation of a
    device starts after the highest seq its events already carry.
    """
    key = f"seq:{device_id}"
    start = (select(func.coalesce(func.max(events.c.device_seq), 0) + count)
             .where(events.c.device_id == device_id).scalar_subquery())
    upsert = meta_upsert(key, start, cast(meta.c.value, Integer) + count).returning(meta.c.value)
    return int(conn.execute(upsert).scalar_one()) - count + 1


def event_row(event: Event) -> dict:
    return {"id": event.id, "order_id": event.order_id, "kind": event.kind,
            "at": to_stored(event.at), "data": _dumps(event.data),
            "device_id": event.device_id, "device_seq": event.device_seq}


def append_events(conn: Connection, rows: list[dict]) -> None:
    if rows:
        conn.execute(insert(events), rows)


def event_from_row(row) -> Event:
    return Event(order_id=row.order_id, kind=row.kind, at=from_stored(row.at),
                 data=json.loads(row.data), id=row.id, device_id=row.device_id,
                 device_seq=row.device_seq)


def events_of(conn: Connection, order_id: str) -> list[Event]:
    rows = conn.execute(select(events).where(events.c.order_id == order_id)
                        .order_by(events.c.position))
    return [event_from_row(r) for r in rows]


_TIMES = ("ordered_at", "due_at", "delivered_at", "completed_at", "cancelled_at",
          "last_activity_at")


def projection_row(order: Order) -> dict:
    """The orders row of `order`: its state JSON and the columns the list reads from it."""
    data = order_to_dict(order)
    return projection_row_of_state(order.id, data, _dumps(data))


def projection_row_of_state(order_id: str, data: dict, state: str) -> dict:
    """The orders row of the order whose state is `data` (`state` its JSON text), read
    straight from the dict: a first sync stores 100,000 pulled states, and building an
    Order of each cost more than storing it."""
    request = next((r for r in data.get("requests") or () if r.get("status") == "open"), None)
    price = state_price(data)
    return {
        "id": order_id, "ref": data["ref"], "buyer": data["buyer"], "gig": data["gig"],
        "package": data.get("package") or "", "price_minor": price.minor,
        "currency": price.currency, "status": state_status(data).value,
        "revisions_used": data.get("revisions_used", 0),
        "revisions_included": data["revisions_included"], "notes": data.get("notes") or "",
        "open_request": request["kind"] if request else None,
        "request_expires_at": stored_from_ts(request.get("expires_at")) if request else None,
        **{name: stored_from_ts(data.get(name)) for name in _TIMES},
        "state": state, "marketplace": data.get("marketplace") or DEFAULT_MARKETPLACE,
    }


def state_json(order: Order) -> str:
    return _dumps(order_to_dict(order, stamp=utc_as_is))


def save_order(conn: Connection, order: Order, *, new: bool = False) -> None:
    row = projection_row(order)
    if new:
        conn.execute(insert(orders).values(row))
    else:
        conn.execute(update(orders).where(orders.c.id == order.id).values(row))


def load_order(conn: Connection, *, order_id: str | None = None, ref: str | None = None
               ) -> Order | None:
    column, value = (orders.c.id, order_id) if order_id is not None else (orders.c.ref, ref)
    state = conn.execute(select(orders.c.state).where(column == value)).scalar()
    return None if state is None else order_from_state(json.loads(state))


def all_states(conn: Connection) -> Iterable[tuple[str, str]]:
    """(order id, stored state JSON) for every order, in ref order."""
    return conn.execute(select(orders.c.id, orders.c.state).order_by(orders.c.ref))


def count_orders(conn: Connection) -> int:
    return conn.execute(select(func.count()).select_from(orders)).scalar_one()
