"""Demo data: deterministic, complete, and exactly what replaying its events gives."""

from __future__ import annotations

import json
import threading
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from desktop_app.domain import lifecycle
from desktop_app.domain.metrics import OrderFacts, compute
from desktop_app.domain.order import Status
from desktop_app.services import demo
from desktop_app.services.bulk import SeededIds, secondary_indexes
from desktop_app.services.order_list.query import list_columns
from desktop_app.storage import queries, repo
from desktop_app.storage.db import Database
from desktop_app.storage.schema import events, orders
from tests.conftest import NOW, order_fields


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    database = Database(tmp_path_factory.mktemp("demo"))
    assert demo.generate(database, 200, seed=1, now=NOW) == 200
    yield database
    database.dispose()


def states(db: Database) -> list[dict]:
    with db.transaction() as conn:
        return list(queries.iter_states(conn))


def event_rows(db: Database) -> list[tuple]:
    with db.transaction() as conn:
        rows = conn.execute(select(events.c.id, events.c.order_id, events.c.kind, events.c.at,
                                   events.c.data).order_by(events.c.position))
        return [tuple(r) for r in rows]


def test_same_seed_and_now_give_identical_data(demo_db, tmp_path):
    other = Database(tmp_path / "other")
    demo.generate(other, 200, seed=1, now=NOW)
    with demo_db.transaction() as a, other.transaction() as b:
        assert list_columns(a) == list_columns(b)
    assert states(other) == states(demo_db)
    assert event_rows(other) == event_rows(demo_db)
    other.dispose()


def test_another_seed_gives_other_data(demo_db, tmp_path):
    other = Database(tmp_path / "other")
    demo.generate(other, 200, seed=2, now=NOW)
    assert {s["ref"] for s in states(other)}.isdisjoint({s["ref"] for s in states(demo_db)})
    other.dispose()


def test_every_status_and_cancellation_kind_is_present(demo_db):
    data = states(demo_db)
    assert {s["status"] for s in data} == {s.value for s in Status}
    cancellations = [s["cancellation"] for s in data if s["status"] == "cancelled"]
    assert {c["by"] for c in cancellations} == {"buyer", "seller", "mutual", "support"}
    assert any(c["exempt"] for c in cancellations)
    counts = json.dumps(sorted(s["status"] for s in data))
    assert sum(s["status"] == "completed" for s in data) > 100, counts


def test_completion_rate_sees_every_exemption(demo_db):
    with demo_db.transaction() as conn:
        facts = [OrderFacts.of(repo.load_order(conn, order_id=s["id"]))
                 for s in queries.iter_states(conn)]
    stats = compute(facts, NOW + timedelta(days=400))  # a window that holds nothing
    assert stats["completion_rate"] is None
    reasons = set()
    for days in range(0, 400, 30):  # slide the 60-day window over the demo's history
        reasons |= set(compute(facts, NOW - timedelta(days=days))["exempt_by_reason"])
    assert reasons == {"exempted by support", "buyer cancelled before sending requirements",
                       "mutual cancellation followed by a reorder"}


def test_requests_of_every_kind_and_outcome(demo_db):
    requests = [r for s in states(demo_db) for r in s["requests"]]
    assert {r["kind"] for r in requests} == {"extension", "extra", "partial_refund",
                                            "cancellation"}
    assert {r["status"] for r in requests} == {"open", "accepted", "declined", "withdrawn"}
    assert any(r["by_timeout"] for r in requests if r["kind"] == "extension")
    assert any(not r["by_timeout"] for r in requests
               if r["kind"] == "extension" and r["status"] == "accepted")


def test_realistic_values(demo_db):
    data = states(demo_db)
    refs = [s["ref"] for s in data]
    assert len(set(refs)) == len(refs)
    assert all(r.startswith("FO") and len(r) in (10, 11, 12) and r[2:].isalnum()
               and r[2:] == r[2:].upper() for r in refs)
    assert {s["currency"] for s in data} >= {"USD", "EUR", "GBP", "CAD", "AUD", "INR"}
    assert sum(s["currency"] == "USD" for s in data) > len(data) / 2
    assert {s["package"] for s in data} == {"Basic", "Standard", "Premium"}
    assert len({s["gig"] for s in data}) >= 8
    files = [f for s in data for d in s["deliveries"] for f in d["files"]]
    assert files and all(len(f["sha256"]) == 64 and f["size"] > 0 for f in files)
    assert any(p["verdict"] == "out_of_scope"
               for s in data for r in s["revision_requests"] for p in r["points"])
    assert any(s.get("reordered_as") for s in data)
    assert any(s["notes"] for s in data)


