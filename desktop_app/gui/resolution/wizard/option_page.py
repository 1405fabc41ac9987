"""Page 3: the option and its details, judged by the same lifecycle rules as the command line."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QDateTime
from PySide6.QtWidgets import QButtonGroup, QLabel, QLineEdit, QRadioButton, QWizardPage

from desktop_app.domain.errors import LifecycleError
from desktop_app.domain.money import Money, MoneyError
from desktop_app.domain.order import Order
from desktop_app.domain.profile import profile_for
from desktop_app.domain.resolution import OPTIONS
from desktop_app.domain.timeutil import local_text
from desktop_app.gui.forms.ui_resolution_option import Ui_ResolutionOptionPage
from desktop_app.gui.resolution.wizard.common import camel
from desktop_app.gui.shell.theme import show_problem

if TYPE_CHECKING:
    from desktop_app.gui.resolution.wizard.wizard import ResolutionWizard

DAY = timedelta(days=1)
CANCELLED_BY_CHOICES = (("Me (the seller)", "seller"), ("The buyer", "buyer"),
                        ("Both of us (mutual)", "mutual"))


def to_qt(value: datetime) -> QDateTime:
    return QDateTime.fromMSecsSinceEpoch(int(value.timestamp() * 1000))


def from_qt(value: QDateTime) -> datetime:
    return datetime.fromtimestamp(value.toMSecsSinceEpoch() / 1000, UTC)


def refund_limits_text(order: Order) -> str:
    """The partial-refund limits of the order's marketplace, in its reference currency."""
    profile, cur = profile_for(order.marketplace), order.price.currency
    ref = profile.reference_currency
    if profile.refund_min_order_minor is None or profile.refund_min_minor is None:
        return (f"{profile.name} publishes no partial-refund limits: check the amount in "
                f"{profile.name}'s Resolution Center.")
    pct = 100 * profile.refund_max_fraction_num // profile.refund_max_fraction_den
    most = Money(profile.refund_max_minor(order.price.minor), cur).display()
    floor, least = Money(profile.refund_min_order_minor, ref), Money(profile.refund_min_minor, ref)
    if cur != ref:
        return (f"{profile.name}'s limits are in {ref}: the order must be over "
                f"{floor.display()} and the refund at least {least.display()}, up to {pct}% "
                f"of the original {order.price.display()} ({most}). Enter the rate "
                f"{profile.name} shows, and GigDesk converts.")
    if order.price.compare(floor) <= 0:
        return (f"Not available for this order: a partial refund needs a price over "
                f"{floor.display()} (this one is {order.price.display()}).")
    return (f"From {least.display()} to {most} ({pct}% of the original "
            f"{order.price.display()}; extras excluded).")


