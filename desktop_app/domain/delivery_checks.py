"""Checks run before a delivery is sent: what blocks it, what the seller should see first.

Pure Python: works on staged-file descriptions, never touches the disk.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import PurePosixPath, PureWindowsPath
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desktop_app.domain.profile import MarketplaceProfile

# --- system junk ---------------------------------------------------------------

_JUNK_NAMES = frozenset({".ds_store", "thumbs.db", "desktop.ini"})


def is_system_junk(relative_path: str) -> bool:
    """True for files the OS leaves behind that a buyer should never receive.

    A trailing '/' marks a folder: ``is_system_junk("final/__MACOSX/")`` is True.
    """
    parts = relative_path.split("/")
    # Compare case-folded: Windows and default macOS volumes are case-insensitive.
    if any(part.casefold() == "__macosx" for part in parts[:-1]):
        return True
    name = parts[-1]
    return name.casefold() in _JUNK_NAMES or name.startswith("._")


# --- Windows-unfriendly names --------------------------------------------------

_RESERVED = frozenset(
    {"CON", "PRN", "AUX", "NUL"}
    | {f"COM{i}" for i in range(1, 10)}
    | {f"LPT{i}" for i in range(1, 10)}
)
_BAD_CHARS = re.compile(r'[<>:"/\\|?*\x00-\x1f]')
MAX_COMPONENT_UNITS = 255  # NTFS limit, counted in UTF-16 code units


def _utf16_units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _is_reserved(component: str) -> bool:
    # Windows ignores everything from the first dot, and spaces before it: "con .txt" is CON.
    return component.split(".", 1)[0].rstrip(" ").upper() in _RESERVED


def _component_problem(component: str) -> str | None:
    if _is_reserved(component):
        return f"“{component}” is a reserved name on Windows"
    if _BAD_CHARS.search(component):
        return f"“{component}” contains characters Windows does not allow (<>:\"/\\|?* or control)"
    if component.endswith((".", " ")):
        return f"“{component}” ends with a dot or a space, which Windows drops"
    if _utf16_units(component) > MAX_COMPONENT_UNITS:
        return f"“{component[:40]}…” is longer than Windows allows ({MAX_COMPONENT_UNITS})"
    return None


def windows_name_problem(name: str) -> str | None:
    """A sentence describing the first component of `name` a Windows buyer cannot open."""
    for component in name.split("/"):
        problem = _component_problem(component)
        if problem:
            return problem
    return None


def _truncate_units(text: str, limit: int) -> str:
    while _utf16_units(text) > limit:
        text = text[:-1]
    return text


def _suggest_component(component: str) -> str:
    fixed = _BAD_CHARS.sub("_", component).rstrip(". ") or "_"
    if _is_reserved(fixed):
        stem, dot, ext = fixed.partition(".")
        fixed = f"{stem.rstrip(' ')}_{dot}{ext}"
    if _utf16_units(fixed) > MAX_COMPONENT_UNITS:
        stem, dot, ext = fixed.rpartition(".")
        if not dot or _utf16_units(ext) > 20:  # no sensible extension to keep
            stem, dot, ext = fixed, "", ""
        room = MAX_COMPONENT_UNITS - _utf16_units(dot + ext)
        fixed = _truncate_units(stem, room).rstrip(". ") + dot + ext
    return fixed


def suggest_windows_name(name: str) -> str:
    """`name` with every component made safe for Windows (unchanged if already safe)."""
    return "/".join(_suggest_component(c) for c in name.split("/"))


# --- paths that must never reach the file system -------------------------------

MAX_COMPONENT_BYTES = 255  # ext4, APFS and most Unix file systems, counted in UTF-8


def shown_name(text: str) -> str:
    """`text` as the seller can read it: undecodable bytes shown as �."""
    try:
        raw = text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a lone UTF-16 surrogate (a Windows name), not a raw byte
        raw = text.encode("utf-8", "replace")
    return raw.decode("utf-8", "replace")


def path_problem(relative_path: str) -> str | None:
    """Why `relative_path` cannot be laid out inside a folder on every OS, or None.

    Judged as a POSIX and as a Windows path alike, so a delivery accepted on Linux
    cannot write outside its folder once synced to Windows ("C:/x", "\\\\server\\x").
    Characters Windows merely dislikes (a backslash, a colon) are not problems here:
    `portable_path` replaces them.
    """
    rel = relative_path
    if not rel:
        return "A file has no name"
    try:
        rel.encode("utf-8")
    except UnicodeEncodeError:  # undecodable bytes from the OS (an old zip's Latin-1 name)
        return (f"“{shown_name(rel)}” is not a UTF-8 name (perhaps from an old archive); "
                "rename it, then add it again")
    if "\x00" in rel:
        return f"“{rel.replace(chr(0), '?')}” contains a NUL character"
    win = PureWindowsPath(rel)
    if PurePosixPath(rel).is_absolute() or win.drive or win.root:
        return (f"“{rel}” names a drive or starts at a root folder; only names inside the "
                "delivery can be sent")
    if any(part in ("", ".", "..") for part in rel.split("/")):
        return f"“{rel}” has an empty, “.” or “..” part, which could leave its folder"
    return None


def _fit_bytes(component: str) -> str:
    if len(component.encode("utf-8")) <= MAX_COMPONENT_BYTES:
        return component
    stem, dot, ext = component.rpartition(".")
    if not dot or len(ext) > 20:
        stem, dot, ext = component, "", ""
    room = MAX_COMPONENT_BYTES - len((dot + ext).encode("utf-8"))
    while len(stem.encode("utf-8")) > room:
        stem = stem[:-1]
    return (stem.rstrip(". ") or "_") + dot + ext


def portable_path(relative_path: str) -> str:
    """The name a delivery's file is laid out or zipped under, the same on every OS.

    The seller's own name when it is safe everywhere; otherwise the name the
    "windows_name" warning suggested (reserved names, <>:"\\|?*, control characters,
    trailing dots replaced), cut to fit every file system. Raises ValueError for a
    path `path_problem` refuses: such a path is never laid out at all.
    """
    problem = path_problem(relative_path)
    if problem:
        raise ValueError(problem)
    return "/".join(_fit_bytes(_suggest_component(c)) for c in relative_path.split("/"))


# --- sizes ---------------------------------------------------------------------

_UNITS = ("KB", "MB", "GB", "TB")


def format_size(n: int) -> str:
    """Human size in binary units with the familiar labels: "0 bytes", "340 KB", "1.2 GB"."""
    if n < 1024:
        return "1 byte" if n == 1 else f"{n} bytes"
    value = float(n)
    for i, unit in enumerate(_UNITS):
        value /= 1024
        # KB without decimals; bigger units with one. Carry over when rounding reaches 1024.
        text = f"{value:.0f}" if unit == "KB" else f"{value:.1f}"
        if float(text) < 1024 or i == len(_UNITS) - 1:
            return f"{text} {unit}"
    raise AssertionError("unreachable")


# --- staged files and the report -----------------------------------------------


@dataclass(frozen=True)
class StagedFile:
    relative_path: str  # always '/'-separated, as the buyer will see it
    size: int
    sha256: str
    source: str  # original absolute path, for messages
    stored_path: str  # where the content-addressed copy lives


@dataclass(frozen=True)
class Issue:
    code: str  # stable: tests, CLI output and the GUI key on it
    message: str  # a sentence the seller reads
    paths: tuple[str, ...] = ()
    suggestion: str | None = None
    # The seller must explicitly confirm before delivering anyway.
    needs_confirmation: bool = False


@dataclass(frozen=True)
class FileDiff:
    added: list[str]
    changed: list[str]
    unchanged: list[str]
    removed: list[str]

    @property
    def nothing_changed(self) -> bool:
        return not (self.added or self.changed or self.removed)


@dataclass
class DeliveryReport:
    blocks: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    diff: FileDiff | None = None

    @property
    def can_deliver(self) -> bool:
        return not self.blocks

    @property
    def needs_confirmation(self) -> bool:
        return any(w.needs_confirmation for w in self.warnings)


def diff_files(previous: list[tuple[str, str]], current: list[tuple[str, str]]) -> FileDiff:
    """Compare two deliveries given as (relative_path, sha256) pairs."""
    before, after = dict(previous), dict(current)
    return FileDiff(
        added=sorted(p for p in after if p not in before),
        changed=sorted(p for p in after if p in before and before[p] != after[p]),
        unchanged=sorted(p for p in after if p in before and before[p] == after[p]),
        removed=sorted(p for p in before if p not in after),
    )


# --- the checks ----------------------------------------------------------------


def too_large_problem(total: int, profile: MarketplaceProfile) -> str | None:
    """The sentence refusing a delivery of `total` bytes, or None when it fits.

    Staging asks this of its plan before copying, the checks of the staged files."""
    if profile.max_delivery_bytes is None or total <= profile.max_delivery_bytes:
        return None  # a marketplace that publishes no limit gets none
    return (f"The files add up to {format_size(total)}; {profile.name} accepts at most "
            f"{format_size(profile.max_delivery_bytes)} per delivery. Share the largest "
            "files through a download link instead.")


def _blocks(
    files: list[StagedFile], message: str, allows: bool, reason: str, profile: MarketplaceProfile
) -> list[Issue]:
    blocks = []
    if not allows:
        blocks.append(Issue("status", reason or "This order cannot be delivered in its status."))
    if not message.strip():
        blocks.append(Issue("empty_message", "Write a message to the buyer before delivering."))
    too_large = too_large_problem(sum(f.size for f in files), profile)
    if too_large:
        blocks.append(Issue("too_large", too_large, tuple(f.relative_path for f in files)))
    for f in files:
        problem = path_problem(f.relative_path)
        if problem:
            blocks.append(Issue("unsafe_name", f"{problem}.", (f.relative_path,)))
    return blocks


def _size_warnings(files: list[StagedFile], profile: MarketplaceProfile) -> list[Issue]:
    warnings = []
    limit = profile.large_file_warning_bytes
    for f in files:
        if f.size > limit:
            warnings.append(
                Issue(
                    "large_file",
                    f"{f.relative_path} is {format_size(f.size)}; files over "
                    f"{format_size(limit)} are slow to upload and for the buyer to download.",
                    (f.relative_path,),
                )
            )
    empty = tuple(f.relative_path for f in files if f.size == 0)
    if empty:
        warnings.append(
            Issue("empty_file", "These files are empty (0 bytes); the buyer will see nothing.",
                  empty)
        )
    return warnings


def _content_warnings(files: list[StagedFile]) -> list[Issue]:
    by_hash: dict[str, list[str]] = defaultdict(list)
    for f in files:
        if f.size:  # empty files already have their own warning
            by_hash[f.sha256].append(f.relative_path)
    warnings = [
        Issue("duplicate_content", "These files have identical content: "
              + ", ".join(paths) + ".", tuple(paths))
        for paths in by_hash.values() if len(paths) > 1
    ]
    by_name: dict[str, list[str]] = defaultdict(list)
    for f in files:
        by_name[f.relative_path.casefold()].append(f.relative_path)
    # Not in the original code list: same-named files overwrite each other once unzipped.
    warnings += [
        Issue("duplicate_name", "Several files would have the same name for the buyer: "
              + paths[0] + ".", tuple(paths))
        for paths in by_name.values() if len(paths) > 1
    ]
    return warnings


def _name_warnings(files: list[StagedFile]) -> list[Issue]:
    warnings = []
    for f in files:
        problem = None if path_problem(f.relative_path) else windows_name_problem(f.relative_path)
        if problem:
            suggestion = suggest_windows_name(f.relative_path)
            warnings.append(
                Issue("windows_name", f"{problem}; rename it to “{suggestion}” so buyers on "
                      "Windows can open it.", (f.relative_path,), suggestion)
            )
    return warnings


def _history_warnings(files: list[StagedFile], diff: FileDiff | None) -> list[Issue]:
    if not files:
        return [
            Issue("no_files", "This delivery has no files. It needs an explicit confirmation: "
                  "deliveries without files risk a false-delivery warning.",
                  needs_confirmation=True)
        ]
    if diff is not None and diff.nothing_changed:
        return [
            Issue("unchanged_redelivery", "Every file is identical to the previous delivery. "
                  "Redelivering unchanged work usually leads to another revision request or a "
                  "dispute; attach the revised files.", tuple(diff.unchanged),
                  needs_confirmation=True)
        ]
    return []


def check_delivery(
    files: list[StagedFile],
    message: str,
    *,
    status_allows_delivery: bool,
    status_reason: str,
    previous_files: list[tuple[str, str]] | None,
    profile: MarketplaceProfile,
) -> DeliveryReport:
    """Blocks stop the delivery; warnings are shown first and some need confirmation.

    Tone findings about the message are added by the caller.
    """
    diff = None
    if previous_files is not None:
        diff = diff_files(previous_files, [(f.relative_path, f.sha256) for f in files])
    warnings = (
        _history_warnings(files, diff)
        + _size_warnings(files, profile)
        + _content_warnings(files)
        + _name_warnings(files)
    )
    blocks = _blocks(files, message, status_allows_delivery, status_reason, profile)
    return DeliveryReport(blocks=blocks, warnings=warnings, diff=diff)
