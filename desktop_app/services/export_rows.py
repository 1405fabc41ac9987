"""Export's inner loop: orders with their histories as JSON text, straight from the rows.

Orders are read in ref order, a batch at a time, with the events of the whole
batch in one query (not one per order). Event times go from the database text
to the export text without becoming datetimes. The output is exactly what
`json.dumps(order_to_dict + history, ensure_ascii=False, sort_keys=True)` gives.
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import TextIO

from sqlalchemy import Connection, select

from desktop_app.domain.timeutil import ts_from_stored
from desktop_app.storage.schema import events, orders
from desktop_app.storage.statements import among

BATCH = 2000
_encode = json.JSONEncoder(ensure_ascii=False, sort_keys=True, check_circular=False).encode
_EVENT_COLUMNS = (events.c.order_id, events.c.id, events.c.kind, events.c.at, events.c.data,
                  events.c.device_id, events.c.device_seq)


def write_orders_json(conn: Connection, out: TextIO) -> int:
    """Write every order (its state plus "history"), separated by ",\\n"; return how many."""
    count = 0
    states = conn.execute(select(orders.c.id, orders.c.state).order_by(orders.c.ref))
    while batch := states.fetchmany(BATCH):
        histories = _histories(conn, [order_id for order_id, _ in batch])
        for order_id, state in batch:
            data = json.loads(state)
            data["history"] = histories.get(order_id, [])
            out.write(("\n" if count == 0 else ",\n") + _encode(data))
            count += 1
    return count


def _histories(conn: Connection, order_ids: list[str]) -> dict[str, list[dict]]:
    """The export dicts of the orders' events, per order, in log order."""
    out: dict[str, list[dict]] = defaultdict(list)
    rows = conn.execute(select(*_EVENT_COLUMNS).where(among(conn, events.c.order_id, order_ids))
                        .order_by(events.c.position)).cursor  # plain values
    for order_id, event_id, kind, at, data, device_id, device_seq in rows:
        out[order_id].append({"id": event_id, "kind": kind, "at": ts_from_stored(at),
                              "data": json.loads(data), "device_id": device_id,
                              "device_seq": device_seq})
    return out
