"""Faults on the wire and on the server: nothing lost, nothing doubled."""

from __future__ import annotations

import argparse
import uuid
from datetime import timedelta

import httpx
import pytest

from desktop_app.cli.common import CliError
from desktop_app.cli.sync import cmd_sync
from desktop_app.domain.timeutil import utc_now
from desktop_app.services import sync
from desktop_app.sync.client import SyncClient, SyncError, check_url, resolve_token
from tests.conftest import order_fields
from tests.sync.conftest import at
from tests.sync.fault_proxy import FaultProxy


def server_events(url: str, token: str) -> list[dict]:
    """Every event of the account, as a device that never pushed sees them."""
    out, cursor = [], 0
    with SyncClient(url, token, attempts=1) as client:
        reader = str(uuid.uuid4())
        client.use_device_key(client.register(reader))
        while True:
            page = client.pull(reader, cursor, 10_000)
            out += page["events"]
            cursor = page["cursor"]
            if not page["more"]:
                return out


def _fill(device, count: int, start: int = 0) -> None:
    for i in range(start, start + count):
        device.book.create_order(order_fields(f"FO{i:05d}"), at=at(1))


@pytest.fixture
def proxy(sqlite_server):
    def restart() -> None:
        sqlite_server.kill()
        sqlite_server.start()

    p = FaultProxy(sqlite_server.port, on_kill=restart, slow_seconds=1.5)
    yield p
    p.close()


@pytest.mark.parametrize("faults", [["drop"], ["500", "500"], ["corrupt"], ["slow"],
                                    ["drop", "corrupt", "500"]])
def test_push_survives_a_broken_exchange_without_duplicates(sqlite_server, proxy, make_device,
                                                            faults):
    token = sqlite_server.add_account("alice")
    device = make_device("desk", proxy.url, token, timeout=0.75)
    _fill(device, 30)
    proxy.plan["/v1/push"] = list(faults)
    proxy.plan["/v1/pull"] = ["corrupt"]
    result = device.sync()
    assert result.pushed == 30
    assert [f for _, f in proxy.seen if f] == faults + ["corrupt"]
    stored = server_events(sqlite_server.url, token)
    assert len(stored) == 30 == len({e["id"] for e in stored})
    assert sync.status(device.db)["pending"] == 0


def test_server_killed_in_the_middle_of_a_push(sqlite_server, proxy, make_device):
    token = sqlite_server.add_account("alice")
    device = make_device("desk", proxy.url, token, timeout=5, attempts=8, max_delay=1.0)
    _fill(device, 200)
    proxy.plan["/v1/push"] = ["kill"]
    result = sync.sync_round(device.db, device.client, push_batch=50)
    assert result.pushed == 200
    stored = server_events(sqlite_server.url, token)
    assert sorted(e["device_seq"] for e in stored) == list(range(1, 201))
    assert sync.status(device.db)["pending"] == 0
    other = make_device("laptop", sqlite_server.url, token)
    assert other.sync().pulled == 200


def test_a_device_clock_an_hour_off_loses_nothing(sqlite_server, make_device):
    token = sqlite_server.add_account("alice")
    ahead = make_device("ahead", sqlite_server.url, token,
                        clock=lambda: utc_now() + timedelta(hours=1))
    behind = make_device("behind", sqlite_server.url, token,
                         clock=lambda: utc_now() - timedelta(hours=1))
    ahead.book.create_order(order_fields("FO1", ordered_at="2026-01-01T00:00:00Z",
                                         due_at="2026-01-05T00:00:00Z"))
    ahead.sync()
    behind.sync()
    behind.book.record_requirements("FO1")  # an hour "before" the creation's clock
    ahead.book.edit_notes("FO1", "from the fast clock")
    behind.sync()
    ahead.sync()
    behind.sync()
    for device in (ahead, behind):
        order = device.book.get("FO1")
        assert (order.status.value, order.notes) == ("in_progress", "from the fast clock")
    assert len(server_events(sqlite_server.url, token)) == 3


