"""Feedback vs scope: read a revision request, tell revision from new work, answer well.

Left, the package (scope items editable); right, the buyer's message, its judged
points, and a reply draft that is tone-checked while the seller types. Overrides
made before recording live in the pane (keyed by the point's words, so fixing a
typo in the pasted text keeps them); once recorded, a change is stored with
OrderBook.override_verdict.

Signals:
    recorded(str): the ref of the order whose revision request or extra offer was recorded.
"""

from __future__ import annotations

import math
from decimal import Decimal
from functools import partial

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain import events as ev
from desktop_app.domain.lifecycle import refusal
from desktop_app.domain.money import Money
from desktop_app.domain.order import IN_SCOPE, OUT_OF_SCOPE, UNCLEAR, Order, Status
from desktop_app.domain.reply import draft_reply
from desktop_app.domain.scope import RequestPoint, compare, with_override
from desktop_app.gui.scope.scope_extra import ExtraOfferDialog
from desktop_app.gui.scope.scope_package import PackagePanel
from desktop_app.gui.scope.scope_points import PointsModel, PointsView, hours_text, verdict_label
from desktop_app.gui.scope.scope_widgets import buddy, button, editor, note
from desktop_app.gui.shell import messages
from desktop_app.gui.shell.crash import report
from desktop_app.gui.shell.tasks import Tasks
from desktop_app.gui.shell.tone_highlighter import ToneHighlighter, finding_lines
from desktop_app.services import revisions
from desktop_app.services.orders import OrderBook
from desktop_app.services.settings import Settings

DEBOUNCE_MS = 300
DEFAULT_HOURS = Decimal(1)
POINTS_TITLE = "&Points (F2 or Ctrl+1/2/3 changes a verdict)"


