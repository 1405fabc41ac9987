"""Attacks on sync identity: impersonated devices, squatted order ids, reused seqs,
twisted event ids, and the restored or copied database that must lose nothing.

    attack(work) -> [(case, refused cleanly or lost nothing, detail), ...]

Against a real `gigdesk-server serve` on 127.0.0.1 and real data dirs under `work`.
"""

from __future__ import annotations

import pathlib
import shutil
import uuid

import httpx
from sqlalchemy import select

from desktop_app.services import sync
from desktop_app.services.interchange import export_file, import_file
from desktop_app.storage.db import DB_NAME
from desktop_app.storage.schema import events
from tests.conftest import order_fields
from tests.sync.conftest import Device
from tests.sync.server_proc import Server

Result = tuple[str, bool, str]


def attack(work: pathlib.Path) -> list[Result]:
    srv = Server(f"sqlite:///{work / 'server.sqlite'}", work / "files").start()
    try:
        owner, other = srv.add_account("owner"), srv.add_account("other")
        results = _impostors(srv, owner, other) + _squatters(srv, owner, other, work)
        results += _rewinds(srv, owner) + _twisted(srv, owner)
        results += _whole_round_trips(srv, work)
    finally:
        srv.stop()
    return results


def _client(srv: Server, token: str) -> httpx.Client:
    return httpx.Client(base_url=srv.url, headers={"Authorization": f"Bearer {token}"},
                        timeout=10)


def _register(http: httpx.Client, device: str) -> str:
    answer = http.post("/v1/devices", json={"device_id": device})
    answer.raise_for_status()
    return answer.json()["device_key"]


def _note(order: str, seq: int, notes: str = "n", event_id: str | None = None) -> dict:
    return {"id": event_id or str(uuid.uuid4()), "order_id": order, "kind": "note_edited",
            "at": "2026-11-02T10:00:00Z", "device_seq": seq, "data": {"notes": notes}}


def _created(order: str, seq: int, ref: str) -> dict:
    return {"id": str(uuid.uuid4()), "order_id": order, "kind": "order_created",
            "at": "2026-11-01T10:00:00Z", "device_seq": seq,
            "data": {"order": order_fields(ref)}}


def _refused(answer: httpx.Response, status: int, code: str) -> tuple[bool, str]:
    try:
        error = answer.json()["error"]
    except (ValueError, KeyError, TypeError):
        return False, f"{answer.status_code}: {answer.text[:120]}"
    ok = answer.status_code == status and error["code"] == code and "\n" not in error["message"]
    return ok, f"{answer.status_code} {error['code']}: {error['message'][:90]}"


def _impostors(srv: Server, owner: str, other: str) -> list[Result]:
    """Push as a sibling device with every key but its own; its own still works."""
    results = []
    with _client(srv, owner) as http, _client(srv, other) as foreign:
        sibling, mine, theirs = (str(uuid.uuid4()) for _ in range(3))
        keys = {d: _register(http, d) for d in (sibling, mine)}
        keys[theirs] = _register(foreign, theirs)
        order = str(uuid.uuid4())
        http.post("/v1/push", headers={"X-Device-Key": keys[sibling]}, json={
            "device_id": sibling, "events": [_created(order, 1, "FO1")]}).raise_for_status()
        tries = {"no key": None, "empty key": "", "guessed key": "x" * 43,
                 "a sibling's key": keys[mine], "another account's key": keys[theirs],
                 "a long key": "k" * 199, "the key cut short": keys[sibling][:-1]}
        for name, key in tries.items():
            headers = {} if key is None else {"X-Device-Key": key}
            answer = http.post("/v1/push", headers=headers, json={
                "device_id": sibling, "events": [_note(order, 50, "forged")]})
            ok, detail = _refused(answer, 403, "device_key")
            results.append((f"impersonate_sibling_with_{name.replace(' ', '_')}", ok, detail))
        for name, client, device in (("own_account", http, sibling),
                                     ("other_account", foreign, sibling)):
            answer = client.post("/v1/devices", json={"device_id": device})
            results.append((f"register_taken_id_{name}",
                            *_refused(answer, 409, "device_taken")))
        real = http.post("/v1/push", headers={"X-Device-Key": keys[sibling]}, json={
            "device_id": sibling, "events": [_note(order, 2, "real")]})
        results.append(("sibling_still_pushes_its_own", real.status_code == 200
                        and real.json()["results"][0]["conflict"] is None, str(real.status_code)))
    return results


