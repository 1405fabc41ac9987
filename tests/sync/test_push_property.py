"""A property: a push that is well formed but for one hostile value, or that acts as a
device it is not, is refused with a 4xx whose one line names the field or the cause,
and the server's database is as it was."""

from __future__ import annotations

import json
import uuid

import httpx
import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import order_fields
from tests.sync.conftest import device_key
from tests.sync.server_proc import Server

TEXTS = st.text(max_size=80) | st.sampled_from(
    ["", "../../etc", "a/b", "a\nb", "\x00", "é" * 70, "x" * 65, " lead", "-dash", "\ud800"])
NOT_INT = (st.floats(allow_nan=False).filter(lambda f: not f.is_integer()) | st.booleans()
           | st.text(max_size=5) | st.none() | st.just([1]))
HOSTILE = {
    "id": TEXTS.filter(lambda t: not t[:1].isalnum() or not t.isascii() or len(t) > 64
                       or any(c in t for c in "/\n \x00")),
    "order_id": st.sampled_from(["", "../x", "a b", "x" * 65, "ü"]) | st.integers(),
    "kind": st.sampled_from(["", "Order_created", "order-created", "x" * 65, "1st"]),
    "at": st.sampled_from(["2026-11-01T10:00:00", "0001-01-01T00:00:00Z",
                           "9999-12-31T23:59:59Z", "yesterday", "2026-13-01T00:00:00Z",
                           "2026-11-01T10:00:00+99:00"]) | st.integers(),
    "data": st.sampled_from([[], "text", 5, None, True]),
    "device_seq": st.integers(max_value=0) | st.integers(min_value=2**53) | NOT_INT,
    "base": st.integers(max_value=-1) | st.integers(min_value=2**53) | st.just("0"),
}


@pytest.fixture(scope="module")
def target(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("push-property")
    database = f"sqlite:///{tmp / 'server.sqlite'}"
    srv = Server(database, tmp / "files").start()
    token = srv.add_account("owner")
    http = httpx.Client(base_url=srv.url, headers={"Authorization": f"Bearer {token}"})
    device, sibling, order = str(uuid.uuid4()), str(uuid.uuid4()), str(uuid.uuid4())
    keys = {device: device_key(http, device), sibling: device_key(http, sibling)}
    created = _event(order, 1, "order_created", {"order": order_fields("FO1")})
    assert http.post("/v1/push", headers=keys[device], json={
        "device_id": device, "events": [created, _event(order, 2)]}).status_code == 200
    engine = sa.create_engine(database)
    yield srv, http, keys, device, sibling, order, created, engine
    engine.dispose()
    http.close()
    srv.stop()


def _event(order_id: str, seq: int, kind: str = "note_edited", data=None) -> dict:
    return {"id": str(uuid.uuid4()), "order_id": order_id, "kind": kind,
            "at": "2026-11-02T10:00:00Z", "device_seq": seq,
            "data": data if data is not None else {"notes": "n"}}


def _snapshot(engine) -> dict:
    with engine.connect() as conn:
        return {name: sorted(map(tuple, conn.execute(sa.text(f'SELECT * FROM "{name}"'))))
                for name in sa.inspect(conn).get_table_names()}


@st.composite
def hostile_push(draw, device: str, sibling: str, order: str, created: dict):
    """(device id, which key to send, events, what the refusal must name)."""
    events = [_event(order, 10), _event(order, 11)]
    case = draw(st.sampled_from(["field", "extra", "missing", "order", "impostor",
                                 "reused", "twisted"]))
    if case == "field":
        field = draw(st.sampled_from(sorted(HOSTILE)))
        at = draw(st.integers(0, 1))
        events[at][field] = draw(HOSTILE[field])
        return device, device, events, f"events.{at}.{field}"
    if case == "extra":
        events[1][draw(st.sampled_from(["device_id", "position", "x", "conflict"]))] = 1
        return device, device, events, "extra fields"
    if case == "missing":
        del events[0][draw(st.sampled_from(["id", "order_id", "kind", "at", "data",
                                            "device_seq"]))]
        return device, device, events, "field required"
    if case == "order":  # seqs not increasing
        events[1]["device_seq"] = draw(st.sampled_from([10, 9, 1]))
        return device, device, events, "increasing"
    if case == "impostor":  # a sibling's id with this device's key, or no key
        return sibling, draw(st.sampled_from([device, None])), events, "registered"
    if case == "reused":
        events[0]["device_seq"] = draw(st.integers(1, 2))
        return device, device, events, "went back"
    return device, device, [{**created, "data": {"order": order_fields("FO2")}}], "other content"


def test_each_hostile_push_is_refused_in_one_line_and_changes_nothing(target):
    srv, http, keys, device, sibling, order, created, engine = target
    before = _snapshot(engine)

    @settings(max_examples=150, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(push=hostile_push(device, sibling, order, created))
    def check(push):
        device_id, key_of, events, says = push
        body = json.dumps({"device_id": device_id, "events": events})  # \ud800 escaped
        answer = http.post("/v1/push", content=body, headers={
            **keys.get(key_of, {}), "Content-Type": "application/json"})
        assert 400 <= answer.status_code < 500, (answer.status_code, answer.text)
        error = answer.json()["error"]
        assert set(error) == {"code", "message"}
        assert "\n" not in error["message"]
        assert says.replace("events.", "events[").replace(".", "].", 1) in error["message"] \
            or says in error["message"], (says, error)

    check()
    assert srv.proc.poll() is None
    assert _snapshot(engine) == before
