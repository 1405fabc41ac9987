"""uvicorn's HTTP/1.1 protocol with the deadlines it lacks, for `gigdesk-server serve`.

uvicorn times out a connection only while it is idle between two requests: one
that connects and sends nothing, or trickles its headers a byte at a time, is
held for ever. Here a request's headers must be complete within
`HEADER_TIMEOUT` seconds of their first byte (of the connection, for its first
request). After an answer that refused a
request before its body was read (edges.py), the body still coming is discarded
for at most `LINGER` seconds and 64 MiB before the connection closes: long
enough for an honest client to finish sending and read why it was refused, too
short to hold the server. Malformed requests are answered in the API's JSON
error shape.
"""

from __future__ import annotations

import json

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

HEADER_TIMEOUT = 10.0
LINGER = 5.0


class GuardedH11(H11Protocol):
    """One timer per connection, for the phase it is in: idle (uvicorn's keep-alive
    timeout), receiving headers, or discarding a refused body. While a request is
    being served the Guard (edges.py) bounds its body and no timer runs here."""

    header_timeout = HEADER_TIMEOUT
    linger = LINGER
    linger_bytes = 64 * 1024 * 1024

    def connection_made(self, transport) -> None:
        self._timer = self._phase = None
        self._discarded = 0
        super().connection_made(transport)
        self._arm("headers", self.header_timeout)  # a silent new connection waits no longer

    def connection_lost(self, exc) -> None:
        self._arm(None, 0)
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self._phase == "linger":
            self._discarded += len(data)
            if self._discarded > self.linger_bytes:
                self._close()
        self._follow()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._follow()

    def _follow(self) -> None:
        """Arm the timer of the phase the connection is now in (a new phase, a new
        clock: a trickle of bytes does not push its deadline back)."""
        ours, theirs = self.conn.our_state, self.conn.their_state
        if ours in (h11.DONE, h11.MUST_CLOSE) and theirs is h11.SEND_BODY:
            self._arm("linger", self.linger)  # answered; their body is still coming
        elif ours is h11.IDLE and theirs is h11.IDLE:
            if self.conn.trailing_data[0]:
                self._arm("headers", self.header_timeout)
            else:
                self._arm("idle", self.timeout_keep_alive)
        else:
            self._arm(None, 0)

    def _arm(self, phase: str | None, seconds: float) -> None:
        if phase == self._phase:
            return
        if self._timer is not None:
            self._timer.cancel()
        self._phase, self._discarded = phase, 0
        self._timer = self.loop.call_later(seconds, self._close) if phase else None

    def _close(self) -> None:
        self._timer = self._phase = None
        if not self.transport.is_closing():
            self.transport.close()

    def send_400_response(self, msg: str) -> None:
        body = json.dumps({"error": {"code": "bad_request",
                                     "message": "The HTTP request is malformed"}}).encode()
        headers = [(b"content-type", b"application/json"), (b"connection", b"close"),
                   (b"content-length", str(len(body)).encode())]
        try:
            self.transport.write(self.conn.send(h11.Response(status_code=400, headers=headers,
                                                             reason=b"Bad Request")))
            self.transport.write(self.conn.send(h11.Data(data=body)))
            self.transport.write(self.conn.send(h11.EndOfMessage()))
        except h11.LocalProtocolError:
            pass  # h11 cannot answer in this state: closing is the answer
        self.transport.close()


def protocol(header_timeout: float = HEADER_TIMEOUT, linger: float = LINGER) -> type:
    """GuardedH11 with these deadlines (uvicorn takes a protocol class, not options)."""
    return type("GuardedH11", (GuardedH11,), {"header_timeout": header_timeout,
                                              "linger": linger})
