"""The open-request strip on an order: what was asked, a live countdown, the buyer's answer.

A QTimer ticks once a minute. When the 48 h deadline has passed, the tick asks
OrderBook.apply_timeouts to give the profile's answer as a recorded event, and
the strip says what silence did, so nothing changes silently.

Signals:
    answered(str, str): (ref, status) after an answer, by the seller's click or by timeout.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import partial

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop_app.domain.derived import format_relative
from desktop_app.domain.errors import LifecycleError
from desktop_app.domain.order import Order, ResolutionRequest
from desktop_app.domain.timeutil import local_text
from desktop_app.gui.resolution.wizard.common import (
    KIND_WORDS,
    SILENCE_WORDS,
    as_request_dict,
    outcome_text,
    request_details,
)
from desktop_app.gui.shell.crash import report
from desktop_app.gui.shell.tasks import Tasks
from desktop_app.gui.shell.theme import show_problem
from desktop_app.services.orders import NotFound, OrderBook

TICK_MS = 60_000
ANSWER_BUTTONS = (("accepted", "Accepted", "requestAcceptedButton"),
                  ("declined", "Declined", "requestDeclinedButton"),
                  ("withdrawn", "Withdrawn", "requestWithdrawnButton"))


def countdown_text(request: ResolutionRequest, now: datetime) -> str:
    if request.expires_at is None:
        return "waiting for the buyer's answer (no deadline)"
    left = request.expires_at - now
    if left.total_seconds() <= 0:
        return "the answer window has closed"
    minutes = int(left.total_seconds() // 60)
    hours, mins = divmod(minutes, 60)
    when = f"{hours} h {mins} min" if hours else format_relative(left)
    return f"answer due in {when} — {SILENCE_WORDS[request.kind]}"


class RequestBanner(QFrame):
    answered = Signal(str, str)

    def __init__(self, book: OrderBook, parent: QWidget | None = None, *,
                 clock: Callable[[], datetime] | None = None, tasks: Tasks | None = None):
        super().__init__(parent)
        self._writes = (tasks or Tasks(self)).writes  # answers wait there, not here
        self.setObjectName("requestBanner")
        self.setAccessibleName("Open resolution request")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.book = book
        self.clock = clock or book.clock
        self.ref: str | None = None
        self._build()
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self.tick)
        self.setVisible(False)

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        self.title = self._label("requestTitle", "Request")
        self.countdown = self._label("requestCountdown", "Time left to answer")
        self.outcome = self._label("requestOutcome", "What the answer did")
        self.error = self._label("requestError", "Problem with the answer")
        buttons = QHBoxLayout()
        buttons.addWidget(QLabel("The buyer's answer:"))
        self.buttons: dict[str, QPushButton] = {}
        for status, text, name in ANSWER_BUTTONS:
            button = QPushButton(text)
            button.setObjectName(name)
            button.setAccessibleName(f"The buyer's answer: {text.lower()}")
            button.clicked.connect(lambda _=False, status=status: self.answer(status))
            buttons.addWidget(button)
            self.buttons[status] = button
        self.buttons["withdrawn"].setToolTip("You take the request back")
        buttons.addStretch(1)
        for widget in (self.title, self.countdown):
            layout.addWidget(widget)
        layout.addLayout(buttons)
        layout.addWidget(self.outcome)
        layout.addWidget(self.error)

    def _label(self, name: str, accessible: str) -> QLabel:
        label = QLabel()
        label.setObjectName(name)
        label.setAccessibleName(accessible)
        label.setWordWrap(True)
        return label

    # --- showing ------------------------------------------------------------------

    def show_order(self, ref: str | None) -> None:
        """Follow another order (None hides the strip)."""
        if ref != self.ref:
            self.outcome.clear()
        self.ref = ref
        self.tick()  # a deadline that passed while the app was closed is settled now

    def refresh(self) -> None:
        order = self._order()
        request = order.open_request if order else None
        show_problem(self.error, None)
        self.outcome.setVisible(bool(self.outcome.text()))
        for widget in (self.title, self.countdown, *self.buttons.values()):
            widget.setVisible(request is not None)
        if request is None:
            self.timer.stop()
            self.setVisible(bool(self.outcome.text()))
            return
        details = "; ".join(request_details(order, as_request_dict(request,
                                                                   order.price.currency)))
        self.title.setText(f"<b>{KIND_WORDS[request.kind]} request</b> · sent "
                           f"{local_text(request.sent_at)}" + (f" · {details}" if details else ""))
        self.countdown.setText(countdown_text(request, self.clock()))
        font = self.countdown.font()
        font.setBold(request.expires_at is not None)
        self.countdown.setFont(font)
        if request.expires_at is not None and not self.timer.isActive():
            self.timer.start()
        self.setVisible(True)

    def _order(self) -> Order | None:
        if self.ref is None:
            return None
        try:
            return self.book.get(self.ref)
        except NotFound:
            return None

    # --- acting -------------------------------------------------------------------

    def tick(self) -> None:
        """Once a minute: a new countdown, or the profile's answer once the deadline passed."""
        order = self._order()
        request = order.open_request if order else None
        now = self.clock()
        if request is not None and request.expires_at is not None and request.expires_at <= now:
            self._writes.run(partial(self.book.apply_timeouts, now, refs=[order.ref]),
                             partial(self._settled, order.ref, request.id),
                             partial(report, self))
            return
        self.refresh()

    def _settled(self, ref: str, request_id: str, settled: dict) -> None:
        if ref in settled:
            self._show_outcome(settled[ref], request_id)
        else:
            self.refresh()

    def answer(self, status: str) -> None:
        order = self._order()
        if order is None or order.open_request is None:
            return
        request_id = order.open_request.id
        self._writes.run(partial(self.book.answer_request, order.ref, status, self.clock()),
                         partial(self._answered, request_id), self._refused)

    def _answered(self, request_id: str, after: Order) -> None:
        self._show_outcome(after, request_id)

    def _refused(self, exc: BaseException) -> None:
        if isinstance(exc, LifecycleError):
            show_problem(self.error, str(exc))
        else:
            report(self, exc)

    def _show_outcome(self, order: Order, request_id: str) -> None:
        request = next(r for r in order.requests if r.id == request_id)
        self.outcome.setText(outcome_text(order, request))
        self.refresh()
        self.answered.emit(order.ref, request.status)