def test_active_orders_are_late_or_on_time_relative_to_now(demo_db):
    with demo_db.transaction() as conn:
        facts = [OrderFacts.of(repo.load_order(conn, order_id=s["id"]))
                 for s in queries.iter_states(conn)]
    stats = compute(facts, NOW)
    assert stats["active"] > stats["late"] > stats["very_late"] > 0


def test_nothing_happens_after_now(demo_db):
    for _id, _order, _kind, at, _data in event_rows(demo_db):
        assert at <= "2026-11-20T12:00:00.000000Z"


def test_demo_files_are_in_the_file_store(demo_db):
    digests = {f["sha256"] for s in states(demo_db) for d in s["deliveries"] for f in d["files"]}
    for digest in digests:
        assert (demo_db.data_dir / "files" / digest[:2] / digest).is_file()


def test_replaying_each_orders_events_gives_the_stored_state(demo_db):
    with demo_db.transaction() as conn:
        for order_id, state in repo.all_states(conn):
            replayed = lifecycle.replay(repo.events_of(conn, order_id))
            assert repo.state_json(replayed) == state


def test_events_carry_this_devices_consecutive_seqs(demo_db):
    with demo_db.transaction() as conn:
        rows = conn.execute(select(events.c.device_id, events.c.device_seq)
                            .order_by(events.c.position)).all()
    assert {d for d, _ in rows} == {demo_db.device_id()}
    assert [s for _, s in rows] == list(range(1, len(rows) + 1))


def test_existing_orders_are_kept_and_refs_never_collide(book, db):
    book.create_order(order_fields())
    book.record_requirements("FO5F2A91C3")
    assert demo.generate(db, 150, seed=1, now=NOW) == 150
    assert demo.generate(db, 150, seed=1, now=NOW) == 150
    data = states(db)
    assert len(data) == 301
    assert len({s["ref"] for s in data}) == 301
    assert book.get("FO5F2A91C3").status is Status.IN_PROGRESS
    seqs = [e.device_seq for e in book.history("FO5F2A91C3")]
    with db.transaction() as conn:
        all_seqs = conn.execute(select(events.c.device_seq)).scalars().all()
    assert len(set(all_seqs)) == len(all_seqs) and min(all_seqs) == seqs[0]


def test_progress_is_reported_and_cancel_keeps_whole_transactions(db, monkeypatch):
    monkeypatch.setattr(demo, "UNIT", 50)
    monkeypatch.setattr(demo, "UNITS_PER_TRANSACTION", 2)
    cancel = threading.Event()
    seen = []

    def progress(done, total):
        seen.append((done, total))
        if done == 250:  # in the middle of the third transaction (200..300)
            cancel.set()

    assert demo.generate(db, 1000, now=NOW, progress=progress, cancel=cancel) == 200
    assert seen == [(n, 1000) for n in range(50, 251, 50)]
    with db.transaction() as conn:
        assert repo.count_orders(conn) == 200
        order_ids = set(conn.execute(select(orders.c.id)).scalars())
        event_orders = set(conn.execute(select(events.c.order_id)).scalars())
    assert event_orders == order_ids


def test_worker_processes_build_the_same_orders(tmp_path, monkeypatch):
    monkeypatch.setattr(demo, "UNIT", 40)
    serial, parallel = Database(tmp_path / "a"), Database(tmp_path / "b")
    demo.generate(serial, 120, seed=3, now=NOW, workers=0)
    demo.generate(parallel, 120, seed=3, now=NOW, workers=2)
    assert states(serial) == states(parallel)
    serial.dispose()
    parallel.dispose()


def test_ids_are_version_7_uuids_from_the_seed_in_the_order_they_were_made():
    import random
    first = SeededIds(random.Random(5), 1_800_000_000_000)
    again = SeededIds(random.Random(5), 1_800_000_000_000)
    ids = [first() for _ in range(5000)]
    assert ids == [again() for _ in range(5000)]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)
    assert {uuid.UUID(i).version for i in ids} == {7}
    assert uuid.UUID(ids[0]).variant == uuid.RFC_4122
    assert int(ids[0][:8] + ids[0][9:13], 16) == 1_800_000_000_000  # unix_ts_ms


