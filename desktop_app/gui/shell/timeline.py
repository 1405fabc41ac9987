"""The order timeline: its events, newest first, in plain words with local times."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QListWidget, QListWidgetItem, QWidget

from desktop_app.domain import events as ev
from desktop_app.domain.events import Event
from desktop_app.domain.profile import DEFAULT_PROFILE, MarketplaceProfile
from desktop_app.domain.requests import KIND_LABELS, answer_window
from desktop_app.domain.timeline import describe_event
from desktop_app.domain.timeutil import local_text


def timeline_lines(events: list[Event], profile: MarketplaceProfile = DEFAULT_PROFILE
                   ) -> list[tuple[str, str]]:
    """(local time, words) per event, newest first."""
    lines = []
    deliveries = 0
    request_kinds: dict[str, str] = {}
    for event in events:
        words = describe_event(event)
        if event.kind == ev.DELIVERED:
            deliveries += 1
            words = words.replace("Delivered", f"Delivered (delivery #{deliveries})", 1)
        elif event.kind == ev.REQUEST_OPENED:
            words += _deadline(event, request_kinds, profile)
        elif event.kind == ev.REQUEST_ANSWERED:
            kind = request_kinds.get(event.data.get("request_id", ""))
            if kind:
                label = KIND_LABELS[kind].capitalize() if kind in KIND_LABELS else kind
                words = f"{label} r" + words[1:]
        lines.append((local_text(event.at), words))
    lines.reverse()
    return lines


def _deadline(event: Event, kinds: dict[str, str], profile: MarketplaceProfile) -> str:
    request = event.data.get("request", {})
    kind = request.get("kind", "")
    kinds[request.get("id", "")] = kind
    window = answer_window(kind, profile)
    return f" — answer due {local_text(event.at + window, '%a %H:%M')}" if window else ""


class TimelineView(QListWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("orderTimeline")
        self.setAccessibleName("Order timeline")
        self.setWordWrap(True)
        self.setAlternatingRowColors(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setUniformItemSizes(False)

    def show_events(self, events: list[Event]) -> None:
        self.clear()
        for when, words in timeline_lines(events):
            item = QListWidgetItem(f"{words}\n{when}")
            item.setToolTip(when)
            self.addItem(item)
