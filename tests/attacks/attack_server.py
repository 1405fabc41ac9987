"""Attacks on a real `gigdesk-server serve` on 127.0.0.1, each bounded in bytes and time.

    attack(work) -> [(case, refused cleanly, detail), ...]

Not a pytest module (no test_ prefix): a harness runs it and reads the verdicts.
Everything stays on loopback; the whole run takes well under a minute.
"""

from __future__ import annotations

import pathlib
import time
import uuid

import httpx

from tests.sync.raw_http import (
    chunk,
    connect,
    endless_chunks,
    head,
    seconds_until_closed,
    send_until_answer,
)
from tests.sync.server_proc import Server, server_cli

MiB = 1024 * 1024
LIMIT = 32 * MiB
DEADLINE = 2  # the server's body and header timeouts here, in seconds


def attack(work: pathlib.Path) -> list[tuple[str, bool, str]]:
    work.mkdir(parents=True, exist_ok=True)
    database = f"sqlite:///{work / 'server.sqlite'}"
    srv = Server(database, work / "files", options=(
        "--body-timeout", str(DEADLINE), "--header-timeout", str(DEADLINE))).start()
    results: list[tuple[str, bool, str]] = []
    try:
        owner, other = srv.add_account("owner"), srv.add_account("other")
        revoked = srv.add_account("revoked")
        server_cli("token", "revoke", "revoked", "--database", database)
        for case in CASES:
            started = time.monotonic()
            try:
                ok, detail = case(srv, owner, other, revoked)
            except Exception as exc:  # noqa: BLE001 - a crashed case is a failed case
                ok, detail = False, f"{type(exc).__name__}: {exc}"
            results.append((case.__name__, ok, f"{detail} ({time.monotonic() - started:.1f} s)"))
        alive = srv.proc.poll() is None and _health(srv)
        results.append(("server_still_serving", alive, "health answers after every attack"))
    finally:
        srv.stop()
    return results


def _health(srv: Server) -> bool:
    try:
        return httpx.get(f"{srv.url}/v1/health", timeout=5).status_code == 200
    except httpx.TransportError:
        return False


