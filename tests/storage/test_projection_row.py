"""projection_row cuts its time columns from the state's text: the same row as to_db gives."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta, timezone

from desktop_app.domain.codec import order_from_dict
from desktop_app.domain.order import ResolutionRequest
from desktop_app.services.demo import Generator, UnitSpec
from desktop_app.storage import repo
from desktop_app.storage.schema import to_db
from tests.conftest import order_fields

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
TIMES = ("ordered_at", "due_at", "delivered_at", "completed_at", "cancelled_at",
         "last_activity_at")


def expected_times(order) -> dict:
    """The time columns as projection_row wrote them before: to_db of each datetime."""
    request = order.open_request
    out = {name: to_db(getattr(order, name)) for name in TIMES}
    out["request_expires_at"] = to_db(request.expires_at) if request else None
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
