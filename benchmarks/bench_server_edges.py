"""The server's memory under large bodies it must refuse, on loopback.

A real server (`gigdesk-server serve`, SQLite) on 127.0.0.1. Without a token,
400 MB of chunked body are thrown at /v1/pull (over as many connections as the
server cuts: it answers 401 at once and throws away what follows); with a token,
400 MB chunked at /v1/push (413 as it passes 32 MiB). Prints one JSON object: the
server's resident set before and after each, and its peak (VmHWM), in MiB.

    python benchmarks/bench_server_edges.py [--megabytes 400]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.sync.raw_http import connect, endless_chunks, head, send_until_answer  # noqa: E402
from tests.sync.server_proc import Server  # noqa: E402 - as in the tests

MiB = 1024 * 1024


def _rss(srv: Server) -> dict:
    status = Path(f"/proc/{srv.proc.pid}/status").read_text().splitlines()
    field = {line.split(":")[0]: int(line.split()[1]) for line in status
             if line.startswith(("VmRSS", "VmHWM"))}
    return {"rss_mib": round(field["VmRSS"] / 1024, 1),
            "peak_mib": round(field["VmHWM"] / 1024, 1)}


def _throw(srv: Server, path: str, token: str | None, total: int) -> dict:
    """Send `total` bytes of chunked body, reconnecting whenever the server cuts off."""
    headers = {"Transfer-Encoding": "chunked", "Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    sent, answers, started = 0, set(), time.monotonic()

    def body():  # counts what is handed to the socket (a piece at most unsent)
        nonlocal sent
        for piece in endless_chunks():
            if sent >= total:
                return  # the last connection then waits for the server to hang up
            sent += len(piece)
            yield piece

    while sent < total and time.monotonic() - started < 60:
        with connect(srv.port) as sock:
            sock.sendall(head("POST", path, headers))
            answer = send_until_answer(sock, body(), 30)
            if answer is None:
                break
            answers.add(answer.status)
            send_until_answer(sock, body(), 10)  # after the answer, until the server hangs up
    return {"answers": sorted(answers), "sent_mib": round(sent / MiB),
            "seconds": round(time.monotonic() - started, 2)}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--megabytes", type=int, default=400)
    args = parser.parse_args()
    total = args.megabytes * 1000 * 1000
    with tempfile.TemporaryDirectory() as tmp:
        srv = Server(f"sqlite:///{Path(tmp) / 'server.sqlite'}", Path(tmp) / "files").start()
        try:
            token = srv.add_account("bench")
            out = {"idle": _rss(srv)}
            out["unauthenticated"] = _throw(srv, "/v1/pull", None, total) | _rss(srv)
            out["authenticated_over_limit"] = _throw(srv, "/v1/push", token, total) | _rss(srv)
        finally:
            srv.stop()
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
