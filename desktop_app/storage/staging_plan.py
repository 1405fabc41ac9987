"""The quick pre-walk of dropped files and folders: what to copy, what to skip, how much.

Only stats and folder listings, no reading: fast enough to show "12 files, 1.1 GB" at
once and to give staging its progress totals.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from desktop_app.domain.delivery_checks import is_system_junk, shown_name


@dataclass(frozen=True)
class PlannedFile:
    relative_path: str  # '/'-separated, starting with the dropped item's own name
    path: Path  # absolute, as dropped (links not resolved)
    size: int
    mtime_ns: int = 0  # with `size`: how staging tells a file that changed while copied


@dataclass
class DropPlan:
    files: list[PlannedFile] = field(default_factory=list)
    skipped_junk: list[str] = field(default_factory=list)
    skipped_links: list[str] = field(default_factory=list)  # links leaving the folder
    looping_links: list[str] = field(default_factory=list)  # links back into their own path
    unreadable: list[tuple[str, str]] = field(default_factory=list)  # (relative path, reason)
    missing: list[str] = field(default_factory=list)  # dropped paths that do not exist

    @property
    def total_bytes(self) -> int:
        return sum(f.size for f in self.files)


def plan_drop(sources: list[Path]) -> DropPlan:
    """Walk the dropped items. Dropping folder `final/` gives `final/logo.svg`, ..."""
    plan = DropPlan()
    for source in sources:
        path = Path(os.path.abspath(source))  # keep the dropped name, even for a link
        if path.is_symlink() and _resolved(path) is None:
            plan.looping_links.append(str(source))
        elif not path.exists():
            plan.missing.append(str(source))
        elif path.is_dir():
            _walk(plan, path, path.name, path.resolve())
        else:
            _add_file(plan, path, path.name)
    return plan


def reason_of(exc: OSError) -> str:
    """The system's words for a failed file operation ("Permission denied")."""
    return exc.strerror or str(exc)


def _add_file(plan: DropPlan, path: Path, rel: str) -> None:
    if is_system_junk(rel):
        plan.skipped_junk.append(shown_name(rel))
        return
    if shown_name(rel) != rel:  # undecodable bytes: no database, zip or window can hold it
        plan.unreadable.append((shown_name(rel), "its name is not UTF-8 (perhaps from an old "
                                                  "archive); rename it"))
        return
    try:
        st = path.stat()
    except OSError as exc:
        plan.unreadable.append((rel, reason_of(exc)))
        return
    if not stat.S_ISREG(st.st_mode):  # a FIFO or device would block or never end
        plan.unreadable.append((rel, "not a regular file"))
        return
    plan.files.append(PlannedFile(rel, path, st.st_size, st.st_mtime_ns))


@dataclass
class _Level:
    """One folder being walked: its remaining children, and its identity on disk."""

    children: Iterator[os.DirEntry]
    rel: str
    key: tuple[int, int] | None


def _walk(plan: DropPlan, folder: Path, rel: str, top: Path) -> None:
    """Depth first in name order, with a stack of its own: a folder nested thousands of
    levels deep must not exhaust Python's recursion limit. `inside` holds the folders on
    the current path (device, inode): a link to one of them would loop forever."""
    stack: list[_Level] = []
    inside: set[tuple[int, int]] = set()

    def enter(path: Path, rel: str) -> None:
        key = _key(path)
        if key is not None:
            inside.add(key)
        stack.append(_Level(_listing(plan, path, rel), rel, key))

    enter(folder, rel)
    while stack:
        level = stack[-1]
        child = next(level.children, None)
        if child is None:
            stack.pop()
            inside.discard(level.key)
            continue
        child_rel = f"{level.rel}/{child.name}"
        path = Path(child.path)
        is_dir = child.is_dir(follow_symlinks=False)
        if is_system_junk(child_rel + "/" if is_dir else child_rel):
            # A junk folder is listed once, not walked.
            plan.skipped_junk.append(shown_name(child_rel))
        elif child.is_symlink():
            target = _resolved(path)
            if target is None or (target.is_dir() and _key(target) in inside):
                plan.looping_links.append(shown_name(child_rel))
            elif not target.is_relative_to(top):
                # Outside the dropped folder it could be anything (home, system files).
                plan.skipped_links.append(shown_name(child_rel))
            elif target.is_dir():
                enter(path, child_rel)
            else:
                _add_file(plan, path, child_rel)
        elif is_dir:
            enter(path, child_rel)
        else:
            _add_file(plan, path, child_rel)


def _listing(plan: DropPlan, folder: Path, rel: str) -> Iterator[os.DirEntry]:
    try:
        with os.scandir(folder) as it:
            return iter(sorted(it, key=lambda e: e.name))
    except OSError as exc:
        plan.unreadable.append((rel, reason_of(exc)))
        return iter(())


def _key(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_dev, st.st_ino


def _resolved(link: Path) -> Path | None:
    """Where a link leads, or None when links lead back to each other (a→b→a)."""
    try:
        return link.resolve()
    except (RuntimeError, OSError):  # Python 3.11 raises RuntimeError on a loop, 3.13 OSError
        return None
