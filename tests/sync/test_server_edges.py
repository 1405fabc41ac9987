"""The server's HTTP edges against a real `gigdesk-server serve`, spoken to over raw
sockets: no token means no body read, bodies are counted as they arrive, and slow
or stalled clients are dropped after a bounded time."""

from __future__ import annotations

import httpx
import pytest

from tests.sync.raw_http import (
    chunk,
    connect,
    endless_chunks,
    head,
    seconds_until_closed,
    send_until_answer,
)
from tests.sync.server_proc import Server

LIMIT = 32 * 1024 * 1024
MiB = 1024 * 1024


@pytest.fixture(scope="module")
def edge(tmp_path_factory):
    """One server with short deadlines (1 s for a body, 1 s for headers) and a token."""
    tmp = tmp_path_factory.mktemp("edges")
    srv = Server(f"sqlite:///{tmp / 'server.sqlite'}", tmp / "files",
                 options=("--body-timeout", "1", "--header-timeout", "1")).start()
    token = srv.add_account("edge")
    yield srv, token
    srv.stop()


def _chunked(path: str, token: str | None = None) -> bytes:
    headers = {"Content-Type": "application/json", "Transfer-Encoding": "chunked"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    return head("POST", path, headers)


@pytest.mark.parametrize("path", ["/v1/pull", "/v1/push", f"/v1/files/{'a' * 64}?size=9"])
def test_without_a_token_nothing_of_the_body_is_read(edge, path):
    srv, _ = edge
    with connect(srv.port) as sock:
        sock.sendall(_chunked(path).replace(b"POST /v1/files", b"PUT /v1/files"))
        answer = send_until_answer(sock, b"", 5)  # not one byte of body sent yet
        assert answer is not None and answer.status == 401, answer
        assert answer.error()["code"] == "unauthorized"
        assert answer.headers["www-authenticate"] == "Bearer"
        # What is sent after the answer is thrown away, and not for long.
        assert seconds_until_closed(sock, 15, feed=chunk(b"x" * 65536)) < 10


def test_a_large_chunked_body_without_a_token_leaves_memory_flat(edge):
    srv, _ = edge
    before = srv.peak_rss()
    with connect(srv.port) as sock:
        sock.sendall(_chunked("/v1/pull"))
        answer = send_until_answer(sock, endless_chunks(total=400 * MiB), 30)
        assert answer is not None and answer.status == 401
    grown = srv.peak_rss() - before
    assert grown < 50 * MiB, f"peak RSS grew {grown / MiB:.0f} MiB"


def test_a_chunked_body_is_refused_once_it_passes_the_limit(edge):
    srv, token = edge
    before = srv.peak_rss()
    with connect(srv.port) as sock:
        sock.sendall(_chunked("/v1/push", token))
        answer = send_until_answer(sock, endless_chunks(total=400 * MiB), 30)
    assert answer is not None and answer.status == 413, answer
    assert answer.error()["code"] == "too_large"
    # Refused as the limit passed (what the sockets buffer aside), not at the end.
    assert LIMIT < answer.sent < LIMIT + 64 * MiB
    assert srv.peak_rss() - before < 3 * LIMIT


def test_a_declared_length_over_the_limit_is_refused_before_the_body(edge):
    srv, token = edge
    with connect(srv.port) as sock:
        sock.sendall(head("POST", "/v1/push", {"Authorization": f"Bearer {token}",
                                               "Content-Length": str(LIMIT + 1)}))
        answer = send_until_answer(sock, b"", 5)
    assert answer is not None and answer.status == 413


def test_a_body_shorter_than_its_length_times_out(edge):
    srv, token = edge
    with connect(srv.port) as sock:
        sock.sendall(head("POST", "/v1/pull", {"Authorization": f"Bearer {token}",
                                               "Content-Type": "application/json",
                                               "Content-Length": "1000"}) + b'{"device')
        answer = send_until_answer(sock, b"", 5)
        assert answer is not None and answer.status == 408, answer
        assert answer.error()["code"] == "timeout"
        assert seconds_until_closed(sock, 15) < 10


def test_a_trickled_body_is_dropped_at_its_deadline(edge):
    srv, token = edge
    with connect(srv.port) as sock:
        sock.sendall(_chunked("/v1/pull", token))
        answer = send_until_answer(sock, (chunk(b" ") for _ in range(100)), 5)
        assert answer is not None and answer.status == 408


@pytest.mark.parametrize("start", [b"", b"POST /v1/pull HTTP/1.1\r\nHost: x\r\n"])
def test_headers_that_stall_or_trickle_are_dropped(edge, start):
    srv, _ = edge
    with connect(srv.port) as sock:
        sock.sendall(start)
        closed = seconds_until_closed(sock, 10, feed=b"X" if start else b"")
    assert closed is not None and closed < 3


def test_a_malformed_request_gets_one_json_error(edge):
    srv, _ = edge
    with connect(srv.port) as sock:
        sock.sendall(b"GET /v1/health HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n")
        answer = send_until_answer(sock, b"", 5)
    assert answer is not None and answer.status == 400 and answer.error()


@pytest.mark.parametrize("path, allowed", [("/v1/push", "POST"),
                                           (f"/v1/files/{'a' * 64}", "GET, PUT"),
                                           (f"/v1/orders/{'o' * 8}", "GET")])
def test_a_405_lists_every_method_of_the_path(edge, path, allowed):
    srv, token = edge
    answer = httpx.options(f"{srv.url}{path}", headers={"Authorization": f"Bearer {token}"})
    assert (answer.status_code, answer.headers["allow"]) == (405, allowed)
    assert answer.json()["error"]["code"] == "method_not_allowed"
