"""The list query: stored times read as microseconds since the epoch, in SQL."""

from __future__ import annotations

from datetime import UTC, datetime

from desktop_app.domain.timeutil import to_stored
from desktop_app.services.order_list.columns import NO_TIME
from desktop_app.services.order_list.query import list_columns
from desktop_app.storage.schema import orders
from tests.conftest import order_fields

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def micros(text: str) -> int:
    delta = datetime.fromisoformat(text) - EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def test_stored_times_come_back_as_exact_microseconds_and_none_as_no_time(book):
    times = {"FO1": "2026-11-18T09:00:00.000001Z", "FO2": "1969-12-31T23:59:59.500000Z",
             "FO3": "2026-03-29T01:30:00.999999Z"}
    for ref in times:
        book.create_order(order_fields(ref))
    with book.db.engine.begin() as conn:
        for ref, due in times.items():  # written as stored, whatever the app allows
            conn.execute(orders.update().where(orders.c.ref == ref)
                         .values(due_at=to_stored(datetime.fromisoformat(due))))
        conn.execute(orders.update().where(orders.c.ref == "FO3").values(last_activity_at=None))
        stored = {r.ref: (r.due_at, r.last_activity_at) for r in conn.execute(orders.select())}
        columns = list_columns(conn)
    for j, ref in enumerate(columns.ref):
        due_text, activity_text = stored[ref]
        assert to_stored(datetime.fromisoformat(times[ref])) == due_text
        assert columns.due_at[j] == micros(due_text)
        expected = NO_TIME if activity_text is None else micros(activity_text)
        assert columns.last_activity_at[j] == expected
    assert columns.due_at[columns.ref.index("FO2")] == -500_000  # before 1970 too
