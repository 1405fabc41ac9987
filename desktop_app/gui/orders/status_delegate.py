"""Draws the Status column as a coloured badge that keeps its text."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from desktop_app.gui.orders.order_model import STATUS_ROLE
from desktop_app.gui.shell.theme import badge_colors, is_dark

_PAD_X, _PAD_Y = 8, 3


class StatusBadgeDelegate(QStyledItemDelegate):
    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text = opt.text
        opt.text = ""
        style = opt.widget.style() if opt.widget else None
        if style is not None:  # selection and focus background, without the text
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        background, foreground = badge_colors(index.data(STATUS_ROLE) or "", is_dark(opt.palette))
        metrics = opt.fontMetrics
        width = min(metrics.horizontalAdvance(text) + 2 * _PAD_X + 2, opt.rect.width() - 8)
        height = min(metrics.height() + 2 * _PAD_Y, opt.rect.height() - 2)
        top = opt.rect.top() + (opt.rect.height() - height) / 2
        badge = QRectF(opt.rect.left() + 4, top, width, height)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(background)
        painter.drawRoundedRect(badge, height / 2, height / 2)
        painter.setPen(foreground)
        elided = metrics.elidedText(text, Qt.TextElideMode.ElideRight, int(width - 2 * _PAD_X))
        painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, elided)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(size.width() + 2 * _PAD_X + 8, size.height())
