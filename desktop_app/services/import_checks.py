"""What an import must not collide with, checked before anything is written.

The database keeps an event id, a (device, seq) pair and an order id once. A file
that repeats one (within one history, across its orders, or against what the
database holds for another order) would stop the insert half-way with the
database's own words; here it is refused first, naming the order and the field.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from sqlalchemy import Connection, text

from desktop_app.domain.errors import FieldError
from desktop_app.domain.events import Event

_EVENTS_BY_ID = text("SELECT e.id, o.ref FROM events e JOIN orders o ON o.id = e.order_id "
                     "WHERE e.id IN (SELECT value FROM json_each(:ids))")
_EVENTS_BY_SEQ = text("SELECT e.device_id, e.device_seq, e.id FROM json_each(:pairs) j "
                      "JOIN events e ON e.device_id = json_extract(j.value, '$[0]') "
                      "AND e.device_seq = json_extract(j.value, '$[1]')")
_ORDERS_BY_ID = text("SELECT id, ref FROM orders WHERE id IN (SELECT value FROM json_each(:ids))")


class Collision(FieldError):
    """A value another order (in the file or the database) holds already."""

    def __init__(self, where: str, field: str, message: str):
        super().__init__(field, message)
        self.where = where


def check_collisions(conn: Connection, incoming: Iterable[tuple[str, str, str, list[Event]]],
                     own_device: str) -> None:
    """`incoming` is (where, ref, order id or "", history events) per order; raise
    Collision for the first repeated or foreign id or seq."""
    items = list(incoming)
    ids: dict[str, tuple[str, str]] = {}  # event id -> (where, ref) of its first holder
    seqs: dict[tuple[str, int], str] = {}  # (device, seq) -> event id
    order_ids: dict[str, tuple[str, str]] = {}
    for where, ref, order_id, history in items:
        if order_id:
            if order_id in order_ids and order_ids[order_id][1] != ref:
                raise Collision(where, "id", f"is also the id of {order_ids[order_id][0]}")
            order_ids[order_id] = (where, ref)
        for i, event in enumerate(history):
            if event.id in ids:
                raise Collision(where, f"history[{i}].id", f"repeats an event id of "
                                f"{_holder(ids[event.id], where)}")
            ids[event.id] = (where, ref)
            pair = (event.device_id, event.device_seq)
            if pair in seqs:
                raise Collision(where, f"history[{i}].device_seq", "repeats the device_seq of "
                                "another event from the same device")
            seqs[pair] = event.id
    _against_database(conn, items, ids, seqs, order_ids, own_device)


def json_array(values: list, piece: int = 5000) -> str:
    """json.dumps(values), a slice at a time.

    The encoder is one C call that holds the GIL for the whole list: a window importing
    a large file on a worker thread froze while it ran. Between slices other threads run.
    """
    parts = [json.dumps(values[i:i + piece])[1:-1] for i in range(0, len(values), piece)]
    return "[" + ",".join(parts) + "]"


def _holder(first: tuple[str, str], where: str) -> str:
    return "an earlier event" if first[0] == where else first[0]


def _against_database(conn: Connection, items: list, ids: dict, seqs: dict, order_ids: dict,
                      own_device: str) -> None:
    position = {(where, event.id): i for where, _ref, _oid, history in items
                for i, event in enumerate(history)}
    for event_id, held_by in conn.execute(_EVENTS_BY_ID, {"ids": json_array(list(ids))}):
        where, ref = ids[event_id]
        if held_by != ref:
            raise Collision(where, f"history[{position[where, event_id]}].id",
                            f"is the id of an event of order {held_by} in the database")
    pairs = json_array([list(pair) for pair in seqs])
    for device_id, seq, held_by in conn.execute(_EVENTS_BY_SEQ, {"pairs": pairs}):
        event_id = seqs[device_id, seq]
        if held_by != event_id:
            where = ids[event_id][0]
            raise Collision(where, f"history[{position[where, event_id]}].device_seq",
                            "is the seq of another event of that device in the database")
    for (device_id, _seq), event_id in seqs.items():
        # This installation numbers its own events; a foreign one in its series would
        # take a number it is about to give out.
        if device_id == own_device and event_id not in _known(conn, event_id):
            where = ids[event_id][0]
            raise Collision(where, f"history[{position[where, event_id]}].device_id",
                            "is this installation's own device, for an event it never made")
    rows = conn.execute(_ORDERS_BY_ID, {"ids": json_array(list(order_ids))})
    for order_id, ref in rows:
        where, wanted = order_ids[order_id]
        if ref != wanted:
            raise Collision(where, "id", f"is the id of order {ref} in the database")


def _known(conn: Connection, event_id: str) -> set[str]:
    found = conn.execute(text("SELECT id FROM events WHERE id = :id"), {"id": event_id})
    return set(found.scalars())
