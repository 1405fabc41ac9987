"""A property: whatever hostile request reaches the server (garbage or chunked bodies,
wrong content types, huge headers, bad, revoked or missing tokens), the answer is a
4xx carrying exactly one JSON error, never a 5xx, and the database is as it was."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.sync.raw_http import chunk, connect, head, send_until_answer
from tests.sync.server_proc import Server, server_cli

PATHS = ["/v1/push", "/v1/pull", "/v1/devices/desk", f"/v1/orders/{'o' * 8}",
         f"/v1/files/{'a' * 64}", f"/v1/files/{'a' * 64}/status",
         f"/v1/files/{'a' * 64}?size=5&offset=0", "/v1/nowhere", "/v1/push/../pull",
         "/v1/orders/%00", "/" + "x" * 3000]
METHODS = ["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"]
TYPES = [None, "application/json", "text/plain", "application/octet-stream",
         "multipart/form-data; boundary=x", "application/json; charset=utf-7"]
JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
                    lambda inner: st.lists(inner, max_size=4)
                    | st.dictionaries(st.sampled_from(["device_id", "events", "cursor",
                                                        "limit", "id", "x"]), inner,
                                      max_size=4), max_leaves=12)


@pytest.fixture(scope="module")
def target(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hostile")
    database = f"sqlite:///{tmp / 'server.sqlite'}"
    srv = Server(database, tmp / "files", options=("--body-timeout", "2")).start()
    valid = srv.add_account("owner")
    revoked = srv.add_account("gone")
    assert server_cli("token", "revoke", "gone", "--database", database).returncode == 0
    engine = sa.create_engine(database)
    yield srv, valid, revoked, engine
    engine.dispose()
    srv.stop()


def _snapshot(engine) -> dict:
    with engine.connect() as conn:
        names = sa.inspect(conn).get_table_names()
        return {name: sorted(map(tuple, conn.execute(sa.text(f'SELECT * FROM "{name}"'))))
                for name in names}


@st.composite
def hostile(draw, valid: str, revoked: str) -> tuple[bytes, bytes]:
    """(request head, body bytes as sent) of one hostile request."""
    auth = draw(st.sampled_from(["none", "garbage", "basic", "revoked", "empty", "valid"]))
    method = draw(st.sampled_from(METHODS))
    path = draw(st.sampled_from(PATHS))
    if auth == "valid":  # the owner's token goes only with a body that cannot be read
        method, path = draw(st.sampled_from([("POST", "/v1/push"), ("POST", "/v1/pull")]))
    body = draw(st.one_of(
        st.binary(max_size=2000).map(lambda b: b"\xff" + b),
        JSON.map(lambda v: json.dumps(v).encode()[:-1] or b"{"),  # cut short: never valid
        st.just(b"{" * 5000),
    ) if auth == "valid" else st.one_of(st.binary(max_size=2000),
                                        JSON.map(lambda v: json.dumps(v).encode())))
    headers = {
        "none": {}, "empty": {"Authorization": "Bearer "},
        "garbage": {"Authorization": "Bearer " + draw(st.text(
            st.characters(min_codepoint=33, max_codepoint=126), min_size=1, max_size=80))},
        "basic": {"Authorization": "Basic dXNlcjpwYXNz"},
        "revoked": {"Authorization": f"Bearer {revoked}"},
        "valid": {"Authorization": f"Bearer {valid}"},
    }[auth]
    kind = draw(st.sampled_from(TYPES))
    if kind:
        headers["Content-Type"] = kind
    if draw(st.booleans()):
        headers["X-Padding"] = "p" * draw(st.sampled_from([10, 8000, 20000]))
    if draw(st.booleans()):
        headers["Transfer-Encoding"] = "chunked"
        sent = b"".join(chunk(body[i:i + 700]) for i in range(0, len(body), 700)) + b"0\r\n\r\n"
    else:
        headers["Content-Length"] = str(len(body))
        sent = body
    return head(method, path, headers), sent


def test_every_hostile_request_is_refused_with_one_json_error(target):
    srv, valid, revoked, engine = target
    before = _snapshot(engine)

    @settings(max_examples=120, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(request=hostile(valid, revoked))
    def check(request):
        top, body = request
        with connect(srv.port) as sock:
            sock.sendall(top)
            answer = send_until_answer(sock, body, 10)
        assert answer is not None, top[:200]
        assert 400 <= answer.status < 500, (answer.status, answer.body, top[:200])
        assert answer.error() is not None, (answer.body, top[:200])

    check()
    assert srv.proc.poll() is None
    assert _snapshot(engine) == before
