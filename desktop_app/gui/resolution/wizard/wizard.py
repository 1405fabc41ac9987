"""The resolution request wizard: from the situation to a recorded request, impact first.

Each page fills itself in `initializePage` and judges its own input in
`validatePage` (Picard's setupwizard pattern); what the pages decide is kept
on the wizard, so Back and Next never lose what the seller entered. The last
page records through OrderBook: a lifecycle request, or a dated note for the
two options that are not Resolution Center requests. The impact page counts every
order: it does so on the window's CPU runner (tasks.cpu); the record is written on
its write runner (tasks.writes) — neither on the GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QWidget, QWizard

from desktop_app.domain import events as ev
from desktop_app.domain import lifecycle
from desktop_app.domain.events import Event
from desktop_app.domain.order import Order
from desktop_app.domain.timeutil import local_text
from desktop_app.gui.resolution.wizard.choose_pages import ChecklistPage, SituationPage
from desktop_app.gui.resolution.wizard.confirm_pages import ImpactPage, MessagePage, ReviewPage
from desktop_app.gui.resolution.wizard.option_page import OptionPage
from desktop_app.gui.shell.tasks import Tasks
from desktop_app.services.orders import OrderBook, require_rate

NOTE_WORDS = {"details": "Asked the buyer for details", "support": "Escalated to customer support"}


class ResolutionWizard(QWizard):
    """Walks the seller through one order's resolution; `recorded` is the order after Finish."""

    def __init__(self, book: OrderBook, ref: str, parent: QWidget | None = None, *,
                 clock: Callable[[], datetime] | None = None, tasks: Tasks | None = None):
        super().__init__(parent)
        # The window's runners; a wizard opened alone (tests) has its own until done().
        self._owns_tasks = tasks is None
        self.tasks = tasks or Tasks(self)
        self.setObjectName("resolutionWizard")
        self.setAccessibleName("Resolution request wizard")
        self.book = book
        self.clock = clock or book.clock
        self.order: Order = book.get(ref)
        self.setWindowTitle(f"Resolve order {self.order.ref}")
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        # What the pages decided; kept here so Back and Next keep it.
        self.situation: str | None = None
        self.option: str | None = None
        self.request: dict | None = None      # None for details / support
        self.draft_fields: dict = {}
        self.message = ""
        self.recorded: Order | None = None
        for page in (SituationPage(self), ChecklistPage(self), OptionPage(self),
                     MessagePage(self), ImpactPage(self), ReviewPage(self)):
            self.addPage(page)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(720, 620)

    def now(self) -> datetime:
        return self.clock()

    def check_request(self, request: dict) -> None:
        """Raise LifecycleError when the profile would refuse this request; writes nothing."""
        order = self.book.get(self.order.ref)
        require_rate(order, request)
        event = Event(order.id, ev.REQUEST_OPENED, self.now(), {"request": {"id": "check",
                                                                           **request}})
        lifecycle.apply(order, event, self.book.profile)

    def record(self) -> Order:
        """Write the decision: a resolution request, or a dated line in the order notes.

        Runs on the write runner (ReviewPage); the pages do not change meanwhile."""
        at = self.now()
        ref = self.order.ref
        if self.request is not None:
            self.recorded = self.book.open_request(ref, {**self.request,
                                                         "message": self.message}, at)
        else:
            notes = self.book.get(ref).notes.rstrip()
            day = local_text(at, "%Y-%m-%d")
            line = f"[{day}] {NOTE_WORDS[self.option]}: {self.message.strip()}"
            self.recorded = self.book.edit_notes(ref, f"{notes}\n{line}" if notes else line, at)
        return self.recorded

    def done(self, result: int) -> None:
        super().done(result)
        if self._owns_tasks:
            self.tasks.stop()

    def cleanupPage(self, page_id: int) -> None:  # noqa: N802 - Qt override
        """Going Back keeps what the page holds (Qt would reset registered fields)."""
