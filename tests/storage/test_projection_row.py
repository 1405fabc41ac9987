"""projection_row cuts its time columns from the state's text: the same row as to_stored gives."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta, timezone

from desktop_app.domain.codec import order_from_dict
from desktop_app.domain.order import ResolutionRequest
from desktop_app.domain.timeutil import to_stored
from desktop_app.services.demo import Generator, UnitSpec
from desktop_app.storage import repo
from tests.conftest import order_fields

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
TIMES = ("ordered_at", "due_at", "delivered_at", "completed_at", "cancelled_at",
         "last_activity_at")


def expected_times(order) -> dict:
    """The time columns as projection_row wrote them before: to_stored of each datetime."""
    request = order.open_request
    out = {name: to_stored(getattr(order, name)) for name in TIMES}
    out["request_expires_at"] = to_stored(request.expires_at) if request else None
    return out


def test_time_columns_equal_to_db_of_each_datetime():
    gen = Generator(UnitSpec(5, 0, 0, NOW, 0, 300, tuple(f"FO{i:05d}" for i in range(300))))
    gen.build()
    odd = order_from_dict(order_fields("FOX", status="completed",
                                       completed_at="2026-11-03T09:30:00.000001Z"))
    plus_two = timezone(timedelta(hours=2))
    odd = dataclasses.replace(
        odd, id="x", delivered_at=datetime(2026, 11, 2, 23, 59, 59, 999999, tzinfo=plus_two),
        last_activity_at=datetime(2026, 11, 4, tzinfo=plus_two),
        requests=[ResolutionRequest("r1", "extension", "open", NOW,
                                    datetime(2026, 11, 22, 1, tzinfo=plus_two))])
    for order in [*gen.orders, odd]:
        row = repo.projection_row(order)
        assert {k: row[k] for k in (*TIMES, "request_expires_at")} == expected_times(order)
        assert row["state"] == repo.state_json(order)


def test_row_of_a_state_equals_the_row_of_its_order():
    """A pulled state is stored without building its order: same row, every column."""
    import json

    from desktop_app.domain.codec import order_from_state

    gen = Generator(UnitSpec(7, 0, 0, NOW, 0, 400, tuple(f"FO{i:05d}" for i in range(400))))
    gen.build()
    requested = order_from_dict(order_fields("FOREQ", status="delivered"))
    requested = dataclasses.replace(requested, id="q", requests=[ResolutionRequest(
        "r1", "extension", "open", NOW, datetime(2026, 11, 22, 1, 0, 0, 5, tzinfo=UTC))])
    orders = [*gen.orders, requested]
    assert {o.status for o in orders} >= {"delivered", "completed", "cancelled"}
    assert any(o.open_request for o in orders)
    for order in orders:
        state = repo.state_json(order)
        from_order = order_from_state(json.loads(state))
        from_order.id = order.id
        assert repo.projection_row_of_state(order.id, json.loads(state), state) \
            == repo.projection_row(from_order)
