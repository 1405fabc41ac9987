"""Who pushed what: restored and copied databases, imported history, device keys and
account-scoped order ids. Nothing a device wrote may fail to reach the others."""

from __future__ import annotations

import json
import shutil
import uuid

import httpx
import pytest
from sqlalchemy import select

from desktop_app.services import sync
from desktop_app.services.interchange import export_file, import_file
from desktop_app.storage.db import DB_NAME
from desktop_app.storage.schema import events, orders
from tests.conftest import order_fields
from tests.sync.conftest import at, device_key
from tests.sync.test_faults import server_events


def _h(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def _ids(device) -> set[str]:
    with device.db.transaction() as conn:
        return set(conn.execute(select(events.c.id)).scalars())


def _restore(make_device, device, backup, name: str, url: str, token: str):
    """Put `backup` back in place of the device's database, as a seller would."""
    path = device.db.data_dir
    device.close()
    for extra in ("-wal", "-shm"):
        (path / (DB_NAME + extra)).unlink(missing_ok=True)
    shutil.copyfile(backup, path / DB_NAME)
    return make_device(name, url, token)


def _refs(device) -> set[str]:
    with device.db.transaction() as conn:
        return set(conn.execute(select(orders.c.ref)).scalars())


def _everywhere(server, token, *devices) -> set[str]:
    on_server = {e["id"] for e in server_events(server.url, token)}
    for device in devices:
        assert _ids(device) == on_server
        assert sync.status(device.db)["pending"] == 0
    return on_server


def test_a_device_restored_from_an_older_backup_loses_nothing(server, make_device):
    token = server.add_account("alice")
    desk = make_device("desk", server.url, token)
    laptop = make_device("laptop", server.url, token)
    desk.book.create_order(order_fields("FO1"), at=at(1))
    desk.sync()
    backup = desk.db.backup("test")
    desk.book.edit_notes("FO1", "written after the backup")
    desk.book.create_order(order_fields("FO2"), at=at(2))
    desk.sync()
    before = desk.db.device_id()

    desk = _restore(make_device, desk, backup, "desk", server.url, token)
    desk.book.create_order(order_fields("FO3"), at=at(3))
    desk.book.record_requirements("FO1", at=at(3))
    desk.sync()
    laptop.sync()
    desk.sync()

    assert desk.db.device_id() != before  # its sequence went back: a new device id
    everything = _everywhere(server, token, desk, laptop)
    assert len(everything) == 5
    for device in (desk, laptop):
        assert _refs(device) == {"FO1", "FO2", "FO3"}
        assert device.book.get("FO1").notes == "written after the backup"
        assert device.book.get("FO1").status.value == "in_progress"


def test_a_restored_device_that_wrote_nothing_gets_its_own_events_back(server, make_device):
    token = server.add_account("alice")
    desk = make_device("desk", server.url, token)
    desk.book.create_order(order_fields("FO1"), at=at(1))
    desk.sync()
    backup = desk.db.backup("test")
    desk.book.create_order(order_fields("FO2"), at=at(2))
    desk.sync()

    desk = _restore(make_device, desk, backup, "desk", server.url, token)
    assert desk.sync().pulled == 1
    assert _refs(desk) == {"FO1", "FO2"}
    _everywhere(server, token, desk)


def test_a_database_copied_to_a_second_machine_becomes_its_own_device(server, make_device,
                                                                       tmp_path):
    token = server.add_account("alice")
    desk = make_device("desk", server.url, token)
    desk.book.create_order(order_fields("FO1"), at=at(1))
    desk.sync()
    (tmp_path / "copy").mkdir()
    shutil.copyfile(desk.db.backup("copy"), tmp_path / "copy" / DB_NAME)
    copy = make_device("copy", server.url, token)
    desk.book.create_order(order_fields("FO2"), at=at(2))
    copy.book.create_order(order_fields("FO3"), at=at(2))
    for _ in range(2):
        desk.sync()
        copy.sync()
    assert desk.db.device_id() != copy.db.device_id()
    assert len(_everywhere(server, token, desk, copy)) == 3


def test_imported_history_is_pushed_whoever_wrote_it(server, make_device, tmp_path):
    """Moving to a new laptop by export and import: the history reaches the server."""
    token = server.add_account("alice")
    old = make_device("old", server.url, token)  # never synced
    for ref in ("FO1", "FO2"):
        old.book.create_order(order_fields(ref), at=at(1))
    old.book.edit_notes("FO1", "from the old laptop")
    export_file(old.book, tmp_path / "moving.json")
    new = make_device("new", server.url, token)
    import_file(new.book, tmp_path / "moving.json")
    assert sync.status(new.db)["pending"] == 3
    assert new.sync().pushed == 3
    phone = make_device("phone", server.url, token)
    phone.sync()
    assert phone.book.get("FO1").notes == "from the old laptop"
    assert _everywhere(server, token, new, phone) == _ids(old)


def test_history_the_server_has_already_is_placed_not_duplicated(server, make_device,
                                                                  tmp_path):
    token = server.add_account("alice")
    old = make_device("old", server.url, token)
    old.book.create_order(order_fields("FO1"), at=at(1))
    old.book.edit_notes("FO1", "synced before the move")
    old.sync()
    export_file(old.book, tmp_path / "moving.json")
    new = make_device("new", server.url, token)
    import_file(new.book, tmp_path / "moving.json")
    new.sync()
    assert len(server_events(server.url, token)) == 2
    _everywhere(server, token, old, new)


def test_a_token_holder_cannot_push_as_a_sibling_device(server, make_device):
    token = server.add_account("alice")
    desk = make_device("desk", server.url, token)
    laptop = make_device("laptop", server.url, token)
    desk.book.create_order(order_fields("FO1"), at=at(1))
    desk.sync()
    sibling, order = desk.db.device_id(), desk.book.get("FO1").id
    forged = {"id": str(uuid.uuid4()), "order_id": order, "kind": "note_edited",
              "at": "2026-11-02T10:00:00Z", "device_seq": 50, "data": {"notes": "forged"}}
    with httpx.Client(base_url=server.url, headers=_h(token)) as http:
        for headers in ({}, {"X-Device-Key": "guessed"}):
            answer = http.post("/v1/push", headers=headers,
                               json={"device_id": sibling, "events": [forged]})
            assert answer.status_code == 403
            assert answer.json()["error"]["code"] == "device_key"
        taken = http.post("/v1/devices", json={"device_id": sibling})
        assert (taken.status_code, taken.json()["error"]["code"]) == (409, "device_taken")
    for notes in ("one", "two"):  # the sibling's real events all arrive
        desk.book.edit_notes("FO1", notes)
    desk.sync()
    laptop.sync()
    assert laptop.book.get("FO1").notes == "two"
    assert "forged" not in json.dumps(server_events(server.url, token))


def test_an_order_id_another_account_took_first_blocks_nothing(server, make_device,
                                                              tmp_path):
    alice = server.add_account("alice")
    mallory = server.add_account("mallory")
    desk = make_device("desk", server.url, alice)
    desk.book.create_order(order_fields("FO1"), at=at(1))
    export_file(desk.book, tmp_path / "shared.json")  # ids travel in exports
    order = json.loads((tmp_path / "shared.json").read_text())["orders"][0]["id"]
    squat = {"id": str(uuid.uuid4()), "order_id": order, "kind": "order_created",
             "at": "2026-11-01T09:00:00Z", "device_seq": 1,
             "data": {"order": order_fields("FO666")}}
    with httpx.Client(base_url=server.url, headers=_h(mallory)) as http:
        device = str(uuid.uuid4())
        assert http.post("/v1/push", headers=device_key(http, device), json={
            "device_id": device, "events": [squat]}).status_code == 200
    result = desk.sync()
    assert (result.pushed, result.conflicts) == (1, 0)
    laptop = make_device("laptop", server.url, alice)
    laptop.sync()
    assert laptop.book.get("FO1").id == order
    with httpx.Client(base_url=server.url) as http:
        assert http.get(f"/v1/orders/{order}", headers=_h(alice)).json()["ref"] == "FO1"
        assert http.get(f"/v1/orders/{order}", headers=_h(mallory)).json()["ref"] == "FO666"


def _event(order_id: str, seq: int, notes: str, event_id: str | None = None) -> dict:
    return {"id": event_id or str(uuid.uuid4()), "order_id": order_id, "kind": "note_edited",
            "at": "2026-11-02T10:00:00Z", "device_seq": seq, "data": {"notes": notes}}


@pytest.fixture
def pushed(server):
    """An account with one device that pushed an order and two edits (seqs 1-3)."""
    token = server.add_account("alice")
    device, order = str(uuid.uuid4()), str(uuid.uuid4())
    first = [{"id": str(uuid.uuid4()), "order_id": order, "kind": "order_created",
              "at": "2026-11-01T10:00:00Z", "device_seq": 1,
              "data": {"order": order_fields("FO1")}},
             _event(order, 2, "a"), _event(order, 3, "b")]
    http = httpx.Client(base_url=server.url, headers=_h(token))
    http.headers.update(device_key(http, device))
    assert http.post("/v1/push", json={"device_id": device, "events": first}).status_code == 200
    yield http, device, order, first
    http.close()


def test_a_reused_seq_is_refused_and_changes_nothing(server, pushed):
    http, device, order, first = pushed
    before = server_events(server.url, http.headers["Authorization"].split()[1])
    answer = http.post("/v1/push", json={"device_id": device, "events": [
        _event(order, 3, "after a restore"), _event(order, 4, "and more")]})
    assert answer.status_code == 409
    assert answer.json()["error"]["code"] == "sequence_reused"
    assert "new id" in answer.json()["error"]["message"]
    assert server_events(server.url, http.headers["Authorization"].split()[1]) == before


def test_a_known_event_id_with_other_content_is_refused(server, pushed):
    http, device, order, first = pushed
    token = http.headers["Authorization"].split()[1]
    before = server_events(server.url, token)
    twisted = _event(order, 4, "not what was said", event_id=first[2]["id"])
    answer = http.post("/v1/push", json={"device_id": device, "events": [twisted]})
    assert (answer.status_code, answer.json()["error"]["code"]) == (409, "event_mismatch")
    # The same event again, even under a new seq, answers its stored verdict.
    again = http.post("/v1/push", json={"device_id": device,
                                        "events": [{**first[2], "device_seq": 4}]}).json()
    assert [r["position"] for r in again["results"]] == [before[2]["position"]]
    assert server_events(server.url, token) == before
