"""`deliveryHistory`: every delivery of the order, newest first, with its files.

Signals:
    reopen_requested(int): the seller double-clicked a delivery (its number).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTreeWidget, QTreeWidgetItem, QWidget

from desktop_app.domain.delivery_checks import format_size
from desktop_app.domain.order import Order
from desktop_app.domain.timeutil import local_text

NUMBER_ROLE = Qt.ItemDataRole.UserRole
EMPTY_TEXT = "No delivery yet. Each one you record is listed here with its files."


def delivery_line(number: int, at, count: int, size: int) -> str:
    files = "no files" if not count else f"{count} file{'s' * (count != 1)}, {format_size(size)}"
    return f"Delivery #{number} — {local_text(at)} — {files}"


class DeliveryHistory(QTreeWidget):
    reopen_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("deliveryHistory")
        self.setAccessibleName("Earlier deliveries of this order")
        self.setHeaderHidden(True)
        self.setColumnCount(2)
        self.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.header().setStretchLastSection(False)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.itemDoubleClicked.connect(self._double_clicked)

    def show_order(self, order: Order | None) -> None:
        self.clear()
        for d in reversed(order.deliveries if order else []):
            size = sum(f.size for f in d.files)
            top = QTreeWidgetItem([delivery_line(d.number, d.delivered_at, len(d.files), size),
                                   ""])
            top.setData(0, NUMBER_ROLE, d.number)
            top.setToolTip(0, d.message)
            for f in d.files:
                child = QTreeWidgetItem([f.path, format_size(f.size)])
                child.setData(0, NUMBER_ROLE, d.number)
                child.setToolTip(0, f"SHA-256 {f.sha256}")
                top.addChild(child)
            self.addTopLevelItem(top)
        if self.topLevelItemCount():
            self.setCurrentItem(self.topLevelItem(0))

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        super().paintEvent(event)
        if self.topLevelItemCount():
            return
        painter = QPainter(self.viewport())  # an empty box would look broken
        painter.setPen(self.palette().placeholderText().color())
        painter.drawText(self.viewport().rect().adjusted(8, 8, -8, -8),
                         Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap, EMPTY_TEXT)

    def selected_number(self) -> int | None:
        item = self.currentItem()
        return item.data(0, NUMBER_ROLE) if item else None

    @Slot(QTreeWidgetItem, int)
    def _double_clicked(self, item: QTreeWidgetItem, _column: int) -> None:
        if item.parent() is None:  # a file row's double-click only expands
            self.reopen_requested.emit(item.data(0, NUMBER_ROLE))
