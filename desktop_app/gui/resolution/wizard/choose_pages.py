"""Pages 1 and 2: what is happening, and what a calm seller checks first."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QButtonGroup, QListWidgetItem, QRadioButton, QWizardPage

from desktop_app.domain.resolution import OPTIONS, SITUATIONS, checklist, recommend
from desktop_app.gui.forms.ui_resolution_checklist import Ui_ResolutionChecklistPage
from desktop_app.gui.forms.ui_resolution_situation import Ui_ResolutionSituationPage
from desktop_app.gui.resolution.wizard.common import camel, order_line
from desktop_app.gui.shell.theme import is_dark, late_color

if TYPE_CHECKING:
    from desktop_app.gui.resolution.wizard.wizard import ResolutionWizard

DONE, NOT_DONE = "\u2713", "\u2717"


class SituationPage(QWizardPage):
    def __init__(self, wizard: ResolutionWizard):
        super().__init__(wizard)
        self.ui = Ui_ResolutionSituationPage()
        self.ui.setupUi(self)
        self._wizard = wizard
        self.group = QButtonGroup(self)
        self.buttons: dict[str, QRadioButton] = {}
        for key, text in SITUATIONS.items():  # the domain's words are the one source
            button = getattr(self.ui, f"situation{camel(key)}")
            button.setText(text)
            button.setAccessibleName(text)
            self.group.addButton(button)
            self.buttons[key] = button
        self.group.buttonToggled.connect(lambda *_: self.completeChanged.emit())

    def initializePage(self) -> None:  # noqa: N802 - Qt override
        self.ui.orderSummary.setText(order_line(self._wizard.order))

    def selected(self) -> str | None:
        return next((key for key, b in self.buttons.items() if b.isChecked()), None)

    def isComplete(self) -> bool:  # noqa: N802 - Qt override
        return self.selected() is not None

    def validatePage(self) -> bool:  # noqa: N802 - Qt override
        self._wizard.situation = self.selected()
        return self._wizard.situation is not None


class ChecklistPage(QWizardPage):
    def __init__(self, wizard: ResolutionWizard):
        super().__init__(wizard)
        self.ui = Ui_ResolutionChecklistPage()
        self.ui.setupUi(self)
        self._wizard = wizard
        self.recommended: str | None = None

    def initializePage(self) -> None:  # noqa: N802 - Qt override
        wizard = self._wizard
        wizard.order = wizard.book.get(wizard.order.ref)  # the latest data, not the opening's
        self._fill_checklist()
        option, why = recommend(wizard.order, wizard.situation or "other")
        self.recommended = option
        self.ui.recommendationLabel.setText(f"<b>{OPTIONS[option]}</b>")
        self.ui.recommendationWhy.setText(why)

    def _fill_checklist(self) -> None:
        listing = self.ui.checklistList
        listing.clear()
        missing = late_color(is_dark())
        for item in checklist(self._wizard.order):
            if item.done:
                row = QListWidgetItem(f"{DONE}  {item.label}")
            else:
                row = QListWidgetItem(f"{NOT_DONE}  {item.label}\n      {item.hint}")
                row.setForeground(missing)
            row.setToolTip(item.hint)
            row.setData(256, item.key)  # Qt.UserRole: the check's key, for tests and tools
            listing.addItem(row)
