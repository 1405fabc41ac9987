"""The device's HTTP client for the sync server: auth, safety checks, retries.

Retries are safe because push is idempotent by event id: the server answers
an event it holds with its stored verdict, so a timeout or a dropped
connection after the server committed never duplicates an event.
Waits grow exponentially with jitter and honour `Retry-After`.
"""

from __future__ import annotations

import ipaddress
import os
import random
import threading
import time
from collections.abc import Callable
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import NoReturn, TypeVar
from urllib.parse import urlsplit

import httpx
import msgspec

from desktop_app.storage.filestore import sha256_of
from desktop_app.sync.server.devices import KEY_HEADER

KEYRING_SERVICE = "GigDesk"
TOKEN_ENV = "GIGDESK_SYNC_TOKEN"
CHUNK = 8 * 1024 * 1024
_T = TypeVar("_T")


class SyncError(Exception):
    """Sync cannot go on; the message is one sentence for the seller."""


class AuthError(SyncError):
    """The server refused the token."""


class Unreachable(SyncError):
    """The server did not answer usefully after every retry."""


class Refused(SyncError):
    """The server answered a 4xx other than 401."""

    def __init__(self, message: str, status: int, code: str = ""):
        super().__init__(message)
        self.status = status
        self.code = code


class Damaged(SyncError):
    """A downloaded file's bytes do not match its sha256: nothing was kept."""

    code = "damaged"


class Cancelled(SyncError):
    """A transfer was stopped between two chunks; what the server holds is kept."""

    code = "cancelled"


