"""Export's batched writer and import's reuse of parsed snapshots change no byte and no row."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from desktop_app.domain import events as ev
from desktop_app.domain import lifecycle
from desktop_app.domain.codec import order_from_dict
from desktop_app.domain.events import Event
from desktop_app.domain.timeutil import format_ts, from_stored, ts_from_stored
from desktop_app.services import export_rows
from desktop_app.services.demo import generate
from desktop_app.services.interchange import _created, export_file
from desktop_app.storage import repo
from desktop_app.storage.queries import iter_states
from tests.conftest import order_fields

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


def export_one_by_one(book) -> str:
    """The export as it was written before batching: one events query per order."""
    parts = []
    with book.db.transaction() as conn:
        for state in iter_states(conn):
            state["history"] = [
                {"id": e.id, "kind": e.kind, "at": format_ts(e.at), "data": e.data,
                 "device_id": e.device_id, "device_seq": e.device_seq}
                for e in repo.events_of(conn, state["id"])]
            parts.append(json.dumps(state, ensure_ascii=False, sort_keys=True))
    return ('{"format": "gigdesk.orders", "version": 1, "orders": [\n' + ",\n".join(parts)
            + "\n]}\n")


def test_batched_export_is_byte_identical_to_one_query_per_order(book, tmp_path, monkeypatch):
    generate(book.db, 300, seed=3, now=NOW)
    book.create_order(order_fields("FO1", notes="ünïcødé 日本 \"quoted\""), at=NOW)
    book.record_requirements("FO1", at=NOW + timedelta(microseconds=250))  # not in the demo
    monkeypatch.setattr(export_rows, "BATCH", 7)  # many batches, one of them partial
    path = tmp_path / "out.json"
    assert export_file(book, path) == 301
    assert path.read_text(encoding="utf-8") == export_one_by_one(book)


def test_export_time_text_is_format_ts_of_the_stored_time():
    for text in ("2026-11-01T09:30:00.000000Z", "2026-11-01T09:30:00.000250Z",
                 "0999-01-01T00:00:00.100000Z", "2026-11-01T09:30:00+02:00"):
        assert ts_from_stored(text) == format_ts(from_stored(text))


def test_created_from_a_parsed_snapshot_is_what_the_reducer_builds():
    for fields in (order_fields(), order_fields("FO2", status="completed", id="x",
                                                completed_at="2026-11-03T09:30:00+01:00",
                                                last_activity_at="2026-11-03T10:00:00Z")):
        snapshot = {k: v for k, v in fields.items() if k != "id"}
        event = Event("order-1", ev.ORDER_CREATED, NOW, {"order": snapshot})
        made = _created(order_from_dict(fields), event)
        assert repo.state_json(made) == repo.state_json(lifecycle.apply(None, event))
        assert made == lifecycle.apply(None, event)
