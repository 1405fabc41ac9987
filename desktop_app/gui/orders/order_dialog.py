"""The New / Edit order dialog: the Designer form plus inline validation.

The seller sees what is wrong while typing (a red line under the field) and OK
stays disabled until the order would be accepted. The final judge is the same
codec that checks imports, so the window and `gigdesk import` agree.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from PySide6.QtCore import QDateTime, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QWidget

from desktop_app.domain.codec import FieldError, order_from_dict, order_to_dict
from desktop_app.domain.money import Money, MoneyError
from desktop_app.domain.order import Order, Status
from desktop_app.domain.profile import DEFAULT_MARKETPLACE, PROFILES, profile_for
from desktop_app.domain.timeutil import format_ts, utc_now
from desktop_app.gui.forms.ui_order_dialog import Ui_OrderDialog
from desktop_app.gui.shell.theme import error_style

DEFAULT_DELIVERY = timedelta(days=3)


def clock_words(marketplace: str) -> str:
    """When the marketplace starts the delivery countdown, for the hint beside the days."""
    profile = profile_for(marketplace)
    if profile.clock_starts == "requirements":
        return (f"On {profile.name} the clock starts when the buyer sends the requirements; "
                "the due date moves with it.")
    return f"On {profile.name} the clock starts when the order is placed."


def _to_qt(value: datetime) -> QDateTime:
    """A UTC datetime as a QDateTime in the seller's local time."""
    return QDateTime.fromMSecsSinceEpoch(int(value.timestamp() * 1000))


def _from_qt(value: QDateTime) -> datetime:
    return datetime.fromtimestamp(value.toMSecsSinceEpoch() / 1000, UTC)


