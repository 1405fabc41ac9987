"""Hostile delivery-file uploads against a real sync server on 127.0.0.1.

`attack(work)` starts `gigdesk-server serve` (SQLite under `work`, files of at most
MAX_FILE bytes), makes two accounts and tries: bytes that do not hash to the sha they are
sent as, offsets before, past and far past the end, sizes over the limit, a size changed
halfway, bodies over the request limit, names that are not hashes, and another account's
file (read it, finish it, overwrite it). A case is refused cleanly when the answer is the
expected 4xx with the documented error body, nothing wrong is stored or served, and the
server still answers. Loopback only; every request has a timeout; well under a minute.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from pathlib import Path

import httpx

from desktop_app.sync.client import Damaged, SyncClient
from tests.sync.server_proc import Server

MAX_FILE = 64 * 1024
Case = tuple[str, bool, str]


def attack(work: Path) -> list[Case]:
    work = Path(work)
    server = Server(f"sqlite:///{work / 'server.sqlite'}", work / "server-files",
                    options=("--max-file", str(MAX_FILE))).start()
    try:
        alice, mallory = server.add_account("alice"), server.add_account("mallory")
        with httpx.Client(base_url=server.url, timeout=10.0) as http:
            return _cases(server, http, alice, mallory, work)
    finally:
        server.stop()


def _cases(server: Server, http: httpx.Client, alice: str, mallory: str,
           work: Path) -> list[Case]:
    content = os.urandom(40_000)
    sha = _sha(content)

    def put(token: str, digest: str, body: bytes, *, size: int, offset: int = 0
            ) -> httpx.Response:
        return http.put(f"/v1/files/{digest}", params={"size": size, "offset": offset},
                        content=body, headers=_auth(token))

    def status(token: str, digest: str) -> httpx.Response:
        return http.get(f"/v1/files/{digest}/status", headers=_auth(token))

    def refused(answer: httpx.Response, code: int, error: str | None = None) -> bool:
        body = _json(answer)
        shaped = isinstance(body, dict) and set(body) == {"error"} and \
            {"code", "message"} <= set(body["error"])
        return answer.status_code == code and shaped and \
            (error is None or body["error"]["code"] == error)

    cases: list[tuple[str, Callable[[], tuple[bool, str]]]] = []

    def case(name: str):
        def add(fn):
            cases.append((name, fn))
            return fn
        return add

    @case("wrong sha for the bytes")
    def _() -> tuple[bool, str]:
        other = os.urandom(5_000)
        claimed = _sha(b"what the name promises")
        answer = put(alice, claimed, other, size=len(other))
        held = status(alice, claimed).json()
        served = http.get(f"/v1/files/{claimed}", headers=_auth(alice))
        clean = refused(answer, 409, "hash_mismatch") and not held["complete"] and \
            held["received"] == 0 and served.status_code == 404 and \
            not (server.files / claimed[:2] / claimed).exists()
        return clean, f"{answer.status_code} {_code(answer)}; then {held}, GET {served.status_code}"

    @case("offset past what the server holds")
    def _() -> tuple[bool, str]:
        half = len(content) // 2
        first = put(alice, sha, content[:1000], size=len(content))
        skip = put(alice, sha, content[half:], size=len(content), offset=half)
        held = status(alice, sha).json()
        return (first.status_code == 200 and refused(skip, 409) and held["received"] == 1000,
                f"{skip.status_code} {_code(skip)}; server holds {held['received']}")

    @case("offset before what the server holds (a rewrite)")
    def _() -> tuple[bool, str]:
        rewrite = put(alice, sha, b"X" * 500, size=len(content), offset=0)
        held = status(alice, sha).json()
        return (refused(rewrite, 409) and held["received"] == 1000,
                f"{rewrite.status_code} {_code(rewrite)}; server holds {held['received']}")

    @case("a chunk going past the declared size")
    def _() -> tuple[bool, str]:
        over = put(alice, sha, content[1000:] + b"extra", size=len(content), offset=1000)
        held = status(alice, sha).json()
        return (refused(over, 409, "size_mismatch") and held["received"] == 1000,
                f"{over.status_code} {_code(over)}")

    @case("an offset far past the end (2**62, -1, 2**64)")
    def _() -> tuple[bool, str]:
        answers = [put(alice, sha, b"x", size=len(content), offset=off)
                   for off in (2**62, -1, 2**64)]
        # 2**62 is past the largest offset the API takes (2**53 - 1): also a 422.
        clean = all(refused(a, 422) for a in answers)
        return clean, ", ".join(f"{a.status_code} {_code(a)}" for a in answers)

    @case("the size changed halfway")
    def _() -> tuple[bool, str]:
        changed = put(alice, sha, content[1000:2000], size=len(content) + 7, offset=1000)
        return refused(changed, 409), f"{changed.status_code} {_code(changed)}"

    @case("declared size over the server's limit")
    def _() -> tuple[bool, str]:
        big = os.urandom(MAX_FILE + 1)
        answer = put(alice, _sha(big), big[:1000], size=len(big))
        unknown = status(alice, _sha(big))
        huge = put(alice, _sha(b"huge"), b"", size=2**53 - 1)  # the largest size taken
        clean = refused(answer, 413, "too_large") and unknown.status_code == 404 and \
            refused(huge, 413, "too_large")
        return clean, f"{answer.status_code} {_code(answer)}, 2**53 - 1: {huge.status_code}"

    @case("a body over the request limit")
    def _() -> tuple[bool, str]:
        body = b"\0" * (33 * 1024 * 1024)
        answer = put(alice, _sha(body), body, size=len(body))
        return refused(answer, 413, "too_large"), f"{answer.status_code} {_code(answer)}"

    @case("names that are not a sha256")
    def _() -> tuple[bool, str]:
        names = ["..%2F..%2Fserver.sqlite", sha.upper(), sha[:63], sha + "0"]
        answers = [put(alice, name, b"x", size=1) for name in names]
        clean = all(a.status_code in (404, 422) and _code(a) for a in answers) and \
            (work / "server.sqlite").stat().st_size > 0
        return clean, ", ".join(str(a.status_code) for a in answers)

    @case("no token or a wrong one")
    def _() -> tuple[bool, str]:
        answers = [http.put(f"/v1/files/{sha}", params={"size": 1}, content=b"x"),
                   put("not-a-token", sha, b"x", size=1)]
        return all(refused(a, 401, "unauthorized") for a in answers), \
            ", ".join(str(a.status_code) for a in answers)

    @case("another account's sha: status and download")
    def _() -> tuple[bool, str]:
        done = put(alice, sha, content[1000:], size=len(content), offset=1000).json()
        peek = status(mallory, sha)
        grab = http.get(f"/v1/files/{sha}", headers=_auth(mallory))
        # Mallory learns nothing: the answers are those for a sha nobody has.
        nobody = _sha(b"nobody has this")
        unknown = [status(mallory, nobody), http.get(f"/v1/files/{nobody}",
                                                     headers=_auth(mallory))]
        same = [a.json()["error"]["message"].replace(nobody, sha) for a in unknown] == \
            [a.json()["error"]["message"] for a in (peek, grab)]
        clean = done["complete"] and refused(peek, 404) and refused(grab, 404) and same
        return clean, f"status {peek.status_code}, download {grab.status_code}, " \
            f"answers as for an unknown sha: {same}"

    @case("another account's sha: overwrite with other bytes")
    def _() -> tuple[bool, str]:
        fake = os.urandom(len(content))
        answer = put(mallory, sha, fake, size=len(content))
        blob = (server.files / sha[:2] / sha).read_bytes()
        served = http.get(f"/v1/files/{sha}", headers=_auth(alice)).content
        clean = refused(answer, 409, "hash_mismatch") and blob == content and served == content
        intact = blob == content
        return clean, f"{answer.status_code} {_code(answer)}; alice's copy intact: {intact}"

    @case("another account's sha: a 'complete' claim with a few bytes")
    def _() -> tuple[bool, str]:
        answer = put(mallory, sha, content[:10], size=10)
        peek = status(mallory, sha)
        grab = http.get(f"/v1/files/{sha}", headers=_auth(mallory))
        clean = answer.status_code in (409,) and grab.status_code == 404 and \
            not (peek.status_code == 200 and peek.json()["complete"])
        return clean, f"{answer.status_code} {_code(answer)}, download {grab.status_code}"

    @case("a tampered blob is refused by the downloading device")
    def _() -> tuple[bool, str]:
        blob = server.files / sha[:2] / sha
        blob.write_bytes(bytes(b ^ 1 for b in content))
        dest = work / "download" / "file.bin"
        dest.parent.mkdir(exist_ok=True)
        with SyncClient(server.url, alice, timeout=10.0, attempts=2) as client:
            try:
                client.download_file(sha, dest)
            except Damaged as exc:
                left = sorted(p.name for p in dest.parent.iterdir())
                return not left, f"{exc}; left behind: {left}"
        return False, "the damaged bytes were accepted"

    results: list[Case] = []
    for name, run in cases:
        try:
            clean, detail = run()
        except Exception as exc:  # noqa: BLE001 - a crash is itself a finding
            clean, detail = False, f"{type(exc).__name__}: {exc}"
        alive = _alive(http)
        results.append((name, clean and alive, detail if alive else f"{detail}; server down"))
    return results


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _json(answer: httpx.Response):
    try:
        return answer.json()
    except ValueError:
        return None


def _code(answer: httpx.Response) -> str:
    body = _json(answer)
    return body.get("error", {}).get("code", "") if isinstance(body, dict) else ""


def _alive(http: httpx.Client) -> bool:
    try:
        return http.get("/v1/health").status_code == 200
    except httpx.HTTPError:
        return False


if __name__ == "__main__":
    import sys
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        outcome = attack(Path(tmp))
    for name, clean, detail in outcome:
        print(f"{'clean' if clean else 'NOT CLEAN'}: {name}: {detail}")
    sys.exit(0 if all(c for _n, c, _d in outcome) else 1)
