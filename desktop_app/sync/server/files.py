"""Delivery files on the server: content-addressed, deduplicated, restartable uploads.

An upload is a series of PUTs of consecutive chunks (`offset` = bytes received
so far, `size` = the whole file). After an interruption the client asks the
status and goes on from `received`. When the last byte arrives the content is
hashed; only a match becomes a stored blob. Blobs are shared between accounts
on disk, but an account sees a file only after uploading it itself, so it
cannot learn what another account holds.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

from sqlalchemy import Engine, insert, select, update

from desktop_app.storage.filestore import sha256_of
from desktop_app.sync.server.errors import Conflict, NotFound, TooLarge
from desktop_app.sync.server.schema import files

MAX_FILE = 5 * 1024**3  # the marketplace's limit for one delivery


class ServerFiles:
    """The accounts' uploaded files (rows in `files`, blobs under `root`); not the
    desktop's storage.filestore.FileStore, which holds one seller's delivery copies."""

    def __init__(self, engine: Engine, root: Path, max_file: int = MAX_FILE):
        self.engine = engine
        self.root = Path(root)
        self.max_file = max_file
        (self.root / "partial").mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()  # one writer per server process

    def blob(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256

    def _partial(self, account_id: int, sha256: str) -> Path:
        return self.root / "partial" / f"{account_id}-{sha256}"

    def status(self, account_id: int, sha256: str) -> dict:
        with self.engine.connect() as conn:
            row = conn.execute(select(files).where(files.c.account_id == account_id,
                                                   files.c.sha256 == sha256)).first()
        if row is None:
            raise NotFound(f"No file {sha256} in this account")
        return _status(row.sha256, row.size, row.received, bool(row.complete))

    def put(self, account_id: int, sha256: str, offset: int, size: int, chunk: bytes) -> dict:
        if size > self.max_file:
            raise TooLarge(f"A file may be at most {self.max_file} bytes")
        if offset + len(chunk) > size:
            raise Conflict("The chunk goes past the declared size", code="size_mismatch")
        with self._lock, self.engine.begin() as conn:
            row = conn.execute(select(files).where(files.c.account_id == account_id,
                                                   files.c.sha256 == sha256)).first()
            if row is None:
                conn.execute(insert(files).values(account_id=account_id, sha256=sha256,
                                                  size=size, received=0, complete=0))
                received = 0
            elif row.complete:
                return _status(sha256, row.size, row.size, True)
            elif row.size != size:
                raise Conflict(f"An upload of this file with size {row.size} is under way")
            else:
                received = row.received
            if offset != received:
                raise Conflict(f"Expected offset {received}; ask the status and resume there")
            received = self._write(account_id, sha256, offset, chunk)
            complete = received == size and self._finish(account_id, sha256)
            mismatch = received == size and not complete
            if mismatch:
                received = 0
            conn.execute(update(files).where(files.c.account_id == account_id,
                                             files.c.sha256 == sha256)
                         .values(received=received, complete=int(complete)))
        if mismatch:
            raise Conflict("The content does not match its sha256; upload it again",
                           code="hash_mismatch")
        return _status(sha256, size, received, complete)

    def _write(self, account_id: int, sha256: str, offset: int, chunk: bytes) -> int:
        path = self._partial(account_id, sha256)
        with open(path, "r+b" if path.exists() else "w+b") as out:
            out.seek(offset)
            out.write(chunk)
            out.truncate()  # a chunk half-written before a crash is cut off here
            out.flush()
            os.fsync(out.fileno())
            return out.tell()

    def _finish(self, account_id: int, sha256: str) -> bool:
        path = self._partial(account_id, sha256)
        if sha256_of(path) != sha256:
            path.unlink()
            return False
        target = self.blob(sha256)
        if target.exists():
            path.unlink()  # deduplicated: the same content is stored once
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(path, target)
        return True

    def download_path(self, account_id: int, sha256: str) -> Path:
        status = self.status(account_id, sha256)
        if not status["complete"]:
            raise NotFound(f"File {sha256} is not completely uploaded yet")
        return self.blob(sha256)


def _status(sha256: str, size: int, received: int, complete: bool) -> dict:
    return {"sha256": sha256, "size": size, "received": received, "complete": complete}

