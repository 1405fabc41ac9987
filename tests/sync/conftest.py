"""Fixtures: a real server per test (SQLite and PostgreSQL), devices with their own data dirs."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from desktop_app.services import sync
from desktop_app.services.orders import OrderBook
from desktop_app.storage.db import Database
from desktop_app.sync.client import SyncClient
from tests.sync.server_proc import Server, database_for


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request) -> str:
    return request.param


@pytest.fixture
def server(backend, tmp_path):
    url, drop = database_for(backend, tmp_path)
    srv = Server(url, tmp_path / "server-files").start()
    yield srv
    srv.stop()
    drop()


class Device:
    """One installation: its own data dir, order book and client."""

    def __init__(self, path: Path, url: str, token: str, clock=None, **client_options):
        self.db = Database(path)
        self.book = OrderBook(self.db, clock=clock) if clock else OrderBook(self.db)
        options = {"timeout": 10.0, "attempts": 4, "base_delay": 0.05, "max_delay": 0.5}
        options.update(client_options)
        self.client = SyncClient(url, token, **options)
        self.url = url

    def sync(self) -> sync.RoundResult:
        return sync.sync_round(self.db, self.client, server_url=self.url)

    def close(self) -> None:
        self.client.close()
        self.db.dispose()


@pytest.fixture
def make_device(tmp_path):
    made: list[Device] = []

    def make(name: str, url: str, token: str, **kwargs) -> Device:
        device = Device(tmp_path / name, url, token, **kwargs)
        made.append(device)
        return device

    yield make
    for device in made:
        device.close()


def at(day: int, hour: int = 12) -> datetime:
    return datetime(2026, 11, day, hour, tzinfo=UTC)


def device_key(http, device_id: str) -> dict:
    """Register `device_id` through `http` (an httpx client carrying a token); return
    the headers that act as it."""
    answer = http.post("/v1/devices", json={"device_id": device_id})
    assert answer.status_code == 201, answer.text
    return {"X-Device-Key": answer.json()["device_key"]}
