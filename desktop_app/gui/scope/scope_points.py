"""The judged points of a revision request, as a small editable table.

Columns: the buyer's words, the verdict (colour, symbol and word: colour is never
the only cue), the scope item it matched, the seller's effort estimate in hours
and, for new work, the suggested extra price. Verdict and hours are editable.

Signals (PointsModel):
    edited(int, str): the seller changed row's "verdict" or "hours".
    refused(str): an edit was refused; the text says why (e.g. "abc" as hours).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QAction, QColor, QKeySequence, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from desktop_app.domain.errors import LifecycleError
from desktop_app.domain.money import Money
from desktop_app.domain.order import IN_SCOPE, OUT_OF_SCOPE, UNCLEAR, VERDICTS
from desktop_app.domain.scope import RequestPoint
from desktop_app.domain.scope import with_override as override
from desktop_app.gui.shell.theme import is_dark
from desktop_app.services.revisions import parse_hours

POINT, VERDICT, ITEM, HOURS, EXTRA = range(5)
HEADERS = ("Buyer's point", "Verdict", "Matches scope item", "Hours", "Extra price")
VERDICT_ROLE = Qt.ItemDataRole.UserRole + 1
# verdict -> (symbol, word); plain glyphs that every UI font has
VERDICT_WORDS = {IN_SCOPE: ("\u2713", "In scope"), OUT_OF_SCOPE: ("+", "New work"),
                 UNCLEAR: ("?", "Unclear")}
# (background, text) pairs reuse theme.py's contrast-checked status colours
_LIGHT = {IN_SCOPE: ("#D6F5DD", "#0E5A24"), OUT_OF_SCOPE: ("#FFE0CC", "#7A2E00"),
          UNCLEAR: ("#FFF1C2", "#5C4400")}
_DARK = {IN_SCOPE: ("#124A25", "#C8F2D4"), OUT_OF_SCOPE: ("#5C2A06", "#FFD6BD"),
         UNCLEAR: ("#4A3B00", "#FFE08A")}


def verdict_label(verdict: str) -> str:
    symbol, word = VERDICT_WORDS[verdict]
    return f"{symbol} {word}"


def verdict_colors(verdict: str, dark: bool) -> tuple[QColor, QColor]:
    background, text = (_DARK if dark else _LIGHT)[verdict]
    return QColor(background), QColor(text)


def hours_text(hours: Decimal) -> str:
    return format(hours.normalize(), "f")


class PointsModel(QAbstractTableModel):
    edited = Signal(int, str)
    refused = Signal(str)

    def __init__(self, price_for: Callable[[Decimal], Money], parent=None):
        super().__init__(parent)
        self._price_for = price_for
        self.points: list[RequestPoint] = []
        self.hours: list[Decimal] = []
        self.scope: list[str] = []

    def set_points(self, points: list[RequestPoint], hours: list[Decimal],
                   scope: list[str]) -> None:
        self.beginResetModel()
        self.points, self.hours, self.scope = list(points), list(hours), list(scope)
        self.endResetModel()

    def refresh_prices(self) -> None:
        """The hourly rate changed: the Extra column is recomputed."""
        if self.points:
            self.dataChanged.emit(self.index(0, EXTRA), self.index(len(self.points) - 1, EXTRA))

    def price(self, row: int) -> Money | None:
        if self.points[row].verdict != OUT_OF_SCOPE:
            return None
        return self._price_for(self.hours[row])

    def new_work_hours(self) -> dict[int, Decimal]:
        return {i: h for i, h in enumerate(self.hours) if self.points[i].verdict == OUT_OF_SCOPE}

    # -- Qt model ------------------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.points)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def flags(self, index):
        base = super().flags(index)
        return base | Qt.ItemFlag.ItemIsEditable if index.column() in (VERDICT, HOURS) else base

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row, col = index.row(), index.column()
        point = self.points[row]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._display(row, col)
        if role == Qt.ItemDataRole.EditRole:
            return point.verdict if col == VERDICT else self._display(row, col)
        if role == VERDICT_ROLE:
            return point.verdict
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{point.text}\n\nWhy: {point.reason}" if col in (POINT, VERDICT) else None
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (HOURS, EXTRA):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _display(self, row: int, col: int) -> str:
        point = self.points[row]
        if col == POINT:
            return point.text
        if col == VERDICT:
            return verdict_label(point.verdict)
        if col == ITEM:
            matched = point.matched_item
            return self.scope[matched] if matched is not None and matched < len(self.scope) \
                else "\u2014"
        if col == HOURS:
            return hours_text(self.hours[row])
        price = self.price(row)
        return price.display() if price is not None else ""

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        row, col = index.row(), index.column()
        if col == VERDICT:
            return self.set_verdict(row, str(value))
        if col == HOURS:
            return self._set_hours(row, str(value))
        return False

    def set_verdict(self, row: int, verdict: str) -> bool:
        if verdict not in VERDICTS or verdict == self.points[row].verdict:
            return False
        self.points[row] = override(self.points[row], verdict)
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(HEADERS) - 1))
        self.edited.emit(row, "verdict")
        return True

    def _set_hours(self, row: int, text: str) -> bool:
        try:
            hours = parse_hours(text)
        except LifecycleError as exc:
            self.refused.emit(str(exc))
            return False
        if hours == self.hours[row]:
            return False
        self.hours[row] = hours
        self.dataChanged.emit(self.index(row, HOURS), self.index(row, EXTRA))
        self.edited.emit(row, "hours")
        return True


class VerdictDelegate(QStyledItemDelegate):
    """Paints the verdict as a badge; edits it with a combo box that commits on choice."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text, opt.text = opt.text, ""
        style = opt.widget.style() if opt.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        verdict = index.data(VERDICT_ROLE)
        if verdict not in VERDICTS:
            return
        background, foreground = verdict_colors(verdict, is_dark(opt.palette))
        metrics = opt.fontMetrics
        width = min(metrics.horizontalAdvance(text) + 16, opt.rect.width() - 6)
        height = min(metrics.height() + 6, opt.rect.height() - 2)
        badge = QRectF(opt.rect.left() + 3, opt.rect.top() + (opt.rect.height() - height) / 2,
                       width, height)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(foreground)
        painter.setBrush(background)
        painter.drawRoundedRect(badge, height / 2, height / 2)
        painter.drawText(badge, Qt.AlignmentFlag.AlignCenter,
                         metrics.elidedText(text, Qt.TextElideMode.ElideRight, int(width - 12)))
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index) -> QSize:  # noqa: N802
        size = super().sizeHint(option, index)
        return QSize(size.width() + 24, max(size.height(), option.fontMetrics.height() + 10))

    def createEditor(self, parent: QWidget, option, index) -> QWidget:  # noqa: N802
        combo = QComboBox(parent)
        combo.setObjectName("verdictEditor")
        combo.setAccessibleName("Verdict")
        for verdict in VERDICTS:
            combo.addItem(verdict_label(verdict), verdict)
        combo.activated.connect(lambda _i, c=combo: self._commit(c))
        return combo

    def _commit(self, combo: QComboBox) -> None:
        self.commitData.emit(combo)
        self.closeEditor.emit(combo, QStyledItemDelegate.EndEditHint.NoHint)

    def setEditorData(self, editor: QWidget, index) -> None:  # noqa: N802
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(0, editor.findData(index.data(VERDICT_ROLE))))

    def setModelData(self, editor: QWidget, model, index) -> None:  # noqa: N802
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)



