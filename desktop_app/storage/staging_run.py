"""One staging call: dropped files copied and hashed into the store on every core.

SHA-256 runs at ~2 GB/s on one core, slower than a plain copy, so hashing on one
thread cannot keep up with a copy. Workers (one per core, at most MAX_WORKERS) each
stage whole files (read → hash → write, in CHUNK pieces; hashlib and file I/O release
the GIL), largest first so no big file is left for the end. While a core has no file
of its own (a single huge video, or the last big file of a folder), a worker hands the
hashing of its chunks to a helper thread: chunk k is hashed while k is written and
k+1 read. Results keep the planned order whatever order the workers finish in. A drop
under PARALLEL_MIN_BYTES is staged by one worker in the planned order.

Nothing is fsynced here (filestore's docstring says where durability is paid). The
calling thread only waits: it reports progress (≤ 20 a second, always on the calling
thread) and, on a failure or a cancel, rolls the store back once every worker has
stopped. Each worker writes its temps in a folder of its own inside the run's locked
folder under tmp/ (see tempdirs: what a killed staging leaves is swept at the next one).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import threading
import uuid
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from desktop_app.domain.delivery_checks import StagedFile, format_size
from desktop_app.storage.staging_plan import PlannedFile, reason_of
from desktop_app.storage.tempdirs import run_folder

if TYPE_CHECKING:
    from desktop_app.storage.filestore import FileStore

CHUNK = 1024 * 1024  # large reads keep syscall and hashing overhead low; fits in L2
MAX_WORKERS = 4  # past a few cores the disk, not hashing, is the limit
# A smaller drop stages on one worker in the planned order: it takes a few ms either way.
PARALLEL_MIN_BYTES = 16 * CHUNK
PROGRESS_INTERVAL_S = 0.05  # a GUI needs no more than ~20 updates a second

WriteChunk = Callable[[BinaryIO, memoryview], None]


class StagingCancelled(Exception):
    """The user cancelled; the store is as it was before staging started."""


class StagingFailed(Exception):
    """Writing to the store failed (disk full, permissions); the store is as it was."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"Could not store {path}: {reason}")
        self.path = path
        self.reason = reason


class StagingTooLarge(Exception):
    """The drop's planned size is over the limit: nothing was copied."""

    def __init__(self, total: int, limit: int) -> None:
        super().__init__(f"The drop adds up to {total} bytes, over the limit of {limit}")
        self.total = total
        self.limit = limit


@dataclass(frozen=True)
class StageProgress:
    bytes_done: int
    bytes_total: int
    files_done: int
    files_total: int
    current: str  # relative path of the file being copied (the latest one started)


@dataclass
class StageResult:
    files: list[StagedFile] = field(default_factory=list)
    skipped_junk: list[str] = field(default_factory=list)
    skipped_links: list[str] = field(default_factory=list)  # links leaving the folder
    looping_links: list[str] = field(default_factory=list)  # links back into their own path
    unreadable: list[tuple[str, str]] = field(default_factory=list)  # (relative path, OS error)
    missing: list[str] = field(default_factory=list)  # dropped paths that do not exist
    # Hashes whose blobs this staging added (not dedups): what discard() may remove again.
    created: list[str] = field(default_factory=list)

    @property
    def total_bytes(self) -> int:
        return sum(f.size for f in self.files)


class _SourceError(Exception):
    """Reading the seller's file failed: that file is reported, staging goes on."""


class _Stopped(Exception):
    """Another worker failed or was cancelled: this one unwinds without an error of its own."""


def usable_cores() -> int:
    return max(1, min(MAX_WORKERS, os.cpu_count() or 1))


