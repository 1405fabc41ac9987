"""Property: two devices, random interleaved operations and sync points, then a final
sync: both devices and the server agree, and every event written is still there."""

from __future__ import annotations

import random
import uuid
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from desktop_app.domain.errors import LifecycleError
from desktop_app.services import sync
from desktop_app.services.orders import NotFound
from desktop_app.storage.schema import events, orders
from desktop_app.sync.server.db import add_account, make_engine
from tests.conftest import order_fields
from tests.sync.conftest import Device, at
from tests.sync.test_faults import server_events

REFS = ["FO1", "FO2", "FO3"]
OPS = ["create", "requirements", "deliver", "revision", "complete", "cancel", "notes",
       "edit", "sync"]


def _do(device: Device, op: str, ref: str, n: int) -> None:
    book = device.book
    try:
        if op == "create":
            book.create_order(order_fields(ref, buyer=f"b{n}"), at=at(1))
        elif op == "requirements":
            book.record_requirements(ref)
        elif op == "deliver":
            book.deliver(ref, f"delivery {n}")
        elif op == "revision":
            book.record_revision(ref, f"change {n}", [])
        elif op == "complete":
            book.complete(ref)
        elif op == "cancel":
            book.cancel(ref, "mutual", f"reason {n}")
        elif op == "notes":
            book.edit_notes(ref, f"note {n}")
        elif op == "edit":
            book.edit_order(ref, {"package": f"P{n}"})
        elif op == "sync":
            device.sync()
    except (LifecycleError, NotFound):
        pass  # refused locally: nothing written


def _everything(device: Device) -> tuple[dict, set]:
    with device.db.transaction() as conn:
        states = dict(conn.execute(select(orders.c.id, orders.c.state)).all())
        ids = set(conn.execute(select(events.c.id)).scalars())
    return states, ids


def run_scenario(url: str, engine, tmp_path, steps: list[tuple[int, str, str]]) -> None:
    token = add_account(engine, f"acct-{uuid.uuid4().hex[:8]}")
    base = tmp_path / uuid.uuid4().hex[:8]
    now = [at(2)]

    def clock():
        now[0] += timedelta(minutes=7)
        return now[0]

    devices = [Device(base / name, url, token, clock=clock, attempts=2) for name in "ab"]
    try:
        for n, (who, op, ref) in enumerate(steps):
            _do(devices[who], op, ref, n)
        written = set().union(*(_everything(d)[1] for d in devices))
        for device in (*devices, devices[0]):
            device.sync()
        (states_a, ids_a), (states_b, ids_b) = map(_everything, devices)
        assert states_a == states_b
        assert ids_a == ids_b
        assert written <= ids_a
        stored = server_events(url, token)
        assert {e["id"] for e in stored} == ids_a and len(stored) == len(ids_a)
        first, second = (sorted(sync.conflicts(d.db), key=lambda c: c.event_id)
                         for d in devices)
        assert first == second
    finally:
        for device in devices:
            device.close()


@pytest.fixture(scope="module")
def shared_server(tmp_path_factory):
    from tests.sync.server_proc import Server

    tmp = tmp_path_factory.mktemp("prop-server")
    srv = Server(f"sqlite:///{tmp / 'server.sqlite'}", tmp / "files").start()
    yield srv, make_engine(srv.database)
    srv.stop()


STEPS = st.lists(st.tuples(st.integers(0, 1), st.sampled_from(OPS), st.sampled_from(REFS)),
                 max_size=60)


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(steps=STEPS)
def test_two_devices_agree_after_random_operations(shared_server, tmp_path, steps):
    url_engine = shared_server
    run_scenario(url_engine[0].url, url_engine[1], tmp_path, steps)


@pytest.mark.slow
def test_a_thousand_operations(shared_server, tmp_path):
    rng = random.Random(7)
    refs = [f"FO{i}" for i in range(12)]
    steps = [(rng.randint(0, 1), rng.choices(OPS, weights=[3, 3, 3, 2, 1, 1, 2, 2, 2])[0],
              rng.choice(refs)) for _ in range(1000)]
    run_scenario(shared_server[0].url, shared_server[1], tmp_path, steps)
