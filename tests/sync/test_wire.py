"""The hand-read push body accepts what the documented PushRequest accepts; the answers
msgspec writes are what the response models describe; the outbox is sent in size-bounded
batches, and a transport without pre-encoded push still works."""

from __future__ import annotations

import copy
import json

import pytest
from pydantic import ValidationError

from desktop_app.domain.timeutil import parse_ts
from desktop_app.services import sync
from desktop_app.services import sync_local as local
from desktop_app.storage.schema import events
from desktop_app.sync.server import wire
from desktop_app.sync.server.errors import Invalid
from desktop_app.sync.server.models import (
    MAX_SEQ,
    PullResponse,
    PushRequest,
    PushResponse,
)
from tests.conftest import order_fields
from tests.sync.conftest import at
from tests.sync.test_faults import server_events

EVENT = {"id": "e1", "order_id": "o1", "kind": "order_created",
         "at": "2026-11-01T10:00:00+02:00", "data": {"order": {"ref": "FO1"}},
         "device_seq": 1, "base": 0}


def _body(**changes) -> dict:
    event = {**copy.deepcopy(EVENT), **changes}
    return {"device_id": "dev-1", "events": [{k: v for k, v in event.items()
                                              if v is not _DROP}]}


_DROP = object()

CASES = [
    _body(),
    _body(base=_DROP),
    _body(base=None),
    _body(device_seq=2.0),
    _body(device_seq=0),
    _body(device_seq=MAX_SEQ + 1),
    _body(base=-1),
    _body(id="bad id"),
    _body(id="x" * 65),
    _body(order_id="o1\n"),
    _body(kind="Order"),
    _body(at="2026-11-01T10:00:00"),
    _body(at="1899-12-31T23:00:00Z"),
    _body(at="tomorrow"),
    _body(at=20261101),
    _body(data=[1]),
    _body(data=_DROP),
    _body(extra=1),
    {"device_id": "dev-1", "events": []},
    {"device_id": "dev-1", "events": {}},
    {"device_id": "dev 1", "events": []},
    {"device_id": "dev-1"},
    {"device_id": "dev-1", "events": [], "more": 1},
    {"device_id": "dev-1", "events": [1]},
    [],
]


@pytest.mark.parametrize("body", CASES)
def test_hand_check_agrees_with_the_documented_model(body):
    try:
        expected = PushRequest.model_validate_json(json.dumps(body))
    except ValidationError:
        expected = None
    try:
        device_id, incoming = wire.parse_push(json.dumps(body).encode())
    except Invalid as exc:
        assert expected is None, f"refused a valid body: {exc.message}"
        assert exc.message.startswith("body")
        return
    assert expected is not None, "accepted an invalid body"
    assert device_id == expected.device_id
    assert [(e.id, e.device_seq, e.base, e.moment) for e in incoming] == [
        (e.id, e.device_seq, e.base, e.parsed_at()) for e in expected.events]


@pytest.mark.parametrize("body", [_body(device_seq=True), _body(device_seq="3"),
                                  _body(base=False)])
def test_no_lax_coercion_the_schema_does_not_promise(body):
    """pydantic's lax mode reads true or "3" as integers; the schema says integer."""
    with pytest.raises(Invalid, match="must be an integer"):
        wire.parse_push(json.dumps(body).encode())


def test_a_body_that_is_not_json_is_refused_clearly():
    for body in (b'{"device_id": ', b"\xff", b"[" * 100_000):
        with pytest.raises(Invalid, match="not valid JSON"):
            wire.parse_push(body)


def test_written_answers_match_the_response_models():
    pushed = json.loads(wire.push_answer(7, [("e1", 7, 12, None),
                                             ("e2", 8, 13, '{"type":"refused"}')]))
    assert PushResponse.model_validate(pushed).results[1].conflict == {"type": "refused"}


TRICKY = 'é "q" \\ back\\slash\nnew line\ttab 東京 \u2028 </script>'


def test_pulled_events_embed_the_stored_data_as_json(server, make_device):
    """The server embeds each pulled event's stored data as it is: quotes, backslashes,
    control characters and non-ASCII text in the data, and conflicts, must come out as
    JSON."""
    token = server.add_account("texts")
    device = make_device("dev", server.url, token)
    device.book.create_order(order_fields("FO1", notes=TRICKY), at=at(1))
    device.book.edit_notes("FO1", TRICKY + " again")
    device.sync()

    raw = server_events(server.url, token)
    page = PullResponse.model_validate({"events": raw, "cursor": 2, "more": False,
                                        "acknowledged_seq": 0})
    assert [e.kind for e in page.events] == ["order_created", "note_edited"]
    assert page.events[0].data["order"]["notes"] == TRICKY
    assert page.events[1].data == {"notes": TRICKY + " again"}
    assert all(e.conflict is None and e.device_id == device.db.device_id() for e in page.events)


