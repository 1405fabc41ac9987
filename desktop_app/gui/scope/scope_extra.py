"""A small dialog that turns the out-of-scope points into an extra offer.

Prefilled from the pane (price = the summed suggested prices, items = the new
work points); the seller adjusts and confirms. The amount is checked inline so
OK is never pressed on a value the lifecycle would refuse for its format.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.money import Money, MoneyError


class ExtraOfferDialog(QDialog):
    def __init__(self, price: Money, days: int, items: list[str], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("extraOfferDialog")
        self.setAccessibleName("Offer an extra for new work")
        self.setWindowTitle("Offer an extra")
        self.currency = price.currency
        layout = QVBoxLayout(self)
        intro = QLabel("The buyer sees this offer in the order. If they accept it, the price, "
                       "the scope and the due date change.", wordWrap=True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.price = QLineEdit(price.amount_str(), objectName="extraPrice")
        self.price.setAccessibleName(f"Extra price in {self.currency}")
        self.days = QSpinBox(objectName="extraDays", minimum=0, maximum=90, value=days)
        self.days.setAccessibleName("Extra delivery days")
        self.days.setSuffix(" days")
        self.items = QPlainTextEdit("\n".join(items), objectName="extraItems")
        self.items.setAccessibleName("Items of the extra, one per line")
        self.items.setTabChangesFocus(True)
        form.addRow(self._label(f"&Price ({self.currency}):", self.price), self.price)
        form.addRow(self._label("Extra &days:", self.days), self.days)
        form.addRow(self._label("&Items (one a line):", self.items), self.items)
        layout.addLayout(form)
        self.error = QLabel(objectName="extraError", wordWrap=True)
        self.error.setAccessibleName("Problem with the offer")
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Record offer")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.price.textChanged.connect(self._validate)
        self.items.textChanged.connect(self._validate)
        self._validate()
        self.resize(460, 320)

    @staticmethod
    def _label(text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text)
        label.setBuddy(buddy)
        return label

    def amount(self) -> str:
        return self.price.text().strip()

    def item_texts(self) -> list[str]:
        return [line.strip() for line in self.items.toPlainText().splitlines() if line.strip()]

    def problem(self) -> str | None:
        try:
            money = Money.parse(self.amount(), self.currency)
        except MoneyError as exc:
            return f"Price: {exc}"
        if money.minor <= 0:
            return "An extra needs a price above zero"
        if not self.item_texts():
            return "An extra needs at least one item describing the new work"
        return None

    def _validate(self) -> None:
        problem = self.problem()
        self.error.setText(problem or "")
        self.error.setVisible(problem is not None)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(problem is None)
