"""Content-addressed file store: delivery files copied once, named by their SHA-256.

Layout: ``root/ab/abcdef…`` (first two hex digits as a folder); temps in ``root/tmp``.
Staging copies and hashes in one pass, writes to a temp name, fsyncs, then renames,
so the store never holds a partial or misnamed file.
"""

from __future__ import annotations

import contextlib
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
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Literal

from desktop_app.domain.delivery_checks import StagedFile, is_system_junk

CHUNK = 1024 * 1024  # large reads keep syscall and hashing overhead low
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

    @property
    def total_bytes(self) -> int:
        return sum(f.size for f in self.files)


@dataclass(frozen=True)
class VerifyProblem:
    sha256: str
    path: str
    problem: Literal["missing", "altered"]


@dataclass(frozen=True)
class _Entry:
    relative_path: str
    path: Path
    size: int


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
        self._lock = threading.Lock()
        # Hashes used by stagings of this store object; a rollback never deletes these.
        self._claims: Counter[str] = Counter()

    # --- addressing ------------------------------------------------------------

    def path_of(self, sha256: str) -> Path:
        # Hashes may come from imported files: never let one escape the store.
        if not _SHA256.fullmatch(sha256):
            raise ValueError(f"not a SHA-256 hex digest: {sha256!r}")
        return self.root / sha256[:2] / sha256

    def has(self, sha256: str) -> bool:
        return self.path_of(sha256).is_file()

    # --- staging ---------------------------------------------------------------

    def stage(
        self,
        sources: list[Path],
        *,
        cancel: threading.Event | None = None,
        progress: Callable[[StageProgress], None] | None = None,
    ) -> StageResult:
        """Copy dropped files and folders into the store; see the module docstring.

        Raises StagingCancelled or StagingFailed; either way, blobs this call created
        are removed again (unless another staging of this store uses them).
        """
        result = StageResult()
        entries = _Planner(result).plan(sources)
        run = _Run(self, entries, result, cancel or threading.Event(), progress)
        run.execute()
        return result

    def _commit(self, tmp: Path, digest: str, created: list[Path], claimed: list[str]) -> Path:
        final = self.path_of(digest)
        with self._lock:
            self._claims[digest] += 1
            claimed.append(digest)
            if final.exists():
                tmp.unlink()  # dedup: the content is already stored
                return final
            if not final.parent.exists():
                final.parent.mkdir()
                created.append(final.parent)
            os.replace(tmp, final)
            created.append(final)
        return final

    def _rollback(self, created: list[Path], digests: list[str]) -> None:
        with self._lock:
            for digest in digests:
                self._claims[digest] -= 1
            for path in reversed(created):  # files before their shard folders
                if path.is_dir():
                    _rmdir_if_empty(path)
                elif self._claims[path.name] <= 0:
                    path.unlink(missing_ok=True)

    # --- verification ----------------------------------------------------------

    def _stored_files(self) -> Iterable[Path]:
        for shard in sorted(self.root.iterdir()):
            if shard.is_dir() and len(shard.name) == 2 and shard.name != "tmp":
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

    # --- getting files back out ------------------------------------------------

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


def _rmdir_if_empty(path: Path) -> None:
    with contextlib.suppress(OSError):  # not empty: another file landed there meanwhile
        path.rmdir()


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


class _Planner:
    """The quick pre-walk: what to copy, what to skip, and the totals for progress."""

    def __init__(self, result: StageResult) -> None:
        self.result = result
        self.entries: list[_Entry] = []

    def plan(self, sources: list[Path]) -> list[_Entry]:
        for source in sources:
            path = Path(os.path.abspath(source))  # keep the dropped name, even for a link
            if not path.exists():
                self.result.missing.append(str(source))
            elif path.is_dir():
                top = path.resolve()
                self._walk(path, path.name, top, {top})
            else:
                self._add_file(path, path.name)
        return self.entries

    def _add_file(self, path: Path, rel: str) -> None:
        if is_system_junk(rel):
            self.result.skipped_junk.append(rel)
            return
        try:
            st = path.stat()
        except OSError as exc:
            self.result.unreadable.append((rel, _reason(exc)))
            return
        if not path.is_file():  # a FIFO or device would block or never end
            self.result.unreadable.append((rel, "not a regular file"))
            return
        self.entries.append(_Entry(rel, path, st.st_size))

    def _walk(self, folder: Path, rel: str, top: Path, visited: set[Path]) -> None:
        try:
            with os.scandir(folder) as it:
                children = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            self.result.unreadable.append((rel, _reason(exc)))
            return
        for child in children:
            child_rel = f"{rel}/{child.name}"
            path = Path(child.path)
            if is_system_junk(child_rel):
                self.result.skipped_junk.append(child_rel)
            elif child.is_symlink():
                self._follow_link(path, child_rel, top, visited)
            elif child.is_dir(follow_symlinks=False):
                self._walk(path, child_rel, top, visited | {path.resolve()})
            else:
                self._add_file(path, child_rel)

    def _follow_link(self, path: Path, rel: str, top: Path, visited: set[Path]) -> None:
        target = path.resolve()
        # Outside the dropped folder: could be anything (home, system); loops: endless.
        if not target.is_relative_to(top) or target in visited:
            self.result.skipped_links.append(rel)
        elif target.is_dir():
            self._walk(path, rel, top, visited | {target})
        else:
            self._add_file(path, rel)