def test_the_outbox_goes_in_batches_bounded_by_size(make_device, sqlite_server):
    token = sqlite_server.add_account("batches")
    device = make_device("dev", sqlite_server.url, token)
    for i in range(30):
        device.book.create_order(order_fields(f"FO{i:03d}", notes="n" * 500), at=at(1))
    with device.db.transaction() as conn:
        stored = {r.id: r for r in conn.execute(events.select())}
        batch = local.outgoing(conn, 0, 5, 100, 4_000)
        everything = local.outgoing(conn, 0, 5, 100, 10**9)
    assert 1 < len(batch) < len(everything) == 30
    assert sum(len(e.json) + 1 for e in batch) <= 4_000
    for item in everything:
        sent, row = json.loads(item.json), stored[item.id]
        assert sent["data"] == json.loads(row.data)
        assert parse_ts(sent["at"]) == parse_ts(row.at)
        assert (sent["order_id"], sent["device_seq"], sent["base"]) == (
            row.order_id, row.position, 5)  # the wire's seq is the local position
    result = sync.sync_round(device.db, device.client, push_batch=7)
    assert result.pushed == 30
    assert len(server_events(sqlite_server.url, token)) == 30


class PlainTransport:
    """A transport with only push and pull (no pre-encoded push)."""

    def __init__(self, client):
        self.client = client

    def register(self, device_id):
        return self.client.register(device_id)

    def use_device_key(self, key):
        self.client.use_device_key(key)

    def push(self, device_id, events):
        assert all(isinstance(e, dict) for e in events)
        return self.client.push(device_id, events)

    def pull(self, device_id, cursor, limit):
        return self.client.pull(device_id, cursor, limit)


def test_a_transport_without_encoded_push_still_syncs(make_device, sqlite_server):
    token = sqlite_server.add_account("plain")
    desk = make_device("desk", sqlite_server.url, token)
    laptop = make_device("laptop", sqlite_server.url, token)
    desk.book.create_order(order_fields("FO1"), at=at(1))
    desk.book.edit_notes("FO1", "from the desk")
    assert sync.sync_round(desk.db, PlainTransport(desk.client)).pushed == 2
    assert sync.sync_round(laptop.db, PlainTransport(laptop.client)).pulled == 2
    assert laptop.book.get("FO1").notes == "from the desk"



def test_a_batch_widens_the_page_cache_and_gives_it_back(tmp_path):
    from desktop_app.storage.db import Database
    from desktop_app.storage.tuning import WIDE_CACHE_KIB, wide_cache

    db = Database(tmp_path / "dev")
    with db.transaction() as conn:
        usual = conn.exec_driver_sql("PRAGMA cache_size").scalar()
        with wide_cache(conn):
            assert conn.exec_driver_sql("PRAGMA cache_size").scalar() == -WIDE_CACHE_KIB
        assert conn.exec_driver_sql("PRAGMA cache_size").scalar() == usual
    db.dispose()


def test_bulk_sync_checkpoints_rarely_then_once_and_gives_the_setting_back(tmp_path):
    from desktop_app.storage.db import Database
    from desktop_app.storage.tuning import BULK_WAL_BYTES, bulk_wal

    db = Database(tmp_path / "dev")
    with db.engine.connect() as conn:
        usual = conn.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar()
        page = conn.exec_driver_sql("PRAGMA page_size").scalar()
        with bulk_wal(conn):
            pages = conn.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar()
            assert pages == BULK_WAL_BYTES // page > usual
        assert conn.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar() == usual
    db.dispose()


def test_the_server_collects_rarely_while_it_serves_then_as_before(tmp_path):
    import asyncio
    import gc

    from desktop_app.sync.server.app import RarerCollections, create_app
    from desktop_app.sync.server.db import make_engine, migrate

    engine = make_engine(f"sqlite:///{tmp_path / 'server.sqlite'}")
    migrate(engine)
    app = create_app(engine, tmp_path / "files")
    before, seen = gc.get_threshold(), []

    async def serve() -> None:  # what uvicorn runs when it starts, then stops
        async with app.router.lifespan_context(app):
            seen.append(gc.get_threshold())

    asyncio.run(serve())
    assert seen == [(RarerCollections.YOUNG, *before[1:])]
    assert gc.get_threshold() == before and gc.isenabled()
    engine.dispose()
