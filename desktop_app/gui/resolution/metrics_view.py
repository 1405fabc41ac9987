"""The seller's numbers: rates, lateness, cancellations, the 180-day chart and a what-if.

Figures come from the same domain functions as `gigdesk stats`, so the window
and the command line agree. They read and count every order, so they run on the
window's CPU runner (tasks.cpu), never on the GUI thread: the reading with a
progress dialog after a moment and Cancel (checked between its steps), the
what-if on each choice of order.

Signals:
    refreshed(): the figures on screen are up to date.
    what_if_shown(): the what-if line shows the order chosen now.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import partial

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.errors import LifecycleError
from desktop_app.domain.metrics import completion_series, compute
from desktop_app.gui.resolution.rate_chart import RateChart
from desktop_app.gui.shell.crash import report
from desktop_app.gui.shell.long_work import LongTask
from desktop_app.gui.shell.tasks import Tasks
from desktop_app.gui.shell.theme import error_style
from desktop_app.services.impact import what_if
from desktop_app.services.orders import NotFound, OrderBook
from desktop_app.services.stats import order_facts

FIGURES = (  # (stats key, objectName, caption)
    ("completion_rate", "completionRateValue", "Completion rate (60 days)"),
    ("on_time_rate", "onTimeRateValue", "Delivered on time"),
    ("revision_rate", "revisionRateValue", "Deliveries with a revision"),
    ("late", "lateValue", "Late now"),
    ("very_late", "veryLateValue", "Very late now (24 h+)"),
    ("cancelled_counted", "cancelledCountedValue", "Cancellations counted"),
    ("cancelled_exempt", "cancelledExemptValue", "Cancellations exempt"),
)
WHAT_IF_REQUEST = {"kind": "cancellation", "reason": "what-if", "by": "seller"}


@dataclass(frozen=True)
class MetricsData:
    stats: dict
    series: list[tuple[datetime, float | None]]
    active_refs: list[str]


def percent(rate: float | None) -> str:
    return "—" if rate is None else f"{rate * 100:.1f}%"


class MetricsCancelled(Exception):  # noqa: N818 - a request, not a failure
    """The seller cancelled the count: the figures shown stay as they were."""


def gather(book: OrderBook, now: datetime, progress: Callable[[int, int], None] | None = None,
           cancel: threading.Event | None = None) -> MetricsData:
    """Everything the view shows, read in one pass (on a worker thread).

    Three steps (read, count, chart), with a cancel check and a report between them.
    """
    def step(done: int) -> None:
        if cancel is not None and cancel.is_set():
            raise MetricsCancelled()
        if progress is not None:
            progress(done, 3)

    step(0)
    facts = order_facts(book.db)
    step(1)
    stats = compute(facts, now, book.profile)
    step(2)
    series = completion_series(facts, now, 180, book.profile)
    step(3)
    return MetricsData(stats, series, sorted(f.ref for f in facts if not f.status.is_final))


class MetricsView(QWidget):
    refreshed = Signal()
    what_if_shown = Signal()

    def __init__(self, book: OrderBook, parent: QWidget | None = None, *,
                 clock: Callable[[], datetime] | None = None, tasks: Tasks | None = None):
        super().__init__(parent)
        self.setObjectName("metricsView")
        self.setAccessibleName("Seller metrics")
        self.book = book
        self.clock = clock or book.clock
        # The window's runners; a view built alone (tests) has its own, stopped by shutdown().
        self._owns_tasks = tasks is None
        self.tasks = tasks or Tasks(self)
        self.task: LongTask | None = None  # the count running now
        self._what_if_for: str | None = None  # the ref whose what-if is being computed
        self.data: MetricsData | None = None
        self.values: dict[str, QLabel] = {}
        self._build()

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        grid = QGridLayout()
        for index, (key, name, caption) in enumerate(FIGURES):
            grid.addWidget(self._figure(key, name, caption), index // 4, index % 4)
        layout.addLayout(grid)
        self.exempt_reasons = QLabel()
        self.exempt_reasons.setObjectName("exemptByReason")
        self.exempt_reasons.setAccessibleName("Exempt cancellations by reason")
        self.exempt_reasons.setWordWrap(True)
        layout.addWidget(self.exempt_reasons)
        self.chart = RateChart(self)
        layout.addWidget(self.chart, 1)
        layout.addLayout(self._build_what_if())

    def _figure(self, key: str, name: str, caption: str) -> QFrame:
        card = QFrame()
        card.setFrameShape(QFrame.Shape.StyledPanel)
        box = QVBoxLayout(card)
        value = QLabel("—")
        value.setObjectName(name)
        value.setAccessibleName(caption)
        font = value.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        value.setFont(font)
        label = QLabel(caption)
        label.setWordWrap(True)
        box.addWidget(value)
        box.addWidget(label)
        self.values[key] = value
        return card

    def _build_what_if(self) -> QHBoxLayout:
        row = QHBoxLayout()
        caption = QLabel("What if I cancelled")
        self.what_if_combo = QComboBox()
        self.what_if_combo.setObjectName("whatIfOrderCombo")
        self.what_if_combo.setAccessibleName("Active order to cancel, in theory")
        self.what_if_combo.setMinimumContentsLength(12)
        caption.setBuddy(self.what_if_combo)
        self.what_if_result = QLabel()
        self.what_if_result.setObjectName("whatIfResult")
        self.what_if_result.setAccessibleName("Completion rate if that order were cancelled")
        self.what_if_result.setWordWrap(True)
        self.what_if_combo.currentTextChanged.connect(self.show_what_if)
        row.addWidget(caption)
        row.addWidget(self.what_if_combo)
        row.addWidget(self.what_if_result, 1)
        return row

    # --- reading ------------------------------------------------------------------

    def refresh(self) -> LongTask | None:
        """Count again on the CPU runner (one count at a time)."""
        if self.task is not None:
            return None
        self.task = LongTask(self.tasks, self.tasks.cpu, self, "Metrics",
                             "Counting your orders…")
        self.task.start(partial(gather, self.book, self.clock()), self._show,
                        self._on_failed, self._on_cancelled)
        return self.task

    def _on_failed(self, exc: BaseException) -> None:
        self.task = None
        report(self, exc)

    def _on_cancelled(self) -> None:
        self.task = None
        self.exempt_reasons.setText("Cancelled: the figures were not counted again.")

    def _show(self, data: MetricsData) -> None:
        self.task = None
        self.data = data
        stats = data.stats
        for key, label in self.values.items():
            value = stats[key]
            label.setText(percent(value) if key.endswith("_rate") else str(value))
        rate = stats["completion_rate"]
        num, den = self.book.profile.completion_rate_warning
        below = rate is not None and rate < num / den
        self.values["completion_rate"].setStyleSheet(error_style() if below else "")
        reasons = stats.get("exempt_by_reason") or {}
        self.exempt_reasons.setText(
            "Exempt: " + "; ".join(f"{why} ({count})" for why, count in sorted(reasons.items()))
            if reasons else "No exempt cancellations in the last 60 days.")
        self.chart.set_series(data.series, num / den)
        self._fill_combo(data.active_refs)
        self.refreshed.emit()

    def _fill_combo(self, refs: list[str]) -> None:
        current = self.what_if_combo.currentText()
        self.what_if_combo.blockSignals(True)
        self.what_if_combo.clear()
        self.what_if_combo.addItems(refs)
        if current in refs:
            self.what_if_combo.setCurrentText(current)
        self.what_if_combo.blockSignals(False)
        self.show_what_if(self.what_if_combo.currentText())

    def show_what_if(self, ref: str) -> None:
        """Compute on the CPU runner; a choice made meanwhile wins over an older one."""
        if not ref:
            self.what_if_result.setText("No active order to try.")
            self.what_if_shown.emit()
            return
        self._what_if_for = ref
        self.what_if_result.setText("Counting…")
        self.tasks.cpu.run(partial(what_if, self.book, ref, WHAT_IF_REQUEST, self.clock()),
                           partial(self._show_what_if, ref),
                           partial(self._what_if_failed, ref))

    def _what_if_failed(self, ref: str, exc: BaseException) -> None:
        if ref != self._what_if_for:
            return
        if isinstance(exc, LifecycleError | NotFound):
            self.what_if_result.setText(str(exc))
            self.what_if_shown.emit()
        else:
            report(self, exc)

    def _show_what_if(self, ref: str, impact) -> None:
        if ref != self._what_if_for:
            return  # an older choice's answer
        text = f"completion rate {percent(impact.rate_before)} → {percent(impact.rate_after)}"
        if impact.below_threshold:
            text += f" \u26a0 below {impact.threshold * 100:.0f}%"
        self.what_if_result.setText(text)
        self.what_if_result.setStyleSheet(error_style() if impact.below_threshold else "")
        self.what_if_result.setAlignment(Qt.AlignmentFlag.AlignVCenter)
        self.what_if_shown.emit()

    def shutdown(self) -> None:
        """Cancel the count; a view with its own runners waits for them."""
        if self.task is not None:
            self.task.request_cancel()
        if self._owns_tasks:
            self.tasks.stop()
