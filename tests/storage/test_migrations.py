"""Migrations: a database at the first release, filled, upgraded with every row intact."""

from __future__ import annotations

import json
import sqlite3

from sqlalchemy import text

from desktop_app.storage import repo
from desktop_app.storage.db import SCHEMA_HEAD, Database, head_revision
from tests.conftest import order_fields

STATE = {"ref": "FO1", "requests": [{"kind": "extension", "status": "open",
                                     "expires_at": "2026-11-03T09:30:00Z"}]}


def test_first_revision_filled_then_migrated_keeps_every_row(tmp_path):
    db = Database(tmp_path, migrate=False)
    db.migrate("0001")
    assert db.current_revision() == "0001"
    with db.transaction() as conn:
        for n in range(50):
            conn.execute(text(
                "INSERT INTO orders (id, ref, buyer, gig, package, price_minor, currency, status,"
                " ordered_at, due_at, revisions_used, notes, state) VALUES (:id, :ref, 'b', 'g',"
                " 'Basic', 1000, 'USD', 'in_progress', '2026-11-01T09:30:00.000000Z',"
                " '2026-11-04T09:30:00.000000Z', 0, 'n', :state)"),
                {"id": f"id-{n}", "ref": f"FO{n}",
                 "state": json.dumps({**STATE, "ref": f"FO{n}"} if n == 7 else {"ref": f"FO{n}"})})
            conn.execute(text(
                "INSERT INTO events (id, order_id, kind, at, data, device_id, device_seq) VALUES"
                " (:id, :order, 'order_created', '2026-11-01T09:30:00.000000Z', '{}', 'dev', :n)"),
                {"id": f"ev-{n}", "order": f"id-{n}", "n": n + 1})
    before = _rows(db.path)

    backup = db.migrate()

    assert db.current_revision() == head_revision()
    assert backup is not None and backup.exists()
    assert _rows(backup) == before  # the backup holds the pre-migration data
    after = _rows(db.path)
    # New columns come last; the state (column 17) only gains 0006's two fields.
    assert [r[:17] + r[18:18] for r in after["orders"]] == [r[:17] for r in before["orders"]]
    assert [{k: v for k, v in json.loads(r[17]).items()
             if k not in ("marketplace", "delivery_days")} for r in after["orders"]] == \
        [json.loads(r[17]) for r in before["orders"]]
    assert after["events"] == before["events"]
    with db.transaction() as conn:
        migrated = conn.execute(text("SELECT open_request, request_expires_at FROM orders "
                                     "WHERE ref = 'FO7'")).one()
    assert tuple(migrated) == ("extension", "2026-11-03T09:30:00.000000Z")
    assert {r[1] for r in after["orders"]} == {f"FO{n}" for n in range(50)}


def _rows(path) -> dict[str, list[tuple]]:
    conn = sqlite3.connect(path)
    try:
        return {table: conn.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()
                for table in ("orders", "events")}
    finally:
        conn.close()


def test_opening_a_current_database_takes_no_backup(tmp_path):
    Database(tmp_path)
    assert Database(tmp_path).migrate() is None
    assert not (tmp_path / "backups").exists()


def test_pragmas_wal_and_foreign_keys(tmp_path):
    db = Database(tmp_path)
    with db.transaction() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_the_known_head_is_the_newest_migration():
    assert head_revision() == SCHEMA_HEAD


def _insert_order(conn) -> None:
    """Order o1 (FO1), as any revision since 0001 stores it."""
    conn.execute(text(
        "INSERT INTO orders (id, ref, buyer, gig, package, price_minor, currency, status,"
        " ordered_at, due_at, revisions_used, notes, state) VALUES ('o1', 'FO1', 'b', 'g',"
        " 'Basic', 1000, 'USD', 'in_progress', '2026-11-01T09:30:00.000000Z',"
        " '2026-11-04T09:30:00.000000Z', 0, '', '{}')"))


def test_sync_marks_move_from_event_ids_to_positions(tmp_path):
    db = Database(tmp_path, migrate=False)
    db.migrate("0003")
    with db.transaction() as conn:
        _insert_order(conn)
        for n in range(1, 6):
            conn.execute(text(
                "INSERT INTO events (position, id, order_id, kind, at, data, device_id,"
                " device_seq) VALUES (:p, :id, 'o1', 'note_edited',"
                " '2026-11-01T09:30:00.000000Z', '{}', 'dev', :n)"),
                {"p": n * 10, "id": f"ev-{n}", "n": n})
        conn.execute(text("INSERT INTO sync_events (event_id, server_pos, conflict) VALUES"
                          " ('ev-2', 7, NULL), ('ev-4', 9, '{\"type\": \"notes\"}'),"
                          " ('ev-5', NULL, '{\"type\": \"refused\"}')"))

    db.migrate()

    with db.transaction() as conn:
        marks = conn.execute(text("SELECT * FROM sync_marks ORDER BY 1")).fetchall()
        tables = set(conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'table'"))
                     .scalars())
    assert [tuple(m) for m in marks] == [(20, 7, None), (40, 9, '{"type": "notes"}'),
                                         (50, None, '{"type": "refused"}')]
    assert "sync_events" not in tables