class OrderDialog(QDialog):
    """Create an order (order=None) or edit one; `fields()` is the interchange dict."""

    def __init__(self, parent: QWidget | None = None, order: Order | None = None, *,
                 now: datetime | None = None):
        super().__init__(parent)
        self.ui = Ui_OrderDialog()
        self.ui.setupUi(self)
        self._order = order
        self._touched: set[str] = set()
        self._original_times: dict[str, datetime] = {}
        for key, profile in PROFILES.items():
            self.ui.marketplaceCombo.addItem(profile.name, key)
        for label in self._error_labels().values():
            label.setStyleSheet(error_style())
            label.hide()
        if order is None:
            self._fill_new(now or utc_now())
        else:
            self._fill_from(order)
        self._connect()
        self._revalidate()

    # --- filling -----------------------------------------------------------------

    def _fill_new(self, now: datetime) -> None:
        start = now.replace(second=0, microsecond=0)
        ui = self.ui
        ui.orderedAtEdit.setDateTime(_to_qt(start))
        ui.deliveryDaysSpin.setValue(DEFAULT_DELIVERY.days)
        ui.dueAtEdit.setDateTime(_to_qt(start + DEFAULT_DELIVERY))
        # A new order's due date follows from its delivery time (and, on most
        # marketplaces, moves to the requirements when they arrive).
        ui.dueAtEdit.setReadOnly(True)
        ui.dueAtEdit.setToolTip("Follows from the order date and the delivery time")
        self._set_marketplace(DEFAULT_MARKETPLACE)

    def _fill_from(self, order: Order) -> None:
        ui = self.ui
        self.setWindowTitle(f"Edit order {order.ref}")
        ui.refEdit.setText(order.ref)
        ui.refEdit.setReadOnly(True)  # the marketplace number identifies the order everywhere
        ui.refEdit.setToolTip("The order number cannot change once the order exists")
        ui.buyerEdit.setText(order.buyer)
        ui.gigEdit.setText(order.gig)
        ui.packageEdit.setText(order.package)
        currency = order.price.currency
        if ui.currencyCombo.findText(currency) < 0:
            ui.currencyCombo.addItem(currency)
        ui.currencyCombo.setCurrentText(currency)
        ui.priceEdit.setText(order.price.amount_str())
        # Fixed when the order was placed: shown, not edited (the due date stays editable).
        self._set_marketplace(order.marketplace)
        ui.marketplaceCombo.setEnabled(False)
        ui.deliveryDaysSpin.setValue(order.days)
        ui.deliveryDaysSpin.setEnabled(False)
        self._original_times = {"ordered_at": order.ordered_at, "due_at": order.due_at}
        ui.orderedAtEdit.setDateTime(_to_qt(order.ordered_at))
        ui.dueAtEdit.setDateTime(_to_qt(order.due_at))
        ui.unlimitedRevisionsCheck.setChecked(order.revisions_included is None)
        ui.revisionsSpin.setValue(order.revisions_included or 0)
        ui.scopeEdit.setPlainText("\n".join(order.scope))
        ui.notesEdit.setPlainText(order.notes)

    def _set_marketplace(self, key: str) -> None:
        combo = self.ui.marketplaceCombo
        combo.setCurrentIndex(max(0, combo.findData(key)))
        self._show_clock()

    def _show_clock(self) -> None:
        self.ui.clockHint.setText(clock_words(self.marketplace()))

    def marketplace(self) -> str:
        return self.ui.marketplaceCombo.currentData() or DEFAULT_MARKETPLACE

    def _follow_days(self) -> None:
        """New orders: the due date is the order date plus the delivery time."""
        if self._order is None:
            ordered = _from_qt(self.ui.orderedAtEdit.dateTime())
            days = timedelta(days=self.ui.deliveryDaysSpin.value())
            self.ui.dueAtEdit.setDateTime(_to_qt(ordered + days))

    def _connect(self) -> None:
        ui = self.ui
        ui.marketplaceCombo.currentIndexChanged.connect(self._show_clock)
        ui.orderedAtEdit.dateTimeChanged.connect(self._follow_days)
        ui.deliveryDaysSpin.valueChanged.connect(self._follow_days)
        for name, edit in (("ref", ui.refEdit), ("buyer", ui.buyerEdit), ("gig", ui.gigEdit),
                           ("price", ui.priceEdit)):
            edit.textEdited.connect(lambda _text, name=name: self._touch(name))
            edit.textChanged.connect(self._revalidate)
        for widget_signal in (ui.packageEdit.textChanged, ui.currencyCombo.currentTextChanged,
                              ui.orderedAtEdit.dateTimeChanged, ui.dueAtEdit.dateTimeChanged,
                              ui.revisionsSpin.valueChanged, ui.unlimitedRevisionsCheck.toggled,
                              ui.scopeEdit.textChanged, ui.notesEdit.textChanged):
            widget_signal.connect(self._revalidate)
        ui.unlimitedRevisionsCheck.toggled.connect(
            lambda unlimited: ui.revisionsSpin.setEnabled(not unlimited))
        ui.revisionsSpin.setEnabled(not ui.unlimitedRevisionsCheck.isChecked())
        ui.buttonBox.accepted.connect(self.accept)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(self.accept)

    def _touch(self, name: str) -> None:
        self._touched.add(name)
        self._revalidate()

    # --- reading -----------------------------------------------------------------

    def _currency(self) -> str:
        return self.ui.currencyCombo.currentText()

    def _time(self, name: str, edit: Any) -> datetime:
        """The edited time; the original (with its microseconds) when the seller left it."""
        value = _from_qt(edit.dateTime())
        original = self._original_times.get(name)
        if original is not None and original.replace(
                microsecond=original.microsecond // 1000 * 1000) == value:
            return original
        return value

    def _price_text(self) -> str:
        text = self.ui.priceEdit.text().strip()
        try:
            return Money.parse(text, self._currency()).amount_str()
        except MoneyError:
            return text  # left as typed: the validation names the problem

    def fields(self) -> dict[str, Any]:
        """The order as the interchange dict (import format, without status)."""
        ui = self.ui
        scope = [line.strip() for line in ui.scopeEdit.toPlainText().splitlines()]
        unlimited = ui.unlimitedRevisionsCheck.isChecked()
        new = {} if self._order is not None else {
            "marketplace": self.marketplace(), "delivery_days": ui.deliveryDaysSpin.value()}
        return new | {
            "ref": ui.refEdit.text().strip(),
            "buyer": ui.buyerEdit.text().strip(),
            "gig": ui.gigEdit.text().strip(),
            "package": ui.packageEdit.text().strip(),
            "price": self._price_text(),
            "currency": self._currency(),
            "ordered_at": format_ts(self._time("ordered_at", ui.orderedAtEdit)),
            "due_at": format_ts(self._time("due_at", ui.dueAtEdit)),
            "revisions_included": None if unlimited else ui.revisionsSpin.value(),
            "scope": [item for item in scope if item],
            "notes": ui.notesEdit.toPlainText().strip(),
        }

    # --- validation --------------------------------------------------------------

    def _error_labels(self) -> dict[str, QLabel]:
        ui = self.ui
        return {"ref": ui.refError, "buyer": ui.buyerError, "gig": ui.gigError,
                "price": ui.priceError, "due_at": ui.dueAtError, "form": ui.formError}

    def field_errors(self) -> dict[str, str]:
        """What is wrong now, by field; empty when the order would be accepted."""
        data = self.fields()
        errors: dict[str, str] = {}
        for name, label in (("ref", "an order number"), ("buyer", "the buyer"),
                            ("gig", "the gig")):
            if not data[name]:
                errors[name] = f"Enter {label}."
        if data["ref"] and any(ch.isspace() for ch in data["ref"]):
            errors["ref"] = "The order number has no spaces (e.g. FO5F2A91C3)."
        price_problem = self._price_problem()
        if price_problem:
            errors["price"] = price_problem
        if data["due_at"] < data["ordered_at"]:
            errors["due_at"] = "The due date is before the order date."
        if not errors:
            problem = self._codec_problem(data)
            if problem and problem.field in self._error_labels():
                errors[problem.field] = problem.message[:1].upper() + problem.message[1:] + "."
            elif problem:
                errors["form"] = f"{problem}."
        return errors

    def _price_problem(self) -> str | None:
        text = self.ui.priceEdit.text().strip()
        if not text:
            return "Enter the price, e.g. 120.00."
        try:
            money = Money.parse(text, self._currency())
        except MoneyError as exc:
            return f"{exc}."
        return "The price cannot be negative." if money.minor < 0 else None

    def _codec_problem(self, data: dict[str, Any]) -> FieldError | None:
        """The import codec's verdict on the whole order: one rule book for every entry."""
        if self._order is not None:
            candidate = order_to_dict(self._order) | data
        else:
            candidate = data | {"status": Status.AWAITING_REQUIREMENTS.value}
        try:
            order_from_dict(candidate)
        except FieldError as exc:
            return exc
        return None

    def _revalidate(self) -> None:
        errors = self.field_errors()
        for name, label in self._error_labels().items():
            message = errors.get(name)
            # A required field the seller has not reached yet is not shouted at.
            quiet = name in ("ref", "buyer", "gig", "price") and name not in self._touched \
                and self._order is None
            label.setText(message or "")
            label.setVisible(bool(message) and not quiet)
        self.ui.buttonBox.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not errors)

    def accept(self) -> None:
        if self.field_errors():
            self._touched.update(("ref", "buyer", "gig", "price"))
            self._revalidate()
            return
        super().accept()