class ScopePane(QWidget):
    recorded = Signal(str)

    def __init__(self, book: OrderBook, settings: Settings, parent: QWidget | None = None, *,
                 tasks: Tasks | None = None):
        super().__init__(parent)
        self._writes = (tasks or Tasks(self)).writes  # recording waits there, not here
        self.setObjectName("scopePane")
        self.setAccessibleName("Feedback and scope")
        self._book = book
        self._settings = settings
        self.order: Order | None = None
        self._overrides: dict[str, str] = {}  # point text -> the seller's verdict (draft)
        self._hours: dict[str, Decimal] = {}  # point text -> the seller's estimate
        self.recorded_index: int | None = None  # the shown request, once recorded
        self._reply_edited = False
        self._quiet = False  # programmatic text changes
        self._timer = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._timer.timeout.connect(self.analyse_now)
        self.model = PointsModel(self._price_for, self)
        self.model.edited.connect(self._point_edited)
        self.model.refused.connect(self._say)
        self._build()
        self.set_order(None)

    # -- layout ------------------------------------------------------------
    def _build(self) -> None:
        self.package = PackagePanel(self._book)
        self.package.saved.connect(self._scope_saved)
        splitter = QSplitter(Qt.Orientation.Horizontal, objectName="scopeSplitter")
        splitter.addWidget(self.package)
        splitter.addWidget(self._right_side())
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 5)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

    def _right_side(self) -> QWidget:
        side = QWidget()
        layout = QVBoxLayout(side)
        layout.setContentsMargins(6, 0, 0, 0)
        self.request_edit = editor("revisionRequestEdit", "The buyer's revision request",
                                   "Paste the buyer's message here\u2026")
        self.request_edit.textChanged.connect(self._request_changed)
        layout.addWidget(buddy("Buyer's &message:", self.request_edit))
        layout.addWidget(self.request_edit, 2)
        self.points_view = PointsView(self.model)
        self.points_view.selectionModel().currentRowChanged.connect(self._point_selected)
        self.points_label = buddy(POINTS_TITLE, self.points_view)
        self.points_label.setObjectName("pointsSummary")
        layout.addWidget(self.points_label)
        layout.addWidget(self.points_view, 4)
        self.point_reason = note("pointReason", "Why the selected point has its verdict")
        layout.addWidget(self.point_reason)
        self.notice = note("scopeNotice", "Notice")
        layout.addWidget(self.notice)
        layout.addLayout(self._action_row())
        self.reply_edit = editor("replyDraft", "Reply draft to the buyer", "")
        self.tone_list = note("toneFindings", "Tone warnings")
        self.highlighter = ToneHighlighter(self.reply_edit.document())
        self.reply_edit.textChanged.connect(self._reply_changed)
        layout.addWidget(buddy("Reply &draft (edit freely; checked for tone):", self.reply_edit))
        layout.addWidget(self.reply_edit, 4)
        layout.addWidget(self.tone_list)
        layout.addLayout(self._reply_row())
        return side

    def _action_row(self) -> QVBoxLayout:
        row = QHBoxLayout()
        self.record_button = button("recordRevision", "Record re&vision request",
                                          "Record the revision request (Ctrl+Shift+R)",
                                          self.record)
        self.record_action = QAction("Record revision request", self)
        self.record_action.setShortcut(QKeySequence("Ctrl+Shift+R"))
        self.record_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.record_action.triggered.connect(self.record)
        self.addAction(self.record_action)
        self.extra_button = button("offerExtra", "Offer e&xtra for new work\u2026",
                                         "Offer the new work as an extra", self.open_extra_offer)
        self.record_reason = note("recordReason", "Why recording is not possible")
        row.addWidget(self.record_button)
        row.addWidget(self.extra_button)
        row.addStretch(1)
        column = QVBoxLayout()
        column.addLayout(row)
        column.addWidget(self.record_reason)  # below the buttons: a sentence needs the width
        return column

    def _reply_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.regenerate_button = button("regenerateReply", "Re&generate",
                                              "Write the draft again from the points",
                                              lambda: self.regenerate_reply(force=True))
        self.copy_button = button("copyReply", "&Copy reply",
                                        "Copy the reply to the clipboard", self.copy_reply)
        row.addStretch(1)
        row.addWidget(self.regenerate_button)
        row.addWidget(self.copy_button)
        return row

    # -- the order ---------------------------------------------------------
    def set_order(self, order: Order | None) -> None:
        same = order is not None and self.order is not None and order.id == self.order.id
        self.order = order
        self.package.set_order(order)
        if not same:
            self._start_fresh(order)
        self._update_actions()

    def _start_fresh(self, order: Order | None) -> None:
        self._overrides.clear()
        self._hours.clear()
        self._reply_edited = False
        self.recorded_index = None
        self._say("")
        self.request_edit.setEnabled(order is not None)
        if order is not None and order.status is Status.REVISION_REQUESTED \
                and order.revision_requests:
            self._show_recorded(order, len(order.revision_requests) - 1)
        else:
            self._set_request_text("")
            self._show_points([])

    def _show_recorded(self, order: Order, index: int) -> None:
        request = order.revision_requests[index]
        self._set_request_text(request.text)
        points = [RequestPoint(p.text, p.verdict, p.matched_item, p.reason)
                  for p in request.points]
        hours = [Decimal(p.hours) if p.hours else DEFAULT_HOURS for p in request.points]
        self.recorded_index = index
        self.model.set_points(points, hours, order.scope)
        self.regenerate_reply()

    def _set_request_text(self, text: str) -> None:
        self._quiet = True
        self.request_edit.setPlainText(text)
        self._quiet = False

    def _scope_saved(self, order: Order) -> None:
        self.order = order
        if self.recorded_index is None:
            self.analyse_now()
        self.recorded.emit(order.ref)

    # -- analysis ----------------------------------------------------------
    def _request_changed(self) -> None:
        if self._quiet:
            return
        self.recorded_index = None  # the seller is writing a new request
        self._timer.start()

    def analyse_now(self) -> None:
        self._timer.stop()
        if self.order is None or self.recorded_index is not None:
            return
        self._show_points(compare(self.order.scope, self.request_edit.toPlainText()))

    def _show_points(self, judged: list[RequestPoint]) -> None:
        points = [with_override(p, self._overrides[p.text])
                  if self._overrides.get(p.text, p.verdict) != p.verdict else p for p in judged]
        hours = [self._hours.get(p.text, DEFAULT_HOURS) for p in points]
        self.model.set_points(points, hours, self.order.scope if self.order else [])
        self.package.highlight(None)
        self._point_selected(self.points_view.currentIndex(), None)
        self.regenerate_reply()
        self._update_actions()

    def _point_edited(self, row: int, what: str) -> None:
        point, hours = self.model.points[row], self.model.hours[row]
        if self.recorded_index is None:
            self._overrides[point.text] = point.verdict
            self._hours[point.text] = hours
        else:
            self._store_override(row, point.verdict, hours)
        self._point_selected(self.points_view.currentIndex(), None)
        self.regenerate_reply()
        self._update_actions()

    def _store_override(self, row: int, verdict: str, hours: Decimal) -> None:
        self._writes.run(partial(self._book.override_verdict, self.order.ref,
                                 self.recorded_index, row, verdict, str(hours)),
                         self._overridden, partial(report, self))

    def _overridden(self, order: Order) -> None:
        if self.order is not None and order.id == self.order.id:
            self.order = order
        self.recorded.emit(order.ref)

    def _point_selected(self, current, _previous) -> None:
        row = current.row()
        point = self.model.points[row] if 0 <= row < len(self.model.points) else None
        self.package.highlight(point.matched_item if point else None)
        why = f"Why \u201c{verdict_label(point.verdict)}\u201d: {point.reason}" if point else ""
        self.point_reason.setText(why)
        self.point_reason.setVisible(bool(why))

    def _price_for(self, hours: Decimal) -> Money:
        currency = self.order.price.currency if self.order else "USD"
        rate = str(self._settings.get("hourly_rate"))
        return Money(revisions.suggested_price_minor(hours, rate, currency, self._book.profile),
                     currency)

    def extra_total(self) -> Money | None:
        prices = [p for p in (self.model.price(i) for i in range(len(self.model.points))) if p]
        if not prices:
            return None
        return Money(sum(p.minor for p in prices), prices[0].currency)

    # -- the reply ---------------------------------------------------------
    def regenerate_reply(self, force: bool = False) -> None:
        if self._reply_edited and not force:
            return
        text = ""
        if self.order is not None and self.model.points:
            total = self.extra_total()
            text = draft_reply(self.order.buyer, self.model.points, self.order.scope,
                               extra_price=total.display() if total else None,
                               hours=self.model.new_work_hours())
        self._quiet = True
        self.reply_edit.setPlainText(text)
        self._quiet = False
        self._reply_edited = False
        self._update_tone()

    def _reply_changed(self) -> None:
        if not self._quiet:
            self._reply_edited = True
        self._update_tone()

    def _update_tone(self) -> None:
        lines = finding_lines(self.reply_edit.toPlainText())
        self.tone_list.setText("\n".join(lines))
        self.tone_list.setVisible(bool(lines))

    def copy_reply(self) -> None:
        QGuiApplication.clipboard().setText(self.reply_edit.toPlainText())
        self._say("Reply copied: paste it into the order's conversation.")

    # -- recording ---------------------------------------------------------
    def record_refusal(self) -> str | None:
        """Why the revision request cannot be recorded now, or None."""
        if self.order is None:
            return "Select an order first"
        reason = refusal(self.order, ev.REVISION_REQUESTED)
        if reason:
            return reason
        if self.recorded_index is not None:
            return "This request is recorded; paste a new message for another one"
        if not self.model.points:
            return "Paste the buyer's message to see its points first"
        return None

    def record(self) -> None:
        if self._timer.isActive():  # typed within the debounce: judge what is there now
            self.analyse_now()
        if self.record_refusal() is not None:
            self._update_actions()
            return
        self.record_button.setEnabled(False)  # once: the write runs on the writer thread
        self._writes.run(partial(revisions.record, self._book, self.order.ref,
                                 self.request_edit.toPlainText(), list(self.model.points),
                                 dict(enumerate(self.model.hours))),
                         self._recorded, self._not_recorded)

    def _not_recorded(self, exc: BaseException) -> None:
        report(self, exc)
        self._update_actions()

    def _recorded(self, result) -> None:
        if self.order is None or result.order.id != self.order.id:  # moved on meanwhile
            self.recorded.emit(result.order.ref)
            return
        self.order = result.order
        self.recorded_index = len(result.order.revision_requests) - 1
        self.package.set_order(result.order)
        self._point_selected(self.points_view.currentIndex(), None)
        self._say(" ".join(result.warnings) or "Revision request recorded on the timeline.",
                  warn=bool(result.warnings))
        for warning in result.warnings:
            messages.show_info(self, "No revisions left", warning)
        self._update_actions()
        self.recorded.emit(result.order.ref)

    def extra_refusal(self) -> str | None:
        if self.order is None:
            return "Select an order first"
        if not any(p.verdict == OUT_OF_SCOPE for p in self.model.points):
            return "No point is marked as new work"
        if self.order.open_request is not None:
            return "The order already has an open request: wait for the buyer's answer"
        return refusal(self.order, ev.REQUEST_OPENED)

    def open_extra_offer(self) -> ExtraOfferDialog | None:
        if self.extra_refusal() is not None:
            return None
        hours = sum(self.model.new_work_hours().values(), Decimal(0))
        days = max(1, math.ceil(hours / 8))
        dialog = ExtraOfferDialog(self.extra_total(), days,
                                  revisions.new_work_items(self.model.points), self)
        dialog.accepted.connect(lambda: self._submit_extra(dialog))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def _submit_extra(self, dialog: ExtraOfferDialog) -> None:
        try:
            order = revisions.offer_extra(self._book, self.order.ref, dialog.item_texts(),
                                          dialog.amount(), dialog.days.value())
        except (LookupError, ValueError) as exc:
            report(self, exc)
            return
        self.order = order
        price = Money.parse(dialog.amount(), order.price.currency).display()
        self._say(f"Extra offer of {price} recorded: when the buyer accepts it, the price, "
                  "the scope and the due date change.")
        self._update_actions()
        self.recorded.emit(order.ref)

    # -- feedback ----------------------------------------------------------
    def _say(self, text: str, warn: bool = False) -> None:
        self.notice.setText(("\u26a0 " if warn and text else "") + text)
        self.notice.setVisible(bool(text))

    def summary(self) -> str:
        """'2 in scope · 2 new work (+$50.00, 2 h) · 1 unclear'."""
        verdicts = [p.verdict for p in self.model.points]
        parts = [f"{verdicts.count(IN_SCOPE)} in scope"] if IN_SCOPE in verdicts else []
        if OUT_OF_SCOPE in verdicts:
            hours = hours_text(sum(self.model.new_work_hours().values(), Decimal(0)))
            parts.append(f"{verdicts.count(OUT_OF_SCOPE)} new work "
                         f"(+{self.extra_total().display()}, {hours} h)")
        if UNCLEAR in verdicts:
            parts.append(f"{verdicts.count(UNCLEAR)} unclear")
        return " \u00b7 ".join(parts)

    def _update_actions(self) -> None:
        summary = self.summary()
        self.points_label.setText(f"{POINTS_TITLE}: {summary}" if summary else f"{POINTS_TITLE}:")
        reason = self.record_refusal()
        self.record_button.setEnabled(reason is None)
        self.record_action.setEnabled(reason is None)
        self.record_reason.setText(reason or "")
        self.record_reason.setVisible(bool(reason) and self.order is not None)
        extra = self.extra_refusal()
        self.extra_button.setEnabled(extra is None)
        self.extra_button.setToolTip(extra or "Offer the new work as an extra")
        has_reply = bool(self.model.points)
        self.copy_button.setEnabled(has_reply)
        self.regenerate_button.setEnabled(has_reply)