def _chunked_head(path: str, token: str | None = None) -> bytes:
    headers = {"Transfer-Encoding": "chunked", "Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    return head("POST", path, headers)


def oversized_declared_length(srv, owner, _other, _revoked):
    with connect(srv.port) as sock:
        sock.sendall(head("POST", "/v1/push", {"Authorization": f"Bearer {owner}",
                                               "Content-Length": str(400 * MiB)}))
        answer = send_until_answer(sock, b"", 5)
    ok = answer is not None and answer.status == 413 and answer.error() is not None
    return ok, f"answer {answer.status if answer else None} before any body byte"


def oversized_chunked_body(srv, owner, _other, _revoked):
    before = srv.peak_rss()
    with connect(srv.port) as sock:
        sock.sendall(_chunked_head("/v1/push", owner))
        answer = send_until_answer(sock, endless_chunks(total=400 * MiB), 30)
    grown = (srv.peak_rss() - before) / MiB
    ok = answer is not None and answer.status == 413 and answer.sent < LIMIT + 64 * MiB
    sent = answer.sent / MiB if answer else 0
    return ok, f"413 after {sent:.0f} MiB sent; peak RSS +{grown:.0f} MiB"


def chunked_without_token(srv, *_tokens):
    before = srv.peak_rss()
    with connect(srv.port) as sock:
        sock.sendall(_chunked_head("/v1/pull"))
        answer = send_until_answer(sock, b"", 5)
        first = answer.status if answer else None
        # Keep pushing a 400 MB body: it must be thrown away, then the connection cut.
        rest = send_until_answer(sock, endless_chunks(total=400 * MiB), 15)
        closed = seconds_until_closed(sock, 10)
    grown = (srv.peak_rss() - before) / MiB
    ok = first == 401 and rest is None and closed is not None and grown < 50
    return ok, f"401 before any body byte; cut off after; peak RSS +{grown:.0f} MiB"


def slowloris_headers(srv, *_tokens):
    """Twenty connections trickling their headers: each is dropped at the deadline,
    and the server answers others meanwhile."""
    socks = [connect(srv.port) for _ in range(20)]
    try:
        for sock in socks:
            sock.sendall(b"POST /v1/pull HTTP/1.1\r\nHost: x\r\n")
        served = _health(srv)
        times = [seconds_until_closed(sock, DEADLINE + 5, feed=b"X") for sock in socks]
    finally:
        for sock in socks:
            sock.close()
    ok = served and all(t is not None for t in times)
    worst = max((t for t in times if t is not None), default=None)
    return ok, f"all dropped, the slowest after {worst or 0:.1f} s; health served meanwhile"


def silent_connection(srv, *_tokens):
    with connect(srv.port) as sock:
        closed = seconds_until_closed(sock, DEADLINE + 5)
    return closed is not None, f"closed after {closed or 0:.1f} s"


def trickled_body(srv, owner, _other, _revoked):
    with connect(srv.port) as sock:
        sock.sendall(_chunked_head("/v1/pull", owner))
        answer = send_until_answer(sock, (chunk(b" ") for _ in range(200)), DEADLINE + 5)
        closed = seconds_until_closed(sock, 10, feed=chunk(b" "))
    ok = answer is not None and answer.status == 408 and closed is not None
    return ok, f"answer {answer.status if answer else None}, then closed"


def stalled_body(srv, owner, _other, _revoked):
    with connect(srv.port) as sock:
        sock.sendall(head("POST", "/v1/pull", {"Authorization": f"Bearer {owner}",
                                               "Content-Length": "5000"}) + b'{"dev')
        answer = send_until_answer(sock, b"", DEADLINE + 5)
    ok = answer is not None and answer.status == 408
    return ok, f"answer {answer.status if answer else None}"


def revoked_token(srv, _owner, _other, revoked):
    answer = httpx.post(f"{srv.url}/v1/pull", json={"device_id": "d"}, timeout=10,
                        headers={"Authorization": f"Bearer {revoked}"})
    message = answer.json().get("error", {}).get("message", "")
    return answer.status_code == 401 and "revoked" in message, f"{answer.status_code}: {message}"


def rotated_away_token(srv, *_tokens):
    old = srv.add_account("rotating")
    server_cli("token", "rotate", "rotating", "--database", srv.database)
    answer = httpx.get(f"{srv.url}/v1/devices/d", timeout=10,
                       headers={"Authorization": f"Bearer {old}"})
    return answer.status_code == 401, f"the token before rotation: {answer.status_code}"


def foreign_device_probe(srv, owner, other, _revoked):
    """Another account's device id and an id nobody has must answer alike."""
    device = str(uuid.uuid4())
    with httpx.Client(base_url=srv.url, timeout=10) as http:
        http.post("/v1/pull", json={"device_id": device},
                  headers={"Authorization": f"Bearer {owner}"})
        http.post("/v1/push", json={"device_id": device, "events": []},
                  headers={"Authorization": f"Bearer {owner}"})
        probe = {"Authorization": f"Bearer {other}"}
        unknown = str(uuid.uuid4())
        pairs = [(http.get(f"/v1/devices/{device}", headers=probe),
                  http.get(f"/v1/devices/{unknown}", headers=probe)),
                 (http.post("/v1/pull", json={"device_id": device}, headers=probe),
                  http.post("/v1/pull", json={"device_id": unknown}, headers=probe))]
    same = all(a.status_code == b.status_code
               and a.text.replace(device, "ID") == b.text.replace(unknown, "ID")
               for a, b in pairs)
    codes = [(a.status_code, b.status_code) for a, b in pairs]
    return same, f"(foreign, unknown) device answers: {codes}"


def options_allow(srv, owner, _other, _revoked):
    """A 405 lists every method the path serves (GET and PUT of a file are two routes)."""
    expected = {"/v1/push": {"POST"}, f"/v1/files/{'a' * 64}": {"GET", "PUT"},
                "/v1/health": {"GET"}}
    found = {}
    for path in expected:
        answer = httpx.options(f"{srv.url}{path}", timeout=10,
                               headers={"Authorization": f"Bearer {owner}"})
        found[path] = (answer.status_code, set(answer.headers.get("allow", "").split(", ")))
    ok = all(found[p] == (405, methods) for p, methods in expected.items())
    return ok, "; ".join(f"{p}: {s} Allow {sorted(m)}" for p, (s, m) in found.items())


CASES = [oversized_declared_length, oversized_chunked_body, chunked_without_token,
         slowloris_headers, silent_connection, trickled_body, stalled_body, revoked_token,
         rotated_away_token, foreign_device_probe, options_allow]


if __name__ == "__main__":
    import sys
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        verdicts = attack(pathlib.Path(tmp))
    for name, ok, detail in verdicts:
        print(f"{'ok  ' if ok else 'FAIL'} {name}: {detail}")
    sys.exit(0 if all(ok for _, ok, _ in verdicts) else 1)
