"""Pages 4 to 6: the message, the impact, and the review that records."""

from __future__ import annotations

from functools import partial
from html import escape
from typing import TYPE_CHECKING

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWizard, QWizardPage

from desktop_app.domain.errors import LifecycleError
from desktop_app.domain.requests import answer_window
from desktop_app.domain.resolution import OPTIONS, SITUATIONS, draft_message
from desktop_app.domain.timeutil import local_text
from desktop_app.gui.forms.ui_resolution_impact import Ui_ResolutionImpactPage
from desktop_app.gui.forms.ui_resolution_message import Ui_ResolutionMessagePage
from desktop_app.gui.forms.ui_resolution_review import Ui_ResolutionReviewPage
from desktop_app.gui.resolution.wizard.common import SILENCE_WORDS, request_details
from desktop_app.gui.shell.theme import error_style, show_problem
from desktop_app.gui.shell.tone_highlighter import ToneHighlighter, finding_lines
from desktop_app.services.impact import Impact, earnings, what_if
from desktop_app.services.orders import NotFound
from desktop_app.services.stats import compute_stats

if TYPE_CHECKING:
    from desktop_app.gui.resolution.wizard.wizard import ResolutionWizard

IMPACT_NOTES = {
    "extension": "If the buyer stays silent for 48 hours the extension is accepted: "
                 "these figures are the likely outcome.",
    "extra": "The buyer may decline; then nothing changes.",
    "partial_refund": "An accepted partial refund keeps the order in your completion rate; "
                      "you earn less.",
    "cancellation": "If the other side stays silent for 48 hours the order is cancelled.",
}


class MessagePage(QWizardPage):
    def __init__(self, wizard: ResolutionWizard):
        super().__init__(wizard)
        self.ui = Ui_ResolutionMessagePage()
        self.ui.setupUi(self)
        self._wizard = wizard
        self._drafted_for: tuple | None = None
        self.highlighter = ToneHighlighter(self.ui.requestMessageEdit.document())
        self.ui.requestMessageEdit.textChanged.connect(self._show_findings)
        self.ui.redraftButton.clicked.connect(self.redraft)
        self.ui.toneFindings.setStyleSheet(error_style())
        show_problem(self.ui.messageError, None)

    def initializePage(self) -> None:  # noqa: N802 - Qt override
        wizard = self._wizard
        key = (wizard.option, tuple(sorted(wizard.draft_fields.items())))
        if key != self._drafted_for:  # new choices, new draft; else keep the seller's edits
            self._drafted_for = key
            self.redraft()
        self._show_findings()

    def redraft(self) -> None:
        wizard = self._wizard
        self.ui.requestMessageEdit.setPlainText(
            draft_message(wizard.option, wizard.order, **wizard.draft_fields))

    def _show_findings(self) -> None:
        lines = finding_lines(self.ui.requestMessageEdit.toPlainText())
        self.ui.toneFindings.setText("\n".join(lines))
        self.ui.toneFindings.setVisible(bool(lines))
        show_problem(self.ui.messageError, None)

    def validatePage(self) -> bool:  # noqa: N802 - Qt override
        text = self.ui.requestMessageEdit.toPlainText().strip()
        if not text:
            show_problem(self.ui.messageError, "Write a message to the buyer: the request "
                                               "goes with it, or use the template again.")
            return False
        self._wizard.message = text
        return True


class ImpactPage(QWizardPage):
    def __init__(self, wizard: ResolutionWizard):
        super().__init__(wizard)
        self.ui = Ui_ResolutionImpactPage()
        self.ui.setupUi(self)
        self._wizard = wizard
        self.impact: Impact | None = None
        self._asked = 0
        self._ready = False
        ui = self.ui
        for label in (ui.rateNow, ui.rateAfter, ui.dueNow, ui.dueAfter, ui.earningsNow,
                      ui.earningsAfter):
            font = label.font()
            font.setPointSizeF(font.pointSizeF() * 1.25)  # the figures are what the page is for
            label.setFont(font)
        ui.impactGrid.setHorizontalSpacing(24)
        ui.impactGrid.setVerticalSpacing(8)

    def initializePage(self) -> None:  # noqa: N802 - Qt override
        """Count on the CPU runner; Next waits for the figures (isComplete)."""
        wizard = self._wizard
        self._asked += 1  # Back, then Next again: only the newest count is shown
        self._ready = False
        self.completeChanged.emit()
        self.impact = None
        for label in (self.ui.rateNow, self.ui.rateAfter):
            label.setText("Counting…")
        now = wizard.now()
        if wizard.request is None:
            work = partial(compute_stats, wizard.book.db, now, wizard.book.profile)
            shown = self._show_unchanged
        else:
            work = partial(what_if, wizard.book, wizard.order.ref, wizard.request, now)
            shown = self._show_impact
        wizard.tasks.cpu.run(work, partial(self._counted, self._asked, shown),
                             partial(self._failed, self._asked))

    def isComplete(self) -> bool:  # noqa: N802 - Qt override
        return self._ready

    def _counted(self, asked: int, shown, result) -> None:
        if asked != self._asked:
            return
        shown(result)
        self._ready = True
        self.completeChanged.emit()

    def _failed(self, asked: int, exc: BaseException) -> None:
        if asked != self._asked:
            return
        if not isinstance(exc, LifecycleError | NotFound):
            raise exc  # a bug: the crash handler reports it
        show_problem(self.ui.impactWarning, str(exc))

    def _show_impact(self, impact: Impact) -> None:
        wizard = self._wizard
        ui = self.ui
        self.impact = impact
        ui.rateNow.setText(impact.rate_text(impact.rate_before))
        ui.rateAfter.setText(impact.rate_text(impact.rate_after))
        ui.dueNow.setText(local_text(impact.due_before))
        ui.dueAfter.setText(local_text(impact.due_after) if impact.due_after else
                            "— (the order ends)")
        ui.earningsNow.setText(impact.earnings_before.display())
        ui.earningsAfter.setText(impact.earnings_after.display())
        lower = impact.rate_before is not None and impact.rate_after is not None and \
            impact.rate_after < impact.rate_before
        ui.rateAfter.setStyleSheet(error_style() if lower else "")
        ui.earningsAfter.setStyleSheet(
            error_style() if impact.earnings_after < impact.earnings_before else "")
        warning = None
        if impact.below_threshold and not lower:
            ui.impactNote.setText(f"Your completion rate is already below "
                                  f"{impact.threshold * 100:.0f}%; this option does not "
                                  f"lower it. {IMPACT_NOTES[wizard.request['kind']]}")
            show_problem(ui.impactWarning, None)
            return
        if impact.below_threshold:
            warning = (f"\u26a0 Your completion rate would fall to "
                       f"{impact.rate_text(impact.rate_after)}, below the "
                       f"{impact.threshold * 100:.0f}% that seller levels require. "
                       "Prefer an extension or an extra if they fit.")
        show_problem(ui.impactWarning, warning)
        ui.impactNote.setText(IMPACT_NOTES[wizard.request["kind"]])

    def _show_unchanged(self, stats: dict) -> None:
        wizard, ui = self._wizard, self.ui
        rate = stats["completion_rate"]
        text = "—" if rate is None else f"{rate * 100:.1f}%"
        due = local_text(wizard.order.due_at)
        money = earnings(wizard.order).display()
        for now_label, after_label, value in ((ui.rateNow, ui.rateAfter, text),
                                              (ui.dueNow, ui.dueAfter, due),
                                              (ui.earningsNow, ui.earningsAfter, money)):
            now_label.setText(value)
            after_label.setText(value)
            after_label.setStyleSheet("")
        show_problem(ui.impactWarning, None)
        ui.impactNote.setText("Nothing is opened in the Resolution Center: the order and your "
                              "numbers stay as they are.")


