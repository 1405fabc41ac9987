"""Content-addressed file store: delivery files copied once, named by their SHA-256.

Layout: ``root/ab/abcdef…`` (first two hex digits as a folder); temps in ``root/tmp``.
Staging copies and hashes in one pass, writes to a temp name, fsyncs, then renames,
so the store never holds a partial or misnamed file.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import threading
import time
import uuid
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Literal

from desktop_app.domain.delivery_checks import StagedFile
from desktop_app.storage.staging_plan import PlannedFile, plan_drop

CHUNK = 1024 * 1024  # large reads keep syscall and hashing overhead low
FINISHERS = 4  # threads that fsync + rename finished temps
FINISH_QUEUE = 16  # at most this many written temps wait for their fsync
PROGRESS_INTERVAL_S = 0.05  # a GUI needs no more than ~20 updates a second
_SHA256 = re.compile(r"[0-9a-f]{64}")
# Already-compressed formats gain nothing from deflate; storing them keeps export fast.
_STORED_EXTS = frozenset({".zip", ".rar", ".7z", ".gz", ".jpg", ".jpeg", ".png", ".gif",
                          ".webp", ".mp4", ".mov", ".mp3", ".pdf", ".docx", ".xlsx"})


class StagingCancelled(Exception):
    """The user cancelled; the store is as it was before staging started."""


class StagingFailed(Exception):
    """Writing to the store failed (disk full, permissions); the store is as it was."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"Could not store {path}: {reason}")
        self.path = path
        self.reason = reason


@dataclass(frozen=True)
class StageProgress:
    bytes_done: int
    bytes_total: int
    files_done: int
    files_total: int
    current: str  # relative path of the file being copied


@dataclass
class StageResult:
    files: list[StagedFile] = field(default_factory=list)
    skipped_junk: list[str] = field(default_factory=list)
    skipped_links: list[str] = field(default_factory=list)
    unreadable: list[tuple[str, str]] = field(default_factory=list)  # (relative path, OS error)
    missing: list[str] = field(default_factory=list)  # dropped paths that do not exist
    # Hashes whose blobs this staging added (not dedups): what discard() may remove again.
    created: list[str] = field(default_factory=list)

    @property
    def total_bytes(self) -> int:
        return sum(f.size for f in self.files)


@dataclass(frozen=True)
class VerifyProblem:
    sha256: str
    path: str
    problem: Literal["missing", "altered"]


class _SourceError(Exception):
    """Reading the seller's file failed: that file is reported, staging goes on."""


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


def _write_chunk(dst, view: memoryview) -> None:
    # Raw files may write short; loop until the chunk is out. Tests patch this to inject failures.
    while view:
        view = view[dst.write(view) :]


