"""The package side of the scope pane: what the gig promised, with editable scope items.

Scope edits are saved through OrderBook.edit_order, and only while the order is
active (the lifecycle refuses edits to a completed or cancelled order).

Signals:
    saved(object): the order after its scope was saved.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain import events as ev
from desktop_app.domain.lifecycle import refusal
from desktop_app.domain.order import IN_SCOPE, Order
from desktop_app.gui.scope.scope_points import verdict_colors
from desktop_app.gui.shell.crash import report
from desktop_app.gui.shell.theme import is_dark
from desktop_app.services.orders import OrderBook

_NEW_ITEM = "New scope item"
_EDIT_TRIGGERS = (QAbstractItemView.EditTrigger.DoubleClicked
                  | QAbstractItemView.EditTrigger.EditKeyPressed
                  | QAbstractItemView.EditTrigger.AnyKeyPressed)


def delivery_days(order: Order) -> int:
    seconds = (order.due_at - order.ordered_at).total_seconds()
    return max(0, round(seconds / 86400))


def revisions_text(order: Order) -> str:
    included = "\u221e" if order.revisions_included is None else str(order.revisions_included)
    return f"{order.revisions_used} used of {included}"


class PackagePanel(QWidget):
    saved = Signal(object)

    def __init__(self, book: OrderBook, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("scopePackage")
        self.setAccessibleName("The package the buyer ordered")
        self._book = book
        self.order: Order | None = None
        self._highlighted: int | None = None
        self._build()

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 6, 0)
        self.title = self._fact("packageTitle", "Order and gig")
        font = QFont(self.title.font())
        font.setBold(True)
        self.title.setFont(font)
        layout.addWidget(self.title)
        form = QFormLayout()
        self.package = self._fact("packageName", "Package")
        self.days = self._fact("packageDays", "Delivery days")
        self.revisions = self._fact("packageRevisions", "Revisions")
        form.addRow("Package:", self.package)
        form.addRow("Delivery:", self.days)
        form.addRow("Revisions:", self.revisions)
        layout.addLayout(form)
        label = QLabel("Scope &items (what the package promises):")
        layout.addWidget(label)
        self.items = QListWidget(objectName="scopeItems")
        self.items.setAccessibleName("Scope items")
        self.items.setWordWrap(True)
        self.items.itemChanged.connect(self._update_buttons)
        label.setBuddy(self.items)
        layout.addWidget(self.items, 1)
        layout.addLayout(self._buttons())
        self.hint = QLabel(objectName="scopeEditHint", wordWrap=True)
        self.hint.setAccessibleName("Why the scope cannot be edited")
        layout.addWidget(self.hint)

    def _fact(self, name: str, accessible: str) -> QLabel:
        label = QLabel(objectName=name, wordWrap=True)
        label.setAccessibleName(accessible)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    def _buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.add_button = QPushButton("&Add item", objectName="addScopeItem")
        self.add_button.setAccessibleName("Add a scope item")
        self.add_button.clicked.connect(self.add_item)
        self.remove_button = QPushButton("Remove i&tem", objectName="removeScopeItem")
        self.remove_button.setAccessibleName("Remove the selected scope item")
        self.remove_button.clicked.connect(self.remove_item)
        self.save_button = QPushButton("&Save scope", objectName="saveScope")
        self.save_button.setAccessibleName("Save the scope items")
        self.save_button.clicked.connect(self.save)
        for button in (self.add_button, self.remove_button, self.save_button):
            row.addWidget(button)
        row.addStretch(1)
        return row

    # -- state -------------------------------------------------------------
    def set_order(self, order: Order | None) -> None:
        self.order = order
        self._highlighted = None
        self.title.setText(f"{order.ref} \u00b7 {order.buyer}\n{order.gig}" if order else "")
        self.package.setText(order.package or "\u2014" if order else "")
        self.days.setText(self._days_text(order) if order else "")
        self.revisions.setText(revisions_text(order) if order else "")
        self.items.blockSignals(True)
        self.items.clear()
        for text in order.scope if order else []:
            self.items.addItem(self._item(text))
        self.items.blockSignals(False)
        self._update_buttons()

    @staticmethod
    def _days_text(order: Order) -> str:
        days = delivery_days(order)
        return f"{days} day" + ("" if days == 1 else "s")

    def _item(self, text: str) -> QListWidgetItem:
        item = QListWidgetItem(text)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
        return item

    def scope_texts(self) -> list[str]:
        texts = (self.items.item(i).text().strip() for i in range(self.items.count()))
        return [t for t in texts if t]

    def editable_reason(self) -> str | None:
        if self.order is None:
            return "No order selected"
        return refusal(self.order, ev.ORDER_EDITED)

    def _update_buttons(self, *_args) -> None:
        reason = self.editable_reason()
        editable = reason is None
        changed = self.order is not None and self.scope_texts() != self.order.scope
        self.add_button.setEnabled(editable)
        self.remove_button.setEnabled(editable and self.items.count() > 0)
        self.save_button.setEnabled(editable and changed)
        self.items.setEditTriggers(_EDIT_TRIGGERS if editable
                                   else QAbstractItemView.EditTrigger.NoEditTriggers)
        self.hint.setText("" if editable or self.order is None else reason)
        self.hint.setVisible(bool(self.hint.text()))

    # -- actions -----------------------------------------------------------
    def add_item(self) -> None:
        item = self._item(_NEW_ITEM)
        self.items.addItem(item)
        self.items.setCurrentItem(item)
        self.items.editItem(item)
        self._update_buttons()

    def remove_item(self) -> None:
        row = self.items.currentRow()
        if row >= 0:
            self.items.takeItem(row)
            self._update_buttons()

    def save(self) -> None:
        if self.order is None:
            return
        try:
            order = self._book.edit_order(self.order.ref, {"scope": self.scope_texts()})
        except (LookupError, ValueError) as exc:
            report(self, exc)
            return
        self.set_order(order)
        self.saved.emit(order)

    def highlight(self, index: int | None) -> None:
        """Mark the scope item a selected point matched (bold, tinted, scrolled to)."""
        if self._highlighted is not None and self._highlighted < self.items.count():
            self._style(self.items.item(self._highlighted), False)
        self._highlighted = index if index is not None and index < self.items.count() else None
        if self._highlighted is not None:
            item = self.items.item(self._highlighted)
            self._style(item, True)
            self.items.scrollToItem(item)

    def _style(self, item: QListWidgetItem, on: bool) -> None:
        self.items.blockSignals(True)
        font = QFont(item.font())
        font.setBold(on)
        item.setFont(font)
        background, foreground = verdict_colors(IN_SCOPE, is_dark(self.palette()))
        item.setBackground(QBrush(background) if on else QBrush())
        item.setForeground(QBrush(foreground) if on else QBrush())
        item.setToolTip("The selected point matches this item" if on else "")
        self.items.blockSignals(False)
