"""HTTP/1.1 over a raw socket, for what a well-behaved client never sends: chunked
bodies without end, lying lengths, trickled headers. Every wait is bounded."""

from __future__ import annotations

import json
import select
import socket
import time
from dataclasses import dataclass, field


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes
    sent: int = 0  # body bytes the client had sent when the answer was complete
    closed_after: float | None = field(default=None)  # seconds until the server hung up

    def error(self) -> dict | None:
        """The API's error object if the body is exactly one, else None."""
        try:
            found = json.loads(self.body)
        except ValueError:
            return None
        ok = (isinstance(found, dict) and set(found) == {"error"}
              and set(found["error"]) == {"code", "message"})
        return found["error"] if ok else None


def connect(port: int, timeout: float = 10.0) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return sock


def head(method: str, path: str, headers: dict[str, str] | None = None) -> bytes:
    lines = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1"]
    lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def chunk(data: bytes) -> bytes:
    return b"%x\r\n%s\r\n" % (len(data), data)


def _parse(buffer: bytes) -> Answer | None:
    """The first complete response in `buffer`, or None while it is incomplete."""
    top, sep, rest = buffer.partition(b"\r\n\r\n")
    if not sep:
        return None
    lines = top.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    length = int(headers.get("content-length", "0"))
    if len(rest) < length:
        return None
    return Answer(status, headers, rest[:length])


def send_until_answer(sock: socket.socket, body, seconds: float) -> Answer | None:
    """Send `body` (bytes, or an iterator of byte pieces) while watching for the answer;
    stop at the answer, at the end of the body or after `seconds`. None: no answer."""
    pieces = iter([body]) if isinstance(body, bytes) else iter(body)
    pending, sent, received = b"", 0, b""
    deadline = time.monotonic() + seconds
    sock.setblocking(False)
    try:
        while time.monotonic() < deadline:
            if not pending:
                pending = next(pieces, b"")
            readable, writable, _ = select.select(
                [sock], [sock] if pending else [], [], min(0.05, seconds))
            if readable:
                try:
                    data = sock.recv(65536)
                except (ConnectionResetError, BrokenPipeError):
                    data = b""
                if not data:
                    break
                received += data
                answer = _parse(received)
                if answer is not None:
                    answer.sent = sent
                    return answer
            if writable and pending:
                try:
                    n = sock.send(pending)
                except (BrokenPipeError, ConnectionResetError):
                    pending = b""
                    continue
                sent, pending = sent + n, pending[n:]
        answer = _parse(received)
        if answer is not None:
            answer.sent = sent
        return answer
    finally:
        sock.setblocking(True)


def seconds_until_closed(sock: socket.socket, seconds: float, feed: bytes = b"") -> float | None:
    """How long until the server closes the connection, sending `feed` (a trickle)
    every tenth of a second meanwhile; None if it is still open after `seconds`."""
    start = time.monotonic()
    sock.settimeout(0.1)
    while time.monotonic() - start < seconds:
        try:
            if feed:
                sock.sendall(feed)
            if sock.recv(65536) == b"":
                return time.monotonic() - start
        except TimeoutError:
            continue
        except OSError:  # reset or broken pipe: closed as well
            return time.monotonic() - start
    return None


def endless_chunks(size: int = 1 << 20, total: int = 1 << 40):
    """Chunked-encoding pieces of `size` bytes, up to `total` bytes in all."""
    piece = chunk(b"x" * size)
    for _ in range(total // size):
        yield piece
