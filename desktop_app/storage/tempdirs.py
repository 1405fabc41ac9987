"""Staging's temp folders under `files/tmp`, and the sweep of those a dead process left.

Each staging call works in a folder of its own, `tmp/<uuid>/`, and holds an OS lock on
its `.lock` file while it runs. The OS drops that lock when the process ends, however it
ends (a kill, a crash, a power cut), so a folder whose lock can be taken belongs to no
live process and can go: the sweep never touches another running staging's temps, and
cleans a killed one's at the next open, not a day later. A folder without a lock file
(being created this instant, or left by an older version) goes only once it is old.
"""

from __future__ import annotations

import contextlib
import os
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

LOCK_NAME = ".lock"
UNLOCKED_MAX_AGE_S = 3600  # a folder with no lock file: surely no staging's after an hour
# A lock file is created, then locked: one younger than this may be a live staging's
# between those two steps.
LOCK_GRACE_S = 5

if os.name == "nt":
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False
        return True


@contextlib.contextmanager
def run_folder(tmp_dir: Path) -> Iterator[Path]:
    """A fresh folder for one staging's temps, locked while the block runs, then removed."""
    folder = tmp_dir / uuid.uuid4().hex
    folder.mkdir()
    fd = os.open(folder / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        if not _try_lock(fd):  # a fresh uuid: nobody else can hold it
            raise OSError(f"cannot lock {folder / LOCK_NAME}")
        yield folder
    finally:
        os.close(fd)  # releases the lock
        with contextlib.suppress(OSError):
            remove_tree(folder)


def sweep(tmp_dir: Path, *, now: float | None = None) -> list[str]:
    """Remove what dead stagings left in `tmp_dir`; return the names removed."""
    now = time.time() if now is None else now
    removed = []
    try:
        entries = list(os.scandir(tmp_dir))
    except OSError:
        return removed
    for entry in entries:
        with contextlib.suppress(OSError):
            if _abandoned(entry, now):
                _remove(Path(entry.path), tmp_dir)
                removed.append(entry.name)
    return sorted(removed)


def _abandoned(entry: os.DirEntry, now: float) -> bool:
    if entry.is_symlink() or not entry.is_dir(follow_symlinks=False):
        return now - entry.stat(follow_symlinks=False).st_mtime > UNLOCKED_MAX_AGE_S
    lock = Path(entry.path) / LOCK_NAME
    try:
        fd = os.open(lock, os.O_RDWR)
    except FileNotFoundError:
        return _newest_mtime(Path(entry.path)) < now - UNLOCKED_MAX_AGE_S
    try:
        if os.fstat(fd).st_mtime > now - LOCK_GRACE_S:
            return False
        return _try_lock(fd)  # taken: its owner is gone; released again on close
    finally:
        os.close(fd)


def _newest_mtime(folder: Path) -> float:
    newest = folder.stat().st_mtime
    for path in folder.rglob("*"):
        with contextlib.suppress(OSError):
            newest = max(newest, path.lstat().st_mtime)
    return newest


def _remove(path: Path, tmp_dir: Path) -> None:
    if path.parent == tmp_dir:  # only a direct child of tmp/
        remove_tree(path)


def remove_tree(path: Path) -> None:
    """Delete `path` and everything under it, never through a link (a link is removed,
    not entered), with a stack of its own: shutil.rmtree recurses, and a delivery of a
    folder 1,200 levels deep would exhaust the recursion limit."""
    if path.is_symlink() or not path.is_dir():
        path.unlink(missing_ok=True)
        return
    stack: list[tuple[Path, bool]] = [(path, False)]  # (folder, its children are gone)
    while stack:
        folder, emptied = stack.pop()
        if emptied:
            folder.rmdir()
            continue
        stack.append((folder, True))
        with os.scandir(folder) as it:
            for entry in it:
                if entry.is_dir(follow_symlinks=False):
                    stack.append((Path(entry.path), False))
                else:
                    os.unlink(entry.path)
