"""The server's API: auth, isolation between accounts, errors, files, schema upgrades."""

from __future__ import annotations

import hashlib
import uuid

import httpx
import pytest

from desktop_app.sync.client import SyncClient
from tests.conftest import order_fields
from tests.sync.conftest import at, device_key
from tests.sync.server_proc import server_cli


def _h(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def _event(order_id: str, seq: int, kind: str = "order_created", data=None) -> dict:
    return {"id": str(uuid.uuid4()), "order_id": order_id, "kind": kind,
            "at": "2026-11-01T10:00:00Z", "device_seq": seq, "base": 0,
            "data": data if data is not None else {"order": order_fields(f"FO{seq}")}}


@pytest.fixture
def accounts(server):
    """Account A with a device, an order and a file; account B with nothing."""
    a, b = server.add_account("a"), server.add_account("b")
    device, order = str(uuid.uuid4()), str(uuid.uuid4())
    content = b"delivery bytes" * 1000
    sha = hashlib.sha256(content).hexdigest()
    with httpx.Client(base_url=server.url, headers=_h(a)) as http:
        key = device_key(http, device)
        assert http.post("/v1/push", headers=key, json={
            "device_id": device, "events": [_event(order, 1)]}).status_code == 200
        assert http.put(f"/v1/files/{sha}", params={"size": len(content)},
                        content=content).json()["complete"]
    return {"a": a, "b": b, "device": device, "key": key, "order": order, "sha": sha,
            "content": content}


def test_health_needs_no_token_and_everything_else_does(server):
    assert httpx.get(f"{server.url}/v1/health").json()["status"] == "ok"
    answer = httpx.post(f"{server.url}/v1/pull", json={"device_id": "d"})
    assert answer.status_code == 401
    assert answer.json()["error"]["code"] == "unauthorized"
    assert httpx.get(f"{server.url}/openapi.json").json()["info"]["title"]


def test_isolation_matrix(server, accounts):
    a, b = accounts["a"], accounts["b"]
    dev, order, sha = accounts["device"], accounts["order"], accounts["sha"]
    requests = [
        ("POST", "/v1/push", {"json": {"device_id": dev, "events": [_event(order, 2)]}}),
        # A's device key does not make B's token act as A's device
        ("POST", "/v1/push", {"json": {"device_id": dev, "events": [_event(order, 2)]},
                              "extra": accounts["key"]}),
        ("POST", "/v1/push", {"json": {"device_id": str(uuid.uuid4()),
                                       "events": [_event(order, 1, "note_edited",
                                                         {"notes": "x"})]}}),
        ("GET", f"/v1/devices/{dev}", {}),
        ("GET", f"/v1/orders/{order}", {}),
        ("GET", f"/v1/orders/{order}?history=true", {}),
        ("GET", f"/v1/files/{sha}/status", {}),
        ("GET", f"/v1/files/{sha}", {}),
    ]
    with httpx.Client(base_url=server.url) as http:
        for method, path, kwargs in requests:
            headers = {**_h(b), **kwargs.pop("extra", {})}
            answer = http.request(method, path, headers=headers, **kwargs)
            assert answer.status_code in (403, 404), (path, answer.text)
            assert set(answer.json()) == {"error"}
            assert accounts["order"] not in answer.text or path.startswith("/v1/orders")
            assert "FO1" not in answer.text
        # B's own device sees none of A's events; pulling as A's device is refused in
        # the words an unknown device gets (nothing tells the id exists); A's data is
        # untouched.
        own = str(uuid.uuid4())
        mine = http.post("/v1/pull", headers={**_h(b), **device_key(
            httpx.Client(base_url=server.url, headers=_h(b)), own)}, json={"device_id": own})
        assert mine.json()["events"] == []
        unknown = str(uuid.uuid4())
        for device in (dev, unknown):
            answer = http.post("/v1/pull", headers={**_h(b), **accounts["key"]},
                               json={"device_id": device})
            assert answer.status_code == 403
            assert answer.json()["error"]["code"] == "device_key"
        assert http.post("/v1/pull", headers={**_h(b), **accounts["key"]},
                         json={"device_id": dev}).text.replace(dev, "X") == http.post(
            "/v1/pull", headers=_h(b), json={"device_id": unknown}).text.replace(unknown, "X")
        theirs = http.get(f"/v1/orders/{order}?history=true", headers=_h(a)).json()
        assert theirs["events"] == 1 and theirs["ref"] == "FO1"
        # B uploading the same content must upload all of it: it learns nothing.
        status = http.put(f"/v1/files/{sha}", params={"size": len(accounts['content'])},
                          headers=_h(b), content=accounts["content"][:10]).json()
        assert (status["received"], status["complete"]) == (10, False)


def test_refs_are_unique_per_account_only(server, accounts):
    with httpx.Client(base_url=server.url, headers=_h(accounts["b"])) as http:
        order, device = str(uuid.uuid4()), str(uuid.uuid4())
        answer = http.post("/v1/push", headers=device_key(http, device), json={
            "device_id": device, "events": [_event(order, 1)]}).json()
        assert answer["results"][0]["conflict"] is None
        assert http.get(f"/v1/orders/{order}").json()["ref"] == "FO1"


def test_errors_have_one_documented_shape(server, accounts):
    with httpx.Client(base_url=server.url,
                      headers={**_h(accounts["a"]), **accounts["key"]}) as http:
        bad = http.post("/v1/push", json={"device_id": "d", "events": [
            {**_event("o", 1), "at": "2026-11-01T10:00:00"}]})
        assert bad.status_code == 422 and "zone" in bad.json()["error"]["message"]
        huge = http.post("/v1/push", content=b"x" * (33 * 1024 * 1024),
                         headers={"Content-Type": "application/json"})
        assert huge.status_code == 413 and huge.json()["error"]["code"] == "too_large"
        order = http.post("/v1/push", json={"device_id": accounts["device"], "events": [
            _event(str(uuid.uuid4()), 2), _event(str(uuid.uuid4()), 2)]})
        assert order.status_code == 422


def test_an_event_that_does_not_apply_is_stored_and_flagged(server, accounts):
    with httpx.Client(base_url=server.url,
                      headers={**_h(accounts["a"]), **accounts["key"]}) as http:
        answer = http.post("/v1/push", json={"device_id": accounts["device"], "events": [
            _event(accounts["order"], 2, "completed", {}),
            _event(accounts["order"], 3, "delivered", {"files": "garbage"})]}).json()
        assert answer["acknowledged_seq"] == 3
        assert [r["conflict"]["type"] for r in answer["results"]] == ["refused", "refused"]
        info = http.get(f"/v1/orders/{accounts['order']}").json()
        assert (info["events"], info["conflicts"], info["state"]["status"]) == (
            3, 2, "awaiting_requirements")


def test_file_upload_resumes_and_deduplicates(server, tmp_path):
    token = server.add_account("files")
    content = bytes(range(256)) * 40_000  # ~10 MB
    sha = hashlib.sha256(content).hexdigest()
    path = tmp_path / "work.bin"
    path.write_bytes(content)
    with SyncClient(server.url, token) as client:
        first = client.call("PUT", f"/v1/files/{sha}", None, ("received",),
                            content=content[:3_000_000], params={"size": len(content)})
        assert (first["received"], first["complete"]) == (3_000_000, False)
        wrong = httpx.put(f"{server.url}/v1/files/{sha}", headers=_h(token),
                          params={"size": len(content), "offset": 0}, content=b"zz")
        assert wrong.status_code == 409
        done = client.upload_file(path, sha, chunk=4_000_000)  # goes on from 3,000,000
        assert done == {"sha256": sha, "size": len(content), "received": len(content),
                        "complete": True}
        assert client.upload_file(path, sha)["complete"]
        target = client.download_file(sha, tmp_path / "back.bin")
        assert target.read_bytes() == content
        bad = hashlib.sha256(b"other").hexdigest()
        refused = httpx.put(f"{server.url}/v1/files/{bad}", headers=_h(token),
                            params={"size": 4}, content=b"four")
        assert refused.status_code == 409
        assert refused.json()["error"]["code"] == "hash_mismatch"
    stored = [p for p in server.files.rglob("*") if p.is_file() and p.parent.name != "partial"]
    assert len(stored) == 1


def test_add_account_prints_the_token_last_and_upgrades_an_empty_database(tmp_path):
    url = f"sqlite:///{tmp_path / 'fresh.sqlite'}"
    done = server_cli("add-account", "agency", "--database", url)
    assert done.returncode == 0
    token = done.stdout.strip().splitlines()[-1]
    assert len(token) >= 40 and " " not in token
    again = server_cli("add-account", "agency", "--database", url)
    assert again.returncode == 2 and "exists already" in again.stderr
    import sqlite3

    hashes = sqlite3.connect(tmp_path / "fresh.sqlite").execute(
        "SELECT token_hash FROM accounts").fetchall()
    assert hashes == [(hashlib.sha256(token.encode()).hexdigest(),)]


def test_sync_via_the_client_reports_acknowledged_seq(server, make_device):
    """The device's seq on the wire is the event's local position."""
    token = server.add_account("alice")
    device = make_device("desk", server.url, token)
    device.book.create_order(order_fields("FO1"), at=at(1))
    device.book.edit_notes("FO1", "two")
    device.sync()
    info = httpx.get(f"{server.url}/v1/devices/{device.db.device_id()}",
                     headers=_h(token)).json()
    assert info["acknowledged_seq"] == 2


def test_push_answers_the_positions_pull_reports(server):
    """Two devices' pushes interleave; each answer's positions are the stored ones
    (SQLite derives them from the last rowid, PostgreSQL asks)."""
    token = server.add_account("positions")
    desk, laptop, reader = (str(uuid.uuid4()) for _ in range(3))
    answered = {}
    with httpx.Client(base_url=server.url, headers=_h(token)) as http:
        keys = {d: device_key(http, d) for d in (desk, laptop, reader)}
        for round_ in range(3):
            for device, base in ((desk, 0), (laptop, 100)):
                seqs = range(round_ * 4 + 1, round_ * 4 + 5)
                pushed = [_event(str(uuid.uuid4()), seq, data={"order": order_fields(
                    f"FO{base + seq}")}) for seq in seqs]
                answer = http.post("/v1/push", headers=keys[device],
                                   json={"device_id": device, "events": pushed})
                answered.update({r["id"]: r["position"] for r in answer.json()["results"]})
        page = http.post("/v1/pull", headers=keys[reader], json={"device_id": reader}).json()
    pulled = {e["id"]: e["position"] for e in page["events"]}
    assert len(answered) == 24
    assert answered == pulled


def test_a_push_sent_again_gets_the_same_verdicts_and_stores_nothing_twice(server):
    """A device whose answer was lost sends the batch again (with one new event): the
    events seen before get their stored verdicts back, the new one is applied."""
    token = server.add_account("resent")
    device, reader = str(uuid.uuid4()), str(uuid.uuid4())
    first = [_event(str(uuid.uuid4()), seq) for seq in range(1, 4)]
    with httpx.Client(base_url=server.url, headers=_h(token)) as http:
        mine, theirs = device_key(http, device), device_key(http, reader)
        answer = http.post("/v1/push", headers=mine,
                           json={"device_id": device, "events": first}).json()
        again = first + [_event(str(uuid.uuid4()), 4)]
        repeat = http.post("/v1/push", headers=mine,
                           json={"device_id": device, "events": again}).json()
        pulled = http.post("/v1/pull", headers=theirs,
                           json={"device_id": reader}).json()["events"]
    assert repeat["acknowledged_seq"] == 4
    assert repeat["results"][:3] == answer["results"]
    assert [r["id"] for r in repeat["results"]] == [e["id"] for e in again]
    assert sorted(e["id"] for e in pulled) == sorted(e["id"] for e in again)
