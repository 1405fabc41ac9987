"""The quick pre-walk of dropped files and folders: what to copy, what to skip, how much.

Only stats and folder listings, no reading: fast enough to show "12 files, 1.1 GB" at
once and to give staging its progress totals.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from desktop_app.domain.delivery_checks import is_system_junk


@dataclass(frozen=True)
class PlannedFile:
    relative_path: str  # '/'-separated, starting with the dropped item's own name
    path: Path  # absolute, as dropped (links not resolved)
    size: int


@dataclass
class DropPlan:
    files: list[PlannedFile] = field(default_factory=list)
    skipped_junk: list[str] = field(default_factory=list)
    skipped_links: list[str] = field(default_factory=list)  # links leaving the folder, loops
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
        if not path.exists():
            plan.missing.append(str(source))
        elif path.is_dir():
            top = path.resolve()
            _walk(plan, path, path.name, top, {top})
        else:
            _add_file(plan, path, path.name)
    return plan


def reason_of(exc: OSError) -> str:
    """The system's words for a failed file operation ("Permission denied")."""
    return exc.strerror or str(exc)


def _add_file(plan: DropPlan, path: Path, rel: str) -> None:
    if is_system_junk(rel):
        plan.skipped_junk.append(rel)
        return
    try:
        st = path.stat()
    except OSError as exc:
        plan.unreadable.append((rel, reason_of(exc)))
        return
    if not path.is_file():  # a FIFO or device would block or never end
        plan.unreadable.append((rel, "not a regular file"))
        return
    plan.files.append(PlannedFile(rel, path, st.st_size))


def _walk(plan: DropPlan, folder: Path, rel: str, top: Path, ancestors: set[Path]) -> None:
    try:
        with os.scandir(folder) as it:
            children = sorted(it, key=lambda e: e.name)
    except OSError as exc:
        plan.unreadable.append((rel, reason_of(exc)))
        return
    for child in children:
        child_rel = f"{rel}/{child.name}"
        path = Path(child.path)
        is_dir = child.is_dir(follow_symlinks=False)
        if is_system_junk(child_rel + "/" if is_dir else child_rel):
            plan.skipped_junk.append(child_rel)  # a junk folder is listed once, not walked
        elif child.is_symlink():
            _follow_link(plan, path, child_rel, top, ancestors)
        elif is_dir:
            _walk(plan, path, child_rel, top, ancestors | {path.resolve()})
        else:
            _add_file(plan, path, child_rel)


def _follow_link(plan: DropPlan, path: Path, rel: str, top: Path, ancestors: set[Path]) -> None:
    target = path.resolve()
    # Outside the dropped folder it could be anything (home, system files);
    # a link to one of its own ancestors would loop forever.
    if not target.is_relative_to(top) or target in ancestors:
        plan.skipped_links.append(rel)
    elif target.is_dir():
        _walk(plan, path, rel, top, ancestors | {target})
    else:
        _add_file(plan, path, rel)