def is_loopback(host: str) -> bool:
    if host.lower() in ("localhost", "localhost.localdomain") or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_url(server_url: str, allow_insecure: bool = False) -> str:
    """The URL without a trailing slash; refuses plain http to another machine."""
    parts = urlsplit(server_url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise SyncError(f"{server_url!r} is not an http:// or https:// server address")
    if parts.scheme == "http" and not is_loopback(parts.hostname) and not allow_insecure:
        raise SyncError(f"{server_url} is plain http to another machine: the token and the "
                        "orders would travel unencrypted; use https:// or confirm "
                        "(--allow-insecure)")
    return server_url.rstrip("/")


def resolve_token(server_url: str) -> str:
    """GIGDESK_SYNC_TOKEN when set, else the keyring entry for this server."""
    token = os.environ.get(TOKEN_ENV, "").strip()
    if token:
        return token
    try:
        import keyring
        from keyring.errors import KeyringError, NoKeyringError
    except ImportError:
        raise SyncError(f"keyring is not installed: set {TOKEN_ENV}") from None
    try:
        token = keyring.get_password(KEYRING_SERVICE, server_url)
    except NoKeyringError:
        raise SyncError(f"No keyring backend is available on this system to keep the sync "
                        f"token: set {TOKEN_ENV}") from None
    except KeyringError as exc:
        raise SyncError(f"The keyring could not be read ({exc}): set {TOKEN_ENV}") from None
    if not token:
        raise SyncError(f"No sync token for {server_url}: save one in the settings or set "
                        f"{TOKEN_ENV}")
    return token


def save_token(server_url: str, token: str) -> None:
    try:
        import keyring
        from keyring.errors import KeyringError, NoKeyringError
    except ImportError:
        raise SyncError("keyring is not installed: the token cannot be saved") from None
    try:
        keyring.set_password(KEYRING_SERVICE, server_url, token)
    except NoKeyringError:
        raise SyncError("No keyring backend is available on this system: the token cannot "
                        f"be saved; set {TOKEN_ENV} instead") from None
    except KeyringError as exc:
        raise SyncError(f"The keyring refused the token: {exc}") from None


class SyncClient:
    """push / pull / files against one server, with retries."""

    def __init__(self, server_url: str, token: str, *, timeout: float = 30.0,
                 attempts: int = 6, base_delay: float = 0.2, max_delay: float = 10.0,
                 sleep: Callable[[float], None] = time.sleep,
                 jitter: Callable[[], float] = random.random, verify: bool | str = True):
        self.server_url = server_url.rstrip("/")
        self.attempts = max(1, attempts)
        self.base_delay = base_delay
        self.max_delay = max_delay
        self.sleep = sleep
        self.jitter = jitter
        self.http = httpx.Client(base_url=self.server_url, verify=verify,
                                 timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
                                 headers={"Authorization": f"Bearer {token}",
                                          "User-Agent": "gigdesk-sync"})

    def close(self) -> None:
        self.http.close()

    def __enter__(self) -> SyncClient:
        return self

    def __exit__(self, *_exc) -> None:
        self.close()

    # -- protocol --------------------------------------------------------
    def register(self, device_id: str) -> str:
        """Register this device; return its key (keep it: it is shown only once)."""
        return self.call("POST", "/v1/devices", {"device_id": device_id},
                         ("device_key",))["device_key"]

    def use_device_key(self, key: str) -> None:
        """Send `key` with every push and pull from now on."""
        self.http.headers[KEY_HEADER] = key

    def push(self, device_id: str, events: list[dict]) -> dict:
        return self.call("POST", "/v1/push", {"device_id": device_id, "events": events},
                         ("acknowledged_seq", "results"))

    @staticmethod
    def encode_push(device_id: str, events: list[bytes]) -> bytes:
        """A push body from events already encoded as PushEvent JSON (embedded as they are)."""
        return msgspec.json.encode({"device_id": device_id,
                                    "events": [msgspec.Raw(e) for e in events]})

    def push_body(self, body: bytes) -> dict:
        """push, with the body encode_push made."""
        return self.call("POST", "/v1/push", None, ("acknowledged_seq", "results"),
                         content=body, headers={"Content-Type": "application/json"})

    def pull(self, device_id: str, cursor: int, limit: int) -> dict:
        return self.call("POST", "/v1/pull",
                         {"device_id": device_id, "cursor": cursor, "limit": limit},
                         ("events", "cursor", "more", "acknowledged_seq"))

    def health(self) -> dict:
        return self.call("GET", "/v1/health", None, ("status",))

    # -- files -----------------------------------------------------------
    def file_status(self, sha256: str) -> dict | None:
        try:
            return self.call("GET", f"/v1/files/{sha256}/status", None, ("received",))
        except Refused as exc:
            if exc.status == 404:
                return None
            raise

    def upload_file(self, path: Path, sha256: str, chunk: int = CHUNK, *,
                    progress: Callable[[int], None] | None = None,
                    cancel: threading.Event | None = None) -> dict:
        """Upload (or finish uploading) a file; resumes where the server stopped.

        A file the server has not seen is announced by an empty first piece, so a size
        over the server's limit is refused (413) before any content travels.
        `progress(bytes the server holds)` follows each piece; `cancel` is checked
        between pieces (Cancelled).
        """
        size = Path(path).stat().st_size
        status = self.file_status(sha256) or self._put(sha256, b"", 0, size)
        stalls = 0  # 409s in a row: another writer, or a size fixed by an earlier upload
        with open(path, "rb") as src:
            while not status["complete"]:
                if status["size"] != size:
                    raise Refused(f"The server holds an upload of {sha256} with another "
                                  f"size ({status['size']} bytes, not {size})", 409,
                                  "size_mismatch")
                if cancel is not None and cancel.is_set():
                    raise Cancelled("The upload was stopped; it goes on next time")
                offset = status["received"]
                src.seek(offset)
                try:
                    status = self._put(sha256, src.read(chunk), offset, size)
                    stalls = 0
                except Refused as exc:
                    stalls += 1
                    if exc.status != 409 or exc.code == "hash_mismatch" or stalls > 3:
                        raise
                    status = self.file_status(sha256) or self._put(sha256, b"", 0, size)
                if progress is not None:
                    progress(status["received"])
        return status

    def _put(self, sha256: str, piece: bytes, offset: int, size: int) -> dict:
        return self.call("PUT", f"/v1/files/{sha256}", None, ("received", "size", "complete"),
                         content=piece, params={"offset": offset, "size": size})

    def download_file(self, sha256: str, dest: Path, *,
                      progress: Callable[[int], None] | None = None,
                      cancel: threading.Event | None = None) -> Path:
        """Download by hash to `dest` (resuming a .part file); verified before renaming.

        `progress(bytes so far)` follows each block; `cancel` is checked between blocks.
        Bytes that do not match the hash are deleted (Damaged), never renamed to `dest`.
        """
        dest = Path(dest)
        part = dest.with_name(dest.name + ".part")

        def fetch_rest() -> None:  # each try asks for the bytes the .part file lacks
            have = part.stat().st_size if part.exists() else 0
            headers = {"Range": f"bytes={have}-"} if have else {}
            with self.http.stream("GET", f"/v1/files/{sha256}", headers=headers) as resp:
                if resp.status_code == 416:  # nothing left to send: the .part is whole
                    return
                if resp.status_code >= 400:
                    resp.read()
                    self._judge(resp)
                with open(part, "ab" if resp.status_code == 206 else "wb") as out:
                    done = out.tell()
                    for block in resp.iter_bytes(CHUNK):
                        if cancel is not None and cancel.is_set():
                            raise Cancelled("The download was stopped; it goes on next time")
                        out.write(block)
                        done += len(block)
                        if progress is not None:
                            progress(done)

        self._retried(fetch_rest, f"The download of {sha256}")
        if sha256_of(part) != sha256:
            part.unlink()
            raise Damaged(f"The downloaded file {sha256} is damaged; try again")
        part.replace(dest)
        return dest

    # -- plumbing --------------------------------------------------------
    def call(self, method: str, path: str, body: dict | None, required: tuple[str, ...],
             **kwargs) -> dict:
        def ask() -> dict:
            resp = self.http.request(method, path, json=body, **kwargs)
            if resp.status_code >= 400:
                self._judge(resp)
            data = _json(resp)
            if isinstance(data, dict) and all(k in data for k in required):
                return data
            raise _TryAgain("its answer was damaged")

        return self._retried(ask, f"The sync server at {self.server_url}")

    def _retried(self, attempt_once: Callable[[], _T], who: str) -> _T:
        """attempt_once() until it returns, `attempts` tries at most: the one retry
        policy of every request. A dropped connection, a busy server (429, 5xx) or a
        damaged answer is tried again after a backoff (or the server's Retry-After); any
        other refusal is raised at once; after the last try, Unreachable names why."""
        problem = "no answer"
        for attempt in range(self.attempts):
            wait = self._backoff(attempt)
            try:
                return attempt_once()
            except httpx.TransportError as exc:
                problem = _describe(exc)
            except _TryAgain as again:
                problem = again.problem
                if again.resp is not None:
                    wait = _retry_after(again.resp, wait, self.max_delay * 6)
            if attempt + 1 < self.attempts:
                self.sleep(wait)
        raise Unreachable(f"{who} did not answer usefully ({problem}) after {self.attempts} "
                          "tries")

    def _judge(self, resp: httpx.Response) -> NoReturn:
        """A 4xx or 5xx answer: a busy server is tried again, any other is refused."""
        if resp.status_code == 429 or resp.status_code >= 500:
            raise _TryAgain(f"it answered {resp.status_code}", resp)
        self._raise_for(resp)

    def _backoff(self, attempt: int) -> float:
        """Exponential with 'equal jitter': half fixed, half random."""
        delay = min(self.max_delay, self.base_delay * 2**attempt)
        return delay / 2 + delay / 2 * self.jitter()

    def _raise_for(self, resp: httpx.Response) -> NoReturn:
        data = _json(resp)
        error = data.get("error", {}) if isinstance(data, dict) else {}
        message = error.get("message") if isinstance(error, dict) else None
        code = error.get("code", "") if isinstance(error, dict) else ""
        if resp.status_code == 401:
            raise AuthError(f"The sync server at {self.server_url} refused the token")
        raise Refused(f"The sync server refused: {message or resp.reason_phrase} "
                      f"({resp.status_code})", resp.status_code, code)


class _TryAgain(Exception):
    """One try failed in a way the next may not (`resp`: the answer saying when)."""

    def __init__(self, problem: str, resp: httpx.Response | None = None):
        super().__init__(problem)
        self.problem = problem
        self.resp = resp


def _json(resp: httpx.Response):
    """The body as JSON, or None. msgspec reads a page of 20,000 events in half
    json's time; it refuses NaN and Infinity, which no server of ours sends."""
    try:
        return msgspec.json.decode(resp.content)
    except ValueError:  # msgspec.DecodeError is one
        return None


def _retry_after(resp: httpx.Response, default: float, cap: float) -> float:
    value = resp.headers.get("Retry-After")
    if not value:
        return default
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return default
        seconds = when.timestamp() - time.time()
    return min(max(seconds, 0.0), cap)


def _describe(exc: httpx.TransportError) -> str:
    if isinstance(exc, httpx.TimeoutException):
        return "it timed out"
    if isinstance(exc, httpx.ConnectError):
        return "cannot connect"
    return "the connection dropped"