def _args(server: str | None, **extra) -> argparse.Namespace:
    return argparse.Namespace(server=server, allow_insecure=False, timeout=2.0, **extra)


def _snapshot(device) -> tuple:
    return (sync.status(device.db)["pending"], device.book.get("FO00000").notes)


def test_refused_token_changes_nothing_and_says_so(sqlite_server, make_device, monkeypatch,
                                                   tmp_path):
    sqlite_server.add_account("alice")
    device = make_device("desk", sqlite_server.url, "x")
    _fill(device, 3)
    before = _snapshot(device)
    monkeypatch.setenv("GIGDESK_SYNC_TOKEN", "not-a-token")
    with pytest.raises(CliError, match="refused the token"):
        cmd_sync(_args(sqlite_server.url), tmp_path / "desk")
    assert _snapshot(device) == before == (3, "")


def test_unreachable_server_changes_nothing_and_says_so(make_device, monkeypatch, tmp_path):
    from tests.sync.server_proc import free_port

    url = f"http://127.0.0.1:{free_port()}"
    device = make_device("desk", url, "x")
    _fill(device, 2)
    monkeypatch.setenv("GIGDESK_SYNC_TOKEN", "anything")
    monkeypatch.setattr("desktop_app.sync.client.time.sleep", lambda _s: None)
    with pytest.raises(CliError, match="did not answer usefully"):
        cmd_sync(_args(url), tmp_path / "desk")
    assert _snapshot(device) == (2, "")


def test_cli_sync_prints_what_moved(sqlite_server, make_device, monkeypatch, tmp_path, capsys):
    token = sqlite_server.add_account("alice")
    device = make_device("desk", sqlite_server.url, token)
    _fill(device, 3)
    monkeypatch.setenv("GIGDESK_SYNC_TOKEN", token)
    assert cmd_sync(_args(sqlite_server.url), tmp_path / "desk") == 0
    assert capsys.readouterr().out.strip() == "pushed 3, pulled 0, 0 conflicts"
    assert cmd_sync(_args(None), tmp_path / "desk") == 0  # the server was remembered
    assert capsys.readouterr().out.strip() == "pushed 0, pulled 0, 0 conflicts"


def test_plain_http_to_another_machine_is_refused_unless_confirmed():
    with pytest.raises(SyncError, match="unencrypted"):
        check_url("http://sync.example.com:8765")
    assert check_url("http://sync.example.com:8765/", allow_insecure=True) == \
        "http://sync.example.com:8765"
    assert check_url("http://127.0.0.1:8765") == "http://127.0.0.1:8765"
    assert check_url("http://[::1]:8765") == "http://[::1]:8765"
    assert check_url("https://sync.example.com") == "https://sync.example.com"


def test_token_from_env_wins_and_a_missing_keyring_is_named(monkeypatch):
    import keyring
    from keyring.backends import fail

    monkeypatch.setenv("GIGDESK_SYNC_TOKEN", "from-env")
    assert resolve_token("https://s.example") == "from-env"
    monkeypatch.delenv("GIGDESK_SYNC_TOKEN")
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        with pytest.raises(SyncError, match="No keyring backend"):
            resolve_token("https://s.example")
    finally:
        keyring.set_keyring(previous)


def test_retry_after_is_honoured():
    waits = []
    calls = iter([httpx.Response(503, headers={"Retry-After": "7"}),
                  httpx.Response(429, headers={"Retry-After": "2"}),
                  httpx.Response(200, json={"status": "ok"})])
    client = SyncClient("http://127.0.0.1:1", "t", sleep=waits.append, max_delay=10,
                        attempts=3)
    client.http = httpx.Client(base_url="http://127.0.0.1:1",
                               transport=httpx.MockTransport(lambda _r: next(calls)))
    assert client.health() == {"status": "ok"}
    assert waits == [7.0, 2.0]