def test_demo_ids_follow_the_order_events_were_written(db):
    demo.generate(db, 2500, seed=4, now=NOW, workers=1)
    with db.transaction() as conn:
        ids = [r[0] for r in conn.exec_driver_sql("SELECT id FROM events ORDER BY device_seq")]
    assert ids == sorted(ids)


def test_default_now_is_the_clock(db):
    demo.generate(db, 30)
    latest = max(s["last_activity_at"] for s in states(db))
    assert datetime.fromisoformat(latest) <= datetime.now(UTC)


def test_gigdesk_check_passes_on_demo_data(demo_db):
    from desktop_app.services.check import check_database

    report = check_database(demo_db)
    assert report.problems == []
    assert report.orders == 200 and report.files > 0


def schema_of(db: Database) -> list[tuple]:
    with db.transaction() as conn:
        return sorted(tuple(r) for r in conn.exec_driver_sql(
            "SELECT type, name, tbl_name, sql FROM sqlite_master"))


def pragmas_of(db: Database) -> dict[str, int]:
    with db.engine.connect() as conn:
        return {name: conn.exec_driver_sql(f"PRAGMA {name}").scalar()
                for name in ("synchronous", "cache_size", "wal_autocheckpoint", "foreign_keys")}


def test_rebuilding_indexes_gives_the_same_data_and_the_migrated_schema(tmp_path, monkeypatch):
    monkeypatch.setattr(demo, "UNIT", 40)
    kept, rebuilt = Database(tmp_path / "kept"), Database(tmp_path / "rebuilt")
    migrated, usual = schema_of(rebuilt), pragmas_of(rebuilt)
    assert any(name == "ix_events_order_id" for _type, name, _table, _sql in migrated)
    demo.generate(kept, 200, seed=4, now=NOW)
    monkeypatch.setattr(demo, "REBUILD_INDEXES_FROM", 200)
    with rebuilt.transaction() as conn:
        assert secondary_indexes(conn).keys() == {
            "ix_orders_status", "ix_orders_due_at", "ix_orders_request_expires_at",
            "ix_orders_marketplace",
            "ix_events_order_id", "ix_events_device_seq"}
    demo.generate(rebuilt, 200, seed=4, now=NOW)
    assert schema_of(rebuilt) == migrated
    assert pragmas_of(rebuilt) == usual
    assert states(rebuilt) == states(kept)
    assert event_rows(rebuilt) == event_rows(kept)
    assert not (rebuilt.path.parent / f"{rebuilt.path.name}-wal").stat().st_size
    from desktop_app.services.check import check_database
    assert check_database(rebuilt).problems == []
    kept.dispose()
    rebuilt.dispose()


def test_cancel_while_rebuilding_indexes_keeps_whole_chunks_and_the_indexes(db, monkeypatch):
    monkeypatch.setattr(demo, "UNIT", 50)
    monkeypatch.setattr(demo, "UNITS_PER_TRANSACTION", 2)
    monkeypatch.setattr(demo, "REBUILD_INDEXES_FROM", 1)
    migrated = schema_of(db)
    cancel = threading.Event()

    def progress(done, _total):
        if done == 250:
            cancel.set()

    assert demo.generate(db, 1000, now=NOW, progress=progress, cancel=cancel) == 200
    assert schema_of(db) == migrated
    with db.transaction() as conn:
        assert repo.count_orders(conn) == 200
        assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"


def test_a_failure_while_rebuilding_indexes_changes_nothing(db, monkeypatch):
    monkeypatch.setattr(demo, "UNIT", 50)
    monkeypatch.setattr(demo, "REBUILD_INDEXES_FROM", 1)
    migrated = schema_of(db)
    calls = []

    def progress(done, _total):
        calls.append(done)
        if done == 350:  # in the second chunk of 5 units: the first was a savepoint only
            raise RuntimeError("disk trouble")

    with pytest.raises(RuntimeError):
        demo.generate(db, 1000, now=NOW, progress=progress)
    assert schema_of(db) == migrated
    with db.transaction() as conn:
        assert repo.count_orders(conn) == 0
