"""A pull page carries the server's state of orders whose whole history it holds; a device
without events of its own for such an order stores it instead of replaying, and ends up
exactly where the replay would have (gigdesk check replays and agrees)."""

from __future__ import annotations

import json
import uuid

import httpx
import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from sqlalchemy import select

from desktop_app.domain.codec import order_from_state
from desktop_app.services import sync
from desktop_app.services import sync_local as local
from desktop_app.services.check import check_database
from desktop_app.services.demo import generate
from desktop_app.services.interchange import export_file
from desktop_app.storage import repo
from desktop_app.storage.db import Database
from desktop_app.storage.schema import events, orders
from desktop_app.sync.server import db as server_db
from tests.conftest import order_fields
from tests.sync.conftest import device_key


def _h(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def _event(order_id: str, seq: int, kind: str, data: dict) -> dict:
    return {"id": str(uuid.uuid4()), "order_id": order_id, "kind": kind,
            "at": f"2026-11-0{seq}T10:00:00.000000Z", "device_seq": seq, "data": data}


def _rows(db: Database, table) -> dict:
    with db.transaction() as conn:
        return {r.id: tuple(r) for r in conn.execute(select(table))}


def test_projection_row_with_a_known_state_is_repos(tmp_path):
    db = Database(tmp_path / "d")
    generate(db, orders=300, seed=5)
    with db.transaction() as conn:
        states = [state for _id, state in repo.all_states(conn)]
    for state in states:
        order = order_from_state(json.loads(state))
        assert repo.projection_row_of_state(order.id, json.loads(state), state) == \
            repo.projection_row(order)
    db.dispose()


def test_the_server_sends_a_state_only_for_a_whole_history(server):
    token = server.add_account("a")
    device, order = str(uuid.uuid4()), str(uuid.uuid4())
    pushed = [_event(order, 1, "order_created", {"order": order_fields("FO1")}),
              _event(order, 2, "requirements_received", {})]
    with httpx.Client(base_url=server.url, headers=_h(token)) as http:
        other = str(uuid.uuid4())
        mine, theirs = device_key(http, device), device_key(http, other)
        assert http.post("/v1/push", headers=mine, json={"device_id": device,
                                                         "events": pushed}).status_code == 200
        cut = http.post("/v1/pull", headers=theirs, json={"device_id": other, "limit": 1}).json()
        whole = http.post("/v1/pull", headers=theirs, json={"device_id": other}).json()
        own = http.post("/v1/pull", headers=mine, json={"device_id": device}).json()
        kept = http.get(f"/v1/orders/{order}").json()["state"]
    assert cut["states"] == {} and len(cut["events"]) == 1
    assert list(whole["states"]) == [order]
    assert json.loads(whole["states"][order]) == kept
    assert kept["status"] == "in_progress"
    assert own["states"] == {} and own["events"] == []


def test_a_fresh_device_stores_the_states_and_check_agrees(server, make_device, tmp_path):
    token = server.add_account("alice")
    desk = make_device("desk", server.url, token)
    laptop = make_device("laptop", server.url, token)
    generate(desk.db, orders=400, seed=2)
    desk.sync()
    # Small pages: some histories are cut between two pages and go through the replay.
    sync.sync_round(laptop.db, laptop.client, server_url=laptop.url, pull_page=300)
    assert _rows(desk.db, orders) == _rows(laptop.db, orders)
    assert set(_rows(desk.db, events)) == set(_rows(laptop.db, events))
    report = check_database(laptop.db)
    assert report.problems == [] and report.orders == 400
    export_file(desk.book, tmp_path / "a.json")
    export_file(laptop.book, tmp_path / "b.json")
    assert (tmp_path / "a.json").read_text() == (tmp_path / "b.json").read_text()


class _Damaging:
    """A transport whose pull answers carry unreadable states (files move as usual)."""

    def __init__(self, client):
        self.client = client

    def __getattr__(self, name):
        return getattr(self.client, name)

    def push(self, device_id, events):
        return self.client.push(device_id, events)

    def pull(self, device_id, cursor, limit):
        page = self.client.pull(device_id, cursor, limit)
        page["states"] = {k: "{not json" for k in page.get("states", {})}
        return page


def test_unreadable_states_fall_back_to_the_replay(server, make_device):
    token = server.add_account("alice")
    desk = make_device("desk", server.url, token)
    laptop = make_device("laptop", server.url, token)
    generate(desk.db, orders=50, seed=4)
    desk.sync()
    sync.sync_round(laptop.db, _Damaging(laptop.client))
    assert _rows(desk.db, orders) == _rows(laptop.db, orders)
    assert check_database(laptop.db).problems == []


def test_an_order_with_local_events_is_replayed_not_taken(server, make_device):
    token = server.add_account("alice")
    desk = make_device("desk", server.url, token)
    generate(desk.db, orders=3, seed=1)
    desk.sync()  # the device's own events now have their server positions
    with desk.db.transaction() as conn:
        order_id, state = next(iter(repo.all_states(conn)))
        page = [{"position": 10**6, "id": str(uuid.uuid4()), "order_id": order_id,
                 "kind": "note_edited", "at": "2030-01-01T00:00:00.000000Z",
                 "data": {"notes": "from elsewhere"}, "device_id": "other",
                 "device_seq": 1, "conflict": None}]
        wrong = state.replace('"notes":""', '"notes":"not what the replay gives"')
        local.apply_pulled(conn, page, {order_id: wrong})
        stored = conn.execute(select(orders.c.notes).where(orders.c.id == order_id)).scalar()
    assert stored == "from elsewhere"


def test_upgrading_a_first_release_database_counts_every_orders_events(tmp_path):
    engine = server_db.make_engine(f"sqlite:///{tmp_path / 'old.sqlite'}")
    config = Config()
    config.set_main_option("script_location", str(server_db.MIGRATIONS))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "s0001")
    with engine.begin() as conn:
        conn.execute(sa.text("INSERT INTO accounts VALUES (1, 'a', 'h', 'now', 0)"))
        conn.execute(sa.text("INSERT INTO devices VALUES ('d', 1, 3, 'now')"))
        conn.execute(sa.text("INSERT INTO orders VALUES ('o1', 1, 'FO1', '{}'), "
                             "('o2', 1, NULL, NULL)"))
        for seq, order_id in ((1, "o1"), (2, "o1"), (3, "o2")):
            conn.execute(sa.text(
                "INSERT INTO events (account_id, id, order_id, kind, at, data, device_id, "
                f"device_seq) VALUES (1, 'e{seq}', '{order_id}', 'k', 'now', '{{}}', 'd', "
                f"{seq})"))
    server_db.migrate(engine)
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT id, ref, state, event_count FROM orders "
                                    "ORDER BY id")).all() == [
            ("o1", "FO1", "{}", 2), ("o2", None, None, 1)]
        assert conn.execute(sa.text("SELECT count(*) FROM events")).scalar() == 3
    engine.dispose()