def test_event_stamps_stop_being_unique_and_every_row_stays(tmp_path):
    """0005 rebuilds the events table (sync marks point into it): rows, positions and
    marks are kept, the foreign keys hold, and a repeated (device, seq) is accepted."""
    db = Database(tmp_path, migrate=False)
    db.migrate("0004")
    with db.transaction() as conn:
        _insert_order(conn)
        for n in range(1, 4):
            conn.execute(text(
                "INSERT INTO events (position, id, order_id, kind, at, data, device_id,"
                " device_seq) VALUES (:p, :id, 'o1', 'note_edited',"
                " '2026-11-01T09:30:00.000000Z', '{}', 'dev', :n)"), {"p": n * 10,
                                                                     "id": f"ev-{n}", "n": n})
        conn.execute(text("INSERT INTO sync_marks VALUES (20, 7, NULL)"))
    before = _rows(tmp_path / "gigdesk.sqlite")

    db.migrate("0005")

    after = _rows(tmp_path / "gigdesk.sqlite")
    assert {k: v for k, v in after.items() if k != "alembic_version"} == {
        k: v for k, v in before.items() if k != "alembic_version"}
    with db.transaction() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_key_check").all() == []
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        conn.execute(text(
            "INSERT INTO events (id, order_id, kind, at, data, device_id, device_seq) VALUES"
            " ('ev-again', 'o1', 'note_edited', '2026-11-01T09:30:00.000000Z', '{}', 'dev', 2)"))


def _order_at_0005(conn, n: int, ordered: str, due: str, state: dict) -> None:
    conn.execute(text(
        "INSERT INTO orders (id, ref, buyer, gig, package, price_minor, currency, status,"
        " ordered_at, due_at, revisions_used, notes, state) VALUES (:id, :ref, 'b', 'g',"
        " 'Basic', 1000, 'USD', 'in_progress', :ordered, :due, 0, '', :state)"),
        {"id": f"o{n}", "ref": f"FO{n}", "ordered": ordered, "due": due,
         "state": json.dumps(state, sort_keys=True, separators=(",", ":"))})
    conn.execute(text(
        "INSERT INTO events (id, order_id, kind, at, data, device_id, device_seq) VALUES"
        " (:id, :order, 'order_created', :at, '{}', 'dev', :n)"),
        {"id": f"ev-{n}", "order": f"o{n}", "at": ordered, "n": n})


def test_marketplace_and_delivery_days_fill_every_order_and_keep_every_row(tmp_path):
    """0006: an orders.marketplace column (Fiverr for every order so far) and, in each
    state, the marketplace and the days from order to due date, rounded up, at least 1."""
    spans = [  # (ordered_at, due_at, the delivery days 0006 derives)
        ("2026-11-01T09:30:00.000000Z", "2026-11-04T09:30:00.000000Z", 3),
        ("2026-11-01T09:30:00.000000Z", "2026-11-04T09:30:00.000001Z", 4),
        ("2026-11-01T09:30:00.000000Z", "2026-11-01T09:30:00.000000Z", 1),
        ("2026-12-01T23:20:00.000000Z", "2026-12-03T23:20:00.000000Z", 2),
        ("2026-11-01T09:30:00.000000Z", "2027-11-01T09:30:00.000000Z", 365),
    ]
    db = Database(tmp_path, migrate=False)
    db.migrate("0005")
    with db.transaction() as conn:
        for n in range(1, 41):
            ordered, due, _days = spans[n % len(spans)]
            state = {"ref": f"FO{n}", "ordered_at": ordered, "due_at": due, "notes": "é"}
            if n == 40:  # a state that names them already keeps its own
                state.update(marketplace="legiit", delivery_days=9)
            _order_at_0005(conn, n, ordered, due, state)
    before = _rows(db.path)

    db.migrate()

    assert db.current_revision() == "0006"
    after = _rows(db.path)
    assert len(after["orders"]) == len(before["orders"]) == 40
    assert after["events"] == before["events"]
    with db.transaction() as conn:
        rows = conn.execute(text("SELECT ref, marketplace, state FROM orders ORDER BY id")).all()
        indexes = set(conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'index'"))
                      .scalars())
    assert "ix_orders_marketplace" in indexes
    for ref, marketplace, state in rows:
        n = int(ref[2:])
        data = json.loads(state)
        if n == 40:
            assert (marketplace, data["marketplace"], data["delivery_days"]) == ("legiit",
                                                                                 "legiit", 9)
            continue
        assert (marketplace, data["marketplace"]) == ("fiverr", "fiverr")
        assert data["delivery_days"] == spans[n % len(spans)][2]
        assert data["notes"] == "é"
    old = {r[0]: r for r in before["orders"]}
    for row in after["orders"]:  # every other column as it was
        assert row[:17] == old[row[0]][:17] and row[18:20] == old[row[0]][18:20]


