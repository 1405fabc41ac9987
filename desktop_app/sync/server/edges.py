"""The API's outer edge, before any route runs: who is asking, and how much they send.

`Guard` is raw ASGI so that it acts before a body is received: a request without
a valid token is refused (401) having read none of it, and a body is counted as
it arrives, so neither a chunked body nor one longer than its Content-Length can
make the server hold more than `limit` bytes. A body that does not arrive within
`body_timeout` seconds is dropped (408): a client that sends headers and then
stalls or trickles holds a connection for a bounded time only. What is left of
a refused body is discarded for a bounded time, then the connection is closed
(http11.py).
"""

from __future__ import annotations

import asyncio

from starlette.concurrency import run_in_threadpool
from starlette.responses import JSONResponse

from desktop_app.sync.server import db as server_db
from desktop_app.sync.server.errors import ApiError, TooLarge, Unauthorized

ACCOUNT = "gigdesk.account_id"  # the scope key the authenticated account id is kept under
PUBLIC = frozenset({"/v1/health", "/openapi.json", "/docs", "/docs/oauth2-redirect",
                    "/redoc"})
BODY_TIMEOUT = 60.0  # a 16 MiB push batch at 3 Mbit/s still arrives in time


class TimedOut(ApiError):
    status = 408
    code = "timeout"


def bearer_token(scope) -> str | None:
    for name, value in scope["headers"]:
        if name == b"authorization":
            scheme, _, token = value.decode("latin-1").partition(" ")
            token = token.strip()
            return token if scheme.lower() == "bearer" and token else None
    return None


def error_response(status: int, code: str, message: str,
                   headers: dict[str, str] | None = None) -> JSONResponse:
    """The API's one error shape (errors.py)."""
    return JSONResponse({"error": {"code": code, "message": message}}, status_code=status,
                        headers=headers)


async def send_error(scope, receive, send, error: ApiError) -> None:
    response = error_response(error.status, error.code, error.message, error.headers)
    await response(scope, receive, send)


class Guard:
    def __init__(self, app, engine, limit: int, body_timeout: float = BODY_TIMEOUT):
        self.app = app
        self.engine = engine
        self.limit = limit
        self.body_timeout = body_timeout

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        try:
            if scope["path"] not in PUBLIC:
                scope[ACCOUNT] = await self._account(scope)
            messages = await self._body(scope, receive)
        except ApiError as error:
            return await send_error(scope, receive, send, error)
        return await self.app(scope, _replay(messages, receive), send)

    async def _account(self, scope) -> int:
        token = bearer_token(scope)
        try:
            if token is None:
                raise Unauthorized("A bearer token is required (Authorization: Bearer TOKEN)")
            return await run_in_threadpool(server_db.account_for_token, self.engine, token)
        except Unauthorized as refused:
            refused.headers.setdefault("WWW-Authenticate", "Bearer")
            raise

    async def _body(self, scope, receive) -> list[dict]:
        """The request's body messages, at most `limit` bytes in all, read before the
        deadline; refused as soon as either is passed."""
        length = None
        for name, value in scope["headers"]:
            if name == b"content-length":
                length = value
        if length is not None and (not length.isdigit() or int(length) > self.limit):
            raise TooLarge(f"The request body is over {self.limit} bytes")
        deadline = asyncio.get_running_loop().time() + self.body_timeout
        messages, size = [], 0
        while True:
            try:
                async with asyncio.timeout_at(deadline):
                    message = await receive()
            except TimeoutError:
                raise TimedOut(f"The request body did not arrive within "
                               f"{self.body_timeout:g} seconds") from None
            messages.append(message)
            if message["type"] != "http.request":
                return messages  # a disconnect: the app sees it as it would have
            size += len(message.get("body", b""))
            if size > self.limit:
                raise TooLarge(f"The request body is over {self.limit} bytes")
            if not message.get("more_body", False):
                return messages


def _replay(messages: list[dict], receive):
    """A receive() that hands out the messages already read, then the real ones
    (a disconnect, once the response is sent)."""
    pending = list(reversed(messages))

    async def replayed():
        return pending.pop() if pending else await receive()

    return replayed
