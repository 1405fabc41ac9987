"""A TCP proxy between client and server that breaks chosen exchanges on purpose.

Faults, taken one per request from `plan[path]`:
  drop     forward the request (the server commits), then close without answering
  kill     forward the request, kill the server at once, restart it, close
  500      answer 500 with Retry-After: 0 without forwarding
  corrupt  forward, then answer with the body's bytes scrambled
  slow     forward, then wait `slow_seconds` before answering (the client times out)
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections import defaultdict
from collections.abc import Callable


class FaultProxy:
    def __init__(self, upstream_port: int, on_kill: Callable[[], None] | None = None,
                 slow_seconds: float = 2.0):
        self.upstream_port = upstream_port
        self.on_kill = on_kill
        self.slow_seconds = slow_seconds
        self.plan: dict[str, list[str]] = defaultdict(list)
        self.seen: list[tuple[str, str]] = []  # (path, fault or "")
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self._stop = False
        threading.Thread(target=self._accept, daemon=True).start()

    def close(self) -> None:
        self._stop = True
        self.sock.close()

    def _accept(self) -> None:
        while not self._stop:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        with conn:
            try:
                request, path = _read_request(conn)
            except (OSError, ValueError):
                return
            faults = self.plan.get(path.split("?")[0])
            fault = faults.pop(0) if faults else ""
            self.seen.append((path, fault))
            if fault == "500":
                body = b'{"error": {"code": "boom", "message": "injected"}}'
                conn.sendall(b"HTTP/1.1 500 Internal Server Error\r\nRetry-After: 0\r\n"
                             b"Content-Type: application/json\r\nConnection: close\r\n"
                             b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body)
                return
            if fault == "kill":
                self._forward_and_kill(request)
                return
            try:
                response = self._forward(request)
            except OSError:
                return
            if fault == "drop":
                return
            if fault == "corrupt":
                head, _, body = response.partition(b"\r\n\r\n")
                response = head + b"\r\n\r\n" + bytes(b ^ 0x5A for b in body)
            if fault == "slow":
                time.sleep(self.slow_seconds)
            with contextlib.suppress(OSError):
                conn.sendall(response)

    def _forward(self, request: bytes) -> bytes:
        with socket.create_connection(("127.0.0.1", self.upstream_port), timeout=30) as up:
            up.sendall(request)
            chunks = []
            while chunk := up.recv(65536):
                chunks.append(chunk)
        return b"".join(chunks)

    def _forward_and_kill(self, request: bytes) -> None:
        with socket.create_connection(("127.0.0.1", self.upstream_port), timeout=30) as up:
            up.sendall(request)
            time.sleep(0.01)  # the server is reading or applying the push right now
            self.on_kill()


def _read_request(conn: socket.socket) -> tuple[bytes, str]:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            raise ValueError("closed")
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    path = lines[0].split(" ")[1]
    length = 0
    kept = [lines[0]]
    for line in lines[1:]:
        name, _, value = line.partition(":")
        if name.strip().lower() == "content-length":
            length = int(value.strip())
        if name.strip().lower() != "connection":
            kept.append(line)
    kept.append("Connection: close")
    while len(body) < length:
        chunk = conn.recv(65536)
        if not chunk:
            raise ValueError("closed")
        body += chunk
    return "\r\n".join(kept).encode("latin-1") + b"\r\n\r\n" + body, path
