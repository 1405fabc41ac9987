"""Shared fixtures: a real SQLite database in a temporary data dir, a fixed clock."""

from __future__ import annotations

import os
from datetime import UTC, datetime

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from desktop_app.services.orders import OrderBook  # noqa: E402
from desktop_app.storage.db import Database  # noqa: E402

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
# order_fields' ordered_at: requirements sent then leave the due date where it was given.
ORDERED_AT = datetime(2026, 11, 1, 9, 30, tzinfo=UTC)


class FakeClock:
    """A clock the test moves by hand: deadline rules without sleeping."""

    def __init__(self, now: datetime = NOW):
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def db(tmp_path):
    database = Database(tmp_path / "data")
    yield database
    database.dispose()


@pytest.fixture
def book(db, clock) -> OrderBook:
    return OrderBook(db, clock=clock)


def order_fields(ref: str = "FO5F2A91C3", **overrides) -> dict:
    fields = {
        "ref": ref, "buyer": "maria_k", "gig": "I will design a minimalist logo",
        "package": "Standard", "price": "120.00", "currency": "USD",
        "ordered_at": "2026-11-01T09:30:00Z", "due_at": "2026-11-04T09:30:00Z",
        "revisions_included": 2,
        "scope": ["3 logo concepts", "Vector source file", "High-resolution PNG"],
        "status": "awaiting_requirements",
    }
    fields.update(overrides)
    return fields


@pytest.fixture
def sqlite_server(tmp_path):
    """A real sync server (uvicorn, SQLite) on 127.0.0.1, for the sync and window tests."""
    from tests.sync.server_proc import Server, database_for

    url, _ = database_for("sqlite", tmp_path)
    srv = Server(url, tmp_path / "server-files").start()
    yield srv
    srv.stop()
