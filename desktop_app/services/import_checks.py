"""What an import must not collide with, checked before anything is written.

The database keeps an event id and an order id once. A file that repeats one
(within one history, across its orders, or against what the database holds for
another order) would stop the insert half-way with the database's own words;
here it is refused first, naming the order and the field. A (device, seq) pair
may repeat: a database restored from a backup numbers again from where the
backup stood, and events another device pushed carry that device's send order.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Connection, select

from desktop_app.domain.errors import FieldError
from desktop_app.domain.events import Event
from desktop_app.storage.schema import events, orders
from desktop_app.storage.statements import among


class Collision(FieldError):
    """A value another order (in the file or the database) holds already."""

    def __init__(self, where: str, field: str, message: str):
        super().__init__(field, message)
        self.where = where


def check_collisions(conn: Connection, incoming: Iterable[tuple[str, str, str, list[Event]]]
                     ) -> None:
    """`incoming` is (where, ref, order id or "", history events) per order; raise
    Collision for the first repeated or foreign id."""
    items = list(incoming)
    ids: dict[str, tuple[str, str]] = {}  # event id -> (where, ref) of its first holder
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
    _against_database(conn, items, ids, order_ids)


def _holder(first: tuple[str, str], where: str) -> str:
    return "an earlier event" if first[0] == where else first[0]


def _against_database(conn: Connection, items: list, ids: dict, order_ids: dict) -> None:
    position = {(where, event.id): i for where, _ref, _oid, history in items
                for i, event in enumerate(history)}
    held = conn.execute(select(events.c.id, orders.c.ref)
                        .join(orders, orders.c.id == events.c.order_id)
                        .where(among(conn, events.c.id, list(ids))))
    for event_id, held_by in held:
        where, ref = ids[event_id]
        if held_by != ref:
            raise Collision(where, f"history[{position[where, event_id]}].id",
                            f"is the id of an event of order {held_by} in the database")
    rows = conn.execute(select(orders.c.id, orders.c.ref)
                        .where(among(conn, orders.c.id, list(order_ids))))
    for order_id, ref in rows:
        where, wanted = order_ids[order_id]
        if ref != wanted:
            raise Collision(where, "id", f"is the id of order {ref} in the database")