class _Run:
    """One staging call: copies entries, reports progress, undoes itself on failure."""

    def __init__(self, store: FileStore, entries: list[_Entry], result: StageResult,
                 cancel: threading.Event,
                 progress: Callable[[StageProgress], None] | None) -> None:
        self.store, self.entries, self.result = store, entries, result
        self.cancel, self.progress = cancel, progress
        self.created: list[Path] = []  # blobs and shard folders this run made
        self.digests: list[str] = []  # claims to release on rollback
        self.bytes_total = sum(e.size for e in entries)
        self.bytes_done = 0
        self.files_done = 0
        self.last_report = 0.0

    def execute(self) -> None:
        # One helper thread hashes chunk k while this thread writes k and reads k+1:
        # hashlib and file I/O both release the GIL, so they overlap.
        with ThreadPoolExecutor(1, thread_name_prefix="sha256") as hasher:
            try:
                for entry in self.entries:
                    self._report(entry.relative_path)
                    staged = self._stage_one(entry, hasher)
                    if staged:
                        self.result.files.append(staged)
                    self.files_done += 1
                _fsync_dirs({p.parent for p in self.created if p.is_file()})
            except BaseException:
                self.store._rollback(self.created, self.digests)
                raise
        self._report("", force=True)

    def _report(self, current: str, force: bool = False) -> None:
        now = time.monotonic()
        if self.progress and (force or now - self.last_report >= PROGRESS_INTERVAL_S):
            self.last_report = now
            self.progress(StageProgress(self.bytes_done, self.bytes_total, self.files_done,
                                        len(self.entries), current))

    def _stage_one(self, entry: _Entry, hasher: ThreadPoolExecutor) -> StagedFile | None:
        try:
            src = open(entry.path, "rb", buffering=0)  # noqa: SIM115 (closed by the with below)
        except OSError as exc:
            self.result.unreadable.append((entry.relative_path, _reason(exc)))
            return None
        tmp = self.store.tmp_dir / f"{uuid.uuid4().hex}.part"
        try:
            with src, open(tmp, "xb", buffering=0) as dst:
                digest, size = self._copy(src, dst, entry, hasher)
                os.fsync(dst.fileno())  # content on disk before the name says it is there
            final = self.store._commit(tmp, digest, self.created, self.digests)
        except _SourceError as exc:
            tmp.unlink(missing_ok=True)
            self.result.unreadable.append((entry.relative_path, str(exc)))
            return None
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise StagingFailed(str(entry.path), _reason(exc)) from exc
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        return StagedFile(entry.relative_path, size, digest, str(entry.path), str(final))

    def _copy(self, src, dst, entry: _Entry, hasher: ThreadPoolExecutor) -> tuple[str, int]:
        h = hashlib.sha256()
        bufs = (bytearray(CHUNK), bytearray(CHUNK))
        pending = None  # hash of the previous chunk, running on the other buffer
        size = 0
        try:
            while True:
                if self.cancel.is_set():
                    raise StagingCancelled()
                view = memoryview(bufs[size // CHUNK % 2])
                n = _read_source(src, view)
                if pending:
                    pending.result()
                if not n:
                    return h.hexdigest(), size
                pending = hasher.submit(h.update, view[:n])
                _write_chunk(dst, view[:n])
                size += n
                self.bytes_done += n
                self._report(entry.relative_path)
        finally:
            if pending:
                pending.result()  # never leave the helper reading a buffer we drop


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
        fd = os.open(d, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
