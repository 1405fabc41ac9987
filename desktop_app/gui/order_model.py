"""The order table: a QAbstractTableModel over an OrderIndex's visible rows.

Only the rows Qt asks for are formatted. Sorting reorders the visible index
array and emits layoutChanged (persistent indexes follow their orders);
filtering, searching and refreshing reset the model, and the window puts the
selection back on the same order id.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from desktop_app.domain.derived import format_relative, late_flags
from desktop_app.domain.money import Money
from desktop_app.domain.order import Status
from desktop_app.gui.order_index import OrderIndex, ViewSpec
from desktop_app.gui.theme import is_dark, late_color
from desktop_app.storage.queries import OrderColumns
from desktop_app.storage.schema import from_db, to_db

HEADERS = ("Ref", "Buyer", "Gig", "Status", "Due", "Price", "Revisions", "Last activity")
REF, BUYER, GIG, STATUS, DUE, PRICE, REVISIONS, ACTIVITY = range(len(HEADERS))
STATUS_ROLE = Qt.ItemDataRole.UserRole + 1  # raw status value, for the badge delegate
ID_ROLE = Qt.ItemDataRole.UserRole + 2
_DR = Qt.ItemDataRole
_BOLD = QFont()
_BOLD.setBold(True)


def local_time(db_text: str) -> str:
    return from_db(db_text).astimezone().strftime("%Y-%m-%d %H:%M") if db_text else ""


class OrderTableModel(QAbstractTableModel):
    def __init__(self, clock: Callable[[], datetime], parent=None):
        super().__init__(parent)
        self._clock = clock
        self.index_data = OrderIndex(OrderColumns(*((),) * 14))
        self.spec = ViewSpec()
        self._rows: list[int] = []

    # -- structure -----------------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section, orientation, role=_DR.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == _DR.DisplayRole:
            return HEADERS[section]
        return None

    def flags(self, index):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | \
            Qt.ItemFlag.ItemNeverHasChildren

    # -- cells -----------------------------------------------------------
    def data(self, index, role=_DR.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        i = self._rows[index.row()]
        column = index.column()
        if role == _DR.DisplayRole:
            return self._text(i, column)
        if role == STATUS_ROLE:
            return self.index_data.cols["status"][i]
        if role == ID_ROLE:
            return self.index_data.cols["id"][i]
        if column == DUE and role in (_DR.ForegroundRole, _DR.FontRole):
            return self._due_style(i, role)
        if role == _DR.TextAlignmentRole and column in (PRICE, REVISIONS):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == _DR.ToolTipRole and column == DUE:
            return "Due " + local_time(self.index_data.cols["due_at"][i])
        return None

    def _text(self, i: int, column: int) -> str:
        c = self.index_data.cols
        if column == STATUS:
            return Status(c["status"][i]).label
        if column == DUE:
            return self._due_text(i)
        if column == PRICE:
            return Money(c["price_minor"][i], c["currency"][i]).display()
        if column == REVISIONS:
            included = c["revisions_included"][i]
            return f"{c['revisions_used'][i]} / {'∞' if included is None else included}"
        if column == ACTIVITY:
            return local_time(c["last_activity_at"][i])
        return c[("ref", "buyer", "gig")[column]][i]

    def _due_text(self, i: int) -> str:
        status = Status(self.index_data.cols["status"][i])
        if status.is_final or status is Status.DELIVERED:
            return ""
        delta = from_db(self.index_data.cols["due_at"][i]) - self._clock()
        word = "in" if delta.total_seconds() >= 0 else "late"
        return f"{word} {format_relative(delta)}"

    def _due_style(self, i: int, role):
        c = self.index_data.cols
        late, very_late = late_flags(Status(c["status"][i]), from_db(c["due_at"][i]),
                                     self._clock())
        if role == _DR.ForegroundRole:
            return late_color(is_dark()) if late else None
        return _BOLD if very_late else None

    # -- the seller's view ---------------------------------------------------
    def now_db(self) -> str:
        return to_db(self._clock())

    def set_index(self, index: OrderIndex) -> None:
        self.index_data = index
        self.refresh()

    def set_view(self, *, filter_key: str | None = None, needle: str | None = None) -> None:
        spec = self.spec
        self.spec = ViewSpec(spec.filter_key if filter_key is None else filter_key,
                             spec.needle if needle is None else needle,
                             spec.sort_column, spec.descending)
        if self.spec != spec:
            self.refresh()

    def refresh(self) -> None:
        """Recompute the visible rows (after a filter, search or data change)."""
        self.beginResetModel()
        self._rows = self.index_data.visible(self.spec, self.now_db())
        self.endResetModel()

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        descending = order == Qt.SortOrder.DescendingOrder
        if (column, descending) == (self.spec.sort_column, self.spec.descending) and self._rows:
            return
        self.spec = ViewSpec(self.spec.filter_key, self.spec.needle, column, descending)
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        ids = [self._rows[p.row()] if 0 <= p.row() < len(self._rows) else None for p in old]
        self._rows = self.index_data.visible(self.spec, self.now_db())
        self.changePersistentIndexList(old, [self._moved(p, i) for p, i in zip(old, ids,
                                                                                 strict=True)])
        self.layoutChanged.emit()

    def _moved(self, old: QPersistentModelIndex, row_index: int | None) -> QModelIndex:
        if row_index is None:
            return QModelIndex()
        return self.index(self._rows.index(row_index), old.column())

    # -- lookups ---------------------------------------------------------
    def order_id(self, row: int) -> str | None:
        if 0 <= row < len(self._rows):
            return self.index_data.cols["id"][self._rows[row]]
        return None

    def row_of(self, order_id: str | None) -> int | None:
        i = self.index_data.position.get(order_id) if order_id else None
        if i is None:
            return None
        try:
            return self._rows.index(i)
        except ValueError:
            return None

    def visible_ids(self) -> list[str]:
        ids = self.index_data.cols["id"]
        return [ids[i] for i in self._rows]
