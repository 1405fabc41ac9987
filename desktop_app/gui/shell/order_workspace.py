"""The selected order's workspace: overview, revision request, delivery — one tab each.

The overview holds the open-request strip above the order's facts and actions;
the Revision tab judges the buyer's message against the scope; the Delivery tab
stages files and redelivers. Actions in the overview that need more than a
click (a delivery, a revision request) open their tab instead of a bare prompt.

Signals:
    order_changed(str): something in a tab changed this order id.
"""

from __future__ import annotations

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from desktop_app.domain import events as ev
from desktop_app.gui.delivery.delivery_pane import DeliveryPane
from desktop_app.gui.orders.detail_panel import OrderDetail
from desktop_app.gui.resolution.request_banner import RequestBanner
from desktop_app.gui.scope.scope_pane import ScopePane
from desktop_app.gui.shell.tasks import Tasks
from desktop_app.services.orders import OrderBook
from desktop_app.services.settings import Settings


class OrderWorkspace(QTabWidget):
    order_changed = Signal(str)

    def __init__(self, book: OrderBook, parent: QWidget | None = None, *,
                 tasks: Tasks | None = None):
        super().__init__(parent)
        self.setObjectName("orderWorkspace")
        self.setAccessibleName("Selected order")
        self.book = book
        tasks = tasks or Tasks(self)
        self.detail = OrderDetail(book, self, tasks=tasks)
        self.banner = RequestBanner(book, self, tasks=tasks)
        overview = QWidget(self)
        column = QVBoxLayout(overview)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.banner)
        column.addWidget(self.detail, 1)
        self.scope = ScopePane(book, Settings(book.db), self, tasks=tasks)
        self.delivery = DeliveryPane(book, self, tasks=tasks)
        self.addTab(overview, "O&verview")
        self.addTab(self.scope, "Re&vision request")
        self.addTab(self.delivery, "Deli&very")
        self.detail.pane_for = {ev.DELIVERED: self.open_delivery,
                                ev.REVISION_REQUESTED: self.open_revision}
        self.detail.order_changed.connect(self._refresh_panes)
        self.banner.answered.connect(self._answered)
        self.scope.recorded.connect(self._pane_changed)
        self.delivery.delivered.connect(self._pane_changed)

    def show_order(self, order_id: str | None) -> None:
        self.detail.show_order(order_id)
        self._show_in_panes()

    def _show_in_panes(self) -> None:
        order = self.detail.order
        self.banner.show_order(order.ref if order else None)
        self.scope.set_order(order)
        self.delivery.set_order(order)

    @Slot()
    def open_delivery(self) -> None:
        self.setCurrentWidget(self.delivery)
        self.delivery.ui.message.setFocus()

    @Slot()
    def open_revision(self) -> None:
        self.setCurrentWidget(self.scope)
        self.scope.findChild(QWidget, "revisionRequestEdit").setFocus()

    @Slot(str)
    def _refresh_panes(self, order_id: str) -> None:
        self._show_in_panes()
        self.order_changed.emit(order_id)

    @Slot(str, str)
    def _answered(self, _ref: str, _status: str) -> None:
        self._pane_changed(_ref)

    @Slot(str)
    def _pane_changed(self, _ref: str) -> None:
        order = self.detail.order
        if order is not None:
            self.detail.show_order(order.id)
            self._show_in_panes()
            self.order_changed.emit(order.id)

    def shutdown(self) -> None:
        """Drop files staged for deliveries that were never sent."""
        self.delivery.shutdown()