class StagingRun:
    def __init__(self, store: FileStore, entries: list[PlannedFile], result: StageResult,
                 cancel: threading.Event, progress: Callable[[StageProgress], None] | None,
                 write_chunk: WriteChunk) -> None:
        self.store, self.entries, self.result = store, entries, result
        self.cancel, self.progress, self.write_chunk = cancel, progress, write_chunk
        self.bytes_total = sum(e.size for e in entries)
        self.cores = usable_cores()
        parallel = self.bytes_total >= PARALLEL_MIN_BYTES and len(entries) > 1
        self.workers = min(self.cores, len(entries)) if parallel else 1
        order = range(len(entries))
        if self.workers > 1:  # largest first: the last file to start is a small one
            order = sorted(order, key=lambda i: -entries[i].size)
        self.queue = deque(order)
        self.staged: list[StagedFile | None] = [None] * len(entries)
        self.unreadable: list[tuple[str, str] | None] = [None] * len(entries)
        self.created: list[Path] = []  # blobs this run added to the store
        self.claimed: list[str] = []  # claims to release on rollback
        self.lock = threading.Lock()  # guards the queue, the counters and `error`
        self.stop = threading.Event()  # set on the first failure: every worker stops
        self.error: BaseException | None = None
        self.active = self.workers  # workers still staging; fewer than cores = a spare core
        self.bytes_done = self.files_done = 0
        self.current = ""

    def execute(self) -> None:
        with contextlib.ExitStack() as stack:
            try:
                self.run_dir = stack.enter_context(run_folder(self.store.tmp_dir))
            except OSError as exc:  # the run's own temp folder could not be made or locked
                raise StagingFailed(str(self.store.tmp_dir), reason_of(exc)) from exc
            self._execute()

    def _execute(self) -> None:
        with ThreadPoolExecutor(self.cores, "sha256") as self.hasher, \
                ThreadPoolExecutor(self.workers, "stage") as pool:
            futures = [pool.submit(self._work) for _ in range(self.workers)]
            try:
                self._report()
                while wait(futures, timeout=PROGRESS_INTERVAL_S).not_done:
                    self._report()
            except BaseException:  # the progress callback raised, or an interrupt
                self.stop.set()
                wait(futures)
                self.store._rollback(self.created, self.claimed)
                raise
        if self.error is not None:
            self.store._rollback(self.created, self.claimed)
            raise self.error
        self.result.files.extend(f for f in self.staged if f is not None)
        self.result.unreadable.extend(u for u in self.unreadable if u is not None)
        self.result.created.extend(sorted({p.name for p in self.created}))
        self._report(current="")

    def _report(self, current: str | None = None) -> None:
        if self.progress:
            self.progress(StageProgress(self.bytes_done, self.bytes_total, self.files_done,
                                        len(self.entries),
                                        self.current if current is None else current))

    def _work(self) -> None:
        bufs = (bytearray(CHUNK), bytearray(CHUNK))  # reused: zeroing 2 MB a file costs
        # A folder of its own: creating a file locks its folder, and in one shared folder
        # the workers would queue for that lock (and spin on it) at every file.
        temps = self.run_dir / uuid.uuid4().hex
        try:
            temps.mkdir()
            while (i := self._take()) is not None:
                self._stage_one(i, bufs, temps)
                with self.lock:
                    self.files_done += 1
        except _Stopped:
            pass
        except BaseException as exc:  # raised by execute() on the calling thread
            if isinstance(exc, OSError):  # the worker's temp folder, not a file, failed
                exc = StagingFailed(str(temps), reason_of(exc))
            with self.lock:
                if self.error is None:
                    self.error = exc
            self.stop.set()
        finally:
            with contextlib.suppress(OSError):
                temps.rmdir()  # empty: every temp was renamed or removed
            with self.lock:
                self.active -= 1

    def _take(self) -> int | None:
        with self.lock:
            if self.stop.is_set() or not self.queue:
                return None
            i = self.queue.popleft()
            self.current = self.entries[i].relative_path
            return i

    def _check(self) -> None:
        if self.stop.is_set():
            raise _Stopped()
        if self.cancel.is_set():
            raise StagingCancelled()

    def _stage_one(self, i: int, bufs: tuple[bytearray, bytearray], temps: Path) -> None:
        entry = self.entries[i]
        try:
            src = open(entry.path, "rb", buffering=0)  # noqa: SIM115 (closed by the with below)
        except OSError as exc:
            self.unreadable[i] = (entry.relative_path, reason_of(exc))
            return
        tmp = temps / f"{uuid.uuid4().hex}.part"
        try:
            with src, open(tmp, "xb", buffering=0) as dst:
                digest, size = self._copy(src, dst, bufs)
                _unchanged_since_planned(entry, os.fstat(src.fileno()), size)
            final = self.store._commit(tmp, digest, size, self.created, self.claimed)
        except BaseException as exc:
            tmp.unlink(missing_ok=True)
            if isinstance(exc, _SourceError):
                self.unreadable[i] = (entry.relative_path, str(exc))
                return
            if isinstance(exc, OSError):
                raise StagingFailed(str(entry.path), reason_of(exc)) from exc
            raise
        self.staged[i] = StagedFile(entry.relative_path, size, digest, str(entry.path),
                                    str(final))

    def _copy(self, src, dst, bufs: tuple[bytearray, bytearray]) -> tuple[str, int]:
        h = hashlib.sha256()
        hashing: Future[None] | None = None  # the previous chunk, hashed by a helper
        size = 0
        try:
            while True:
                self._check()
                view = memoryview(bufs[size // CHUNK % 2])  # never the one being hashed
                n = _read_source(src, view)
                if hashing:
                    hashing.result()
                    hashing = None
                # A helper only pays on a core no worker uses, and not for a last chunk.
                if n == CHUNK and self.active < self.cores:
                    hashing = self.hasher.submit(h.update, view)
                else:
                    h.update(view[:n])
                self.write_chunk(dst, view[:n])
                size += n
                with self.lock:
                    self.bytes_done += n
                if n < CHUNK:
                    return h.hexdigest(), size
        finally:
            if hashing:
                hashing.result()  # never leave the helper reading a buffer we reuse


def _unchanged_since_planned(entry: PlannedFile, st: os.stat_result, copied: int) -> None:
    """Raise _SourceError when the file changed after it was planned: a video still being
    exported, or cut short mid-copy, would otherwise be recorded torn (1 GB planned,
    67 MB stored). The seller adds it again once it is saved."""
    mtime_moved = entry.mtime_ns and st.st_mtime_ns != entry.mtime_ns
    if copied != entry.size or st.st_size != entry.size or mtime_moved:
        raise _SourceError(f"it changed while it was being copied ({format_size(entry.size)} "
                           f"when added, {format_size(copied)} copied); add it again once "
                           "it is saved")


def _read_source(src, view: memoryview) -> int:
    # Fill the whole buffer so buffer alternation stays aligned with the byte count.
    total = 0
    while total < len(view):
        try:
            n = src.readinto(view[total:])
        except OSError as exc:
            raise _SourceError(reason_of(exc)) from exc
        if not n:
            break
        total += n
    return total
