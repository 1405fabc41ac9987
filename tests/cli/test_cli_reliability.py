"""One bad value never brings every command down; reads write nothing; refusals neither."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from datetime import UTC, datetime, timedelta

import pytest

from desktop_app.cli import main
from desktop_app.domain.timeutil import format_ts
from desktop_app.services.orders import OrderBook
from desktop_app.storage.db import DB_NAME, Database
from tests.conftest import order_fields
from tests.services.test_interchange import write_json

PLACED = datetime.now(UTC).replace(microsecond=0) - timedelta(days=5)


@pytest.fixture
def data_dir(tmp_path):
    return tmp_path / "data"


def run(data_dir, *args):
    return main(["--data-dir", str(data_dir), *args])


def refs(*names, **fields):
    return [order_fields(name, ordered_at=format_ts(PLACED),
                         due_at=format_ts(PLACED + timedelta(days=3)), **fields)
            for name in names]


def book_with(data_dir, tmp_path, *names):
    path = write_json(tmp_path / "in.json", refs(*names))
    assert run(data_dir, "import", str(path)) == 0
    for name in names:
        assert run(data_dir, "requirements", name, "--at",
                   format_ts(PLACED + timedelta(hours=1))) == 0


def expired_extension(data_dir, ref):
    """An extension asked 49 h ago by a window closed since: its 48 h passed in silence
    and no command has run to record that."""
    asked = datetime.now(UTC) - timedelta(hours=49)
    db = Database(data_dir)
    OrderBook(db, clock=lambda: asked).open_request(
        ref, {"kind": "extension", "days": 2, "reason": "fonts"}, at=asked)
    db.dispose()


class Snapshot:
    """The database file, its WAL, SQLite's data_version and the event count."""

    def __init__(self, data_dir):
        self.path = data_dir / DB_NAME
        self.conn = sqlite3.connect(self.path)  # held: data_version counts others' commits

    def take(self):
        version = self.conn.execute("PRAGMA data_version").fetchone()[0]
        events = self.conn.execute("SELECT count(*) FROM events").fetchone()[0]
        files = {}
        for suffix in ("", "-wal"):
            part = self.path.with_name(self.path.name + suffix)
            if part.exists():
                files[suffix] = hashlib.sha256(part.read_bytes()).hexdigest()
        return version, events, files

    def close(self):
        self.conn.close()


@pytest.fixture
def snapshot(data_dir):
    made = []

    def take():
        if not made:
            made.append(Snapshot(data_dir))
        return made[0].take()
    yield take
    for s in made:
        s.close()


def test_a_3_000_000_day_extension_is_refused_at_the_edge(data_dir, tmp_path, capsys,
                                                          snapshot):
    book_with(data_dir, tmp_path, "FOGOOD0001")
    before = snapshot()
    capsys.readouterr()
    assert run(data_dir, "request", "FOGOOD0001", "extend", "--days", "3000000",
               "--reason", "x") == 2
    err = capsys.readouterr().err
    assert err == "gigdesk: --days: must be from 1 to 365, not 3,000,000\n"
    assert snapshot() == before
    assert run(data_dir, "stats") == 0 and run(data_dir, "show", "FOGOOD0001") == 0


def test_the_due_date_can_never_pass_the_last_storable_one(data_dir, tmp_path, capsys):
    path = write_json(tmp_path / "far.json", [order_fields(
        "FOFAR00001", ordered_at="2999-12-01T00:00:00Z", due_at="2999-12-30T00:00:00Z",
        status="in_progress", requirements_at="2999-12-01T00:00:00Z")])
    assert run(data_dir, "import", str(path)) == 0
    capsys.readouterr()
    assert run(data_dir, "request", "FOFAR00001", "extend", "--days", "300", "--reason", "x",
               "--at", "2999-12-02T00:00:00Z") == 2
    assert "due date past 2999-12-31" in capsys.readouterr().err
    assert run(data_dir, "request", "FOFAR00001", "extend", "--days", "3", "--reason", "x",
               "--at", "9999-12-31T00:00:00Z") == 2
    assert "--at: 9999-12-31 is outside the years 1900-2999" in capsys.readouterr().err


def plant_bad_order(data_dir, ref="FOBAD00001"):
    """What the edge now refuses, written behind its back: an extension whose accepting
    would move the due date past datetime.max, its 48 h long gone."""
    conn = sqlite3.connect(data_dir / DB_NAME)
    with conn:
        state = json.loads(conn.execute("SELECT state FROM orders LIMIT 1").fetchone()[0])
        state.update(ref=ref, id="bad-order-id", status="in_progress",
                     due_at="9999-12-30T00:00:00Z", notes="",
                     requests=[{"id": "req-1", "kind": "extension", "status": "open",
                                "sent_at": "2026-01-01T00:00:00Z",
                                "expires_at": "2026-01-03T00:00:00Z", "days": 300,
                                "reason": "x", "message": "", "items": [],
                                "answered_at": None, "by_timeout": False, "by": None,
                                "amount_minor": None}])
        row = conn.execute("SELECT * FROM orders LIMIT 1")
        columns = [d[0] for d in row.description]
        values = dict(zip(columns, row.fetchone(), strict=True))
        values.update(id="bad-order-id", ref=ref, status="in_progress",
                      due_at="9999-12-30T00:00:00.000000Z", open_request="extension",
                      request_expires_at="2026-01-03T00:00:00.000000Z",
                      state=json.dumps(state))
        conn.execute(f"INSERT INTO orders ({', '.join(values)}) VALUES "
                     f"({', '.join('?' * len(values))})", list(values.values()))
    conn.close()


