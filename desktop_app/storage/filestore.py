"""Content-addressed file store: delivery files copied once, named by their SHA-256.

Layout: ``root/ab/abcdef…`` (first two hex digits as a folder); temps in ``root/tmp``.
Staging (see staging_run) copies and hashes in one pass, writes to a temp name, then
renames, so the store never holds a partial or misnamed file *while the machine runs*.

Durability: staging does not fsync. Like a plain file copy, it leaves its data to the
kernel's writeback, so a power cut or OS crash soon after staging can lose a blob or
leave it truncated under its final name. Durability is paid where it matters: right
before a delivery is recorded, the delivery service calls `make_durable` on the blobs
that delivery refers to (fsync of each blob and of its shard folder, on POSIX), so a
recorded delivery never refers to a blob that a power cut could lose. Because a staged
but never-synced blob may come back truncated after a crash, a dedup hit does not trust
a stored blob blindly: when its size differs from the new file's, the new copy replaces
it. Equal-size damage is left to `verify` (`gigdesk check`), which re-hashes.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import threading
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Literal

from desktop_app.domain.delivery_checks import portable_path
from desktop_app.storage.staging_plan import plan_drop
from desktop_app.storage.staging_run import (
    CHUNK,
    PROGRESS_INTERVAL_S,
    StageProgress,
    StageResult,
    StagingCancelled,
    StagingFailed,
    StagingRun,
    StagingTooLarge,
)
from desktop_app.storage.tempdirs import sweep

__all__ = ["CHUNK", "PROGRESS_INTERVAL_S", "FileStore", "StageProgress", "StageResult",
           "StagingCancelled", "StagingFailed", "StagingTooLarge", "UnsafePath", "VerifyProblem",
           "sha256_of"]

WRITE_PIECE = shutil.COPY_BUFSIZE
COPY_CHUNK = 1 << 20  # lay-out and ZIP: a cancel check and a progress report each
SYNC_THREADS = 8  # concurrent fsyncs share the file system's journal commits
_SHA256 = re.compile(r"[0-9a-f]{64}")
# Already-compressed formats gain nothing from deflate; storing them keeps export fast.
_STORED_EXTS = frozenset({".zip", ".rar", ".7z", ".gz", ".jpg", ".jpeg", ".png", ".gif",
                          ".webp", ".mp4", ".mov", ".mp3", ".pdf", ".docx", ".xlsx"})


@dataclass(frozen=True)
class VerifyProblem:
    sha256: str
    path: str
    problem: Literal["missing", "altered"]


def _write_chunk(dst, view: memoryview) -> None:
    """Write a chunk in the pieces a plain copy writes. Tests patch this to inject failures.

    On Linux a write call's length sets the size of the page-cache folios it fills: one
    1 MiB call takes 1 MiB blocks, which in a VM that hands free memory back to its host
    must be faulted in again (staging 1 GB took 1.3 s instead of 0.7). shutil's pieces
    (64 KiB there, as the kernel's own copy writes; 1 MiB on Windows) avoid that.
    """
    for start in range(0, len(view), WRITE_PIECE):
        piece = view[start : start + WRITE_PIECE]
        while piece:  # raw files may write short
            piece = piece[dst.write(piece) :]


def sha256_of(path: Path) -> str:
    """The hex SHA-256 of a file's content: the name it is stored under, here, on the
    sync server and after a download. Read in CHUNK pieces into one buffer, unbuffered,
    so a 5 GB delivery costs no more memory than a small one."""
    h = hashlib.sha256()
    with open(path, "rb", buffering=0) as f:
        buf = bytearray(CHUNK)
        while n := f.readinto(buf):
            h.update(memoryview(buf)[:n])
    return h.hexdigest()


class FileStore:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.tmp_dir = self.root / "tmp"
        self.tmp_dir.mkdir(parents=True, exist_ok=True)
        sweep(self.tmp_dir)  # what stagings killed mid-copy left behind
        # All 256 shard folders exist up front: staging never creates (or must undo) a folder.
        existing = set(os.listdir(self.root))
        for i in range(256):
            if f"{i:02x}" not in existing:
                (self.root / f"{i:02x}").mkdir(exist_ok=True)
        self._lock = threading.Lock()
        # Hashes used by stagings of this store object; a rollback never deletes these.
        self._claims: Counter[str] = Counter()
        # Blobs this object made durable: syncing 1,000 clean files again still costs ~0.1 s.
        self._durable: set[str] = set()

    def path_of(self, sha256: str) -> Path:
        # Hashes may come from imported files: never let one escape the store.
        if not _SHA256.fullmatch(sha256):
            raise ValueError(f"not a SHA-256 hex digest: {sha256!r}")
        return self.root / sha256[:2] / sha256

    def has(self, sha256: str) -> bool:
        return self.path_of(sha256).is_file()

    def stage(
        self,
        sources: list[Path],
        *,
        cancel: threading.Event | None = None,
        progress: Callable[[StageProgress], None] | None = None,
        limit: int | None = None,
    ) -> StageResult:
        """Copy dropped files and folders into the store; see the module docstring.

        Raises StagingTooLarge before copying anything when the planned sizes add up to
        more than `limit` bytes. Raises StagingCancelled or StagingFailed; either way,
        blobs this call created are removed again unless another staging through this
        FileStore object used them meanwhile (other processes are not tracked here: the
        delivery service discards and records under the database's write lock instead).
        Unreadable source files are reported in the result and skipped, not raised.
        """
        sweep(self.tmp_dir)  # a long-running app outlives the stagings other processes ran
        plan = plan_drop(sources)
        if limit is not None and plan.total_bytes > limit:  # refused from the sizes alone
            raise StagingTooLarge(plan.total_bytes, limit)
        result = StageResult(skipped_junk=plan.skipped_junk, skipped_links=plan.skipped_links,
                             looping_links=plan.looping_links, unreadable=plan.unreadable,
                             missing=plan.missing)
        # Looked up at each call, not bound once: tests patch _write_chunk.
        StagingRun(self, plan.files, result, cancel or threading.Event(), progress,
                   write_chunk=lambda dst, view: _write_chunk(dst, view)).execute()
        return result

    def _commit(self, tmp: Path, digest: str, size: int, created: list[Path],
                claimed: list[str]) -> Path:
        final = self.path_of(digest)
        with self._lock:
            self._claims[digest] += 1
            claimed.append(digest)
            stored = _size_or_none(final)
            if stored == size:
                tmp.unlink()  # dedup: the content is already stored
            else:
                # A blob of another size under this name was cut short by a crash before
                # it was made durable: the new copy repairs it. A repair is kept even on
                # rollback (it only fixes a name), so only new names count as created.
                os.replace(tmp, final)
                self._durable.discard(digest)
                if stored is None:
                    created.append(final)
        return final

    def make_durable(self, hashes: Iterable[str], *, threads: int = SYNC_THREADS) -> None:
        """Force these blobs, and their names, to disk: after this a power cut keeps them.

        Call it before recording anything that refers to them. Slow when they were just
        staged (it waits for their writeback); blobs this object already made durable are
        skipped. Raises OSError (missing blob, I/O error). `threads=1` for a background
        pass: many threads returning from fsync at once keep taking the GIL from the GUI
        thread (a 15 ms list refresh took 50-120 ms beside eight of them).
        """
        with self._lock:
            todo = sorted({h for h in hashes if h not in self._durable})
        paths = [self.path_of(h) for h in todo]
        if not paths:
            return
        if threads <= 1:
            for path in paths:
                _fsync_file(path)
        else:
            with ThreadPoolExecutor(threads, "fsync") as pool:
                list(pool.map(_fsync_file, paths))
        # The root holds the shard folders: made once, synced here so they surely exist.
        _fsync_dirs([*sorted({p.parent for p in paths}), self.root])
        with self._lock:
            self._durable.update(todo)

    def _rollback(self, created: list[Path], claimed: list[str]) -> None:
        with self._lock:
            for digest in claimed:
                self._claims[digest] -= 1
            for path in created:
                if self._claims[path.name] <= 0:
                    path.unlink(missing_ok=True)
                    self._durable.discard(path.name)

    def discard(self, result: StageResult, keep: Iterable[str] = ()) -> list[str]:
        """Undo a staging whose files will not be delivered (a refused or abandoned one).

        Removes the blobs it created unless a hash is in `keep` (every hash a recorded
        delivery refers to) or another staging through this object still uses it.
        Returns the hashes removed. Call it once per result.
        """
        kept = set(keep)
        removed = []
        with self._lock:
            for f in result.files:  # one claim was taken per staged file
                self._claims[f.sha256] -= 1
            for digest in result.created:
                if digest not in kept and self._claims[digest] <= 0:
                    self.path_of(digest).unlink(missing_ok=True)
                    self._durable.discard(digest)
                    removed.append(digest)
        return removed

    def _stored_files(self) -> Iterable[Path]:
        for shard in sorted(self.root.iterdir()):
            if shard.is_dir() and len(shard.name) == 2:
                yield from sorted(p for p in shard.iterdir() if _SHA256.fullmatch(p.name))

    def verify(self) -> list[VerifyProblem]:
        """Re-hash every stored file; report those whose content no longer matches."""
        return [
            VerifyProblem(p.name, str(p), "altered")
            for p in self._stored_files()
            if sha256_of(p) != p.name
        ]

    def verify_files(self, expected: Iterable[str]) -> list[VerifyProblem]:
        problems = []
        for digest in sorted(set(expected)):
            path = self.path_of(digest)
            if not path.is_file():
                problems.append(VerifyProblem(digest, str(path), "missing"))
            elif sha256_of(path) != digest:
                problems.append(VerifyProblem(digest, str(path), "altered"))
        return problems

    def _blob(self, relative_path: str, sha256: str) -> Path:
        path = self.path_of(sha256)
        if not path.is_file():
            raise FileNotFoundError(f"The stored copy of {relative_path} is missing ({path}).")
        return path

    def lay_out(self, files: list[tuple[str, str]], dest: Path, *,
                progress: Progress | None = None,
                cancel: threading.Event | None = None) -> Path:
        """Copy stored (relative_path, sha256) files into `dest` under their portable names.

        Raises UnsafePath, before writing anything, for a path that could leave `dest`;
        CopyCancelled between two chunks once `cancel` is set (the caller removes `dest`).
        `progress(bytes_done, bytes_total)` follows every chunk, on the calling thread.
        """
        dest = Path(dest)
        names = _layout_names(files)  # refuses before anything is written
        meter = _Meter(self._blobs(names), progress, cancel)
        dest.mkdir(parents=True, exist_ok=True)
        real_dest = dest.resolve()
        for (rel, name, _sha), blob in zip(names, meter.blobs, strict=True):
            target = _inside(real_dest, PurePosixPath(name).parts, rel)
            with open(blob, "rb") as src, open(target, "wb") as dst:
                meter.pour(src, dst)
        return dest

    def export_zip(self, files: list[tuple[str, str]], zip_path: Path, *,
                   progress: Progress | None = None,
                   cancel: threading.Event | None = None) -> Path:
        """Write a zip of the files; built under a temp name so no half zip is left.

        Entries carry the same portable names as `lay_out`, so unzipping cannot leave
        the buyer's folder (no "..", drive or backslash) on any OS. Written in chunks,
        so `cancel` is honoured within a large file (CopyCancelled; no zip is left).
        """
        zip_path = Path(zip_path)
        names = _layout_names(files)  # refuses before the zip is created
        meter = _Meter(self._blobs(names), progress, cancel)
        tmp = zip_path.with_name(zip_path.name + ".part")
        try:
            with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zf:
                for (_rel, name, _sha), blob in zip(names, meter.blobs, strict=True):
                    info = zipfile.ZipInfo.from_file(blob, arcname=name)
                    stored = PurePosixPath(name).suffix.lower() in _STORED_EXTS
                    info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
                    with open(blob, "rb") as src, zf.open(info, "w") as dst:
                        meter.pour(src, dst)
            os.replace(tmp, zip_path)
        finally:
            tmp.unlink(missing_ok=True)
        return zip_path

    def _blobs(self, names: list[tuple[str, str, str]]) -> list[Path]:
        return [self._blob(rel, sha) for rel, _name, sha in names]


Progress = Callable[[int, int], None]


class CopyCancelled(Exception):  # noqa: N818 - a request, not a failure
    """The seller cancelled a lay-out or an export between two chunks."""


class _Meter:
    """Copies chunk by chunk, counting bytes for `progress` and checking `cancel`.

    The reads, writes and deflate release the GIL, so a copy on a worker leaves the
    GUI thread free; the check between chunks makes Cancel work inside a 5 GB file.
    """

    def __init__(self, blobs: list[Path], progress: Progress | None,
                 cancel: threading.Event | None):
        self.blobs = blobs
        self.total = sum(b.stat().st_size for b in blobs)
        self.done = 0
        self.progress, self.cancel = progress, cancel
        self._buf = bytearray(COPY_CHUNK)

    def pour(self, src, dst) -> None:
        view = memoryview(self._buf)
        while True:
            if self.cancel is not None and self.cancel.is_set():
                raise CopyCancelled()
            n = src.readinto(self._buf)
            if not n:
                return
            dst.write(view[:n])
            self.done += n
            if self.progress is not None:
                self.progress(self.done, self.total)


class UnsafePath(ValueError):
    """A recorded file path that could leave the folder it is laid out in; nothing written."""


def _layout_names(files: list[tuple[str, str]]) -> list[tuple[str, str, str]]:
    """(recorded path, portable name, sha256) for each file; same-named files (after the
    portable renaming, case-folded as Windows and macOS compare) become "name (2).ext"."""
    seen: set[str] = set()
    out = []
    for rel, sha in files:
        try:
            name = portable_path(rel)
        except ValueError as exc:
            raise UnsafePath(f"{exc}; it was not laid out") from None
        candidate, n = name, 1
        while candidate.casefold() in seen:
            n += 1
            path = PurePosixPath(name)
            candidate = str(path.with_name(f"{path.stem} ({n}){path.suffix}"))
        seen.add(candidate.casefold())
        out.append((rel, candidate, sha))
    return out


def _inside(root: Path, parts: tuple[str, ...], rel: str) -> Path:
    """root/parts, its folders made; UnsafePath if a link on the way (planted in a folder
    the seller can write to) would send the copy elsewhere: copyfile follows links."""
    path = root
    for i, part in enumerate(parts):
        path = path / part
        if path.is_symlink():
            raise UnsafePath(f"“{rel}” would be written through the link {path}; "
                             "it was not laid out")
        if i < len(parts) - 1:
            path.mkdir(exist_ok=True)
    return path


def _size_or_none(path: Path) -> int | None:
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return None


def _fsync_path(path: Path, flags: int = os.O_RDONLY) -> None:
    fd = os.open(path, flags)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_file(path: Path) -> None:
    # Windows flushes only handles open for writing; opening a blob so truncates nothing.
    _fsync_path(path, os.O_RDONLY if os.name == "posix"
                else os.O_RDWR | getattr(os, "O_BINARY", 0))


def _fsync_dirs(dirs: Iterable[Path]) -> None:
    # A rename is durable only once its folder is synced; Windows cannot open folders.
    if os.name != "posix":
        return
    for d in dirs:
        _fsync_path(d)
