"""The sentences the delivery pane shows: progress, staging notices, diff, checks."""

from __future__ import annotations

import html

from desktop_app.domain.delivery_checks import DeliveryReport, FileDiff, format_size
from desktop_app.domain.wording import plural
from desktop_app.services.delivery import StageProgress, StageResult

_LIST_MAX = 3
COPYING_SUMMARY = "Copying the dropped files: they are listed here once copied and checked."


def _names(paths: list[str], *, basename: bool = False) -> str:
    shown = [p.rsplit("/", 1)[-1] if basename else p for p in paths[:_LIST_MAX]]
    return ", ".join(shown) + ("…" if len(paths) > _LIST_MAX else "")


def time_left(done: int, total: int, elapsed: float) -> str:
    if done <= 0 or elapsed < 0.5:
        return "estimating time left"
    seconds = (total - done) / (done / elapsed)
    if seconds < 1:
        return "less than a second left"
    if seconds < 90:
        return f"about {seconds:.0f} s left"
    return f"about {seconds / 60:.0f} min left"


def progress_text(p: StageProgress, elapsed: float) -> str:
    head = (f"Copying {format_size(p.bytes_done)} of {format_size(p.bytes_total)} · "
            f"file {min(p.files_done + 1, p.files_total):,} of {p.files_total:,} · "
            f"{time_left(p.bytes_done, p.bytes_total, elapsed)}")
    return f"{head}\n{p.current}" if p.current else head


def staging_notice(result: StageResult, replaced: list[str]) -> str:
    parts = []
    if result.files:
        parts.append(f"Added {plural(len(result.files), 'file')} "
                     f"({format_size(result.total_bytes)}).")
    elif not result.missing:
        parts.append("No file was added.")
    if replaced:
        parts.append(f"Replaced {plural(len(replaced), 'earlier file')} with the new version: "
                     f"{_names(replaced)}.")
    if result.skipped_junk:
        parts.append(f"Skipped {plural(len(result.skipped_junk), 'system file')}: "
                     f"{_names(result.skipped_junk, basename=True)}")
    if result.skipped_links:
        parts.append(f"Did not follow {plural(len(result.skipped_links), 'link')} pointing "
                     f"outside the dropped folder: {_names(result.skipped_links)}.")
    if result.looping_links:
        parts.append(f"Did not follow {plural(len(result.looping_links), 'link')} looping "
                     f"back into its own folder: {_names(result.looping_links)}.")
    if result.unreadable:
        listed = [f"{rel} ({why})" for rel, why in result.unreadable]
        parts.append(f"Could not read {plural(len(listed), 'file')}: {_names(listed)}.")
    if result.missing:
        parts.append(f"Not found (moved or deleted?): {_names(result.missing)}.")
    return " ".join(parts)


def diff_summary(diff: FileDiff | None, count: int, total: int, previous: int) -> str:
    head = f"{plural(count, 'file')}, {format_size(total)}"
    if not count:
        before = f" Delivery #{previous} had {len(diff.removed)}." if diff else ""
        return "No files yet: drop the revised files above." + before
    if diff is None:
        return head
    changes = [f"{len(paths)} {word}" for paths, word in (
        (diff.added, "new"), (diff.changed, "changed"), (diff.unchanged, "unchanged"),
        (diff.removed, "removed")) if paths]
    return f"{head} — compared with delivery #{previous}: " + (", ".join(changes) or "empty")


def issue_html(report: DeliveryReport, red: str = "#B3261E") -> str:
    """Blocks first (they stop the delivery), then warnings; one line each."""
    lines = [f"<span style='color:{red}'><b>Cannot deliver:</b> {html.escape(b.message)}</span>"
             for b in report.blocks]
    lines += [f"⚠ {html.escape(w.message)}" for w in report.warnings]
    if not lines:
        return "✓ Ready to deliver: no problem found."
    return "<br>".join(lines)