def test_a_migrated_order_reads_back_with_its_days(tmp_path):
    db = Database(tmp_path, migrate=False)
    db.migrate("0005")
    state = {**order_fields(), "id": "o1"}
    with db.transaction() as conn:
        _order_at_0005(conn, 1, "2026-11-01T09:30:00.000000Z", "2026-11-04T09:30:00.000000Z",
                       state)
    db.migrate()
    with db.transaction() as conn:
        order = repo.load_order(conn, order_id="o1")
    assert (order.marketplace, order.delivery_days) == ("fiverr", 3)


def _old_order(conn, order_id: str, ref: str, steps: list[tuple[str, str, dict]]) -> None:
    """An order as GigDesk stored it before 0006: its events, and the row the clock that
    counted from the order gave them (the rules of a marketplace whose clock does so)."""
    from datetime import datetime

    from desktop_app.domain import lifecycle
    from desktop_app.domain.events import Event
    from desktop_app.domain.profile import PROFILES

    events = [Event(order_id, kind, datetime.fromisoformat(at), data, f"{order_id}-{n}",
                    "dev", n + 1) for n, (kind, at, data) in enumerate(steps)]
    order = lifecycle.replay(events, PROFILES["peopleperhour"])
    row = repo.projection_row(order)
    state = json.loads(row.pop("state"))
    del state["marketplace"], state["delivery_days"], row["marketplace"]
    row["state"] = json.dumps(state, sort_keys=True, separators=(",", ":"))
    conn.execute(text(f"INSERT INTO orders ({', '.join(row)}) VALUES "
                      f"({', '.join(':' + k for k in row)})"), row)
    for event in events:
        conn.execute(text("INSERT INTO events (id, order_id, kind, at, data, device_id,"
                          " device_seq) VALUES (:id, :order_id, :kind, :at, :data, :device_id,"
                          " :device_seq)"), repo.event_row(event))


def test_orders_with_requirements_are_re_timed_as_their_events_now_say(tmp_path):
    """The clock starts at the requirements: 0006 moves the due date of orders whose
    requirements came (not one set by hand after them), and `gigdesk check` finds the
    rows as their events give them."""
    from desktop_app.services.check import check_database

    db = Database(tmp_path, migrate=False)
    db.migrate("0005")
    placed = order_fields("FOCLOCK001", ordered_at="2026-12-01T23:20:00Z",
                          due_at="2026-12-03T23:20:00Z")
    with db.transaction() as conn:
        _old_order(conn, "o1", "FOCLOCK001", [
            ("order_created", "2026-12-01T23:20:00+00:00", {"order": placed}),
            ("requirements_received", "2026-12-02T06:18:00+00:00", {})])
        _old_order(conn, "o2", "FOCLOCK002", [
            ("order_created", "2026-12-01T23:20:00+00:00",
             {"order": {**placed, "ref": "FOCLOCK002"}}),
            ("requirements_received", "2026-12-02T06:18:00+00:00", {}),
            ("order_edited", "2026-12-02T07:00:00+00:00", {"due_at": "2026-12-06T12:00:00Z"})])
        _old_order(conn, "o3", "FOCLOCK003", [
            ("order_created", "2026-12-01T23:20:00+00:00",
             {"order": {**placed, "ref": "FOCLOCK003", "due_at": "2026-12-04T09:00:00Z"}})])
    before = _rows(db.path)

    db.migrate()

    assert len(_rows(db.path)["orders"]) == 3 and _rows(db.path)["events"] == before["events"]
    with db.transaction() as conn:
        got = {r.ref: (r.due_at, json.loads(r.state)["due_at"], json.loads(r.state)[
            "delivery_days"]) for r in conn.execute(text("SELECT ref, due_at, state FROM orders"))}
    assert got == {
        "FOCLOCK001": ("2026-12-04T06:18:00.000000Z", "2026-12-04T06:18:00Z", 2),  # re-timed
        "FOCLOCK002": ("2026-12-06T12:00:00.000000Z", "2026-12-06T12:00:00Z", 2),  # by hand
        "FOCLOCK003": ("2026-12-04T09:00:00.000000Z", "2026-12-04T09:00:00Z", 3),  # waiting
    }
    report = check_database(db)
    assert report.ok, report.problems