class OptionPage(QWizardPage):
    def __init__(self, wizard: ResolutionWizard):
        super().__init__(wizard)
        self.ui = Ui_ResolutionOptionPage()
        self.ui.setupUi(self)
        self._wizard = wizard
        self._preselected_for: str | None = None
        self._date_set = False
        self.group = QButtonGroup(self)
        self.buttons: dict[str, QRadioButton] = {}
        for index, key in enumerate(OPTIONS):
            button = getattr(self.ui, f"option{camel(key)}")
            self.group.addButton(button, index)
            self.buttons[key] = button
        for text, value in CANCELLED_BY_CHOICES:
            self.ui.cancelByCombo.addItem(text, value)
        self._rate_asked = False
        self._add_rate_row()
        self._connect()
        show_problem(self.ui.optionError, None)

    def _add_rate_row(self) -> None:
        """The exchange rate, asked only for an order in another currency than its
        marketplace's (see initializePage)."""
        self.refundRateLabel = QLabel("&Rate:", self.ui.refundPage)
        self.refundRateEdit = QLineEdit(self.ui.refundPage)
        self.refundRateEdit.setObjectName("refundRateEdit")
        self.refundRateLabel.setBuddy(self.refundRateEdit)
        self.ui.refundForm.insertRow(1, self.refundRateLabel, self.refundRateEdit)

    def _connect(self) -> None:
        ui = self.ui
        self.group.idToggled.connect(self._on_option)
        for signal in (ui.extensionDaysSpin.valueChanged, ui.extensionDateEdit.dateTimeChanged,
                       ui.extensionByDaysRadio.toggled):
            signal.connect(self._show_extension_result)
        for signal in (ui.extensionReasonEdit.textEdited, ui.extraPriceEdit.textEdited,
                       ui.refundAmountEdit.textEdited, ui.refundReasonEdit.textEdited,
                       ui.cancelReasonEdit.textEdited, ui.extraItemsEdit.textChanged):
            signal.connect(lambda *_: show_problem(self.ui.optionError, None))

    def _on_option(self, index: int, checked: bool) -> None:
        if checked:
            self.ui.optionStack.setCurrentIndex(index)
            show_problem(self.ui.optionError, None)

    def selected(self) -> str | None:
        return next((key for key, b in self.buttons.items() if b.isChecked()), None)

    def select(self, option: str) -> None:
        self.buttons[option].setChecked(True)

    # --- filling ------------------------------------------------------------------

    def initializePage(self) -> None:  # noqa: N802 - Qt override
        wizard = self._wizard
        order = wizard.order
        recommended = wizard.page(1).recommended if wizard.page(1) else None
        # A new situation brings its recommendation; coming back keeps the seller's pick.
        if recommended and (self._preselected_for != wizard.situation or not self.selected()):
            self.select(recommended)
            self._preselected_for = wizard.situation
        for button in self.buttons.values():
            label = button.text().replace(" (recommended)", "")
            button.setText(label)
        if recommended:
            button = self.buttons[recommended]
            button.setText(button.text() + " (recommended)")
        cur = order.price.currency
        self.ui.extraPriceLabel.setText(f"&Price ({cur}):")
        self.ui.refundAmountLabel.setText(f"&Amount ({cur}):")
        self.ui.refundLimits.setText(refund_limits_text(order))
        ref = profile_for(order.marketplace).reference_currency
        self._rate_asked = cur != ref
        self.ui.refundForm.setRowVisible(self.refundRateEdit, self._rate_asked)
        self.refundRateLabel.setText(f"&Rate (1 {cur} = ? {ref}):")
        self.refundRateEdit.setPlaceholderText("as the marketplace shows it, such as 0.0067")
        if not self._date_set:
            self.ui.extensionDateEdit.setDateTime(to_qt(order.due_at + 2 * DAY))
            self._date_set = True
        self._show_extension_result()

    def _show_extension_result(self, *_args) -> None:
        by_days = self.ui.extensionByDaysRadio.isChecked()
        self.ui.extensionDaysSpin.setEnabled(by_days)
        self.ui.extensionDateEdit.setEnabled(not by_days)
        due = self._wizard.order.due_at
        days = self._extension_days()
        if days < 1:
            self.ui.extensionResult.setText("pick a date after the current due date, "
                                            + local_text(due))
        else:
            self.ui.extensionResult.setText(f"{local_text(due + days * DAY)} ({days} more day(s))")

    # --- reading ------------------------------------------------------------------

    def _extension_days(self) -> int:
        if self.ui.extensionByDaysRadio.isChecked():
            return self.ui.extensionDaysSpin.value()
        ahead = from_qt(self.ui.extensionDateEdit.dateTime()) - self._wizard.order.due_at
        return max(0, math.ceil(ahead / DAY))

    def read(self) -> tuple[dict | None, dict]:
        """(request for OrderBook.open_request or None, fields for the message draft)."""
        ui, option = self.ui, self.selected()
        if option == "extension":
            days = self._extension_days()
            self._check_extension(days)
            reason = ui.extensionReasonEdit.text().strip()
            return {"kind": "extension", "days": days, "reason": reason}, \
                {"days": days, "reason": reason}
        if option == "extra":
            items = [line.strip() for line in ui.extraItemsEdit.toPlainText().splitlines()
                     if line.strip()]
            amount = ui.extraPriceEdit.text().strip()
            days = ui.extraDaysSpin.value()
            return {"kind": "extra", "amount": amount, "days": days, "items": items}, \
                {"amount": self._money(amount), "days": days, "items": " and ".join(items)}
        if option == "partial_refund":
            amount = ui.refundAmountEdit.text().strip()
            reason = ui.refundReasonEdit.text().strip()
            rate = self.refundRateEdit.text().strip() if self._rate_asked else ""
            return {"kind": "partial_refund", "amount": amount, "reason": reason,
                    **({"rate": rate} if rate else {})}, \
                {"amount": self._money(amount), "reason": reason}
        if option == "cancellation":
            reason = ui.cancelReasonEdit.text().strip()
            return {"kind": "cancellation", "reason": reason,
                    "by": ui.cancelByCombo.currentData()}, {"reason": reason}
        return None, {}

    def _check_extension(self, days: int) -> None:
        due, now = self._wizard.order.due_at, self._wizard.now()
        if days < 1:
            raise LifecycleError(f"The new date must be later than the current due date, "
                                 f"{local_text(due)}: days must be a whole number of at least 1")
        if due + days * DAY <= now:
            needed = math.floor((now - due) / DAY) + 1
            raise LifecycleError(f"Extended by {days} day(s) the order would be due "
                                 f"{local_text(due + days * DAY)}, which has already passed: "
                                 f"ask for at least {needed} day(s)")

    def _money(self, amount: str) -> str:
        try:
            return Money.parse(amount, self._wizard.order.price.currency).display()
        except MoneyError:
            return amount  # the lifecycle check explains it

    def validatePage(self) -> bool:  # noqa: N802 - Qt override
        wizard = self._wizard
        if self.selected() is None:
            show_problem(self.ui.optionError, "Choose an option.")
            return False
        try:
            request, fields = self.read()
            if request is not None:
                if "amount" in request and not request["amount"]:
                    raise LifecycleError("Enter an amount, such as 20.00")
                wizard.check_request(request)
        except LifecycleError as exc:
            show_problem(self.ui.optionError, str(exc))
            return False
        show_problem(self.ui.optionError, None)
        wizard.option, wizard.request, wizard.draft_fields = self.selected(), request, fields
        return True
