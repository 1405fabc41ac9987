"""What the status-bar sync indicator says: one short line, a tooltip, a warning flag.

Plain Python so every wording can be tested without a window.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from desktop_app.domain.timeutil import parse_ts, utc_now
from desktop_app.domain.wording import plural
from desktop_app.services.sync import SyncConflict
from desktop_app.services.sync_files import describe_progress


@dataclass
class SyncState:
    server: str | None = None  # None: not set up
    pending: int = 0
    last_synced: str | None = None  # the stored UTC timestamp text
    conflicts: list[SyncConflict] = field(default_factory=list)
    running: bool = False
    error: str | None = None
    offline: bool = False  # the server did not answer: rounds are retried
    last_round: str | None = None  # "pushed 3, pulled 0, 0 conflicts"
    progress: tuple[str, int, int | None] | None = None  # of the running round: sync.Progress


@dataclass(frozen=True)
class Indicator:
    text: str
    tooltip: str
    warn: bool


def ago(when: datetime, now: datetime) -> str:
    seconds = max(0, int((now - when).total_seconds()))
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        return f"{seconds // 60} min ago"
    if seconds < 86400:
        return f"{seconds // 3600} h ago"
    return f"on {when.astimezone():%d %b %Y}"


def describe(state: SyncState, now: datetime | None = None) -> Indicator:
    if state.server is None:
        return Indicator("Sync: not set up",
                         "Sync is off: GigDesk works on this computer only. Choose Sync "
                         "settings… to keep your orders the same on several computers.", False)
    now = now or utc_now()
    last = parse_ts(state.last_synced) if state.last_synced else None
    text, warn = _main_text(state, last, now)
    if state.conflicts:
        text = f"{plural(len(state.conflicts), 'conflict')} · {text}"
        warn = True
    return Indicator(text, _tooltip(state, last), warn)


def _main_text(state: SyncState, last: datetime | None, now: datetime) -> tuple[str, bool]:
    pending = state.pending
    if state.running:
        return _running_text(state), False
    if state.offline:
        return (f"Offline — {pending:,} pending (retrying)" if pending
                else "Offline (retrying)"), True
    if state.error:
        return (f"Sync failed — {pending:,} pending" if pending else "Sync failed"), True
    if pending:
        return f"Sync: {pending:,} pending", False
    if last is None:
        return "Not synced yet", False
    return f"Synced {ago(last, now)}", False


def _running_text(state: SyncState) -> str:
    if state.progress is not None:
        return f"Syncing… {describe_progress(*state.progress)}"
    pending = state.pending
    return f"Syncing {plural(pending, 'change')}…" if pending else "Syncing…"


def _tooltip(state: SyncState, last: datetime | None) -> str:
    lines = []
    if state.error:
        lines.append(state.error)
        if state.offline:
            lines.append("Your changes are kept on this computer and sent when the "
                         "server answers again.")
    lines.append(f"Server: {state.server}")
    lines.append("Last synced: " + (f"{last.astimezone():%d %b %Y %H:%M}" if last
                                     else "never"))
    if state.pending:
        lines.append(f"{plural(state.pending, 'change')} waiting to be sent")
    if state.last_round:
        lines.append(f"Last round: {state.last_round}")
    if state.conflicts:
        lines.append(f"{plural(len(state.conflicts), 'conflict')} to resolve: choose "
                     "Sync conflicts…")
    return "\n".join(lines)
