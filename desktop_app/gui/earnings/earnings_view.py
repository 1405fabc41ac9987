"""The seller's earnings: pending clearance, available and this month's net, per
currency, and a chart of net earnings per month for the currency chosen.

Figures come from services.earnings, as `gigdesk earnings` prints them, so the window
and the command line agree. Reading them loads every completed order, so it runs on
the window's CPU runner (tasks.cpu), never on the GUI thread. Amounts in different
currencies are never added together: each currency has its own row and its own chart.

Signals:
    refreshed(): the figures on screen are up to date.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import partial

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.earnings import EarningsSummary
from desktop_app.gui.earnings.earnings_chart import EarningsChart
from desktop_app.gui.shell.crash import report
from desktop_app.gui.shell.tasks import Tasks
from desktop_app.services.earnings import caveats, compute_earnings, set_fast_clearance
from desktop_app.services.orders import OrderBook

COLUMNS = (  # (attribute of CurrencyEarnings, caption, what it means)
    ("pending_minor", "Pending clearance", "Completed, not cleared yet"),
    ("available_minor", "Available", "Cleared: yours to withdraw"),
    ("month_net_minor", "This month (net)", "Net of the orders completed this month"),
)


def month_name(month: str) -> str:
    return datetime(int(month[:4]), int(month[5:7]), 1).strftime("%B %Y")


class EarningsView(QWidget):
    refreshed = Signal()

    def __init__(self, book: OrderBook, parent: QWidget | None = None, *,
                 clock: Callable[[], datetime] | None = None, tasks: Tasks | None = None):
        super().__init__(parent)
        self.setObjectName("earningsView")
        self.setAccessibleName("Earnings")
        self.book = book
        self.clock = clock or book.clock
        self._owns_tasks = tasks is None
        self.tasks = tasks or Tasks(self)
        self.busy = False
        self._again = False  # the setting changed while a count ran
        self.summary: EarningsSummary | None = None
        self.cells: dict[tuple[str, str], QLabel] = {}  # (currency, attribute) -> value
        self._build()

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(10)
        self.heading = QLabel("Earnings")
        self.heading.setObjectName("earningsHeading")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.heading.setFont(font)
        layout.addWidget(self.heading)
        self.table_frame = QFrame()
        self.table_frame.setFrameShape(QFrame.Shape.StyledPanel)
        self.grid = QGridLayout(self.table_frame)
        self.grid.setHorizontalSpacing(28)
        self.grid.setVerticalSpacing(6)
        layout.addWidget(self.table_frame)
        self.notes = QLabel()
        self.notes.setObjectName("earningsNotes")
        self.notes.setAccessibleName("About these figures")
        self.notes.setWordWrap(True)
        layout.addWidget(self.notes)
        self.fast_check = QCheckBox("I am Top Rated, Pro or Seller Plus on Fiverr "
                                    "(earnings clear in &7 days, not 14)")
        self.fast_check.setObjectName("fastClearanceCheck")
        self.fast_check.setAccessibleName("Top Rated, Pro or Seller Plus: faster clearance")
        self.fast_check.toggled.connect(self._set_fast)
        layout.addWidget(self.fast_check)
        row = QHBoxLayout()
        caption = QLabel("&Chart currency:")
        self.currency_combo = QComboBox()
        self.currency_combo.setObjectName("earningsCurrencyCombo")
        self.currency_combo.setAccessibleName("Currency of the chart")
        self.currency_combo.setMinimumContentsLength(5)
        caption.setBuddy(self.currency_combo)
        self.currency_combo.currentTextChanged.connect(self._show_chart)
        row.addWidget(caption)
        row.addWidget(self.currency_combo)
        row.addStretch(1)
        layout.addLayout(row)
        self.chart = EarningsChart(self)
        layout.addWidget(self.chart, 1)

    # --- reading ------------------------------------------------------------------

    def refresh(self) -> bool:
        """Read again on the CPU runner (one read at a time); False when one runs."""
        if self.busy:
            return False
        self.busy = True
        self.notes.setText("Counting your earnings…")
        self.tasks.cpu.run(partial(compute_earnings, self.book.db, self.clock()), self._show,
                           self._on_failed)
        return True

    def _set_fast(self, on: bool) -> None:
        """Remember the setting (on the write runner), then count again."""
        self.tasks.writes.run(partial(set_fast_clearance, self.book.db, on),
                              lambda _none: self._refresh_after_write(),
                              partial(report, self))

    def _refresh_after_write(self) -> None:
        if not self.refresh():  # a count is running: count once more after it
            self._again = True

    def _on_failed(self, exc: BaseException) -> None:
        self.busy = False
        self.notes.setText("The earnings could not be counted.")
        report(self, exc)

    def _show(self, summary: EarningsSummary) -> None:
        self.busy = False
        if self._again:
            self._again = False
            self.refresh()
            return
        self.summary = summary
        self.fast_check.blockSignals(True)
        self.fast_check.setChecked(summary.fast)
        self.fast_check.blockSignals(False)
        self.heading.setText(f"Earnings — {month_name(summary.month)}")
        self._fill_table(summary)
        self.notes.setText(self._notes_text(summary))
        current = self.currency_combo.currentText()
        codes = list(summary.currencies)
        self.currency_combo.blockSignals(True)
        self.currency_combo.clear()
        self.currency_combo.addItems(codes)
        if current in codes:
            self.currency_combo.setCurrentText(current)
        elif codes:  # the currency most orders are in
            self.currency_combo.setCurrentText(
                max(codes, key=lambda c: summary.currencies[c].orders))
        self.currency_combo.blockSignals(False)
        self._show_chart(self.currency_combo.currentText())
        self.refreshed.emit()

    def _fill_table(self, summary: EarningsSummary) -> None:
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = item.widget()
            if widget is not None:  # out of the view now, not at the next event loop
                widget.setParent(None)
                widget.deleteLater()
        self.cells.clear()
        header = QLabel("Currency")
        self.grid.addWidget(header, 0, 0)
        for col, (_attr, caption, tip) in enumerate(COLUMNS, start=1):
            label = QLabel(caption)
            label.setToolTip(tip)
            label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.grid.addWidget(label, 0, col)
        if not summary.currencies:
            self.grid.addWidget(QLabel("No completed orders yet: nothing earned."), 1, 0, 1,
                                len(COLUMNS) + 1)
            return
        for row, (code, cur) in enumerate(summary.currencies.items(), start=1):
            name = QLabel(code)
            name.setFont(self._bold())
            self.grid.addWidget(name, row, 0)
            for col, (attr, caption, _tip) in enumerate(COLUMNS, start=1):
                value = QLabel(cur.money(getattr(cur, attr)).display())
                value.setObjectName(f"earnings_{code}_{attr}")
                value.setAccessibleName(f"{caption}, {code}")
                value.setFont(self._bold())
                value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                self.grid.addWidget(value, row, col)
                self.cells[(code, attr)] = value
        self.grid.setColumnStretch(len(COLUMNS) + 1, 1)

    def _bold(self):
        font = self.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        return font

    def _notes_text(self, summary: EarningsSummary) -> str:
        lines = ["Net of the marketplace's fee; each currency apart (never converted). "
                 "Pending clears after the marketplace's clearance period."]
        for code, cur in summary.currencies.items():
            lines += [f"{code}: {caveat}." for caveat in caveats(cur)]
        lines += summary.notes
        return "\n".join(lines)

    def _show_chart(self, code: str) -> None:
        summary = self.summary
        if summary is None or code not in summary.currencies:
            self.chart.set_data(code or "USD", {}, summary.month if summary else "2000-01")
            return
        self.chart.set_data(code, summary.currencies[code].by_month, summary.month)

    def shutdown(self) -> None:
        """A view with its own runners waits for them."""
        if self._owns_tasks:
            self.tasks.stop()
