"""Property: any sequence of legal operations replays from its events to the same projection."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop_app.domain import lifecycle
from desktop_app.domain.errors import LifecycleError
from desktop_app.services.orders import OrderBook
from desktop_app.storage import repo
from desktop_app.storage.db import Database
from tests.conftest import order_fields

START = datetime(2026, 11, 1, 9, 30, tzinfo=UTC)

OPERATIONS = st.sampled_from([
    ("record_requirements", ()),
    ("deliver", ("Here is the work", [{"path": "a.png", "size": 3, "sha256": "c" * 64}])),
    ("record_revision", ("Please change the colour", [])),
    ("complete", ()),
    ("cancel", ("mutual", "agreed")),
    ("edit_notes", ("a note",)),
    ("open_request", ({"kind": "extension", "days": 1, "reason": "more time"},)),
    ("open_request", ({"kind": "partial_refund", "amount": "10.00", "reason": "late"},)),
    ("open_request", ({"kind": "extra", "amount": "25.00", "items": ["Logo animation"]},)),
    ("open_request", ({"kind": "cancellation", "reason": "stuck", "by": "seller"},)),
    ("answer_request", ("accepted",)),
    ("answer_request", ("declined",)),
    ("apply_timeouts", ()),
])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(steps=st.lists(st.tuples(OPERATIONS, st.integers(1, 40)), max_size=25))
def test_events_replay_to_the_stored_projection(tmp_path_factory, steps):
    db = Database(tmp_path_factory.mktemp("prop"))
    now = [START]
    book = OrderBook(db, clock=lambda: now[0])
    book.create_order(order_fields("FO1"), at=START)
    for (name, args), hours in steps:
        now[0] += timedelta(hours=hours)
        try:
            if name == "apply_timeouts":
                book.apply_timeouts(now[0])
            else:
                getattr(book, name)("FO1", *args, at=now[0])
        except LifecycleError:
            pass  # refused: nothing written, which the comparison below also checks
    with db.transaction() as conn:
        stored = repo.load_order(conn, ref="FO1")
        history = repo.events_of(conn, stored.id)
    assert repo.state_json(lifecycle.replay(history)) == repo.state_json(stored)
    seqs = [e.device_seq for e in history]
    assert seqs == sorted(seqs) and len(set(seqs)) == len(seqs)
    db.dispose()