class PointsView(QTableView):
    """The table of points; Ctrl+1/2/3 (and the context menu) set the current row's verdict."""

    KEYS = {IN_SCOPE: ("Mark &in scope", "Ctrl+1"), OUT_OF_SCOPE: ("Mark as &new work", "Ctrl+2"),
            UNCLEAR: ("Mark &unclear", "Ctrl+3")}

    def __init__(self, model: PointsModel, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("requestPoints")
        self.setAccessibleName("Points of the request with their verdicts")
        self.setModel(model)
        self.setItemDelegateForColumn(VERDICT, VerdictDelegate(self))
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                             | QAbstractItemView.EditTrigger.EditKeyPressed
                             | QAbstractItemView.EditTrigger.SelectedClicked)
        self.setWordWrap(True)
        self.setTabKeyNavigation(False)
        self.verticalHeader().hide()
        header = self.horizontalHeader()
        header.setSectionResizeMode(POINT, QHeaderView.ResizeMode.Stretch)
        for column, width in ((VERDICT, 118), (ITEM, 170), (HOURS, 56), (EXTRA, 86)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            self.setColumnWidth(column, width)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.verdict_actions = {v: self._action(v) for v in VERDICTS}
        model.modelReset.connect(self.resizeRowsToContents)

    def _action(self, verdict: str) -> QAction:
        text, keys = self.KEYS[verdict]
        action = QAction(text, self, objectName=f"mark_{verdict}")
        action.setShortcut(QKeySequence(keys))
        action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        action.triggered.connect(lambda: self.set_current_verdict(verdict))
        self.addAction(action)
        return action

    def set_current_verdict(self, verdict: str) -> None:
        row = self.currentIndex().row()
        if row >= 0:
            self.model().set_verdict(row, verdict)