class ReviewPage(QWizardPage):
    def __init__(self, wizard: ResolutionWizard):
        super().__init__(wizard)
        self.ui = Ui_ResolutionReviewPage()
        self.ui.setupUi(self)
        self._wizard = wizard
        self.ui.copyMessageButton.clicked.connect(
            lambda: QGuiApplication.clipboard().setText(self._wizard.message))
        self._recording = False
        show_problem(self.ui.reviewError, None)

    def initializePage(self) -> None:  # noqa: N802 - Qt override
        self.ui.reviewSummary.setHtml(self.summary_html())
        show_problem(self.ui.reviewError, None)

    def summary_html(self) -> str:
        wizard = self._wizard
        order, request = wizard.order, wizard.request
        option = OPTIONS[wizard.option].replace("&", "")
        details = request_details(order, request) if request else []
        parts = [f"<p><b>Order:</b> {escape(order.ref)} for {escape(order.buyer)}, "
                 f"{order.total_price.display()}</p>",
                 f"<p><b>Situation:</b> {escape(SITUATIONS.get(wizard.situation or '', ''))}</p>",
                 f"<p><b>Option:</b> {escape(option)}"
                 + (f" — {escape('; '.join(details))}" if details else "") + "</p>",
                 f"<p><b>Next:</b> {escape(self._next_words())}</p>"]
        impact = wizard.page(4).impact if wizard.page(4) else None
        if impact is not None:
            parts.append(f"<p><b>Completion rate:</b> {impact.rate_text(impact.rate_before)} "
                         f"→ {impact.rate_text(impact.rate_after)}; <b>earnings:</b> "
                         f"{impact.earnings_before.display()} → "
                         f"{impact.earnings_after.display()}</p>")
        message = escape(wizard.message).replace("\n", "<br>")
        parts.append(f"<p><b>Message to the buyer:</b></p><blockquote>{message}</blockquote>")
        return "".join(parts)

    def _next_words(self) -> str:
        wizard = self._wizard
        if wizard.request is None:
            return "A dated line goes into the order notes."
        kind = wizard.request["kind"]
        window = answer_window(kind, wizard.book.profile)
        if window is None:
            return "The buyer accepts or declines; there is no deadline."
        return (f"The answer is due {local_text(wizard.now() + window)} "
                f"({SILENCE_WORDS[kind]}); GigDesk keeps the clock.")

    def validatePage(self) -> bool:  # noqa: N802 - Qt override
        """Finish records on the write runner; once it is recorded, Finish closes."""
        wizard = self._wizard
        if wizard.recorded is not None:
            return True
        if not self._recording:
            self._recording = True
            show_problem(self.ui.reviewError, None)
            wizard.button(QWizard.WizardButton.FinishButton).setEnabled(False)
            wizard.tasks.writes.run(wizard.record, self._on_recorded, self._on_refused)
        return False

    def _on_recorded(self, _order) -> None:
        self._recording = False
        finish = self._wizard.button(QWizard.WizardButton.FinishButton)
        finish.setEnabled(True)
        finish.click()  # validatePage now says yes

    def _on_refused(self, exc: BaseException) -> None:
        self._recording = False
        self._wizard.button(QWizard.WizardButton.FinishButton).setEnabled(True)
        if not isinstance(exc, LifecycleError | NotFound):
            raise exc  # a bug: the crash handler reports it
        show_problem(self.ui.reviewError, str(exc))
