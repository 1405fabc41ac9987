"""The order table: a QAbstractTableModel over an OrderIndex's visible rows.

Only the rows Qt asks for are formatted. The visible rows are kept in ascending
order of the sort column and read backwards for a descending sort, so reversing
a sort moves nothing. Sorting emits layoutChanged (persistent indexes follow
their orders, one lookup per order rather than per cell);
filtering, searching and refreshing reset the model, and the window puts the
selection back on the same order id.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from desktop_app.domain.derived import WAITING_SHORT, WAITING_WORDS, due_words, late_flags
from desktop_app.domain.money import Money
from desktop_app.domain.order import Status
from desktop_app.domain.profile import PROFILES, profile_for
from desktop_app.gui.shell.theme import is_dark, late_color
from desktop_app.services.order_list.columns import (
    ACTIVITY,
    BUYER,
    COLUMNS,
    DUE,
    GIG,
    MARKETPLACE,
    PRICE,
    REF,
    REVISIONS,
    STATUS,
)
from desktop_app.services.order_list.index import (
    OrderIndex,
    ViewSpec,
    now_text,
    stamp_datetime,
)
from desktop_app.services.order_list.query import OrderColumns

STATUS_ROLE = Qt.ItemDataRole.UserRole + 1  # raw status value, for the badge delegate
ID_ROLE = Qt.ItemDataRole.UserRole + 2
_DR = Qt.ItemDataRole
_BOLD = QFont()
_BOLD.setBold(True)


def local_time(micros: int) -> str:
    at = stamp_datetime(micros)
    return at.astimezone().strftime("%Y-%m-%d %H:%M") if at else ""


class OrderTableModel(QAbstractTableModel):
    def __init__(self, clock: Callable[[], datetime], parent=None):
        super().__init__(parent)
        self._clock = clock
        self.index_data = OrderIndex(OrderColumns.empty())
        self.spec = ViewSpec()
        self._rows: Sequence[int] = ()  # ascending; read backwards when descending

    # -- structure -----------------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=_DR.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == _DR.DisplayRole:
            return COLUMNS[section].header
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
        i = self._row_index(index.row())
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
            if self._due_text(i) == WAITING_SHORT:
                return f"The delivery clock {WAITING_WORDS}"
            return "Due " + local_time(self.index_data.cols["due_at"][i])
        return None

    def _text(self, i: int, column: int) -> str | None:
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
        if column == MARKETPLACE:
            key = c["marketplace"][i]
            return PROFILES[key].name if key in PROFILES else key
        if column in (REF, BUYER, GIG):  # texts shown as stored
            return c[COLUMNS[column].sort_key][i]
        return None

    def _due_text(self, i: int) -> str:
        c = self.index_data.cols
        profile = profile_for(c["marketplace"][i])
        return due_words(Status(c["status"][i]), stamp_datetime(c["due_at"][i]), self._clock(),
                         profile.clock_starts, short=True)

    def _due_style(self, i: int, role):
        c = self.index_data.cols
        late, very_late = late_flags(Status(c["status"][i]), stamp_datetime(c["due_at"][i]),
                                     self._clock(), profile_for(c["marketplace"][i]))
        if role == _DR.ForegroundRole:
            return late_color(is_dark()) if late else None
        return _BOLD if very_late else None

    # -- the seller's view ---------------------------------------------------
    def now_db(self) -> str:
        return now_text(self._clock())

    def set_index(self, index: OrderIndex) -> None:
        self.index_data = index
        self.refresh()

    def set_view(self, *, filter_key: str | None = None, needle: str | None = None,
                 marketplace: str | None = None) -> None:
        """Change what is shown; None keeps that part of the view as it is."""
        spec = self.spec
        self.spec = replace(spec, filter_key=spec.filter_key if filter_key is None else filter_key,
                            needle=spec.needle if needle is None else needle,
                            marketplace=spec.marketplace if marketplace is None else marketplace)
        if self.spec != spec:
            self.refresh()

    def refresh(self) -> None:
        """Recompute the visible rows (after a filter, search or data change)."""
        self.beginResetModel()
        self._rows = self.index_data.ascending_rows(self.spec, self.now_db())
        self.endResetModel()

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        descending = order == Qt.SortOrder.DescendingOrder
        if (column, descending) == (self.spec.sort_column, self.spec.descending) and self._rows:
            return
        same_rows = column == self.spec.sort_column  # only the direction changes
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        moved = {p.row() for p in old} if same_rows else \
            {p.row(): self._row_index(p.row()) for p in old}
        self.spec = replace(self.spec, sort_column=column, descending=descending)
        if same_rows:  # the same rows read backwards: nothing to recompute
            last = len(self._rows) - 1
            new_rows = {row: last - row if 0 <= row <= last else -1 for row in moved}
        else:
            self._rows = self.index_data.ascending_rows(self.spec, self.now_db())
            new_rows = self._rows_of(moved)
        self.changePersistentIndexList(old, [self._moved(p, new_rows[p.row()]) for p in old])
        self.layoutChanged.emit()

    def _rows_of(self, old_rows: dict[int, int | None]) -> dict[int, int]:
        """New display row for each old one: one search per distinct order, not per cell."""
        found = {i: self._display_row(i) for i in set(old_rows.values()) if i is not None}
        return {row: found.get(i, -1) if i is not None else -1 for row, i in old_rows.items()}

    def _moved(self, old: QPersistentModelIndex, row: int) -> QModelIndex:
        return QModelIndex() if row < 0 else self.index(row, old.column())

    # -- lookups ---------------------------------------------------------
    def _row_index(self, row: int) -> int | None:
        """The OrderIndex row shown at display `row`."""
        n = len(self._rows)
        if not 0 <= row < n:
            return None
        return self._rows[n - 1 - row] if self.spec.descending else self._rows[row]

    def _display_row(self, i: int) -> int:
        """The display row of OrderIndex row `i`, or -1 when it is not shown."""
        try:
            position = self._rows.index(i)
        except ValueError:
            return -1
        return len(self._rows) - 1 - position if self.spec.descending else position

    def order_id(self, row: int) -> str | None:
        i = self._row_index(row)
        return None if i is None else self.index_data.cols["id"][i]

    def row_of(self, order_id: str | None) -> int | None:
        i = self.index_data.find(order_id)
        if i is None:
            return None
        row = self._display_row(i)
        return None if row < 0 else row

    def visible_ids(self) -> list[str]:
        ids = self.index_data.cols["id"]
        return [ids[self._row_index(row)] for row in range(len(self._rows))]