def sha256_of(path: Path) -> str:
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
        # All 256 shard folders exist up front: staging never creates (or must undo) a folder.
        existing = set(os.listdir(self.root))
        for i in range(256):
            if f"{i:02x}" not in existing:
                (self.root / f"{i:02x}").mkdir(exist_ok=True)
        self._lock = threading.Lock()
        # Hashes used by stagings of this store object; a rollback never deletes these.
        self._claims: Counter[str] = Counter()

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
    ) -> StageResult:
        """Copy dropped files and folders into the store; see the module docstring.

        Raises StagingCancelled or StagingFailed; either way, blobs this call created
        are removed again unless another staging through this FileStore object used them
        meanwhile (other processes are not tracked: one app instance stages at a time).
        Unreadable source files are reported in the result and skipped, not raised.
        """
        plan = plan_drop(sources)
        result = StageResult(skipped_junk=plan.skipped_junk, skipped_links=plan.skipped_links,
                             unreadable=plan.unreadable, missing=plan.missing)
        _Run(self, plan.files, result, cancel or threading.Event(), progress).execute()
        return result

    def _commit(self, tmp: Path, digest: str, created: list[Path], claimed: list[str]) -> Path:
        final = self.path_of(digest)
        with self._lock:
            self._claims[digest] += 1
            claimed.append(digest)
            if final.exists():
                tmp.unlink()  # dedup: the content is already stored
            else:
                os.replace(tmp, final)
                created.append(final)
        return final

    def _rollback(self, created: list[Path], claimed: list[str]) -> None:
        with self._lock:
            for digest in claimed:
                self._claims[digest] -= 1
            for path in created:
                if self._claims[path.name] <= 0:
                    path.unlink(missing_ok=True)

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

    def lay_out(self, files: list[tuple[str, str]], dest: Path) -> Path:
        """Copy stored (relative_path, sha256) files into `dest` under their own names."""
        dest = Path(dest)
        for rel, sha in _unique_names(files):
            target = dest.joinpath(*PurePosixPath(rel).parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(self._blob(rel, sha), target)
        return dest

    def export_zip(self, files: list[tuple[str, str]], zip_path: Path) -> Path:
        """Write a zip of the files; built under a temp name so no half zip is left."""
        zip_path = Path(zip_path)
        tmp = zip_path.with_name(zip_path.name + ".part")
        try:
            with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zf:
                for rel, sha in _unique_names(files):
                    stored = PurePosixPath(rel).suffix.lower() in _STORED_EXTS
                    kind = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
                    zf.write(self._blob(rel, sha), arcname=rel, compress_type=kind)
            os.replace(tmp, zip_path)
        finally:
            tmp.unlink(missing_ok=True)
        return zip_path


def _safe_relative(rel: str) -> str:
    parts = rel.split("/")
    if not rel or rel.startswith("/") or "\\" in rel or any(p in ("", ".", "..") for p in parts):
        raise ValueError(f"unsafe relative path: {rel!r}")
    return rel


def _unique_names(files: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Validate paths and rename same-named files "name (2).ext" so none overwrites another."""
    seen: set[str] = set()
    out = []
    for rel, sha in files:
        rel = _safe_relative(rel)
        candidate, n = rel, 1
        while candidate.casefold() in seen:
            n += 1
            path = PurePosixPath(rel)
            candidate = str(path.with_name(f"{path.stem} ({n}){path.suffix}"))
        seen.add(candidate.casefold())
        out.append((candidate, sha))
    return out


class _Run:
    """One staging call: copies entries, reports progress, undoes itself on failure.

    Pipelined: a helper thread hashes chunk k while this thread writes k and reads k+1,
    and finisher threads fsync + rename finished temps while the next file is copied
    (hashlib and file I/O release the GIL; concurrent fsyncs share journal commits).
    """

    def __init__(self, store: FileStore, entries: list[PlannedFile], result: StageResult,
                 cancel: threading.Event,
                 progress: Callable[[StageProgress], None] | None) -> None:
        self.store, self.entries, self.result = store, entries, result
        self.cancel, self.progress = cancel, progress
        self.created: list[Path] = []  # blobs this run added to the store
        self.claimed: list[str] = []  # claims to release on rollback
        self.pending: list[Future[StagedFile]] = []
        self.slots = threading.BoundedSemaphore(FINISH_QUEUE)  # bounds open temp files
        self.failed = threading.Event()
        self.bytes_total = sum(e.size for e in entries)
        self.bytes_done = self.files_done = 0
        self.last_report = 0.0

    def execute(self) -> None:
        with ThreadPoolExecutor(1, "sha256") as self.hasher, \
                ThreadPoolExecutor(FINISHERS, "fsync") as self.finisher:
            try:
                for entry in self.entries:
                    if self.failed.is_set():
                        break  # a finisher failed; its error is raised below
                    self._report(entry.relative_path)
                    self._stage_one(entry)
                    self.files_done += 1
                self.result.files.extend(f.result() for f in self.pending)
                _fsync_dirs({p.parent for p in self.created})
                self.result.created.extend(sorted({p.name for p in self.created}))
            except BaseException:
                wait(self.pending)  # no finisher may rename a file after the rollback
                self.store._rollback(self.created, self.claimed)
                raise
        self._report("", force=True)

    def _report(self, current: str, force: bool = False) -> None:
        now = time.monotonic()
        if self.progress and (force or now - self.last_report >= PROGRESS_INTERVAL_S):
            self.last_report = now
            self.progress(StageProgress(self.bytes_done, self.bytes_total, self.files_done,
                                        len(self.entries), current))

    def _stage_one(self, entry: PlannedFile) -> None:
        try:
            src = open(entry.path, "rb", buffering=0)  # noqa: SIM115 (closed by the with below)
        except OSError as exc:
            self.result.unreadable.append((entry.relative_path, _reason(exc)))
            return
        tmp = self.store.tmp_dir / f"{uuid.uuid4().hex}.part"
        dst = None
        try:
            with src:
                dst = open(tmp, "xb", buffering=0)  # noqa: SIM115 (the finisher closes it)
                digest, size = self._copy(src, dst, entry)
        except BaseException as exc:
            if dst:
                dst.close()
            tmp.unlink(missing_ok=True)
            if isinstance(exc, _SourceError):
                self.result.unreadable.append((entry.relative_path, str(exc)))
                return
            if isinstance(exc, OSError):
                raise StagingFailed(str(entry.path), _reason(exc)) from exc
            raise
        self.slots.acquire()
        self.pending.append(self.finisher.submit(self._finish, entry, dst, tmp, digest, size))

    def _finish(self, entry: PlannedFile, dst, tmp: Path, digest: str, size: int) -> StagedFile:
        try:
            with dst:
                os.fsync(dst.fileno())  # content on disk before the name says it is there
            final = self.store._commit(tmp, digest, self.created, self.claimed)
        except OSError as exc:
            self.failed.set()
            tmp.unlink(missing_ok=True)
            raise StagingFailed(str(entry.path), _reason(exc)) from exc
        finally:
            self.slots.release()
        return StagedFile(entry.relative_path, size, digest, str(entry.path), str(final))

    def _copy(self, src, dst, entry: PlannedFile) -> tuple[str, int]:
        h = hashlib.sha256()
        bufs = (bytearray(CHUNK), bytearray(CHUNK))
        hashing = None  # hash of the previous chunk, running on the other buffer
        size = 0
        try:
            while True:
                if self.cancel.is_set():
                    raise StagingCancelled()
                view = memoryview(bufs[size // CHUNK % 2])
                n = _read_source(src, view)
                if hashing:
                    hashing.result()
                    hashing = None
                if n < CHUNK:  # last chunk: a thread hand-off costs more than it saves
                    h.update(view[:n])
                else:
                    hashing = self.hasher.submit(h.update, view)
                _write_chunk(dst, view[:n])
                size += n
                self.bytes_done += n
                if n < CHUNK:
                    return h.hexdigest(), size
                self._report(entry.relative_path)
        finally:
            if hashing:
                hashing.result()  # never leave the helper reading a buffer we drop


def _read_source(src, view: memoryview) -> int:
    # Fill the whole buffer so buffer alternation stays aligned with the byte count.
    total = 0
    while total < len(view):
        try:
            n = src.readinto(view[total:])
        except OSError as exc:
            raise _SourceError(_reason(exc)) from exc
        if not n:
            break
        total += n
    return total


def _fsync_dirs(dirs: set[Path]) -> None:
    # A rename is durable only once its folder is synced; Windows cannot open folders.
    if os.name != "posix":
        return
    for d in dirs:
        try:
            fd = os.open(d, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        except OSError as exc:
            raise StagingFailed(str(d), _reason(exc)) from exc