def _squatters(srv: Server, owner: str, other: str, work: pathlib.Path) -> list[Result]:
    """Another account creates orders under the owner's not yet synced ids first."""
    desk = Device(work / "squat-desk", srv.url, owner)
    try:
        for i in range(10):
            desk.book.create_order(order_fields(f"FO{i:03d}"), at=None)
        with desk.db.transaction() as conn:
            ids = list(conn.execute(select(events.c.order_id)).scalars())
        with _client(srv, other) as foreign:
            device = str(uuid.uuid4())
            key = _register(foreign, device)
            squat = foreign.post("/v1/push", headers={"X-Device-Key": key}, json={
                "device_id": device,
                "events": [_created(oid, n + 1, f"FO9{n:02d}") for n, oid in enumerate(ids)]})
        result = desk.sync()
        ok = squat.status_code == 200 and (result.pushed, result.conflicts) == (10, 0)
        return [("squatted_order_ids_block_nothing", ok,
                 f"squat {squat.status_code}; owner pushed {result.pushed}, "
                 f"{result.conflicts} conflicts")]
    finally:
        desk.close()


def _rewinds(srv: Server, owner: str) -> list[Result]:
    """Seqs a device already used, with new events: refused, nothing stored."""
    results = []
    with _client(srv, owner) as http:
        device, order = str(uuid.uuid4()), str(uuid.uuid4())
        http.headers["X-Device-Key"] = _register(http, device)
        http.post("/v1/push", json={"device_id": device, "events": [
            _created(order, 1, "FO500"), *(_note(order, s) for s in range(2, 9))]}
        ).raise_for_status()
        for seq in range(1, 9):
            answer = http.post("/v1/push", json={"device_id": device,
                                                 "events": [_note(order, seq, "again")]})
            results.append((f"reused_seq_{seq}", *_refused(answer, 409, "sequence_reused")))
    return results


def _twisted(srv: Server, owner: str) -> list[Result]:
    """A known event id sent again with other content: refused, the stored one kept."""
    results = []
    with _client(srv, owner) as http:
        device, order = str(uuid.uuid4()), str(uuid.uuid4())
        http.headers["X-Device-Key"] = _register(http, device)
        first, note = _created(order, 1, "FO600"), _note(order, 2, "kept")
        http.post("/v1/push", json={"device_id": device, "events": [first, note]}
                  ).raise_for_status()
        twists = {"data": {**note, "data": {"notes": "changed"}},
                  "kind": {**note, "kind": "requirements_received", "data": {}},
                  "at": {**note, "at": "2026-11-03T10:00:00Z"},
                  "order": {**note, "order_id": str(uuid.uuid4())}}
        for name, event in twists.items():
            answer = http.post("/v1/push", json={"device_id": device,
                                                 "events": [{**event, "device_seq": 9}]})
            results.append((f"known_id_other_{name}", *_refused(answer, 409, "event_mismatch")))
    return results


def _whole_round_trips(srv: Server, work: pathlib.Path) -> list[Result]:
    """Restored backup, copied database, imported history: every event everywhere."""
    results = []
    for name, scenario in (("restored_backup", _restored), ("copied_database", _copied),
                           ("imported_history", _imported)):
        token = srv.add_account(name)
        devices = scenario(srv, token, work / name)
        try:
            for _ in range(2):
                for device in devices:
                    device.sync()
            seen = [_ids(d) for d in devices]
            ok = all(s == seen[0] for s in seen) and all(
                sync.status(d.db)["pending"] == 0 for d in devices)
            results.append((f"{name}_loses_nothing", ok, f"events per device: "
                            f"{[len(s) for s in seen]}"))
        finally:
            for device in devices:
                device.close()
    return results


def _ids(device: Device) -> set[str]:
    with device.db.transaction() as conn:
        return set(conn.execute(select(events.c.id)).scalars())


def _restored(srv: Server, token: str, work: pathlib.Path) -> list[Device]:
    desk = Device(work / "desk", srv.url, token)
    desk.book.create_order(order_fields("FO1"))
    desk.sync()
    backup = desk.db.backup("attack")
    desk.book.edit_notes("FO1", "after the backup")
    desk.sync()
    desk.close()
    for extra in ("-wal", "-shm"):
        (work / "desk" / (DB_NAME + extra)).unlink(missing_ok=True)
    shutil.copyfile(backup, work / "desk" / DB_NAME)
    desk = Device(work / "desk", srv.url, token)
    desk.book.create_order(order_fields("FO2"))
    return [desk, Device(work / "laptop", srv.url, token)]


def _copied(srv: Server, token: str, work: pathlib.Path) -> list[Device]:
    desk = Device(work / "desk", srv.url, token)
    desk.book.create_order(order_fields("FO1"))
    desk.sync()
    (work / "copy").mkdir(parents=True)
    shutil.copyfile(desk.db.backup("attack"), work / "copy" / DB_NAME)
    copy = Device(work / "copy", srv.url, token)
    desk.book.create_order(order_fields("FO2"))
    copy.book.create_order(order_fields("FO3"))
    return [desk, copy]


def _imported(srv: Server, token: str, work: pathlib.Path) -> list[Device]:
    old = Device(work / "old", srv.url, token)
    old.book.create_order(order_fields("FO1"))
    old.book.edit_notes("FO1", "never synced from here")
    export_file(old.book, work / "moving.json")
    old.close()
    new = Device(work / "new", srv.url, token)
    import_file(new.book, work / "moving.json")
    return [new, Device(work / "phone", srv.url, token)]