def test_a_bad_order_stops_no_command_on_the_others_and_is_named(data_dir, tmp_path, capsys):
    book_with(data_dir, tmp_path, "FOGOOD0001", "FOGOOD0002")
    plant_bad_order(data_dir)
    capsys.readouterr()

    assert run(data_dir, "stats") == 0
    assert "warning: order FOBAD00001: its expired request could not be settled" in \
        capsys.readouterr().err
    assert run(data_dir, "show", "FOGOOD0001") == 0
    assert "FOGOOD0001" in capsys.readouterr().out
    assert run(data_dir, "export", str(tmp_path / "backup.json")) == 0
    exported = json.loads((tmp_path / "backup.json").read_text())
    assert {o["ref"] for o in exported["orders"]} >= {"FOGOOD0001", "FOGOOD0002"}
    capsys.readouterr()

    assert run(data_dir, "deliver", "FOGOOD0001", "-m", "here", "--no-files-ok") == 0
    out = capsys.readouterr()
    assert "Delivered FOGOOD0001" in out.out and "order FOBAD00001" in out.err
    assert run(data_dir, "complete", "FOGOOD0001") == 0
    out = capsys.readouterr()
    assert "FOGOOD0001 is completed" in out.out and "order FOBAD00001" in out.err
    assert run(data_dir, "show", "FOBAD00001") == 0  # shown as stored, and named
    out = capsys.readouterr()
    assert "FOBAD00001" in out.out and "warning: order FOBAD00001" in out.err
    # The bad order itself: one sentence naming it, exit 2, nothing written.
    assert run(data_dir, "deliver", "FOBAD00001", "-m", "here", "--no-files-ok") == 2
    err = capsys.readouterr().err
    assert err.startswith("gigdesk: Order FOBAD00001 cannot change") and err.count("\n") == 1


@pytest.mark.parametrize("command", [
    ("stats",), ("stats", "--json"), ("show", "FOGOOD0001"), ("show", "FOGOOD0001", "--json"),
    ("export", "{tmp}/out.json"), ("check",)])
def test_read_only_commands_write_nothing_even_past_a_48_h_deadline(
        data_dir, tmp_path, capsys, snapshot, command):
    book_with(data_dir, tmp_path, "FOGOOD0001")
    expired_extension(data_dir, "FOGOOD0001")
    before = snapshot()
    assert run(data_dir, *[part.format(tmp=tmp_path) for part in command]) == 0
    assert snapshot() == before


def test_show_tells_the_expired_request_as_silence_answered_it(data_dir, tmp_path, capsys):
    book_with(data_dir, tmp_path, "FOGOOD0001")
    expired_extension(data_dir, "FOGOOD0001")
    capsys.readouterr()
    assert run(data_dir, "answer", "FOGOOD0001", "declined") == 2
    assert "no open request to answer: silence answered it on" in capsys.readouterr().err
    assert run(data_dir, "show", "FOGOOD0001") == 0
    out = capsys.readouterr().out
    due = PLACED + timedelta(hours=1, days=5)  # 3 days from the requirements, then 2 more
    assert f"due       {due:%Y-%m-%d %H:%M} UTC" in out
    assert "Request accepted (no answer within the deadline)" in out
    assert "it is recorded with the next change" in out


@pytest.mark.parametrize("command", [
    ("complete", "FOGOOD0001"), ("answer", "FOGOOD0001", "declined"),
    ("request", "FOGOOD0001", "refund", "--amount", "1000", "--reason", "x"),
    ("deliver", "FOGOOD0001", "-m", "x", "{tmp}/missing.zip")])
def test_a_refused_command_writes_nothing_not_even_the_timeout_answer(
        data_dir, tmp_path, capsys, snapshot, command):
    book_with(data_dir, tmp_path, "FOGOOD0001", "FOGOOD0002")
    expired_extension(data_dir, "FOGOOD0001")
    expired_extension(data_dir, "FOGOOD0002")
    before = snapshot()
    capsys.readouterr()
    assert run(data_dir, *[part.format(tmp=tmp_path) for part in command]) == 2
    assert capsys.readouterr().err.count("\n") == 1
    assert snapshot() == before
